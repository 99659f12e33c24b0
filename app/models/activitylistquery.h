#pragma once

#include "listquery.h"
#include "storage/activitylist.h"

namespace accord {

// The Activity Log list (tblactivitylog): date (local time), description, who acted,
// client id, user id; newest first.
class ActivityListQuery : public ListQuery
{
public:
    enum Column { Date, Description, Operator, ClientId, UserId, ColumnCount };
    int columnCount() const override { return ColumnCount; }
    QString header(int column) const override;
    bool isSortable(int column) const override { return column == Date; }
    int defaultSortColumn() const override { return Date; }
    QVariant data(const ListRow& row, int column, int role) const override;
    Result<QList<ListRow>> fetch(const QSqlDatabase& db, const ListRequest& request) const override;
    Result<qint64> count(const QSqlDatabase& db, const QString& search) const override;
};

} // namespace accord
