#include "textfolding.h"

namespace accord {

bool isTriviallyNfc(char32_t c)
{
    // Blocks whose every code point is its own NFC and never combines with a neighbour:
    // Latin and its precomposed letters, Cyrillic, Greek letters (not U+0374/037E/0387),
    // CJK, kana (not the voicing marks) and Hangul syllables. Anything else takes Qt's path.
    return c < 0x300 || (c >= 0x0388 && c <= 0x03FF) || (c >= 0x0400 && c <= 0x0482) ||
           (c >= 0x048A && c <= 0x052F) || (c >= 0x3040 && c <= 0x3098) ||
           (c >= 0x309B && c <= 0x30FF) || (c >= 0x4E00 && c <= 0x9FFF) ||
           (c >= 0xAC00 && c <= 0xD7A3);
}

bool isTriviallyNfc(const QString& s)
{
    for (QChar c : s)
        if (c.isSurrogate() || !isTriviallyNfc(char32_t(c.unicode())))
            return false;
    return true;
}

QString nfc(const QString& s)
{
    return isTriviallyNfc(s) ? s : s.normalized(QString::NormalizationForm_C);
}

QString foldCase(const QString& s)
{
    // Fold, then recompose: folding may yield a letter that composes with its neighbour.
    return nfc(nfc(s).toCaseFolded());
}

QString foldEmail(const QString& email)
{
    return foldCase(email.trimmed());
}

std::string foldUtf8(std::string_view utf8, bool email)
{
    bool ascii = true;
    for (char c : utf8)
        ascii = ascii && !(static_cast<unsigned char>(c) & 0x80);
    if (!ascii) {
        const QString s = QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
        return (email ? foldEmail(s) : foldCase(s)).toStdString();
    }
    if (email) {
        auto space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
        while (!utf8.empty() && space(utf8.front()))
            utf8.remove_prefix(1);
        while (!utf8.empty() && space(utf8.back()))
            utf8.remove_suffix(1);
    }
    std::string out(utf8);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
    return out;
}

QString foldLoose(const QString& s)
{
    return foldCase(s.simplified());
}

} // namespace accord
