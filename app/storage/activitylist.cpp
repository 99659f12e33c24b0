#include "activitylist.h"

#include "dialect.h"
#include "rowstore.h"
#include "sql.h"

#include <algorithm>

namespace accord {

namespace {
constexpr QChar separator(0x1F); // the ASCII unit separator never appears in typed text

// `user` is a reserved word on PostgreSQL and quoted differently on each engine.
QString operatorColumn(const QSqlDatabase& db)
{
    return Dialect::of(db).quoteIdentifier(QStringLiteral("user"));
}

// The WHERE condition of a filter, its parameters appended to `params`. The text is data
// (bound, and matched as a substring, so '%' and '_' are ordinary characters).
QString condition(const QSqlDatabase& db, const ActivityFilter& f, QVariantList& params)
{
    QStringList where{QStringLiteral("1 = 1")};
    if (f.userId) {
        where << QStringLiteral("user_id = ?");
        params << f.userId;
    }
    if (f.clientId) {
        where << QStringLiteral("userid = ?");
        params << f.clientId;
    }
    const QString text = f.text.trimmed();
    if (!text.isEmpty()) {
        const Dialect& dialect = Dialect::of(db);
        where << QStringLiteral("(%1 OR %2)")
                     .arg(dialect.containsText(QStringLiteral("description")),
                          dialect.containsText(operatorColumn(db)));
        params << text << text;
    }
    return where.join(QLatin1String(" AND "));
}
} // namespace

QString ActivityFilter::toSearch() const
{
    if (!userId && !clientId)
        return text;
    return QString::number(userId) + separator + QString::number(clientId) + separator + text;
}

ActivityFilter ActivityFilter::fromSearch(const QString& search)
{
    ActivityFilter f;
    const QStringList parts = search.split(separator);
    if (parts.size() != 3) {
        f.text = search;
        return f;
    }
    f.userId = parts.at(0).toLongLong();
    f.clientId = parts.at(1).toLongLong();
    f.text = parts.at(2);
    return f;
}

Result<QList<ListRow>> activityPage(const QSqlDatabase& db, const ActivityFilter& filter,
                                    const ListRequest& request)
{
    // Newest first is id order: ids grow with each write, dates may repeat within a second.
    const bool descending = (request.order == Qt::DescendingOrder) != request.fromEnd;
    QVariantList params;
    QString where = condition(db, filter, params);
    if (request.after) {
        where += descending ? QStringLiteral(" AND id < ?") : QStringLiteral(" AND id > ?");
        params << request.after->second;
    }
    params << request.limit << request.offset;
    auto q = runSql(db,
                    QStringLiteral("SELECT id, date, description, %3, userid, user_id FROM "
                                   "tblactivitylog WHERE %1 ORDER BY id %2 LIMIT ? OFFSET ?")
                        .arg(where, descending ? QStringLiteral("DESC") : QStringLiteral("ASC"),
                             operatorColumn(db)),
                    params);
    if (!q)
        return q.error();
    QList<ListRow> rows;
    while (q->next()) {
        const qint64 id = q->value(0).toLongLong();
        rows << ListRow{id,
                        id,
                        {storedDate(q->value(1)), q->value(2).toString(), q->value(3).toString(),
                         q->value(4).toLongLong(), q->value(5).toLongLong()}};
    }
    if (request.fromEnd)
        std::reverse(rows.begin(), rows.end());
    return rows;
}

Result<qint64> activityCount(const QSqlDatabase& db, const ActivityFilter& filter)
{
    QVariantList params;
    const QString where = condition(db, filter, params);
    auto q = runSql(db, QStringLiteral("SELECT count(*) FROM tblactivitylog WHERE %1").arg(where),
                    params);
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : 0;
}

} // namespace accord
