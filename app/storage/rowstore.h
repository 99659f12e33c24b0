#pragma once

#include "dialect.h"
#include "domain/result.h"

#include <QDateTime>
#include <QSqlDatabase>
#include <QVariantMap>

#include <functional>
#include <memory>

namespace accord {

struct TouchedRecords;

// Row-level reads and writes shared by the repositories. Updates are optimistic: the
// WHERE holds every column as the caller loaded it, so any change made meanwhile (even
// within the same second) makes the update match nothing and come back as a Conflict.
class RowStore
{
public:
    // Writes through a store with `touched` record which users, clients and links they
    // changed (a WriteScope refreshes their differences before it commits).
    RowStore(QSqlDatabase db, const Dialect& dialect, TouchedRecords* touched = nullptr)
        : m_db(std::move(db)), m_dialect(dialect), m_touched(touched)
    {
    }

    Result<QVariantMap> read(const QString& table, qint64 id) const;
    // "SELECT <every column> FROM table alias": dates and timestamps read as the stored
    // text the optimistic WHERE binds back (Dialect::selectTemporal).
    QString selectAll(const QString& table, const QString& alias = {}) const;
    Result<qint64> insert(const QString& table, const QVariantMap& values) const;
    Result<void> update(const QString& table, const QVariantMap& loaded,
                        const QVariantMap& changes) const;
    Result<void> remove(const QString& table, const QVariantMap& loaded) const;
    // The same check without a write: a Conflict (or NotFound) unless the row is still
    // exactly as loaded. For records a write reads from but does not change (a match's
    // source side).
    Result<void> verify(const QString& table, const QVariantMap& loaded) const;

    // Locks the row until the transaction ends (a SELECT ... FOR UPDATE where the engine
    // locks rows; SQLite's write lock already covers the file). NotFound when it is gone.
    Result<void> lock(const QString& table, qint64 id) const;

    // For tests of concurrent sessions: called once per write, before its first lock or
    // change (after its reads), on the writing thread. Empty in the application.
    static void setWritePhaseHook(std::function<void()> hook);

    const QSqlDatabase& db() const { return m_db; }
    const Dialect& dialect() const { return m_dialect; }

private:
    struct Shape;
    std::shared_ptr<const Shape> shape(const QString& table) const;
    QVariant bindable(const Shape& shape, const QString& column, const QVariant& value) const;
    Result<void> written(const QString& table, qint64 id) const;
    void enterWritePhase() const;
    Result<void> conflictOrMissing(const QString& table, const QVariantMap& loaded) const;
    void touch(const QString& table, const QVariantMap& row, qint64 id = 0) const;
    // "every column equals its loaded value" (NULL-safe), binding the values to params.
    QString matchesLoaded(const QVariantMap& loaded, QVariantList& params) const;
    QSqlDatabase m_db;
    const Dialect& m_dialect;
    TouchedRecords* m_touched = nullptr;
};

QVariantMap recordToMap(const class QSqlRecord& record);
// Stored timestamps: ISO 8601 UTC text (or a server's own text of a UTC timestamp); the
// vendor's zero dates and blanks read as null.
QDateTime storedDate(const QVariant& value);
QString storedDateText(const QDateTime& utc);
QString nowText();

} // namespace accord
