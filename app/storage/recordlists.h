#pragma once

#include "domain/result.h"
#include "listpage.h"
#include "searchindex.h"

#include <QSqlDatabase>

namespace accord {

class Dialect;

// The rows of the Manage Users and Clients lists: a page of the records a search matches
// in the order of a sort key (through the engine's SearchIndex), with the cells the lists
// show, and how many there are.
struct UserListCells {
    // id, first name, last name, email, two-factor on, last login (QDateTime), client
    // accounts, email verified.
    enum { Id, FirstName, LastName, Email, TwoFactor, LastLogin, ClientCount, Verified };
};
struct ClientListCells {
    // id, first name, last name, company, email, status, users.
    enum { Id, FirstName, LastName, Company, Email, Status, UserCount };
};

Result<QList<ListRow>> listPage(const QSqlDatabase& db, Listed listed, SortKey key,
                                const ListRequest& request);
Result<qint64> listCount(const QSqlDatabase& db, Listed listed, const QString& search, int part = 0,
                         int parts = 1);
int listCountParts(const Dialect& dialect, const QString& search);

// The rows of a page in the order of `ids`: `selectSql` has one %1 for the id list and
// returns the id first; `cells` turns a result row into the list's cells.
Result<QList<ListRow>> rowsInOrder(const QSqlDatabase& db, const KeyedIds& ids,
                                   const QString& selectSql,
                                   const std::function<QVariantList(const QSqlQuery&)>& cells);

} // namespace accord
