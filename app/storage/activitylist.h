#pragma once

#include "domain/result.h"
#include "listpage.h"

#include <QSqlDatabase>

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

// The activity log's rows, newest first (id order: dates repeat within a second). Cells:
// date (QDateTime UTC), description, who acted, client id, user id.
struct ActivityCells {
    enum { Date, Description, Operator, ClientId, UserId };
};
Result<QList<ListRow>> activityPage(const QSqlDatabase& db, const ActivityFilter& filter,
                                    const ListRequest& request);
Result<qint64> activityCount(const QSqlDatabase& db, const ActivityFilter& filter);

} // namespace accord
