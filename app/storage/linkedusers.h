#pragma once

#include "domain/result.h"
#include "listpage.h"

#include <QSqlDatabase>

namespace accord {

// The users linked to one client account (its Users tab), the owner first, then by user
// id. Cells: user id, first name, last name, email, owner, stored permissions, last login.
struct LinkedUserCells {
    enum { Id, First, Last, Email, Owner, Permissions, LastLogin };
};
Result<QList<ListRow>> linkedUsersPage(const QSqlDatabase& db, qint64 clientId,
                                       const ListRequest& request);
Result<qint64> linkedUsersCount(const QSqlDatabase& db, qint64 clientId);

} // namespace accord
