#include "sqlitefunctions.h"

#include "domain/comparison.h"
#include "domain/textfolding.h"

#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace accord {

namespace {
bool isAscii(const unsigned char* s, int n)
{
    for (int i = 0; i < n; ++i)
        if (s[i] & 0x80)
            return false;
    return true;
}

// Decodes just enough UTF-8 to see whether NFC could change the text.
bool isTriviallyNfcUtf8(const unsigned char* s, int n)
{
    for (int i = 0; i < n;) {
        const unsigned char b = s[i];
        char32_t c;
        int len;
        if (b < 0x80) {
            c = b;
            len = 1;
        } else if ((b & 0xE0) == 0xC0) {
            c = b & 0x1F;
            len = 2;
        } else if ((b & 0xF0) == 0xE0) {
            c = b & 0x0F;
            len = 3;
        } else {
            return false;
        }
        if (i + len > n)
            return false;
        for (int k = 1; k < len; ++k)
            c = (c << 6) | (s[i + k] & 0x3F);
        if (!isTriviallyNfc(c))
            return false;
        i += len;
    }
    return true;
}

enum class Fold { Nfc, Case, Email };

template <Fold kind>
void foldFunction(sqlite3_context* ctx, int, sqlite3_value** argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const auto* text = sqlite3_value_text(argv[0]);
    const int n = sqlite3_value_bytes(argv[0]);
    // ASCII is already NFC and folds byte by byte: the common case stays cheap for bulk builds.
    if (isAscii(text, n)) {
        if constexpr (kind == Fold::Nfc) {
            sqlite3_result_value(ctx, argv[0]);
            return;
        }
        int begin = 0, end = n;
        if constexpr (kind == Fold::Email) {
            while (begin < end &&
                   (text[begin] == ' ' || (text[begin] >= '\t' && text[begin] <= '\r')))
                ++begin;
            while (end > begin &&
                   (text[end - 1] == ' ' || (text[end - 1] >= '\t' && text[end - 1] <= '\r')))
                --end;
        }
        bool unchanged = begin == 0 && end == n;
        for (int i = begin; unchanged && i < end; ++i)
            unchanged = !(text[i] >= 'A' && text[i] <= 'Z');
        if (unchanged) { // already folded: no copy at all
            sqlite3_result_value(ctx, argv[0]);
            return;
        }
        std::string out(reinterpret_cast<const char*>(text) + begin, std::size_t(end - begin));
        for (char& c : out)
            if (c >= 'A' && c <= 'Z')
                c = char(c - 'A' + 'a');
        sqlite3_result_text(ctx, out.data(), int(out.size()), SQLITE_TRANSIENT);
        return;
    }
    if constexpr (kind == Fold::Nfc) {
        if (isTriviallyNfcUtf8(text, n)) {
            sqlite3_result_value(ctx, argv[0]);
            return;
        }
    }
    const QString s = QString::fromUtf8(reinterpret_cast<const char*>(text), n);
    QString folded;
    if constexpr (kind == Fold::Nfc)
        folded = nfc(s);
    else if constexpr (kind == Fold::Case)
        folded = foldCase(s);
    else
        folded = foldEmail(s);
    const QByteArray utf8 = folded.toUtf8();
    sqlite3_result_text(ctx, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
}
// accord_compare(user value, client value): the comparison kind as stored in
// accord_link_differences (0 equal, 1 case_or_space, 2 empty_side, 3 differs), by the domain's
// own rules. Identical bytes (most owner links) never leave SQLite's buffers.
void compareFunction(sqlite3_context* ctx, int, sqlite3_value** argv)
{
    auto textOf = [](sqlite3_value* v) {
        const auto* t = reinterpret_cast<const char*>(sqlite3_value_text(v));
        return std::string_view(t ? t : "", std::size_t(sqlite3_value_bytes(v)));
    };
    const auto kind = compareUtf8(textOf(argv[0]), textOf(argv[1]));
    sqlite3_result_int(ctx, kind ? differenceCode(*kind) : 0);
}
} // namespace

void configureSqliteLibrary()
{
    sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

sqlite3* sqliteHandle(const QSqlDatabase& db)
{
    const QVariant v = db.driver() ? db.driver()->handle() : QVariant();
    if (!v.isValid() || qstrcmp(v.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3* const*>(v.data());
}

bool registerSqliteFunctions(const QSqlDatabase& db)
{
    sqlite3* h = sqliteHandle(db);
    return h && registerSqliteFunctions(h);
}

bool registerSqliteFunctions(sqlite3* h)
{
    const int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS;
    return sqlite3_create_function_v2(h, "accord_nfc", 1, flags, nullptr, foldFunction<Fold::Nfc>,
                                      nullptr, nullptr, nullptr) == SQLITE_OK &&
           sqlite3_create_function_v2(h, "accord_fold", 1, flags, nullptr, foldFunction<Fold::Case>,
                                      nullptr, nullptr, nullptr) == SQLITE_OK &&
           sqlite3_create_function_v2(h, "accord_fold_email", 1, flags, nullptr,
                                      foldFunction<Fold::Email>, nullptr, nullptr,
                                      nullptr) == SQLITE_OK &&
           sqlite3_create_function_v2(h, "accord_compare", 2, flags, nullptr, compareFunction,
                                      nullptr, nullptr, nullptr) == SQLITE_OK;
}

} // namespace accord
