#include "clientuserslistquery.h"

#include "domain/permission.h"
#include "storage/linkedusers.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

#include <algorithm>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("ClientUsers", text);
}

// Cells as fetched (LinkedUserCells).
enum Cell {
    CellId = LinkedUserCells::Id,
    CellFirst = LinkedUserCells::First,
    CellLast = LinkedUserCells::Last,
    CellEmail = LinkedUserCells::Email,
    CellOwner = LinkedUserCells::Owner,
    CellPermissions = LinkedUserCells::Permissions,
    CellLastLogin = LinkedUserCells::LastLogin
};

Permissions effective(const ListRow& row)
{
    return row.cells.value(CellOwner).toBool()
               ? Permissions::all()
               : Permissions::fromStored(row.cells.value(CellPermissions).toString());
}

QString fullName(const ListRow& row)
{
    return (row.cells.value(CellFirst).toString() + QLatin1Char(' ') +
            row.cells.value(CellLast).toString())
        .trimmed();
}
} // namespace

QString ClientUsersListQuery::header(int column) const
{
    switch (column) {
    case NameEmailColumn:
        return tr("Name / Email");
    case OwnerColumn:
        return tr("Owner");
    case PermissionsColumn:
        return tr("Permissions");
    case LastLoginColumn:
        return tr("Last Login Time");
    default:
        return {};
    }
}

QVariant ClientUsersListQuery::data(const ListRow& row, int column, int role) const
{
    const bool owner = row.cells.value(CellOwner).toBool();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameEmailColumn:
            return tr("%1 <%2>").arg(fullName(row), row.cells.value(CellEmail).toString());
        case OwnerColumn:
            // A word, not a colour or an icon alone: screen readers say it too.
            return owner ? tr("Owner") : QString();
        case PermissionsColumn:
            return effective(row).summary();
        case LastLoginColumn: {
            const QDateTime when = row.cells.value(CellLastLogin).toDateTime();
            return when.isValid() ? QLocale().toString(when.toLocalTime(), QLocale::ShortFormat)
                                  : tr("Never");
        }
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (column == PermissionsColumn)
            return effective(row).summary();
        if (column == OwnerColumn && owner)
            return tr("This user is the account owner and therefore has all permissions.");
        return {};
    case OwnerRole:
        return owner;
    case EmailRole:
        return row.cells.value(CellEmail);
    case NameRole:
        return fullName(row);
    case PermissionsRole:
        return effective(row).toStored();
    default:
        return {};
    }
}

Result<QList<ListRow>> ClientUsersListQuery::fetch(const QSqlDatabase& db,
                                                   const ListRequest& request) const
{
    return linkedUsersPage(db, m_clientId, request);
}

Result<qint64> ClientUsersListQuery::count(const QSqlDatabase& db, const QString&) const
{
    return linkedUsersCount(db, m_clientId);
}

} // namespace accord
