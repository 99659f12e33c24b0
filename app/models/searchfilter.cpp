#include "searchfilter.h"

#include "storage/sql.h"
#include "storage/userdirectory.h"

#include <algorithm>

namespace accord {

namespace {
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
        QStringList folded;
        for (const QString& column : c.prefixColumns)
            folded << QStringLiteral("accord_fold(%1%2)").arg(a, column);
        folded << (c.emailFoldedAsLogin ? QStringLiteral("accord_fold_email(%1%2)")
                                        : QStringLiteral("accord_fold(%1%2)"))
                      .arg(a, c.emailColumn);
        for (const QString& expr : folded) {
            parts << QStringLiteral("(%1 >= ? AND %1 < ?)").arg(expr);
            params << term.text << upper;
        }
        return QLatin1Char('(') + parts.join(QLatin1String(" OR ")) + QLatin1Char(')');
    }
    case SearchTerm::Kind::Substring:
        params << term.ftsPhrase();
        return QStringLiteral("%1id IN (SELECT rowid FROM %2 WHERE %2 MATCH ?)").arg(a, c.ftsTable);
    }
    return QStringLiteral("1 = 1");
}
} // namespace

Result<QList<std::pair<QVariant, qint64>>>
fetchOrderedIds(const QSqlDatabase& db, const QString& table, const SearchColumns& columns,
                const QString& keyExpression, const ListRequest& request)
{
    const SearchTerm term = SearchTerm::parse(request.search);
    const bool descending = (request.order == Qt::DescendingOrder) != request.fromEnd;
    const QString dir = descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    const QString cmp = descending ? QStringLiteral("<") : QStringLiteral(">");
    const QString idColumn = columns.alias + QStringLiteral(".id");
    const bool byId = keyExpression == idColumn;

    QString sql;
    QVariantList params;
    if (term.kind == SearchTerm::Kind::Substring && byId) {
        // Straight from the trigram index in rowid order: no join, no sort.
        sql = QStringLiteral("SELECT rowid, rowid FROM %1 WHERE %1 MATCH ?").arg(columns.ftsTable);
        params << term.ftsPhrase();
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
        sql = QStringLiteral("SELECT %1, %2 FROM %3 %4 WHERE %5 ORDER BY %1 %6, %2 %6 LIMIT ? "
                             "OFFSET ?")
                  .arg(keyExpression, idColumn, table, columns.alias, where, dir);
    }
    params << request.limit << request.offset;
    auto q = runSql(db, sql, params);
    if (!q)
        return q.error();
    QList<std::pair<QVariant, qint64>> out;
    while (q->next())
        out.append({q->value(0), q->value(1).toLongLong()});
    if (request.fromEnd)
        std::reverse(out.begin(), out.end());
    return out;
}

Result<qint64> countMatches(const QSqlDatabase& db, const QString& table, const QString& counter,
                            const SearchColumns& columns, const QString& search)
{
    const SearchTerm term = SearchTerm::parse(search);
    QString sql;
    QVariantList params;
    switch (term.kind) {
    case SearchTerm::Kind::All:
        sql = QStringLiteral("SELECT value FROM accord_counters WHERE name = ?");
        params << counter;
        break;
    case SearchTerm::Kind::Substring:
        sql = QStringLiteral("SELECT count(*) FROM %1 WHERE %1 MATCH ?").arg(columns.ftsTable);
        params << term.ftsPhrase();
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

} // namespace accord
