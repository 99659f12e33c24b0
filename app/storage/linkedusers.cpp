#include "linkedusers.h"

#include "rowstore.h"
#include "sql.h"

#include <algorithm>

namespace accord {

// Keyset order: (not owner, user id) ascending; the key is 0 for the owner, 1 otherwise.
Result<QList<ListRow>> linkedUsersPage(const QSqlDatabase& db, qint64 clientId,
                                       const ListRequest& request)
{
    const bool backwards = request.fromEnd;
    const QString dir = backwards ? QStringLiteral("DESC") : QStringLiteral("ASC");
    QString sql = QStringLiteral(
        "SELECT u.id, u.first_name, u.last_name, u.email, l.owner, l.permissions, u.last_login, "
        "CASE WHEN l.owner <> 0 THEN 0 ELSE 1 END AS k "
        "FROM tblusers_clients l JOIN tblusers u ON u.id = l.auth_user_id "
        "WHERE l.client_id = ?");
    QVariantList params{clientId};
    if (request.after) {
        const QString cmp = backwards ? QStringLiteral("<") : QStringLiteral(">");
        sql += QStringLiteral(" AND ((CASE WHEN l.owner <> 0 THEN 0 ELSE 1 END) %1 ? OR "
                              "((CASE WHEN l.owner <> 0 THEN 0 ELSE 1 END) = ? AND u.id %1 ?))")
                   .arg(cmp);
        params << request.after->first.toInt() << request.after->first.toInt()
               << request.after->second;
    }
    sql += QStringLiteral(" ORDER BY k %1, u.id %1 LIMIT ? OFFSET ?").arg(dir);
    params << request.limit << request.offset;
    auto q = runSql(db, sql, params);
    if (!q)
        return q.error();
    QList<ListRow> rows;
    while (q->next())
        rows << ListRow{q->value(0).toLongLong(), q->value(7).toInt(),
                        QVariantList{q->value(0).toLongLong(), q->value(1).toString(),
                                     q->value(2).toString(), q->value(3).toString(),
                                     q->value(4).toInt() != 0, q->value(5).toString(),
                                     storedDate(q->value(6))}};
    if (backwards)
        std::reverse(rows.begin(), rows.end());
    return rows;
}

Result<qint64> linkedUsersCount(const QSqlDatabase& db, qint64 clientId)
{
    auto q = runSql(db,
                    QStringLiteral("SELECT count(*) FROM tblusers_clients l JOIN tblusers u ON "
                                   "u.id = l.auth_user_id WHERE l.client_id = ?"),
                    {clientId});
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : qint64(0);
}

} // namespace accord
