#pragma once

#include "listquery.h"

namespace accord {

// What the Activity Log view filters on. The lazy model carries it as its search string
// (encoded by toSearch), so a filter change starts a new generation like a search does.
struct ActivityFilter {
    qint64 userId = 0;   // tblactivitylog.user_id; 0: any
    qint64 clientId = 0; // tblactivitylog.userid (the vendor's client id column); 0: any
    QString text;        // in the description or the operator's name, case-folded

    QString toSearch() const;
    static ActivityFilter fromSearch(const QString& search); // plain text: text only
    friend bool operator==(const ActivityFilter&, const ActivityFilter&) = default;
};

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
