#include "clientlistquery.h"

#include "storage/recordlists.h"

#include <QCoreApplication>

namespace accord {

SortKey ClientListQuery::sortKey(int column)
{
    switch (column) {
    case FirstName:
        return SortKey::FirstName;
    case LastName:
        return SortKey::LastName;
    case Company:
        return SortKey::Company;
    case Email:
        return SortKey::Email;
    case Status:
        return SortKey::Status;
    case UserCount:
        return SortKey::LinkCount;
    default:
        return SortKey::Id;
    }
}

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

SortSource ClientListQuery::sortSource(const Dialect& dialect, int column) const
{
    return dialect.searchIndex().sortSource(Listed::Clients, sortKey(column));
}

Result<QList<ListRow>> ClientListQuery::fetch(const QSqlDatabase& db,
                                              const ListRequest& request) const
{
    return listPage(db, Listed::Clients, sortKey(request.sortColumn), request);
}

Result<qint64> ClientListQuery::count(const QSqlDatabase& db, const QString& search) const
{
    return listCount(db, Listed::Clients, search);
}

int ClientListQuery::countParts(const Dialect& dialect, const QString& search) const
{
    return listCountParts(dialect, search);
}

Result<qint64> ClientListQuery::countPart(const QSqlDatabase& db, const QString& search, int part,
                                          int parts) const
{
    return listCount(db, Listed::Clients, search, part, parts);
}

} // namespace accord
