#include "sqlitesearchindex.h"

#include "domain/textfolding.h"
#include "sql.h"
#include "sqlitefunctions.h"
#include "sqlitestatement.h"

#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <string_view>
#include <vector>

namespace accord {

namespace {

// Rows a walk in id order may examine before the folded-prefix indexes are asked instead:
// a prefix matching more than one row in fifty fills a page within it; a rarer one has few
// enough matches to collect from the indexes (measured on 1M users).
constexpr int walkBudget = 5000;

// Which columns a list's search box looks at (DESIGN's search rules) and their indexes.
struct SearchColumns {
    QString table;
    QString alias;             // the table's alias in the list's SQL
    QString ftsTable;          // trigram index for 3+ characters
    QStringList prefixColumns; // folded-prefix indexes (accord_fold) for 1-2 characters
    QString emailColumn;       // folded by accord_fold_email (users) or accord_fold (clients)
    bool emailFoldedAsLogin = true;
    QString counter; // accord_counters' row of the whole table's count
};

const SearchColumns& columnsOf(Listed listed)
{
    static const SearchColumns users{QStringLiteral("tblusers"),
                                     QStringLiteral("u"),
                                     QStringLiteral("accord_users_fts"),
                                     {QStringLiteral("first_name"), QStringLiteral("last_name")},
                                     QStringLiteral("email"),
                                     true,
                                     QStringLiteral("users")};
    static const SearchColumns clients{QStringLiteral("tblclients"),
                                       QStringLiteral("c"),
                                       QStringLiteral("accord_clients_fts"),
                                       {QStringLiteral("firstname"), QStringLiteral("lastname")},
                                       QStringLiteral("email"),
                                       false,
                                       QStringLiteral("clients")};
    return listed == Listed::Users ? users : clients;
}

QStringList foldedPrefixExpressions(const SearchColumns& c)
{
    const QString a = c.alias + QLatin1Char('.');
    QStringList folded;
    for (const QString& column : c.prefixColumns)
        folded << QStringLiteral("accord_fold(%1%2)").arg(a, column);
    folded << (c.emailFoldedAsLogin ? QStringLiteral("accord_fold_email(%1%2)")
                                    : QStringLiteral("accord_fold(%1%2)"))
                  .arg(a, c.emailColumn);
    return folded;
}

// The WHERE condition of a search, with its parameters appended to `params`.
QString searchCondition(const SearchColumns& c, const SearchTerm& term, QVariantList& params)
{
    const QString a = c.alias + QLatin1Char('.');
    switch (term.kind) {
    case SearchTerm::Kind::All:
        return QStringLiteral("1 = 1");
    case SearchTerm::Kind::Id:
        params << term.id;
        return a + QStringLiteral("id = ?");
    case SearchTerm::Kind::Prefix: {
        const QString upper = term.text + QString::fromUcs4(U"\U0010FFFF");
        QStringList parts;
        for (const QString& expr : foldedPrefixExpressions(c)) {
            parts << QStringLiteral("(%1 >= ? AND %1 < ?)").arg(expr);
            params << term.text << upper;
        }
        return QLatin1Char('(') + parts.join(QLatin1String(" OR ")) + QLatin1Char(')');
    }
    case SearchTerm::Kind::Substring:
        params << ftsPhrase(term.text);
        return QStringLiteral("%1id IN (SELECT rowid FROM %2 WHERE %2 MATCH ?)").arg(a, c.ftsTable);
    }
    return QStringLiteral("1 = 1");
}

struct Prefix {
    QString text; // folded
    QByteArray utf8;
    qsizetype codePoints = 0;
};

bool isAsciiSpace(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

// Whether accord_fold(s) (or accord_fold_email(s) when `trim`) starts with the prefix: the
// same answer as the folded-prefix index ranges, without folding the whole text.
bool startsWithFolded(std::string_view s, const Prefix& p, bool trim)
{
    if (trim)
        while (!s.empty() && isAsciiSpace(s.front()))
            s.remove_prefix(1);
    const auto n = std::size_t(p.utf8.size());
    std::size_t i = 0;
    for (; i < n && i < s.size(); ++i)
        if (static_cast<unsigned char>(s[i]) & 0x80)
            break;
    // ASCII folds byte by byte, unless a combining mark follows and composes with it.
    if (i == n && (s.size() == n || !(static_cast<unsigned char>(s[n]) & 0x80))) {
        for (std::size_t k = 0; k < n; ++k) {
            char ch = s[k];
            if (ch >= 'A' && ch <= 'Z')
                ch = char(ch - 'A' + 'a');
            if (ch != p.utf8[qsizetype(k)])
                return false;
        }
        return true;
    }
    if (i == s.size())
        return false; // all ASCII and shorter than the prefix
    // Fold only the start of the text, with room for composition at the cut.
    const std::size_t cut = std::min(s.size(), std::size_t(p.codePoints + 8) * 4);
    QString head = QString::fromUtf8(s.data(), qsizetype(cut));
    if (trim)
        head = head.trimmed();
    return foldCase(head).startsWith(p.text);
}

// The ids (ascending) whose folded first name, last name or email start with the prefix,
// read from the three folded-prefix indexes.
Result<std::vector<qint64>> prefixIds(const QSqlDatabase& db, const QString& table,
                                      const SearchColumns& c, const QString& prefix)
{
    const QString upper = prefix + QString::fromUcs4(U"\U0010FFFF");
    std::vector<qint64> ids;
    for (const QString& expr : foldedPrefixExpressions(c)) {
        SqliteStatement st(db,
                           QStringLiteral("SELECT %1.id FROM %2 %1 WHERE %3 >= ? AND %3 < ?")
                               .arg(c.alias, table, expr),
                           {prefix, upper});
        while (st.next())
            ids.push_back(st.int64(0));
        if (!st.ok())
            return Error::make(Error::Kind::Storage, st.error());
    }
    if (ids.empty())
        return ids;
    // A bitmap unites the three ranges in one pass (ids are dense in practice).
    const qint64 maxId = *std::max_element(ids.begin(), ids.end());
    const qint64 minId = *std::min_element(ids.begin(), ids.end());
    if (minId < 0 || maxId > qint64(ids.size()) * 256) {
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        return ids;
    }
    std::vector<quint64> bits(std::size_t(maxId / 64 + 1));
    for (qint64 id : ids)
        bits[std::size_t(id / 64)] |= quint64(1) << (id % 64);
    ids.clear();
    for (std::size_t w = 0; w < bits.size(); ++w)
        for (quint64 word = bits[w]; word; word &= word - 1)
            ids.push_back(qint64(w * 64) + std::countr_zero(word));
    return ids;
}

// A page of a prefix search in id order: walk the table from the anchor testing each row;
// a prefix too rare to fill the page within the walk budget is collected from the indexes.
Result<KeyedIds> prefixPageById(const QSqlDatabase& db, const QString& table,
                                const SearchColumns& c, const SearchTerm& term,
                                const ListRequest& request, bool descending)
{
    const Prefix prefix{term.text, term.text.toUtf8(), term.text.toUcs4().size()};
    const QString a = c.alias;
    QStringList texts;
    for (const QString& column : c.prefixColumns)
        texts << a + QLatin1Char('.') + column;
    texts << a + QLatin1Char('.') + c.emailColumn;
    QString sql = QStringLiteral("SELECT %1.id, %2 FROM %3 %1").arg(a, texts.join(u','), table);
    QVariantList params;
    if (request.after) {
        sql += QStringLiteral(" WHERE %1.id %2 ?").arg(a, descending ? u"<" : u">");
        params << request.after->second;
    }
    sql += QStringLiteral(" ORDER BY %1.id %2 LIMIT %3")
               .arg(a, descending ? u"DESC" : u"ASC")
               .arg(walkBudget);
    const auto needed = std::size_t(request.offset + request.limit);
    std::vector<qint64> hits;
    int examined = 0;
    {
        SqliteStatement walk(db, sql, params);
        while (hits.size() < needed && walk.next()) {
            ++examined;
            bool match = false;
            for (int i = 0; i < texts.size() && !match; ++i)
                match = startsWithFolded(walk.text(i + 1), prefix,
                                         i == texts.size() - 1 && c.emailFoldedAsLogin);
            if (match)
                hits.push_back(walk.int64(0));
        }
        if (!walk.ok())
            return Error::make(Error::Kind::Storage, walk.error());
    }
    if (hits.size() < needed && examined >= walkBudget) {
        auto ids = prefixIds(db, table, c, term.text);
        if (!ids)
            return ids.error();
        hits.clear();
        const bool anchored = request.after.has_value();
        const qint64 anchor = anchored ? request.after->second : 0;
        if (descending) {
            for (auto it = ids->rbegin(); it != ids->rend() && hits.size() < needed; ++it)
                if (!anchored || *it < anchor)
                    hits.push_back(*it);
        } else {
            for (auto it = ids->begin(); it != ids->end() && hits.size() < needed; ++it)
                if (!anchored || *it > anchor)
                    hits.push_back(*it);
        }
    }
    KeyedIds out;
    for (std::size_t i = std::size_t(request.offset); i < hits.size(); ++i)
        out.append({hits[i], hits[i]});
    return out;
}

// The ids a search matches, as a set to test rows against while walking another order.
class IdSet
{
public:
    explicit IdSet(std::vector<qint64> ascending) : m_sorted(std::move(ascending))
    {
        if (m_sorted.empty() || m_sorted.front() < 0 ||
            m_sorted.back() > qint64(m_sorted.size()) * 256 + 4096)
            return; // sparse ids: binary search in the sorted list
        m_bits.resize(std::size_t(m_sorted.back() / 64 + 1));
        for (qint64 id : m_sorted)
            m_bits[std::size_t(id / 64)] |= quint64(1) << (id % 64);
    }
    bool isEmpty() const { return m_sorted.empty(); }
    qsizetype size() const { return qsizetype(m_sorted.size()); }
    const std::vector<qint64>& ids() const { return m_sorted; }
    mutable qint64 tested = 0; // entries a walk has tested
    bool contains(qint64 id) const
    {
        if (!m_bits.empty())
            return id >= 0 && std::size_t(id / 64) < m_bits.size() &&
                   (m_bits[std::size_t(id / 64)] >> (id % 64)) & 1;
        return std::binary_search(m_sorted.begin(), m_sorted.end(), id);
    }

private:
    std::vector<qint64> m_sorted;
    std::vector<quint64> m_bits;
};

Result<std::vector<qint64>> matchingIds(const QSqlDatabase& db, const QString& table,
                                        const SearchColumns& c, const SearchTerm& term)
{
    if (term.kind == SearchTerm::Kind::Prefix)
        return prefixIds(db, table, c, term.text);
    std::vector<qint64> ids;
    SqliteStatement st(
        db, QStringLiteral("SELECT rowid FROM %1 WHERE %1 MATCH ? ORDER BY rowid").arg(c.ftsTable),
        {ftsPhrase(term.text)});
    while (st.next())
        ids.push_back(st.int64(0));
    if (!st.ok())
        return Error::make(Error::Kind::Storage, st.error());
    return ids;
}

// Index entries a walk in another column's order may test before the matches are sorted
// instead (about 20 ms); and below this many matches sorting them is cheaper at once.
constexpr qint64 sortedWalkBudget = 30000;
constexpr qsizetype sortFewerMatchesThan = 3000;
constexpr const char* walkBudgetSpent = "accord: walk budget spent";

// accord_pick(id): whether the id is in the set the statement is run with.
void pickFunction(sqlite3_context* ctx, int, sqlite3_value** argv)
{
    const auto* set = static_cast<const IdSet*>(sqlite3_user_data(ctx));
    if (++set->tested > sortedWalkBudget) {
        sqlite3_result_error(ctx, walkBudgetSpent, -1);
        return;
    }
    sqlite3_result_int(ctx, set->contains(sqlite3_value_int64(argv[0])) ? 1 : 0);
}

// A page of a search ordered by another column: the matching ids go into a set, then the
// sort column's index is walked from the anchor, testing each entry's id against the set.
// The walk reads only the index (the id is in it); a row is read for its key only when it
// matches. No sort of all matches, whatever their number.
Result<KeyedIds> searchPageByKey(const QSqlDatabase& db, const QString& table,
                                 const QString& keyTable, const SearchColumns& c,
                                 const SearchTerm& term, const QString& key,
                                 const ListRequest& request, bool descending)
{
    auto ids = matchingIds(db, table, c, term);
    if (!ids)
        return ids.error();
    const IdSet set(std::move(*ids));
    if (set.isEmpty())
        return KeyedIds();
    const QString idColumn = c.alias + QStringLiteral(".id");
    const QString dir = descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    const auto needed = qsizetype(request.offset + request.limit);
    KeyedIds hits;
    if (set.size() >= sortFewerMatchesThan) {
        sqlite3* handle = sqliteHandle(db);
        if (sqlite3_create_function_v2(handle, "accord_pick", 1, SQLITE_UTF8,
                                       const_cast<IdSet*>(&set), pickFunction, nullptr, nullptr,
                                       nullptr) != SQLITE_OK)
            return Error::make(Error::Kind::Storage, QString::fromUtf8(sqlite3_errmsg(handle)));
        QString sql = QStringLiteral("SELECT %1, %2 FROM %3 %4 WHERE accord_pick(%2)")
                          .arg(key, idColumn, keyTable, c.alias);
        QVariantList params;
        if (request.after) {
            // The index range starts at the anchor's key; rows of that key up to the
            // anchor's id are skipped below (a row-value range would read every row).
            sql += QStringLiteral(" AND %1 %2 ?").arg(key, descending ? u"<=" : u">=");
            params << request.after->first;
        }
        sql += QStringLiteral(" ORDER BY %1 %3, %2 %3").arg(key, idColumn, dir);
        QString error;
        {
            SqliteStatement walk(db, sql, params);
            while (hits.size() < needed && walk.next()) {
                const qint64 id = walk.int64(1);
                QVariant value = walk.value(0);
                if (request.after && value == request.after->first &&
                    (descending ? id >= request.after->second : id <= request.after->second))
                    continue;
                hits.append({std::move(value), id});
            }
            error = walk.error();
        }
        sqlite3_create_function_v2(handle, "accord_pick", 1, SQLITE_UTF8, nullptr, nullptr, nullptr,
                                   nullptr, nullptr);
        if (error.isEmpty())
            return hits.mid(qsizetype(request.offset));
        if (error != QLatin1String(walkBudgetSpent))
            return Error::make(Error::Kind::Storage, error);
        hits.clear(); // the matches sort far from here: sort them instead
    }
    // Few matches (or far from the anchor): read their keys and sort them; the `+` keeps
    // SQLite from walking the sort column's index instead.
    QString idList = QStringLiteral("[");
    for (qint64 id : set.ids()) {
        idList += QString::number(id);
        idList += QLatin1Char(',');
    }
    idList.back() = QLatin1Char(']');
    QVariantList params{idList};
    QString where = QStringLiteral("%1 IN (SELECT value FROM json_each(?))").arg(idColumn);
    if (request.after) {
        where +=
            QStringLiteral(" AND (+%1, %2) %3 (?, ?)").arg(key, idColumn, descending ? u"<" : u">");
        params << request.after->first << request.after->second;
    }
    params << request.limit << request.offset;
    auto q = runSql(db,
                    QStringLiteral("SELECT %1, %2 FROM %3 %4 WHERE %5 ORDER BY +%1 %6, %2 %6 "
                                   "LIMIT ? OFFSET ?")
                        .arg(key, idColumn, keyTable, c.alias, where, dir),
                    params);
    if (!q)
        return q.error();
    while (q->next())
        hits.append({q->value(0), q->value(1).toLongLong()});
    return hits;
}

} // namespace

QString ftsPhrase(const QString& text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

SortSource SqliteSearchIndex::sortSource(Listed listed, SortKey key) const
{
    // Sort keys are never NULL (row-value comparisons with NULL match nothing), and each
    // has an index in the schema; the link counts are kept in the stats tables.
    if (listed == Listed::Users) {
        const QString users = QStringLiteral("tblusers"), u = QStringLiteral("u");
        switch (key) {
        case SortKey::FirstName:
            return {users, u, QStringLiteral("accord_fold(u.first_name)")};
        case SortKey::LastName:
            return {users, u, QStringLiteral("accord_fold(u.last_name)")};
        case SortKey::Email:
            return {users, u, QStringLiteral("accord_fold_email(u.email)")};
        case SortKey::LastLogin:
            return {users, u, QStringLiteral("coalesce(u.last_login, '')")};
        case SortKey::TwoFactor:
            return {users, u, QStringLiteral("(coalesce(u.second_factor, '') <> '')")};
        case SortKey::LinkCount:
            return {QStringLiteral("accord_user_stats"), u, QStringLiteral("u.client_count")};
        default:
            return {users, u, QStringLiteral("u.id")};
        }
    }
    const QString clients = QStringLiteral("tblclients"), c = QStringLiteral("c");
    switch (key) {
    case SortKey::FirstName:
        return {clients, c, QStringLiteral("accord_fold(c.firstname)")};
    case SortKey::LastName:
        return {clients, c, QStringLiteral("accord_fold(c.lastname)")};
    case SortKey::Company:
        return {clients, c, QStringLiteral("accord_fold(c.companyname)")};
    case SortKey::Email:
        return {clients, c, QStringLiteral("accord_fold(c.email)")};
    case SortKey::Status:
        return {clients, c, QStringLiteral("coalesce(c.status, '')")};
    case SortKey::LinkCount:
        return {QStringLiteral("accord_client_stats"), c, QStringLiteral("c.user_count")};
    default:
        return {clients, c, QStringLiteral("c.id")};
    }
}

Result<KeyedIds> SqliteSearchIndex::page(const QSqlDatabase& db, Listed listed, SortKey sortKey,
                                         const SearchTerm& term, const ListRequest& request) const
{
    const SearchColumns& columns = columnsOf(listed);
    const QString& table = columns.table;
    const SortSource source = sortSource(listed, sortKey);
    const QString& keyTable = source.table;
    const QString& keyExpression = source.key;
    const bool descending = (request.order == Qt::DescendingOrder) != request.fromEnd;
    const QString dir = descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    const QString cmp = descending ? QStringLiteral("<") : QStringLiteral(">");
    const QString idColumn = columns.alias + QStringLiteral(".id");
    const bool byId = keyExpression == idColumn;

    Result<KeyedIds> page = KeyedIds();
    if (term.kind == SearchTerm::Kind::Prefix && byId) {
        page = prefixPageById(db, table, columns, term, request, descending);
    } else if (!byId && (term.kind == SearchTerm::Kind::Prefix ||
                         term.kind == SearchTerm::Kind::Substring)) {
        page =
            searchPageByKey(db, table, keyTable, columns, term, keyExpression, request, descending);
    } else {
        QString sql;
        QVariantList params;
        if (term.kind == SearchTerm::Kind::Substring && byId) {
            // Straight from the trigram index in rowid order: no join, no sort.
            sql = QStringLiteral("SELECT rowid, rowid FROM %1 WHERE %1 MATCH ?")
                      .arg(columns.ftsTable);
            params << ftsPhrase(term.text);
            if (request.after) {
                sql += QStringLiteral(" AND rowid %1 ?").arg(cmp);
                params << request.after->second;
            }
            sql += QStringLiteral(" ORDER BY rowid %1 LIMIT ? OFFSET ?").arg(dir);
        } else {
            QString where = searchCondition(columns, term, params);
            if (request.after) {
                if (byId) {
                    where += QStringLiteral(" AND %1 %2 ?").arg(idColumn, cmp);
                    params << request.after->second;
                } else {
                    where +=
                        QStringLiteral(" AND (%1, %2) %3 (?, ?)").arg(keyExpression, idColumn, cmp);
                    params << request.after->first << request.after->second;
                }
            }
            sql = QStringLiteral("SELECT %1, %2 FROM %3 %4 WHERE %5 ORDER BY %1 %6, %2 %6 "
                                 "LIMIT ? OFFSET ?")
                      .arg(keyExpression, idColumn, keyTable, columns.alias, where, dir);
        }
        params << request.limit << request.offset;
        auto q = runSql(db, sql, params);
        if (!q)
            return q.error();
        KeyedIds out;
        out.reserve(request.limit);
        while (q->next())
            out.append({q->value(0), q->value(1).toLongLong()});
        page = out;
    }
    if (!page)
        return page.error();
    if (request.fromEnd)
        std::reverse(page->begin(), page->end());
    return *page;
}

int SqliteSearchIndex::countParts(const SearchTerm& term) const
{
    // A substring search counts the full-text index's matches in id ranges, one per core
    // (a term in a quarter of all emails takes a single core over 100 ms); the others are
    // one indexed lookup or a counter.
    return term.kind == SearchTerm::Kind::Substring ? 2 : 1;
}

Result<qint64> SqliteSearchIndex::count(const QSqlDatabase& db, Listed listed,
                                        const SearchTerm& term, int part, int parts) const
{
    const SearchColumns& columns = columnsOf(listed);
    const QString& table = columns.table;
    const QString& counter = columns.counter;
    if (term.kind == SearchTerm::Kind::Substring && parts > 1) {
        // Ids up to the split, or above it. Every part works the split out the same way on
        // its own connection: half the highest id kept to its three leading bits (458,752
        // for a million users), so rows written between the parts move it only when the
        // highest id crosses such a step, one in tens of thousands of ids.
        auto top = runSql(db, QStringLiteral("SELECT coalesce(max(id), 0) FROM %1").arg(table));
        if (!top)
            return top.error();
        const qint64 highest = top->next() ? top->value(0).toLongLong() : 0;
        auto boundary = [&](int i) {
            const qint64 at = highest * i / parts;
            const int low = std::max(0, int(std::bit_width(quint64(at))) - 3);
            return (at >> low) << low;
        };
        QString sql =
            QStringLiteral("SELECT count(*) FROM %1 WHERE %1 MATCH ?").arg(columns.ftsTable);
        QVariantList params{ftsPhrase(term.text)};
        if (part > 0) {
            sql += QStringLiteral(" AND rowid > ?");
            params << boundary(part);
        }
        if (part < parts - 1) {
            sql += QStringLiteral(" AND rowid <= ?");
            params << boundary(part + 1);
        }
        auto q = runSql(db, sql, params);
        if (!q)
            return q.error();
        return q->next() ? q->value(0).toLongLong() : 0;
    }
    if (part > 0)
        return 0; // not split: part 0 counts it all
    if (term.kind == SearchTerm::Kind::Prefix) {
        auto ids = prefixIds(db, table, columns, term.text);
        if (!ids)
            return ids.error();
        return qint64(ids->size());
    }
    QString sql;
    QVariantList params;
    switch (term.kind) {
    case SearchTerm::Kind::All:
        sql = QStringLiteral("SELECT value FROM accord_counters WHERE name = ?");
        params << counter;
        break;
    case SearchTerm::Kind::Substring:
        sql = QStringLiteral("SELECT count(*) FROM %1 WHERE %1 MATCH ?").arg(columns.ftsTable);
        params << ftsPhrase(term.text);
        break;
    default:
        sql = QStringLiteral("SELECT count(*) FROM %1 %2 WHERE %3")
                  .arg(table, columns.alias, searchCondition(columns, term, params));
        break;
    }
    auto q = runSql(db, sql, params);
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : 0;
}

Result<std::optional<qint64>> SqliteSearchIndex::userWithLogin(const QSqlDatabase& db,
                                                               const QString& email) const
{
    auto q = runSql(db,
                    QStringLiteral("SELECT id FROM tblusers WHERE accord_fold_email(email) = "
                                   "accord_fold_email(?) LIMIT 1"),
                    {email});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<qint64>();
    return std::optional<qint64>(q->value(0).toLongLong());
}

} // namespace accord
