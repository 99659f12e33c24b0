#include "clientlistquery.h"

#include "searchfilter.h"
#include "storage/sql.h"

#include <QCoreApplication>

namespace accord {

namespace {
QString sortKey(int column)
{
    switch (column) {
    case ClientListQuery::FirstName:
        return QStringLiteral("accord_fold(c.firstname)");
    case ClientListQuery::LastName:
        return QStringLiteral("accord_fold(c.lastname)");
    case ClientListQuery::Company:
        return QStringLiteral("accord_fold(c.companyname)");
    case ClientListQuery::Email:
        return QStringLiteral("accord_fold(c.email)");
    case ClientListQuery::Status:
        return QStringLiteral("coalesce(c.status, '')");
    // Read from accord_client_stats (see keyTable), whose rows are clients by id.
    case ClientListQuery::UserCount:
        return QStringLiteral("c.user_count");
    default:
        return QStringLiteral("c.id");
    }
}

QString keyTable(int column)
{
    return column == ClientListQuery::UserCount ? QStringLiteral("accord_client_stats")
                                                : QStringLiteral("tblclients");
}

const SearchColumns clientSearch{QStringLiteral("c"),
                                 QStringLiteral("accord_clients_fts"),
                                 {QStringLiteral("firstname"), QStringLiteral("lastname")},
                                 QStringLiteral("email"),
                                 false};
} // namespace

QString ClientListQuery::header(int column) const
{
    static const char* const names[] = {QT_TRANSLATE_NOOP("ClientsList", "ID"),
                                        QT_TRANSLATE_NOOP("ClientsList", "First Name"),
                                        QT_TRANSLATE_NOOP("ClientsList", "Last Name"),
                                        QT_TRANSLATE_NOOP("ClientsList", "Company Name"),
                                        QT_TRANSLATE_NOOP("ClientsList", "Email"),
                                        QT_TRANSLATE_NOOP("ClientsList", "Status"),
                                        QT_TRANSLATE_NOOP("ClientsList", "Users")};
    if (column < 0 || column >= ColumnCount)
        return {};
    return QCoreApplication::translate("ClientsList", names[column]);
}

bool ClientListQuery::isSortable(int column) const
{
    return column >= 0 && column < ColumnCount;
}

ListQuery::SortSource ClientListQuery::sortSource(int column) const
{
    return {keyTable(column), clientSearch.alias, sortKey(column)};
}

Result<QList<ListRow>> ClientListQuery::fetch(const QSqlDatabase& db,
                                              const ListRequest& request) const
{
    auto ids = fetchOrderedIds(db, QStringLiteral("tblclients"), clientSearch,
                               sortKey(request.sortColumn), request, keyTable(request.sortColumn));
    if (!ids)
        return ids.error();
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

Result<qint64> ClientListQuery::count(const QSqlDatabase& db, const QString& search) const
{
    return countMatches(db, QStringLiteral("tblclients"), QStringLiteral("clients"), clientSearch,
                        search);
}

int ClientListQuery::countParts(const QString& search) const
{
    return countMatchesParts(search);
}

Result<qint64> ClientListQuery::countPart(const QSqlDatabase& db, const QString& search, int part,
                                          int parts) const
{
    return countMatches(db, QStringLiteral("tblclients"), QStringLiteral("clients"), clientSearch,
                        search, part, parts);
}

} // namespace accord
