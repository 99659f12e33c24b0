#include "recordlists.h"

#include "dialect.h"
#include "rowstore.h"
#include "sql.h"

#include <QHash>

namespace accord {

Result<QList<ListRow>> rowsInOrder(const QSqlDatabase& db, const KeyedIds& ids,
                                   const QString& selectSql,
                                   const std::function<QVariantList(const QSqlQuery&)>& cells)
{
    if (ids.isEmpty())
        return QList<ListRow>();
    QStringList marks;
    QVariantList params;
    for (const auto& [key, id] : ids) {
        marks << QStringLiteral("?");
        params << id;
    }
    auto q = runSql(db, selectSql.arg(marks.join(QLatin1Char(','))), params);
    if (!q)
        return q.error();
    QHash<qint64, QVariantList> byId;
    while (q->next())
        byId.insert(q->value(0).toLongLong(), cells(*q));
    QList<ListRow> rows;
    rows.reserve(ids.size());
    for (const auto& [key, id] : ids)
        if (auto it = byId.constFind(id); it != byId.constEnd())
            rows << ListRow{id, key, *it};
    return rows;
}

Result<QList<ListRow>> listPage(const QSqlDatabase& db, Listed listed, SortKey key,
                                const ListRequest& request)
{
    const Dialect& dialect = Dialect::of(db);
    auto ids =
        dialect.searchIndex().page(db, listed, key, SearchTerm::parse(request.search), request);
    if (!ids)
        return ids.error();
    if (listed == Listed::Users)
        return rowsInOrder(
            db, *ids,
            QStringLiteral("SELECT u.id, u.first_name, u.last_name, u.email, "
                           "u.email_verified_at, u.second_factor <> '', u.last_login, "
                           "(SELECT count(*) FROM tblusers_clients l WHERE l.auth_user_id "
                           "= u.id) FROM tblusers u WHERE u.id IN (%1)"),
            [](const QSqlQuery& q) -> QVariantList {
                return {q.value(0).toLongLong(), q.value(1).toString(),
                        q.value(2).toString(),   q.value(3).toString(),
                        q.value(5).toBool(),     storedDate(q.value(6)),
                        q.value(7).toInt(),      !storedDate(q.value(4)).isNull()};
            });
    return rowsInOrder(
        db, *ids,
        QStringLiteral("SELECT c.id, c.firstname, c.lastname, c.companyname, c.email, c.status, "
                       "(SELECT count(*) FROM tblusers_clients l WHERE l.client_id = c.id) FROM "
                       "tblclients c WHERE c.id IN (%1)"),
        [](const QSqlQuery& q) -> QVariantList {
            return {q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                    q.value(3).toString(),   q.value(4).toString(), q.value(5).toString(),
                    q.value(6).toInt()};
        });
}

Result<qint64> listCount(const QSqlDatabase& db, Listed listed, const QString& search, int part,
                         int parts)
{
    return Dialect::of(db).searchIndex().count(db, listed, SearchTerm::parse(search), part, parts);
}

int listCountParts(const Dialect& dialect, const QString& search)
{
    return dialect.searchIndex().countParts(SearchTerm::parse(search));
}

} // namespace accord
