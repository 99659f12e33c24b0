#include "rowstore.h"

#include "differencestore.h"
#include "searchindex.h"
#include "sql.h"

#include <QCoreApplication>
#include <QHash>
#include <QMutex>
#include <QSet>
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
        if (!dt.isValid())
            return {};
        // A server's naive timestamp is in the session's time zone: UTC.
        if (dt.timeSpec() == Qt::LocalTime)
            dt.setTimeZone(QTimeZone::utc());
        return dt.toUTC();
    }
    QString text = value.toString().trimmed();
    if (text.isEmpty() || text.startsWith(QLatin1String("0000-00-00")))
        return {};
    // PostgreSQL's own text of a UTC timestamp: "2024-01-31 10:00:00+00".
    if (text.size() == 22 && text.at(10) == QLatin1Char(' ') &&
        text.endsWith(QLatin1String("+00"))) {
        text[10] = QLatin1Char('T');
        text.chop(3);
        text += QLatin1Char('Z');
    }
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

// What Accord needs to know of a table's columns: how to read them all, and which hold
// dates (bound through Dialect::timestamp). Read once per database and table.
struct RowStore::Shape {
    QString selectList; // with %1 for the alias prefix
    QSet<QString> temporal;
};

std::shared_ptr<const RowStore::Shape> RowStore::shape(const QString& table) const
{
    static QMutex mutex;
    static QHash<QString, std::shared_ptr<const Shape>> shapes;
    const QString key = QStringList{m_db.driverName(), m_db.hostName(),
                                    QString::number(m_db.port()), m_db.databaseName(), table}
                            .join(QLatin1Char('|'));
    QMutexLocker lock(&mutex);
    if (auto it = shapes.constFind(key); it != shapes.constEnd())
        return *it;
    lock.unlock();
    auto made = std::make_shared<Shape>();
    Shape& s = *made;
    const QSqlRecord record = m_db.record(table);
    QStringList columns;
    for (int i = 0; i < record.count(); ++i) {
        const QString name = record.fieldName(i);
        const QString column = QStringLiteral("%1") + m_dialect.quoteIdentifier(name);
        const int type = record.field(i).metaType().id();
        if (type == QMetaType::QDateTime || type == QMetaType::QDate || type == QMetaType::QTime) {
            s.temporal.insert(name);
            const QString read = m_dialect.selectTemporal(column);
            columns << (read == column
                            ? column
                            : read + QStringLiteral(" AS ") + m_dialect.quoteIdentifier(name));
        } else {
            columns << column;
        }
    }
    s.selectList = columns.isEmpty() ? QStringLiteral("%1*") : columns.join(QLatin1String(", "));
    lock.relock();
    shapes.insert(key, made);
    return made;
}

QString RowStore::selectAll(const QString& table, const QString& alias) const
{
    const QString prefix = alias.isEmpty() ? QString() : alias + QLatin1Char('.');
    return QStringLiteral("SELECT %1 FROM %2%3")
        .arg(QString(shape(table)->selectList).replace(QStringLiteral("%1"), prefix), table,
             alias.isEmpty() ? QString() : QLatin1Char(' ') + alias);
}

QVariant RowStore::bindable(const Shape& s, const QString& column, const QVariant& value) const
{
    return s.temporal.contains(column) ? m_dialect.timestamp(value) : value;
}

Result<void> RowStore::written(const QString& table, qint64 id) const
{
    // The search keys of a user or client Accord has just written, in the same transaction.
    if (table == QLatin1String("tblusers"))
        return m_dialect.searchIndex().refreshKeys(m_db, Listed::Users, id);
    if (table == QLatin1String("tblclients"))
        return m_dialect.searchIndex().refreshKeys(m_db, Listed::Clients, id);
    return {};
}

namespace {
std::function<void()>& writePhaseHook()
{
    static std::function<void()> hook;
    return hook;
}
} // namespace

void RowStore::setWritePhaseHook(std::function<void()> hook)
{
    writePhaseHook() = std::move(hook);
}

void RowStore::enterWritePhase() const
{
    if (!m_touched || m_touched->writing)
        return;
    m_touched->writing = true;
    if (writePhaseHook())
        writePhaseHook()();
}

Result<void> RowStore::lock(const QString& table, qint64 id) const
{
    enterWritePhase();
    auto q = runSql(
        m_db, QStringLiteral("SELECT id FROM %1 WHERE id = ?").arg(table) + m_dialect.forUpdate(),
        {id});
    if (!q)
        return q.error();
    if (!q->next())
        return Error::make(
            Error::Kind::NotFound,
            QCoreApplication::translate("Storage", "No record %1 in %2.").arg(id).arg(table));
    return {};
}

Result<QVariantMap> RowStore::read(const QString& table, qint64 id) const
{
    auto q = runSql(m_db, selectAll(table) + QStringLiteral(" WHERE id = ?"), {id});
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
    const auto shaped = shape(table);
    const Shape& s = *shaped;
    QStringList columns, marks;
    QVariantList params;
    for (auto it = values.begin(); it != values.end(); ++it) {
        columns << m_dialect.quoteIdentifier(it.key());
        marks << QStringLiteral("?");
        params << bindable(s, it.key(), it.value());
    }
    enterWritePhase();
    const QString insert =
        QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
            .arg(table, columns.join(QLatin1String(", ")), marks.join(QLatin1String(", ")));
    auto q = runSql(m_db, m_dialect.insertReturningId(insert), params);
    if (!q)
        return q.error();
    const qint64 id = m_dialect.returnsIdAsRow() ? (q->next() ? q->value(0).toLongLong() : 0)
                                                 : q->lastInsertId().toLongLong();
    if (auto r = written(table, id); !r)
        return r.error();
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
    enterWritePhase();
    const auto shaped = shape(table);
    const Shape& s = *shaped;
    QStringList sets;
    QVariantList params;
    for (auto it = changes.begin(); it != changes.end(); ++it) {
        sets << m_dialect.quoteIdentifier(it.key()) + QLatin1String(" = ?");
        params << bindable(s, it.key(), it.value());
    }
    const QString conditions = matchesLoaded(loaded, params);
    auto q = runSql(m_db,
                    QStringLiteral("UPDATE %1 SET %2 WHERE %3")
                        .arg(table, sets.join(QLatin1String(", ")), conditions),
                    params);
    if (!q)
        return q.error();
    if (q->numRowsAffected() == 1) {
        if (auto r = written(table, loaded.value(QStringLiteral("id")).toLongLong()); !r)
            return r;
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
    // Kept as read until the write commits: the other side of a match may not change under it.
    auto q = runSql(m_db,
                    QStringLiteral("SELECT 1 FROM %1 WHERE %2").arg(table, conditions) +
                        m_dialect.forShare(),
                    params);
    if (!q)
        return q.error();
    if (q->next())
        return {};
    return conflictOrMissing(table, loaded);
}

Result<void> RowStore::remove(const QString& table, const QVariantMap& loaded) const
{
    enterWritePhase();
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
