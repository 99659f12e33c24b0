#pragma once

#include "listquery.h"

namespace accord {

// The users linked to one client account (its Users tab): name and email with the Owner
// label, permissions, last login; the owner first, then by user id. Not searchable or
// sortable: a client has a handful of users, but the list stays lazy like the others.
class ClientUsersListQuery : public ListQuery
{
public:
    enum Column { NameEmailColumn, OwnerColumn, PermissionsColumn, LastLoginColumn, ColumnCount };
    enum Role {
        OwnerRole = Qt::UserRole + 20, // bool
        EmailRole,                     // QString
        NameRole,                      // QString
        PermissionsRole,               // QString: the effective permissions, stored form
    };

    explicit ClientUsersListQuery(qint64 clientId) : m_clientId(clientId) {}
    qint64 clientId() const { return m_clientId; }

    int columnCount() const override { return ColumnCount; }
    QString header(int column) const override;
    bool isSortable(int) const override { return false; }
    Qt::SortOrder defaultSortOrder() const override { return Qt::AscendingOrder; }
    QVariant data(const ListRow& row, int column, int role) const override;
    Result<QList<ListRow>> fetch(const QSqlDatabase& db, const ListRequest& request) const override;
    Result<qint64> count(const QSqlDatabase& db, const QString& search) const override;

private:
    qint64 m_clientId;
};

} // namespace accord
