// libFuzzer target: the search-text handling (SearchTerm::parse and textfolding.h) on any bytes
// read as UTF-8. Besides "no crash" it checks what those headers promise, and abort()s with the
// code points involved when a promise breaks.
#include "domain/comparison.h"
#include "domain/searchterm.h"
#include "domain/textfolding.h"

#include <QList>
#include <QString>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

using namespace accord;

namespace {

std::string codePoints(const QString& s)
{
    std::string out;
    int n = 0;
    for (char32_t c : s.toUcs4()) {
        if (n++ == 48) {
            out += " ...";
            break;
        }
        char buf[16];
        std::snprintf(buf, sizeof buf, "%sU+%04X", out.empty() ? "" : " ", unsigned(c));
        out += buf;
    }
    return out.empty() ? std::string("(empty)") : out;
}

[[noreturn]] void broken(const char* promise, const QString& input, const QString& got,
                         const QString& expected)
{
    std::fprintf(stderr, "\nBROKEN: %s\n  input:    %s\n  got:      %s\n  expected: %s\n", promise,
                 codePoints(input).c_str(), codePoints(got).c_str(), codePoints(expected).c_str());
    std::abort();
}

void expectEqual(const char* promise, const QString& input, const QString& got,
                 const QString& expected)
{
    if (got != expected)
        broken(promise, input, got, expected);
}

void expect(bool holds, const char* promise, const QString& input)
{
    if (!holds)
        broken(promise, input, QString(), QString());
}

// nfc() is the NFC form; isTriviallyNfc() only lets it skip Qt's normalizer.
void checkNfc(const QString& s)
{
    const QString normalized = s.normalized(QString::NormalizationForm_C);
    expectEqual("nfc(s) is s in NFC", s, nfc(s), normalized);
    if (isTriviallyNfc(s))
        expectEqual("a trivially-NFC text is its own NFC", s, normalized, s);
    // Trivially-NFC code points never combine with each other, whatever was between them.
    QString trivial;
    for (char32_t c : s.toUcs4())
        if (isTriviallyNfc(c))
            trivial += QString::fromUcs4(&c, 1);
    expectEqual("trivially-NFC code points stay as they are side by side", trivial,
                trivial.normalized(QString::NormalizationForm_C), trivial);
    expectEqual("nfc is idempotent", s, nfc(normalized), normalized);
    expectEqual("NFD and NFC forms have one NFC", s,
                nfc(s.normalized(QString::NormalizationForm_D)), normalized);
}

void checkFolds(const QString& s)
{
    const QString folded = foldCase(s);
    expectEqual("foldCase is in NFC", s, nfc(folded), folded);
    // A key is its own key: a folded search prefix is compared with folded column values.
    expectEqual("foldCase is idempotent", s, foldCase(folded), folded);
    expectEqual("foldCase ignores NFD vs NFC", s,
                foldCase(s.normalized(QString::NormalizationForm_D)), folded);

    const QString email = foldEmail(s);
    expectEqual("foldEmail is idempotent", s, foldEmail(email), email);
    expectEqual("foldEmail is trimmed", s, email.trimmed(), email);
    expectEqual("foldEmail ignores outer whitespace", s,
                foldEmail(QStringLiteral(" \t") + s + QStringLiteral("\n ")), email);

    const QString loose = foldLoose(s);
    expectEqual("foldLoose is idempotent", s, foldLoose(loose), loose);
    expectEqual("foldLoose is trimmed, inner whitespace one space", s, loose.simplified(), loose);
    expectEqual("foldLoose ignores NFD vs NFC", s,
                foldLoose(s.normalized(QString::NormalizationForm_D)), loose);
}

// foldUtf8 is foldCase/foldEmail for UTF-8 (its ASCII fast path must agree byte for byte).
void checkFoldUtf8(std::string_view bytes, const QString& s)
{
    const std::string caseKey = foldUtf8(bytes);
    const std::string emailKey = foldUtf8(bytes, true);
    const QString caseExpected = foldCase(s);
    const QString emailExpected = foldEmail(s);
    if (caseKey != caseExpected.toStdString())
        broken("foldUtf8(x) == foldCase(x)", s,
               QString::fromUtf8(caseKey.data(), qsizetype(caseKey.size())), caseExpected);
    if (emailKey != emailExpected.toStdString())
        broken("foldUtf8(x, true) == foldEmail(x)", s,
               QString::fromUtf8(emailKey.data(), qsizetype(emailKey.size())), emailExpected);
}

QString kindName(std::optional<FieldDifference::Kind> kind)
{
    return kind ? FieldDifference::kindName(*kind) : QStringLiteral("equal");
}

// compareUtf8 is compareValues for UTF-8 (SQLite's accord_compare and bulk builds use it): its
// ASCII path re-implements foldLoose and must agree.
void checkComparison(std::string_view bytes)
{
    const auto bar = bytes.find('|');
    const std::size_t cut = bar == std::string_view::npos ? bytes.size() / 2 : bar;
    const std::string_view a = bytes.substr(0, cut);
    const std::string_view b = bytes.substr(std::min(bytes.size(), cut + 1));
    const QString qa = QString::fromUtf8(a.data(), qsizetype(a.size()));
    const QString qb = QString::fromUtf8(b.data(), qsizetype(b.size()));
    const auto viaUtf8 = compareUtf8(a, b);
    const auto viaQString = compareValues(qa, qb);
    if (viaUtf8 != viaQString)
        broken("compareUtf8(a, b) == compareValues(a, b) (input: a|b)", qa + QLatin1Char('|') + qb,
               kindName(viaUtf8), kindName(viaQString));
    expect(!compareValues(qa, qa.normalized(QString::NormalizationForm_D)),
           "a value equals its NFD form", qa);
}

// SearchTerm's rules (searchterm.h): empty is All, `#123` an id, 1-2 code points a folded
// prefix, 3+ an NFC substring; '%' and '_' are ordinary characters.
void checkSearchTerm(const QString& input)
{
    const SearchTerm t = SearchTerm::parse(input);
    const QString s = nfc(input.trimmed());
    switch (t.kind) {
    case SearchTerm::Kind::All:
        expect(s.isEmpty() && t.text.isEmpty() && t.id == 0, "All only for blank input", input);
        break;
    case SearchTerm::Kind::Id:
        expect(s.startsWith(QLatin1Char('#')) && t.id > 0 && t.text.isEmpty(),
               "Id only for #N with N > 0", input);
        break;
    case SearchTerm::Kind::Prefix:
        expect(!s.isEmpty() && s.toUcs4().size() < 3, "Prefix only for 1-2 code points", input);
        expectEqual("a Prefix is folded", input, t.text, foldCase(s));
        expectEqual("a Prefix is its own fold", input, foldCase(t.text), t.text);
        break;
    case SearchTerm::Kind::Substring:
        expect(s.toUcs4().size() >= 3, "Substring only for 3+ code points", input);
        expectEqual("a Substring is the trimmed input in NFC", input, t.text, s);
        break;
    }
    if (SearchTerm::parse(input.normalized(QString::NormalizationForm_D)) != t)
        broken("a search means the same in NFD", input, QString(), QString());
    if (SearchTerm::parse(QStringLiteral("  ") + input + QStringLiteral("\t")) != t)
        broken("a search ignores outer whitespace", input, QString(), QString());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const QString s = QString::fromUtf8(bytes.data(), qsizetype(bytes.size()));
    checkNfc(s);
    checkFolds(s);
    checkFoldUtf8(bytes, s);
    checkComparison(bytes);
    checkSearchTerm(s);
    return 0;
}
