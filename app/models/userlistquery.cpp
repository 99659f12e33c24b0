#include "userlistquery.h"

#include "storage/recordlists.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace accord {

SortKey UserListQuery::sortKey(int column)
{
    switch (column) {
    case FirstName:
        return SortKey::FirstName;
    case LastName:
        return SortKey::LastName;
    case Email:
        return SortKey::Email;
    case LastLogin:
        return SortKey::LastLogin;
    case TwoFactor:
        return SortKey::TwoFactor;
    case ClientCount:
        return SortKey::LinkCount;
    default:
        return SortKey::Id;
    }
}

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

SortSource UserListQuery::sortSource(const Dialect& dialect, int column) const
{
    return dialect.searchIndex().sortSource(Listed::Users, sortKey(column));
}

bool UserListQuery::isSortable(int column) const
{
    return column >= 0 && column < ColumnCount;
}

// cells: UserListCells (the seven columns, then whether the email is verified).
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
    return listPage(db, Listed::Users, sortKey(request.sortColumn), request);
}

Result<qint64> UserListQuery::count(const QSqlDatabase& db, const QString& search) const
{
    return listCount(db, Listed::Users, search);
}

int UserListQuery::countParts(const Dialect& dialect, const QString& search) const
{
    return listCountParts(dialect, search);
}

Result<qint64> UserListQuery::countPart(const QSqlDatabase& db, const QString& search, int part,
                                        int parts) const
{
    return listCount(db, Listed::Users, search, part, parts);
}

} // namespace accord
