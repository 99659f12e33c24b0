#include "sqlitesearchindex.h"

#include "differencestore.h"
#include "domain/textfolding.h"
#include "sql.h"
#include "sqlitefunctions.h"
#include "sqlitestatement.h"

#include <sqlite3.h>

#include <QCoreApplication>

#include <algorithm>
#include <bit>
#include <limits>
#include <string_view>
#include <vector>

namespace accord {

namespace {

// Rows a walk in id order may examine before the folded-prefix indexes are asked instead:
// a prefix matching more than one row in fifty fills a page within it; a rarer one has few
// enough matches to collect from the indexes (measured on 1M users).
constexpr int walkBudget = 5000;

// Where a list's search box looks (DESIGN's search rules) and its indexes. A file of schema
// 5 on holds Accord's folded keys (resources/schema/sqlite-search); an older one (a
// snapshot an older build wrote, opened as it is) has expression indexes on the records.
struct SearchColumns {
    QString records;        // the list's table
    QString table;          // where the folded keys are
    QString alias;          // the tables' alias in the list's SQL
    QString ftsTable;       // trigram index for 3+ characters
    QStringList prefixKeys; // folded keys with an index each, for 1-2 characters
    bool foldedFullText;    // the trigram index holds folded keys: the term is folded too
    QString counter;        // accord_counters' row of the whole table's count
};

const SearchColumns& columnsOf(Listed listed, bool keys)
{
    static const SearchColumns users{QStringLiteral("tblusers"),
                                     QStringLiteral("accord_user_keys"),
                                     QStringLiteral("u"),
                                     QStringLiteral("accord_users_fts"),
                                     {QStringLiteral("u.first_key"), QStringLiteral("u.last_key"),
                                      QStringLiteral("u.email_key")},
                                     true,
                                     QStringLiteral("users")};
    static const SearchColumns clients{QStringLiteral("tblclients"),
                                       QStringLiteral("accord_client_keys"),
                                       QStringLiteral("c"),
                                       QStringLiteral("accord_clients_fts"),
                                       {QStringLiteral("c.first_key"), QStringLiteral("c.last_key"),
                                        QStringLiteral("c.email_key")},
                                       true,
                                       QStringLiteral("clients")};
    static const SearchColumns olderUsers{QStringLiteral("tblusers"),
                                          QStringLiteral("tblusers"),
                                          QStringLiteral("u"),
                                          QStringLiteral("accord_users_fts"),
                                          {QStringLiteral("accord_fold(u.first_name)"),
                                           QStringLiteral("accord_fold(u.last_name)"),
                                           QStringLiteral("accord_fold_email(u.email)")},
                                          false,
                                          QStringLiteral("users")};
    static const SearchColumns olderClients{QStringLiteral("tblclients"),
                                            QStringLiteral("tblclients"),
                                            QStringLiteral("c"),
                                            QStringLiteral("accord_clients_fts"),
                                            {QStringLiteral("accord_fold(c.firstname)"),
                                             QStringLiteral("accord_fold(c.lastname)"),
                                             QStringLiteral("accord_fold(c.email)")},
                                            false,
                                            QStringLiteral("clients")};
    if (listed == Listed::Users)
        return keys ? users : olderUsers;
    return keys ? clients : olderClients;
}

// Whether the file holds Accord's keys tables (schema 5 on).
bool hasKeys(const QSqlDatabase& db)
{
    sqlite3* handle = sqliteHandle(db);
    return handle &&
           sqlite3_table_column_metadata(handle, "main", "accord_user_keys", nullptr, nullptr,
                                         nullptr, nullptr, nullptr, nullptr) == SQLITE_OK;
}

// The FTS5 query of a substring term, folded as the index's text is.
QString ftsTerm(const SearchColumns& c, const SearchTerm& term)
{
    return ftsPhrase(c.foldedFullText ? foldCase(term.text) : term.text);
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
        for (const QString& expr : c.prefixKeys) {
            parts << QStringLiteral("(%1 >= ? AND %1 < ?)").arg(expr);
            params << term.text << upper;
        }
        return QLatin1Char('(') + parts.join(QLatin1String(" OR ")) + QLatin1Char(')');
    }
    case SearchTerm::Kind::Substring:
        params << ftsTerm(c, term);
        return QStringLiteral("%1id IN (SELECT rowid FROM %2 WHERE %2 MATCH ?)").arg(a, c.ftsTable);
    }
    return QStringLiteral("1 = 1");
}

bool startsWith(std::string_view key, const QByteArray& prefix)
{
    return key.size() >= std::size_t(prefix.size()) &&
           key.compare(0, std::size_t(prefix.size()),
                       std::string_view(prefix.constData(), std::size_t(prefix.size()))) == 0;
}

// The ids (ascending) whose folded first name, last name or email start with the prefix,
// read from the three folded-prefix indexes.
Result<std::vector<qint64>> prefixIds(const QSqlDatabase& db, const SearchColumns& c,
                                      const QString& prefix)
{
    const QString upper = prefix + QString::fromUcs4(U"\U0010FFFF");
    std::vector<qint64> ids;
    for (const QString& expr : c.prefixKeys) {
        SqliteStatement st(db,
                           QStringLiteral("SELECT %1.id FROM %2 %1 WHERE %3 >= ? AND %3 < ?")
                               .arg(c.alias, c.table, expr),
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

// A page of a prefix search in id order: walk the keys from the anchor testing each row;
// a prefix too rare to fill the page within the walk budget is collected from the indexes.
Result<KeyedIds> prefixPageById(const QSqlDatabase& db, const SearchColumns& c,
                                const SearchTerm& term, const ListRequest& request, bool descending)
{
    const QByteArray prefix = term.text.toUtf8();
    const QString a = c.alias;
    const QStringList& keys = c.prefixKeys;
    QString sql = QStringLiteral("SELECT %1.id, %2 FROM %3 %1").arg(a, keys.join(u','), c.table);
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
            for (int i = 0; i < keys.size() && !match; ++i)
                match = startsWith(walk.text(i + 1), prefix);
            if (match)
                hits.push_back(walk.int64(0));
        }
        if (!walk.ok())
            return Error::make(Error::Kind::Storage, walk.error());
    }
    if (hits.size() < needed && examined >= walkBudget) {
        auto ids = prefixIds(db, c, term.text);
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

Result<std::vector<qint64>> matchingIds(const QSqlDatabase& db, const SearchColumns& c,
                                        const SearchTerm& term)
{
    if (term.kind == SearchTerm::Kind::Prefix)
        return prefixIds(db, c, term.text);
    std::vector<qint64> ids;
    SqliteStatement st(
        db, QStringLiteral("SELECT rowid FROM %1 WHERE %1 MATCH ? ORDER BY rowid").arg(c.ftsTable),
        {ftsTerm(c, term)});
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
Result<KeyedIds> searchPageByKey(const QSqlDatabase& db, const QString& keyTable,
                                 const SearchColumns& c, const SearchTerm& term, const QString& key,
                                 const ListRequest& request, bool descending)
{
    auto ids = matchingIds(db, c, term);
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

namespace {
// Sort keys are never NULL (row-value comparisons with NULL match nothing), and each has an
// index in the schema; the link counts are kept in the stats tables.
SortSource sortSourceOf(Listed listed, SortKey key, bool keys)
{
    if (listed == Listed::Users) {
        const QString users = QStringLiteral("tblusers"), u = QStringLiteral("u");
        const QString keyTable = keys ? QStringLiteral("accord_user_keys") : users;
        switch (key) {
        case SortKey::FirstName:
            return {keyTable, u,
                    keys ? QStringLiteral("u.first_key")
                         : QStringLiteral("accord_fold(u.first_name)")};
        case SortKey::LastName:
            return {keyTable, u,
                    keys ? QStringLiteral("u.last_key")
                         : QStringLiteral("accord_fold(u.last_name)")};
        case SortKey::Email:
            return {keyTable, u,
                    keys ? QStringLiteral("u.email_key")
                         : QStringLiteral("accord_fold_email(u.email)")};
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
    const QString keyTable = keys ? QStringLiteral("accord_client_keys") : clients;
    switch (key) {
    case SortKey::FirstName:
        return {keyTable, c,
                keys ? QStringLiteral("c.first_key") : QStringLiteral("accord_fold(c.firstname)")};
    case SortKey::LastName:
        return {keyTable, c,
                keys ? QStringLiteral("c.last_key") : QStringLiteral("accord_fold(c.lastname)")};
    case SortKey::Company:
        return {keyTable, c,
                keys ? QStringLiteral("c.company_key")
                     : QStringLiteral("accord_fold(c.companyname)")};
    case SortKey::Email:
        return {keyTable, c,
                keys ? QStringLiteral("c.email_key") : QStringLiteral("accord_fold(c.email)")};
    case SortKey::Status:
        return {clients, c, QStringLiteral("coalesce(c.status, '')")};
    case SortKey::LinkCount:
        return {QStringLiteral("accord_client_stats"), c, QStringLiteral("c.user_count")};
    default:
        return {clients, c, QStringLiteral("c.id")};
    }
}
} // namespace

SortSource SqliteSearchIndex::sortSource(Listed listed, SortKey key) const
{
    return sortSourceOf(listed, key, true);
}

Result<KeyedIds> SqliteSearchIndex::page(const QSqlDatabase& db, Listed listed, SortKey sortKey,
                                         const SearchTerm& term, const ListRequest& request) const
{
    const bool keys = hasKeys(db);
    const SearchColumns& columns = columnsOf(listed, keys);
    const SortSource source = sortSourceOf(listed, sortKey, keys);
    const QString& keyTable = source.table;
    const QString& keyExpression = source.key;
    const bool descending = (request.order == Qt::DescendingOrder) != request.fromEnd;
    const QString dir = descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    const QString cmp = descending ? QStringLiteral("<") : QStringLiteral(">");
    const QString idColumn = columns.alias + QStringLiteral(".id");
    const bool byId = keyExpression == idColumn;

    Result<KeyedIds> page = KeyedIds();
    if (term.kind == SearchTerm::Kind::Prefix && byId) {
        page = prefixPageById(db, columns, term, request, descending);
    } else if (!byId && (term.kind == SearchTerm::Kind::Prefix ||
                         term.kind == SearchTerm::Kind::Substring)) {
        page = searchPageByKey(db, keyTable, columns, term, keyExpression, request, descending);
    } else {
        QString sql;
        QVariantList params;
        if (term.kind == SearchTerm::Kind::Substring && byId) {
            // Straight from the trigram index in rowid order: no join, no sort.
            sql = QStringLiteral("SELECT rowid, rowid FROM %1 WHERE %1 MATCH ?")
                      .arg(columns.ftsTable);
            params << ftsTerm(columns, term);
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
    const SearchColumns& columns = columnsOf(listed, hasKeys(db));
    const QString& table = columns.records;
    const QString& counter = columns.counter;
    if (term.kind == SearchTerm::Kind::Substring && parts > 1) {
        // Ids up to the split, or above it (splitBoundary: the same on every connection).
        auto top = runSql(db, QStringLiteral("SELECT coalesce(max(id), 0) FROM %1").arg(table));
        if (!top)
            return top.error();
        const qint64 highest = top->next() ? top->value(0).toLongLong() : 0;
        auto boundary = [&](int i) { return splitBoundary(highest, i, parts); };
        QString sql =
            QStringLiteral("SELECT count(*) FROM %1 WHERE %1 MATCH ?").arg(columns.ftsTable);
        QVariantList params{ftsTerm(columns, term)};
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
        auto ids = prefixIds(db, columns, term.text);
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
        params << ftsTerm(columns, term);
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
    auto q = hasKeys(db)
                 ? runSql(db,
                          QStringLiteral("SELECT id FROM accord_user_keys WHERE email_key = ? "
                                         "ORDER BY id LIMIT 1"),
                          {foldEmail(email)})
                 : runSql(db,
                          QStringLiteral("SELECT id FROM tblusers WHERE accord_fold_email(email) = "
                                         "accord_fold_email(?) LIMIT 1"),
                          {email});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<qint64>();
    return std::optional<qint64>(q->value(0).toLongLong());
}

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("SearchIndex", text);
}

// The stored values a list's keys are folded from, and the keys as the schema names them.
struct Folding {
    QString records;
    QString keys;
    QStringList sourceColumns;
    QStringList keyColumns;
};

const Folding& foldingOf(Listed listed)
{
    static const Folding users{
        QStringLiteral("tblusers"),
        QStringLiteral("accord_user_keys"),
        {QStringLiteral("first_name"), QStringLiteral("last_name"), QStringLiteral("email")},
        {QStringLiteral("first_key"), QStringLiteral("last_key"), QStringLiteral("email_key"),
         QStringLiteral("name_key")}};
    static const Folding clients{QStringLiteral("tblclients"),
                                 QStringLiteral("accord_client_keys"),
                                 {QStringLiteral("firstname"), QStringLiteral("lastname"),
                                  QStringLiteral("companyname"), QStringLiteral("email")},
                                 {QStringLiteral("first_key"), QStringLiteral("last_key"),
                                  QStringLiteral("company_key"), QStringLiteral("email_key"),
                                  QStringLiteral("name_key")}};
    return listed == Listed::Users ? users : clients;
}

// The keys of one record from its stored values (NULL read as ''), in keyColumns' order:
// the same folding as the migration's SQL fill and the servers' keys.
QStringList foldedKeys(Listed listed, const QStringList& v)
{
    if (listed == Listed::Users)
        return {foldCase(v[0]), foldCase(v[1]), foldEmail(v[2]),
                foldCase(v[0] + QLatin1Char(' ') + v[1])};
    return {foldCase(v[0]), foldCase(v[1]), foldCase(v[2]), foldCase(v[3]),
            foldCase(v[0] + QLatin1Char(' ') + v[1])};
}

struct FoldedRecord {
    qint64 id = 0;
    QStringList keys;
};

// Reads and folds the records `where` selects (on the records table t, k the keys).
Result<QList<FoldedRecord>> readFolded(const QSqlDatabase& db, Listed listed, const QString& from,
                                       const QVariantList& params)
{
    const Folding& f = foldingOf(listed);
    QStringList read{QStringLiteral("t.id")};
    for (const QString& c : f.sourceColumns)
        read << QStringLiteral("t.") + c;
    auto q =
        runSql(db, QStringLiteral("SELECT %1 ").arg(read.join(QLatin1String(", "))) + from, params);
    if (!q)
        return q.error();
    QList<FoldedRecord> out;
    while (q->next()) {
        QStringList values;
        for (int i = 0; i < f.sourceColumns.size(); ++i)
            values << q->value(i + 1).toString();
        out.append({q->value(0).toLongLong(), foldedKeys(listed, values)});
    }
    return out;
}

// Another user whose login folds to `emailKey`, if any (among the folded ones: a row not
// folded yet is checked when it is).
Result<std::optional<qint64>> otherLogin(const QSqlDatabase& db, const QString& emailKey, qint64 id)
{
    auto q = runSql(db,
                    QStringLiteral("SELECT id FROM accord_user_keys WHERE email_key = ? AND id <> "
                                   "? AND dirty = 0 ORDER BY id LIMIT 1"),
                    {emailKey, id});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<qint64>();
    return std::optional<qint64>(q->value(0).toLongLong());
}

// Writes a record's keys, clean; `clash` marks a user's login as shared (to be reported).
Result<void> storeKeys(const QSqlDatabase& db, Listed listed, const FoldedRecord& r, bool clash)
{
    const Folding& f = foldingOf(listed);
    QStringList columns{QStringLiteral("id")};
    columns << f.keyColumns;
    QStringList updates;
    for (const QString& c : f.keyColumns)
        updates << QStringLiteral("%1 = excluded.%1").arg(c);
    if (listed == Listed::Users) {
        columns << QStringLiteral("clash");
        updates << QStringLiteral("clash = excluded.clash");
    }
    columns << QStringLiteral("dirty");
    updates << QStringLiteral("dirty = 0");
    QVariantList params{r.id};
    for (const QString& key : r.keys)
        params << key;
    if (listed == Listed::Users)
        params << (clash ? 1 : 0);
    params << 0;
    QStringList marks;
    for (int i = 0; i < columns.size(); ++i)
        marks << QStringLiteral("?");
    auto q = runSql(db,
                    QStringLiteral("INSERT INTO %1 (%2) VALUES (%3) ON CONFLICT (id) DO UPDATE "
                                   "SET %4")
                        .arg(f.keys, columns.join(QLatin1String(", ")),
                             marks.join(QLatin1String(", ")), updates.join(QLatin1String(", "))),
                    params);
    if (!q)
        return q.error();
    return {};
}

// Rows refreshed in one pass of refreshDirtyKeys; past this many dirty records their
// links' differences are recompared all at once (one statement) instead of record by record.
constexpr int dirtyBatch = 2000;
constexpr qint64 rebuildDifferencesFrom = 20000;
} // namespace

Result<void> SqliteSearchIndex::refreshKeys(const QSqlDatabase& db, Listed listed, qint64 id) const
{
    if (!hasKeys(db))
        return {}; // a file older than schema 5 (read-only) or a vendor file: no keys
    const Folding& f = foldingOf(listed);
    auto found =
        readFolded(db, listed, QStringLiteral("FROM %1 t WHERE t.id = ?").arg(f.records), {id});
    if (!found)
        return found.error();
    if (found->isEmpty())
        return {}; // deleted: the trigger took its keys
    const FoldedRecord& r = found->first();
    if (listed == Listed::Users) {
        // Also against a login another program stored twice: a save keeps no duplicate.
        auto other = otherLogin(db, r.keys.at(2), id);
        if (!other)
            return other.error();
        if (*other)
            return Error::clash(QStringLiteral("email"),
                                tr("The email address %1 is already used by user %2: give one of "
                                   "them another email address.")
                                    .arg(r.keys.at(2))
                                    .arg(**other));
    }
    return storeKeys(db, listed, r, false);
}

Result<qint64> SqliteSearchIndex::refreshDirtyKeys(const QSqlDatabase& db) const
{
    if (!hasKeys(db))
        return qint64(0);
    // Most opens find nothing to do: a read says so without waiting for the write lock.
    {
        auto pending =
            runSql(db, QStringLiteral(
                           "SELECT EXISTS (SELECT 1 FROM accord_user_keys WHERE dirty <> 0) OR "
                           "EXISTS (SELECT 1 FROM accord_client_keys WHERE dirty <> 0) OR EXISTS "
                           "(SELECT 1 FROM accord_user_keys WHERE clash <> 0) OR EXISTS (SELECT "
                           "1 FROM accord_dirty_links)"));
        if (!pending)
            return pending.error();
        if (!pending->next() || pending->value(0).toInt() == 0)
            return qint64(0);
    }
    if (auto r = runSql(db, Dialect::of(Engine::SQLite).beginWrite()); !r)
        return r.error();
    auto fail = [&](const Error& e) -> Result<qint64> {
        (void)runSql(db, QStringLiteral("ROLLBACK"));
        return e;
    };
    TouchedRecords touched;
    qint64 refreshed = 0;
    for (Listed listed : {Listed::Users, Listed::Clients}) {
        const Folding& f = foldingOf(listed);
        qint64 after = std::numeric_limits<qint64>::min();
        for (;;) {
            // Read a batch, then write it: the dirty index is not walked while it changes.
            auto batch = readFolded(db, listed,
                                    QStringLiteral("FROM %1 k JOIN %2 t ON t.id = k.id WHERE "
                                                   "k.dirty <> 0 AND k.id > ? ORDER BY k.id "
                                                   "LIMIT %3")
                                        .arg(f.keys, f.records)
                                        .arg(dirtyBatch),
                                    {after});
            if (!batch)
                return fail(batch.error());
            for (const FoldedRecord& r : *batch) {
                bool clash = false;
                if (listed == Listed::Users) {
                    auto other = otherLogin(db, r.keys.at(2), r.id);
                    if (!other)
                        return fail(other.error());
                    clash = other->has_value();
                }
                if (auto stored = storeKeys(db, listed, r, clash); !stored)
                    return fail(stored.error());
                (listed == Listed::Users ? touched.users : touched.clients).insert(r.id);
                after = r.id;
            }
            refreshed += batch->size();
            if (batch->size() < dirtyBatch)
                break;
        }
        // Keys of records that are gone (never left by the triggers; cheap to be sure).
        if (auto r = runSql(db, QStringLiteral("DELETE FROM %1 WHERE dirty <> 0 AND id NOT IN "
                                               "(SELECT id FROM %2)")
                                    .arg(f.keys, f.records));
            !r)
            return fail(r.error());
    }
    // A clash whose other side has changed since is no clash any more.
    if (auto r = runSql(db, QStringLiteral("UPDATE accord_user_keys SET clash = 0 WHERE clash <> 0 "
                                           "AND NOT EXISTS (SELECT 1 FROM accord_user_keys o "
                                           "WHERE o.email_key = accord_user_keys.email_key AND "
                                           "o.id <> accord_user_keys.id)"));
        !r)
        return fail(r.error());
    // The differences of the records and links other programs wrote.
    auto links = runSql(db, QStringLiteral("SELECT user_id, client_id FROM accord_dirty_links"));
    if (!links)
        return fail(links.error());
    while (links->next())
        touched.links.insert({links->value(0).toLongLong(), links->value(1).toLongLong()});
    if (!touched.isEmpty()) {
        const DifferenceStore differences(db, Dialect::of(Engine::SQLite));
        const qint64 many = touched.users.size() + touched.clients.size() + touched.links.size();
        if (auto r = many >= rebuildDifferencesFrom ? differences.rebuildAll()
                                                    : differences.refresh(touched);
            !r)
            return fail(r.error());
        if (auto r = runSql(db, QStringLiteral("DELETE FROM accord_dirty_links")); !r)
            return fail(r.error());
    }
    if (auto r = runSql(db, QStringLiteral("COMMIT")); !r)
        return fail(r.error());
    return refreshed;
}

Result<QList<LoginClash>> SqliteSearchIndex::loginClashes(const QSqlDatabase& db) const
{
    QList<LoginClash> out;
    if (!hasKeys(db))
        return out;
    // Through the partial index of the marked rows (a handful): the LIMIT keeps SQLite from
    // flattening the subquery and walking the whole email index for its order instead, a
    // read of every user at each open.
    auto logins = runSql(db, QStringLiteral("SELECT email_key FROM (SELECT email_key FROM "
                                            "accord_user_keys WHERE clash <> 0 LIMIT -1) GROUP "
                                            "BY email_key ORDER BY email_key"));
    if (!logins)
        return logins.error();
    while (logins->next()) {
        LoginClash clash;
        clash.login = logins->value(0).toString();
        auto users = runSql(db,
                            QStringLiteral("SELECT t.id, t.email FROM accord_user_keys k JOIN "
                                           "tblusers t ON t.id = k.id WHERE k.email_key = ? "
                                           "ORDER BY t.id"),
                            {clash.login});
        if (!users)
            return users.error();
        while (users->next()) {
            clash.userIds << users->value(0).toLongLong();
            clash.emails << users->value(1).toString();
        }
        if (clash.userIds.size() > 1)
            out << clash;
    }
    return out;
}

} // namespace accord
