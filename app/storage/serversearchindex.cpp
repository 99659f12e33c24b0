#include "serversearchindex.h"

#include "dialect.h"
#include "domain/textfolding.h"
#include "sql.h"

#include <algorithm>

namespace accord {

namespace {
// The keys table of a list, aliased k in every statement.
struct Keys {
    QString keysTable;
    QString statsTable;
    QString countColumn;
    QString counter;           // accord_counters' row of the whole table's count
    QStringList prefixKeys;    // 1-2 characters: prefixes of these
    QStringList substringKeys; // 3+ characters: substrings of these
};

const Keys& keysOf(Listed listed)
{
    static const Keys users{QStringLiteral("accord_user_keys"),
                            QStringLiteral("accord_user_stats"),
                            QStringLiteral("client_count"),
                            QStringLiteral("users"),
                            {QStringLiteral("k.first_key"), QStringLiteral("k.last_key"),
                             QStringLiteral("k.email_key")},
                            {QStringLiteral("k.name_key"), QStringLiteral("k.email_key")}};
    static const Keys clients{QStringLiteral("accord_client_keys"),
                              QStringLiteral("accord_client_stats"),
                              QStringLiteral("user_count"),
                              QStringLiteral("clients"),
                              {QStringLiteral("k.first_key"), QStringLiteral("k.last_key"),
                               QStringLiteral("k.email_key")},
                              {QStringLiteral("k.name_key"), QStringLiteral("k.company_key"),
                               QStringLiteral("k.email_key")}};
    return listed == Listed::Users ? users : clients;
}

// A LIKE pattern matching `text` anywhere, '!' escaping the pattern characters.
QString containsPattern(const QString& text)
{
    QString escaped;
    for (const QChar ch : text) {
        if (ch == QLatin1Char('%') || ch == QLatin1Char('_') || ch == QLatin1Char('!'))
            escaped += QLatin1Char('!');
        escaped += ch;
    }
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

// The WHERE condition of a search on the keys table k, its parameters appended.
QString searchCondition(const Keys& keys, const SearchTerm& term, QVariantList& params)
{
    switch (term.kind) {
    case SearchTerm::Kind::All:
        return QStringLiteral("1 = 1");
    case SearchTerm::Kind::Id:
        params << term.id;
        return QStringLiteral("k.id = ?");
    case SearchTerm::Kind::Prefix: {
        // A range on each key's index; U+10FFFF sorts after every continuation.
        const QString upper = term.text + QString::fromUcs4(U"\U0010FFFF");
        QStringList parts;
        for (const QString& key : keys.prefixKeys) {
            parts << QStringLiteral("(%1 >= ? AND %1 < ?)").arg(key);
            params << term.text << upper;
        }
        return QLatin1Char('(') + parts.join(QLatin1String(" OR ")) + QLatin1Char(')');
    }
    case SearchTerm::Kind::Substring: {
        const QString pattern = containsPattern(foldCase(term.text));
        QStringList parts;
        for (const QString& key : keys.substringKeys) {
            parts << QStringLiteral("%1 LIKE ? ESCAPE '!'").arg(key);
            params << pattern;
        }
        return QLatin1Char('(') + parts.join(QLatin1String(" OR ")) + QLatin1Char(')');
    }
    }
    return QStringLiteral("1 = 1");
}
} // namespace

SortSource ServerSearchIndex::sortSource(Listed listed, SortKey key) const
{
    const Keys& keys = keysOf(listed);
    const QString k = QStringLiteral("k");
    switch (key) {
    case SortKey::FirstName:
        return {keys.keysTable, k, QStringLiteral("k.first_key")};
    case SortKey::LastName:
        return {keys.keysTable, k, QStringLiteral("k.last_key")};
    case SortKey::Company:
        return {keys.keysTable, k, QStringLiteral("k.company_key")};
    case SortKey::Email:
        return {keys.keysTable, k, QStringLiteral("k.email_key")};
    case SortKey::LastLogin:
        return {keys.keysTable, k, QStringLiteral("k.last_login_key")};
    case SortKey::TwoFactor:
        return {keys.keysTable, k, QStringLiteral("k.two_factor")};
    case SortKey::Status:
        return {keys.keysTable, k, QStringLiteral("k.status_key")};
    case SortKey::LinkCount:
        return {keys.statsTable, QStringLiteral("s"), QStringLiteral("s.") + keys.countColumn};
    case SortKey::Id:
        break;
    }
    return {keys.keysTable, k, QStringLiteral("k.id")};
}

Result<KeyedIds> ServerSearchIndex::page(const QSqlDatabase& db, Listed listed, SortKey sortKey,
                                         const SearchTerm& term, const ListRequest& request) const
{
    const Keys& keys = keysOf(listed);
    const SortSource source = sortSource(listed, sortKey);
    const bool descending = (request.order == Qt::DescendingOrder) != request.fromEnd;
    const QString dir = descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    const QString cmp = descending ? QStringLiteral("<") : QStringLiteral(">");
    const QString idColumn = source.alias + QStringLiteral(".id");
    const bool byId = source.key == idColumn;
    QString from = source.table + QLatin1Char(' ') + source.alias;
    if (source.alias != QLatin1String("k") && term.kind != SearchTerm::Kind::All)
        from += QStringLiteral(" JOIN %1 k ON k.id = %2").arg(keys.keysTable, idColumn);
    QVariantList params;
    QString where = searchCondition(keys, term, params);
    if (request.after) {
        if (byId) {
            where += QStringLiteral(" AND %1 %2 ?").arg(idColumn, cmp);
            params << request.after->second;
        } else {
            where += QStringLiteral(" AND (%1 %3 ? OR (%1 = ? AND %2 %3 ?))")
                         .arg(source.key, idColumn, cmp);
            params << request.after->first << request.after->first << request.after->second;
        }
    }
    QString order = byId ? QStringLiteral("%1 %2").arg(idColumn, dir)
                         : QStringLiteral("%1 %3, %2 %3").arg(source.key, idColumn, dir);
    params << request.limit << request.offset;
    auto q = runSql(db,
                    QStringLiteral("SELECT %1, %2 FROM %3 WHERE %4 ORDER BY %5 LIMIT ? OFFSET ?")
                        .arg(source.key, idColumn, from, where, order),
                    params);
    if (!q)
        return q.error();
    KeyedIds out;
    out.reserve(request.limit);
    while (q->next())
        out.append({q->value(0), q->value(1).toLongLong()});
    if (request.fromEnd)
        std::reverse(out.begin(), out.end());
    return out;
}

Result<qint64> ServerSearchIndex::count(const QSqlDatabase& db, Listed listed,
                                        const SearchTerm& term, int part, int) const
{
    if (part > 0)
        return qint64(0); // not split: part 0 counts it all
    const Keys& keys = keysOf(listed);
    QString sql;
    QVariantList params;
    if (term.kind == SearchTerm::Kind::All) {
        sql = QStringLiteral("SELECT value FROM accord_counters WHERE name = ?");
        params << keys.counter;
    } else {
        sql = QStringLiteral("SELECT count(*) FROM %1 k WHERE %2")
                  .arg(keys.keysTable, searchCondition(keys, term, params));
    }
    auto q = runSql(db, sql, params);
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : qint64(0);
}

Result<std::optional<qint64>> ServerSearchIndex::userWithLogin(const QSqlDatabase& db,
                                                               const QString& email) const
{
    auto q = runSql(db, QStringLiteral("SELECT id FROM accord_user_keys WHERE email_key = ?"),
                    {foldEmail(email)});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<qint64>();
    return std::optional<qint64>(q->value(0).toLongLong());
}

namespace {
// The keys of one record as Accord folds them, from its stored row.
struct FoldedKeys {
    QString table;
    QString sql; // the UPDATE of the keys row
    QVariantList values;
};

Result<std::optional<FoldedKeys>> foldedKeys(const QSqlDatabase& db, Listed listed, qint64 id)
{
    if (listed == Listed::Users) {
        auto q = runSql(db,
                        QStringLiteral("SELECT first_name, last_name, email FROM tblusers WHERE "
                                       "id = ?"),
                        {id});
        if (!q)
            return q.error();
        if (!q->next())
            return std::optional<FoldedKeys>();
        const QString first = q->value(0).toString(), last = q->value(1).toString();
        return std::optional<FoldedKeys>(
            FoldedKeys{QStringLiteral("accord_user_keys"),
                       QStringLiteral("first_key = ?, last_key = ?, email_key = ?, name_key = ?"),
                       {foldCase(first), foldCase(last), foldEmail(q->value(2).toString()),
                        foldCase(first + QLatin1Char(' ') + last)}});
    }
    auto q = runSql(db,
                    QStringLiteral("SELECT firstname, lastname, companyname, email FROM "
                                   "tblclients WHERE id = ?"),
                    {id});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<FoldedKeys>();
    const QString first = q->value(0).toString(), last = q->value(1).toString();
    return std::optional<FoldedKeys>(FoldedKeys{
        QStringLiteral("accord_client_keys"),
        QStringLiteral("first_key = ?, last_key = ?, company_key = ?, email_key = ?, name_key = ?"),
        {foldCase(first), foldCase(last), foldCase(q->value(2).toString()),
         foldCase(q->value(3).toString()), foldCase(first + QLatin1Char(' ') + last)}});
}
} // namespace

Result<void> ServerSearchIndex::refreshKeys(const QSqlDatabase& db, Listed listed, qint64 id) const
{
    auto keys = foldedKeys(db, listed, id);
    if (!keys)
        return keys.error();
    if (!*keys)
        return {}; // deleted: its trigger removed the keys
    QVariantList params = (*keys)->values;
    params << id;
    auto q = runSql(db,
                    QStringLiteral("UPDATE %1 SET %2, dirty = 0 WHERE id = ?")
                        .arg((*keys)->table, (*keys)->sql),
                    params);
    if (!q)
        return q.error();
    if (q->numRowsAffected() == 1)
        return {};
    // No keys row (a row from before the triggers): make one.
    QStringList columns;
    for (const QString& assignment : (*keys)->sql.split(QStringLiteral(", ")))
        columns << assignment.section(QLatin1Char(' '), 0, 0);
    QVariantList values{id};
    values << (*keys)->values;
    if (auto r = runSql(db,
                        QStringLiteral("INSERT INTO %1 (id, %2, dirty) VALUES (?%3, 0)")
                            .arg((*keys)->table, columns.join(QLatin1String(", ")),
                                 QStringLiteral(", ?").repeated(columns.size())),
                        values);
        !r)
        return r.error();
    return {};
}

Result<qint64> ServerSearchIndex::refreshDirtyKeys(const QSqlDatabase& db) const
{
    QList<std::pair<Listed, qint64>> dirty;
    for (Listed listed : {Listed::Users, Listed::Clients}) {
        auto q = runSql(
            db, QStringLiteral("SELECT id FROM %1 WHERE dirty <> 0").arg(keysOf(listed).keysTable));
        if (!q)
            return q.error();
        while (q->next())
            dirty.append({listed, q->value(0).toLongLong()});
    }
    if (dirty.isEmpty())
        return qint64(0);
    if (auto r = runSql(db, Dialect::of(db).beginWrite()); !r)
        return r.error();
    for (const auto& [listed, id] : dirty)
        if (auto r = refreshKeys(db, listed, id); !r) {
            (void)runSql(db, QStringLiteral("ROLLBACK"));
            return r.error();
        }
    if (auto r = runSql(db, QStringLiteral("COMMIT")); !r)
        return r.error();
    return qint64(dirty.size());
}

} // namespace accord
