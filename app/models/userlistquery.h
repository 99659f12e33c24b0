#pragma once

#include "listquery.h"

namespace accord {

// The Manage Users list: id, first name, last name, email (verified), 2FA, last login,
// client accounts; default order id descending.
class UserListQuery : public ListQuery
{
public:
    enum Column { Id, FirstName, LastName, Email, TwoFactor, LastLogin, ClientCount, ColumnCount };
    int columnCount() const override { return ColumnCount; }
    QString header(int column) const override;
    bool isSortable(int column) const override;
    QVariant data(const ListRow& row, int column, int role) const override;
    Result<QList<ListRow>> fetch(const QSqlDatabase& db, const ListRequest& request) const override;
    Result<qint64> count(const QSqlDatabase& db, const QString& search) const override;
    int countParts(const Dialect& dialect, const QString& search) const override;
    Result<qint64> countPart(const QSqlDatabase& db, const QString& search, int part,
                             int parts) const override;
    SortSource sortSource(const Dialect& dialect, int column) const override;
    static SortKey sortKey(int column);
};

} // namespace accord
