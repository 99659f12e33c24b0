#pragma once

#include "listquery.h"

namespace accord {

// The Clients list: id, first name, last name, company, email, status, users.
class ClientListQuery : public ListQuery
{
public:
    enum Column { Id, FirstName, LastName, Company, Email, Status, UserCount, ColumnCount };
    int columnCount() const override { return ColumnCount; }
    QString header(int column) const override;
    bool isSortable(int column) const override;
    Result<QList<ListRow>> fetch(const QSqlDatabase& db, const ListRequest& request) const override;
    Result<qint64> count(const QSqlDatabase& db, const QString& search) const override;
    int countParts(const Dialect& dialect, const QString& search) const override;
    Result<qint64> countPart(const QSqlDatabase& db, const QString& search, int part,
                             int parts) const override;
    SortSource sortSource(const Dialect& dialect, int column) const override;
    static SortKey sortKey(int column);
};

} // namespace accord
