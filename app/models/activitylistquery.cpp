#include "activitylistquery.h"

#include "storage/dialect.h"
#include "storage/rowstore.h"
#include "storage/sql.h"

#include <QCoreApplication>
#include <QDateTime>

#include <algorithm>

namespace accord {

namespace {
constexpr QChar separator(0x1F); // the ASCII unit separator never appears in typed text

// `user` is a reserved word on PostgreSQL and quoted differently on each engine.
QString operatorColumn(const QSqlDatabase& db)
{
    const QString driver = db.driverName();
    const Engine engine = driver == QLatin1String("QPSQL")    ? Engine::PostgreSQL
                          : driver == QLatin1String("QMYSQL") ? Engine::MySQL
                                                              : Engine::SQLite;
    return Dialect::of(engine).quoteIdentifier(QStringLiteral("user"));
}

// The WHERE condition of a filter, its parameters appended to `params`. The text is data
// (bound, and matched with instr/strpos, so '%' and '_' are ordinary characters).
QString condition(const QSqlDatabase& db, const ActivityFilter& f, QVariantList& params)
{
    QStringList where{QStringLiteral("1 = 1")};
    if (f.userId) {
        where << QStringLiteral("user_id = ?");
        params << f.userId;
    }
    if (f.clientId) {
        where << QStringLiteral("userid = ?");
        params << f.clientId;
    }
    const QString text = f.text.trimmed();
    if (!text.isEmpty()) {
        QString contains;
        if (db.driverName() == QLatin1String("QSQLITE"))
            contains = QStringLiteral("instr(accord_fold(%1), accord_fold(?)) > 0");
        else if (db.driverName() == QLatin1String("QPSQL"))
            contains = QStringLiteral("strpos(lower(%1), lower(?)) > 0");
        else
            contains = QStringLiteral("instr(lower(%1), lower(?)) > 0");
        where << QStringLiteral("(%1 OR %2)")
                     .arg(contains.arg(QStringLiteral("description")),
                          contains.arg(operatorColumn(db)));
        params << text << text;
    }
    return where.join(QLatin1String(" AND "));
}
} // namespace

QString ActivityFilter::toSearch() const
{
    if (!userId && !clientId)
        return text;
    return QString::number(userId) + separator + QString::number(clientId) + separator + text;
}

ActivityFilter ActivityFilter::fromSearch(const QString& search)
{
    ActivityFilter f;
    const QStringList parts = search.split(separator);
    if (parts.size() != 3) {
        f.text = search;
        return f;
    }
    f.userId = parts.at(0).toLongLong();
    f.clientId = parts.at(1).toLongLong();
    f.text = parts.at(2);
    return f;
}

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
    const ActivityFilter filter = ActivityFilter::fromSearch(request.search);
    // Newest first is id order: ids grow with each write, dates may repeat within a second.
    const bool descending = (request.order == Qt::DescendingOrder) != request.fromEnd;
    QVariantList params;
    QString where = condition(db, filter, params);
    if (request.after) {
        where += descending ? QStringLiteral(" AND id < ?") : QStringLiteral(" AND id > ?");
        params << request.after->second;
    }
    params << request.limit << request.offset;
    auto q = runSql(db,
                    QStringLiteral("SELECT id, date, description, %3, userid, user_id FROM "
                                   "tblactivitylog WHERE %1 ORDER BY id %2 LIMIT ? OFFSET ?")
                        .arg(where, descending ? QStringLiteral("DESC") : QStringLiteral("ASC"),
                             operatorColumn(db)),
                    params);
    if (!q)
        return q.error();
    QList<ListRow> rows;
    while (q->next()) {
        const qint64 id = q->value(0).toLongLong();
        rows << ListRow{id,
                        id,
                        {storedDate(q->value(1)), q->value(2).toString(), q->value(3).toString(),
                         q->value(4).toLongLong(), q->value(5).toLongLong()}};
    }
    if (request.fromEnd)
        std::reverse(rows.begin(), rows.end());
    return rows;
}

Result<qint64> ActivityListQuery::count(const QSqlDatabase& db, const QString& search) const
{
    QVariantList params;
    const QString where = condition(db, ActivityFilter::fromSearch(search), params);
    auto q = runSql(db, QStringLiteral("SELECT count(*) FROM tblactivitylog WHERE %1").arg(where),
                    params);
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : 0;
}

} // namespace accord
