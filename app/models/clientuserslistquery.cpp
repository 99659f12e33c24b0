#include "clientuserslistquery.h"

#include "domain/permission.h"
#include "storage/rowstore.h"
#include "storage/sql.h"

#include <QCoreApplication>
#include <QLocale>

#include <algorithm>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("ClientUsers", text);
}

// Cells as fetched: user id, first name, last name, email, owner, stored permissions,
// last login.
enum Cell { CellId, CellFirst, CellLast, CellEmail, CellOwner, CellPermissions, CellLastLogin };

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

// Keyset order: (not owner, user id) ascending; the key is 0 for the owner, 1 otherwise.
Result<QList<ListRow>> ClientUsersListQuery::fetch(const QSqlDatabase& db,
                                                   const ListRequest& request) const
{
    const bool backwards = request.fromEnd;
    const QString dir = backwards ? QStringLiteral("DESC") : QStringLiteral("ASC");
    QString sql = QStringLiteral(
        "SELECT u.id, u.first_name, u.last_name, u.email, l.owner, l.permissions, u.last_login, "
        "CASE WHEN l.owner <> 0 THEN 0 ELSE 1 END AS k "
        "FROM tblusers_clients l JOIN tblusers u ON u.id = l.auth_user_id "
        "WHERE l.client_id = ?");
    QVariantList params{m_clientId};
    if (request.after) {
        const QString cmp = backwards ? QStringLiteral("<") : QStringLiteral(">");
        sql += QStringLiteral(" AND ((CASE WHEN l.owner <> 0 THEN 0 ELSE 1 END) %1 ? OR "
                              "((CASE WHEN l.owner <> 0 THEN 0 ELSE 1 END) = ? AND u.id %1 ?))")
                   .arg(cmp);
        params << request.after->first << request.after->first << request.after->second;
    }
    sql += QStringLiteral(" ORDER BY k %1, u.id %1 LIMIT ? OFFSET ?").arg(dir);
    params << request.limit << request.offset;
    auto q = runSql(db, sql, params);
    if (!q)
        return q.error();
    QList<ListRow> rows;
    while (q->next())
        rows << ListRow{q->value(0).toLongLong(), q->value(7).toInt(),
                        QVariantList{q->value(0).toLongLong(), q->value(1).toString(),
                                     q->value(2).toString(), q->value(3).toString(),
                                     q->value(4).toInt() != 0, q->value(5).toString(),
                                     storedDate(q->value(6))}};
    if (backwards)
        std::reverse(rows.begin(), rows.end());
    return rows;
}

Result<qint64> ClientUsersListQuery::count(const QSqlDatabase& db, const QString&) const
{
    auto q = runSql(db,
                    QStringLiteral("SELECT count(*) FROM tblusers_clients l JOIN tblusers u ON "
                                   "u.id = l.auth_user_id WHERE l.client_id = ?"),
                    {m_clientId});
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : qint64(0);
}

} // namespace accord
