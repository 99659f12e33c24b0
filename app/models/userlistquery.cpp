#include "userlistquery.h"

#include "searchfilter.h"
#include "storage/rowstore.h"
#include "storage/sql.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace accord {

namespace {
// Sort keys are never NULL (row-value comparisons with NULL match nothing), and each has
// an index in the schema.
QString sortKey(int column)
{
    switch (column) {
    case UserListQuery::FirstName:
        return QStringLiteral("accord_fold(u.first_name)");
    case UserListQuery::LastName:
        return QStringLiteral("accord_fold(u.last_name)");
    case UserListQuery::Email:
        return QStringLiteral("accord_fold_email(u.email)");
    case UserListQuery::LastLogin:
        return QStringLiteral("coalesce(u.last_login, '')");
    case UserListQuery::TwoFactor:
        return QStringLiteral("(coalesce(u.second_factor, '') <> '')");
    // Read from accord_user_stats (see keyTable), whose rows are users by id.
    case UserListQuery::ClientCount:
        return QStringLiteral("u.client_count");
    default:
        return QStringLiteral("u.id");
    }
}

// The table the sort key lives in, aliased u with the user's id as its id: the per-user
// link count is kept in accord_user_stats, everything else is a tblusers column.
QString keyTable(int column)
{
    return column == UserListQuery::ClientCount ? QStringLiteral("accord_user_stats")
                                                : QStringLiteral("tblusers");
}

const SearchColumns userSearch{QStringLiteral("u"),
                               QStringLiteral("accord_users_fts"),
                               {QStringLiteral("first_name"), QStringLiteral("last_name")},
                               QStringLiteral("email")};
} // namespace

QString UserListQuery::header(int column) const
{
    switch (column) {
    case Id:
        return QCoreApplication::translate("ManageUsers", "ID");
    case FirstName:
        return QCoreApplication::translate("ManageUsers", "First Name");
    case LastName:
        return QCoreApplication::translate("ManageUsers", "Last Name");
    case Email:
        return QCoreApplication::translate("ManageUsers", "Email");
    case TwoFactor:
        return QCoreApplication::translate("ManageUsers", "Two Factor");
    case LastLogin:
        return QCoreApplication::translate("ManageUsers", "Last Login");
    case ClientCount:
        return QCoreApplication::translate("ManageUsers", "Client Accounts");
    default:
        return {};
    }
}

ListQuery::SortSource UserListQuery::sortSource(int column) const
{
    return {keyTable(column), userSearch.alias, sortKey(column)};
}

bool UserListQuery::isSortable(int column) const
{
    return column >= 0 && column < ColumnCount;
}

// cells: the seven columns, then whether the email is verified.
QVariant UserListQuery::data(const ListRow& row, int column, int role) const
{
    const bool verified = row.cells.value(ColumnCount).toBool();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case Email:
            // The badge is words, not only colour: a screen reader says it too.
            return verified ? QCoreApplication::translate("ManageUsers", "%1 ✓ verified")
                                  .arg(row.cells.value(Email).toString())
                            : row.cells.value(Email);
        case TwoFactor:
            return row.cells.value(TwoFactor).toBool()
                       ? QCoreApplication::translate("ManageUsers", "Enabled")
                       : QCoreApplication::translate("ManageUsers", "Off");
        case LastLogin: {
            const QDateTime when = row.cells.value(LastLogin).toDateTime();
            return when.isValid() ? QLocale().toString(when.toLocalTime(), QLocale::ShortFormat)
                                  : QCoreApplication::translate("ManageUsers", "Never");
        }
        default:
            return row.cells.value(column);
        }
    case Qt::ToolTipRole:
        if (column == Email)
            return verified
                       ? QCoreApplication::translate("ManageUsers", "Email address verified")
                       : QCoreApplication::translate("ManageUsers", "Email address not verified");
        return {};
    case Qt::EditRole:
        return row.cells.value(column);
    case Qt::TextAlignmentRole:
        if (column == Id || column == ClientCount)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

Result<QList<ListRow>> UserListQuery::fetch(const QSqlDatabase& db,
                                            const ListRequest& request) const
{
    auto ids = fetchOrderedIds(db, QStringLiteral("tblusers"), userSearch,
                               sortKey(request.sortColumn), request, keyTable(request.sortColumn));
    if (!ids)
        return ids.error();
    return rowsInOrder(
        db, *ids,
        QStringLiteral("SELECT u.id, u.first_name, u.last_name, u.email, "
                       "u.email_verified_at, u.second_factor <> '', u.last_login, "
                       "(SELECT count(*) FROM tblusers_clients l WHERE l.auth_user_id "
                       "= u.id) FROM tblusers u WHERE u.id IN (%1)"),
        [](const QSqlQuery& q) -> QVariantList {
            const qint64 id = q.value(0).toLongLong();
            return {id,
                    q.value(1).toString(),
                    q.value(2).toString(),
                    q.value(3).toString(),
                    q.value(5).toBool(),
                    storedDate(q.value(6)),
                    q.value(7).toInt(),
                    !storedDate(q.value(4)).isNull()};
        });
}

Result<qint64> UserListQuery::count(const QSqlDatabase& db, const QString& search) const
{
    return countMatches(db, QStringLiteral("tblusers"), QStringLiteral("users"), userSearch,
                        search);
}

int UserListQuery::countParts(const QString& search) const
{
    return countMatchesParts(search);
}

Result<qint64> UserListQuery::countPart(const QSqlDatabase& db, const QString& search, int part,
                                        int parts) const
{
    return countMatches(db, QStringLiteral("tblusers"), QStringLiteral("users"), userSearch, search,
                        part, parts);
}

} // namespace accord
