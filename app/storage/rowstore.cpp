#include "rowstore.h"

#include "differencestore.h"
#include "sql.h"

#include <QCoreApplication>
#include <QSqlField>
#include <QSqlRecord>
#include <QTimeZone>

namespace accord {

QVariantMap recordToMap(const QSqlRecord& record)
{
    QVariantMap map;
    for (int i = 0; i < record.count(); ++i)
        map.insert(record.fieldName(i), record.value(i));
    return map;
}

QDateTime storedDate(const QVariant& value)
{
    if (value.isNull())
        return {};
    if (value.metaType().id() == QMetaType::QDateTime) {
        QDateTime dt = value.toDateTime();
        return dt.isValid() ? dt.toUTC() : QDateTime();
    }
    const QString text = value.toString().trimmed();
    if (text.isEmpty() || text.startsWith(QLatin1String("0000-00-00")))
        return {};
    QDateTime dt = QDateTime::fromString(text, Qt::ISODate);
    if (!dt.isValid())
        dt = QDateTime::fromString(text, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (!dt.isValid())
        dt = QDateTime(QDate::fromString(text, Qt::ISODate), QTime(0, 0));
    if (!dt.isValid())
        return {};
    if (dt.timeSpec() == Qt::LocalTime)
        dt.setTimeZone(QTimeZone::utc());
    return dt.toUTC();
}

QString storedDateText(const QDateTime& utc)
{
    if (!utc.isValid())
        return {};
    return utc.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ"));
}

QString nowText()
{
    return storedDateText(QDateTime::currentDateTimeUtc());
}

namespace {
// The driver reads an empty blob (the vendor's x'' defaults) as a null QByteArray, which
// would bind as NULL and make every optimistic WHERE miss; bind it as the empty blob it is.
QVariant asLoaded(const QVariant& value)
{
    if (value.metaType().id() == QMetaType::QByteArray && !value.isNull() &&
        value.toByteArray().isNull())
        return QVariant(QByteArray("", 0));
    return value;
}
} // namespace

Result<QVariantMap> RowStore::read(const QString& table, qint64 id) const
{
    auto q = runSql(m_db, QStringLiteral("SELECT * FROM %1 WHERE id = ?").arg(table), {id});
    if (!q)
        return q.error();
    if (!q->next())
        return Error::make(
            Error::Kind::NotFound,
            QCoreApplication::translate("Storage", "No record %1 in %2.").arg(id).arg(table));
    return recordToMap(q->record());
}

Result<qint64> RowStore::insert(const QString& table, const QVariantMap& values) const
{
    QStringList columns, marks;
    QVariantList params;
    for (auto it = values.begin(); it != values.end(); ++it) {
        columns << m_dialect.quoteIdentifier(it.key());
        marks << QStringLiteral("?");
        params << it.value();
    }
    auto q =
        runSql(m_db,
               QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                   .arg(table, columns.join(QLatin1String(", ")), marks.join(QLatin1String(", "))),
               params);
    if (!q)
        return q.error();
    const qint64 id = q->lastInsertId().toLongLong();
    touch(table, values, id);
    return id;
}

void RowStore::touch(const QString& table, const QVariantMap& row, qint64 id) const
{
    if (!m_touched)
        return;
    if (!id)
        id = row.value(QStringLiteral("id")).toLongLong();
    if (table == QLatin1String("tblusers"))
        m_touched->users.insert(id);
    else if (table == QLatin1String("tblclients"))
        m_touched->clients.insert(id);
    else if (table == QLatin1String("tblusers_clients"))
        m_touched->links.insert({row.value(QStringLiteral("auth_user_id")).toLongLong(),
                                 row.value(QStringLiteral("client_id")).toLongLong()});
}

Result<void> RowStore::update(const QString& table, const QVariantMap& loaded,
                              const QVariantMap& changes) const
{
    if (changes.isEmpty())
        return {};
    QStringList sets;
    QVariantList params;
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        sets << m_dialect.quoteIdentifier(it.key()) + QLatin1String(" = ?");
        params << it.value();
    }
    const QString conditions = matchesLoaded(loaded, params);
    auto q = runSql(m_db,
                    QStringLiteral("UPDATE %1 SET %2 WHERE %3")
                        .arg(table, sets.join(QLatin1String(", ")), conditions),
                    params);
    if (!q)
        return q.error();
    if (q->numRowsAffected() == 1) {
        touch(table, loaded);
        return {};
    }
    return conflictOrMissing(table, loaded);
}

QString RowStore::matchesLoaded(const QVariantMap& loaded, QVariantList& params) const
{
    QStringList conditions;
    for (auto it = loaded.begin(); it != loaded.end(); ++it) {
        conditions << m_dialect.nullSafeEquals(m_dialect.quoteIdentifier(it.key()),
                                               QStringLiteral("?"));
        params << asLoaded(it.value());
    }
    return conditions.join(QLatin1String(" AND "));
}

Result<void> RowStore::verify(const QString& table, const QVariantMap& loaded) const
{
    QVariantList params;
    const QString conditions = matchesLoaded(loaded, params);
    auto q =
        runSql(m_db, QStringLiteral("SELECT 1 FROM %1 WHERE %2").arg(table, conditions), params);
    if (!q)
        return q.error();
    if (q->next())
        return {};
    return conflictOrMissing(table, loaded);
}

Result<void> RowStore::remove(const QString& table, const QVariantMap& loaded) const
{
    QVariantList params;
    const QString conditions = matchesLoaded(loaded, params);
    auto q = runSql(m_db, QStringLiteral("DELETE FROM %1 WHERE %2").arg(table, conditions), params);
    if (!q)
        return q.error();
    if (q->numRowsAffected() == 1) {
        touch(table, loaded);
        return {};
    }
    return conflictOrMissing(table, loaded);
}

Result<void> RowStore::conflictOrMissing(const QString& table, const QVariantMap& loaded) const
{
    const qint64 id = loaded.value(QStringLiteral("id")).toLongLong();
    auto now = read(table, id);
    if (!now)
        return Error::make(
            Error::Kind::NotFound,
            QCoreApplication::translate("Storage", "The record was deleted by another session."));
    Error e =
        Error::make(Error::Kind::Conflict,
                    QCoreApplication::translate(
                        "Storage", "Another session changed this record since it was "
                                   "loaded; nothing was saved. Reload to see their version."));
    e.mine = loaded;
    e.theirs = *now;
    return e;
}

} // namespace accord
