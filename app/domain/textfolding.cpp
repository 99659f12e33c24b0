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

QString foldLoose(const QString& s)
{
    return foldCase(s.simplified());
}

} // namespace accord
