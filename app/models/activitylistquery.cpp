#include "activitylistquery.h"

#include <QCoreApplication>
#include <QDateTime>

namespace accord {

QString ActivityListQuery::header(int column) const
{
    static const char* const names[] = {
        QT_TRANSLATE_NOOP("ActivityLog", "Date"), QT_TRANSLATE_NOOP("ActivityLog", "Description"),
        QT_TRANSLATE_NOOP("ActivityLog", "User"), QT_TRANSLATE_NOOP("ActivityLog", "Client ID"),
        QT_TRANSLATE_NOOP("ActivityLog", "User ID")};
    if (column < 0 || column >= ColumnCount)
        return {};
    return QCoreApplication::translate("ActivityLog", names[column]);
}

QVariant ActivityListQuery::data(const ListRow& row, int column, int role) const
{
    const QVariant cell = row.cells.value(column);
    switch (role) {
    case Qt::DisplayRole:
        if (column == Date) {
            const QDateTime when = cell.toDateTime();
            return when.isValid()
                       ? when.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                       : QString();
        }
        if ((column == ClientId || column == UserId) && cell.toLongLong() == 0)
            return QString(); // the vendor writes 0 for "none"
        return cell;
    case Qt::EditRole:
        if (column == Date) {
            const QDateTime when = cell.toDateTime();
            return when.isValid() ? when.toUTC().toString(Qt::ISODate) : QString();
        }
        return cell;
    case Qt::ToolTipRole:
        return column == Description ? cell : QVariant();
    case Qt::TextAlignmentRole:
        if (column == ClientId || column == UserId)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

Result<QList<ListRow>> ActivityListQuery::fetch(const QSqlDatabase& db,
                                                const ListRequest& request) const
{
    return activityPage(db, ActivityFilter::fromSearch(request.search), request);
}

Result<qint64> ActivityListQuery::count(const QSqlDatabase& db, const QString& search) const
{
    return activityCount(db, ActivityFilter::fromSearch(search));
}

} // namespace accord
