#include "sqlitedialect.h"

#include "database.h"
#include "migrations.h"
#include "queryinterrupter.h"
#include "sql.h"
#include "sqlitefile.h"
#include "sqlitefunctions.h"
#include "sqlitesearchindex.h"
#include "sqlitestatement.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QUrl>

#include <sqlite3.h>

#include <atomic>
#include <optional>
#include <string>
#include <thread>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Storage", text);
}

// sqlite3_interrupt() for a newer keystroke, and a progress handler that ends a query
// which started after the interrupt came (it would otherwise be missed between taking a
// job and stepping its statement).
class SqliteInterrupter : public QueryInterrupter
{
public:
    SqliteInterrupter(sqlite3* handle, std::function<bool()> stale)
        : m_handle(handle), m_stale(std::move(stale))
    {
        if (m_handle)
            sqlite3_progress_handler(m_handle, 4000, &SqliteInterrupter::progress, this);
    }
    ~SqliteInterrupter() override
    {
        if (m_handle)
            sqlite3_progress_handler(m_handle, 0, nullptr, nullptr);
    }
    void interrupt() override
    {
        if (m_handle)
            sqlite3_interrupt(m_handle);
    }

private:
    static int progress(void* self)
    {
        const auto* me = static_cast<SqliteInterrupter*>(self);
        return me->m_stale && me->m_stale() ? 1 : 0;
    }
    sqlite3* m_handle;
    std::function<bool()> m_stale;
};
} // namespace

void SqliteDialect::prepare(QSqlDatabase& db, const DatabaseLocation& location, bool readOnly) const
{
    if (readOnly) {
        // A file Accord may not write cannot hold WAL's shared memory either: read it as
        // immutable (a cleanly closed database has no pending WAL).
        db.setDatabaseName(QUrl::fromLocalFile(location.path).toString() +
                           QStringLiteral("?immutable=1"));
        db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"));
    } else {
        db.setDatabaseName(location.path);
    }
}

Result<void> SqliteDialect::configure(const QSqlDatabase& db, bool readOnly) const
{
    if (!registerSqliteFunctions(db))
        return Error::make(Error::Kind::Storage, tr("Cannot register Accord's SQL functions."));
    QStringList pragmas{QStringLiteral("PRAGMA busy_timeout = %1").arg(busyTimeoutMs()),
                        QStringLiteral("PRAGMA foreign_keys = OFF"),
                        QStringLiteral("PRAGMA synchronous = NORMAL")};
    if (!readOnly)
        pragmas.prepend(QStringLiteral("PRAGMA journal_mode = WAL"));
    for (const QString& p : pragmas)
        if (auto r = runSql(db, p); !r)
            return r.error();
    return {};
}

Error SqliteDialect::error(const QSqlError& error) const
{
    const QString code = error.nativeErrorCode();
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    // SQLITE_BUSY (5) and SQLITE_LOCKED (6).
    if (code == QLatin1String("5") || code == QLatin1String("6") ||
        text.contains(QLatin1String("database is locked")))
        return Error::make(Error::Kind::Busy,
                           tr("The database is busy: another program is writing to it. Try "
                              "again in a moment."));
    // SQLITE_CONSTRAINT_UNIQUE (2067), SQLITE_CONSTRAINT_PRIMARYKEY (1555).
    if (code == QLatin1String("2067") || code == QLatin1String("1555") ||
        text.contains(QLatin1String("UNIQUE constraint failed")))
        return Error::make(Error::Kind::Clash, tr("That value is already used: %1").arg(text));
    if (code == QLatin1String("8") || text.contains(QLatin1String("readonly database")))
        return Error::make(Error::Kind::ReadOnly, tr("The database is read-only."));
    return Error::make(Error::Kind::Storage, tr("Database error: %1").arg(text));
}

QString SqliteDialect::afterScript(const QString& scriptName) const
{
    return scriptName == QLatin1String("002_search.sql") ? Migrations::sqliteSearchBackfill()
                                                         : QString();
}

QString SqliteDialect::containsText(const QString& column) const
{
    return QStringLiteral("instr(accord_fold(%1), accord_fold(?)) > 0").arg(column);
}

std::unique_ptr<RowCursor> SqliteDialect::cursor(const QSqlDatabase& db, const QString& sql,
                                                 const QVariantList& params) const
{
    return std::make_unique<SqliteStatement>(db, sql, params);
}

const SearchIndex& SqliteDialect::searchIndex() const
{
    static const SqliteSearchIndex index;
    return index;
}

Result<bool>
SqliteDialect::copyIntoSqliteFile(const QSqlDatabase& db, const QString& file,
                                  const std::function<void(const QString&)>& sameRows) const
{
    sqlite3* handle = sqliteHandle(db);
    const char* name = handle ? sqlite3_db_filename(handle, "main") : nullptr;
    if (!name || !*name)
        return false; // not a file: its rows are copied instead
    const QString source = QString::fromUtf8(name);
    const bool readOnly = sqlite3_db_readonly(handle, "main") == 1;
    // The database's writers wait (within their busy timeout) while its pages are copied, so
    // the rows read from it meanwhile are the copy's. A file Accord may not write cannot be
    // held: its copy is read afterwards instead.
    std::optional<SqliteFile> writers;
    if (!readOnly) {
        writers.emplace(source, SqliteFile::Mode::ReadWrite);
        writers->exec("PRAGMA busy_timeout = " + std::to_string(busyTimeoutMs()));
        if (!writers->exec("BEGIN IMMEDIATE"))
            return error(QSqlError(QString(), writers->errorText(), QSqlError::StatementError,
                                   QStringLiteral("5")));
    }
    std::string copyError;
    std::thread copier([&] {
        // The backup API: every page once, in one read transaction (no rows decoded).
        SqliteFile from(source,
                        readOnly ? SqliteFile::Mode::Immutable : SqliteFile::Mode::ReadOnly);
        from.exec("PRAGMA mmap_size = 2147418112");
        SqliteFile to(file, SqliteFile::Mode::ReadWrite);
        to.exec("PRAGMA journal_mode = OFF");
        to.exec("PRAGMA synchronous = OFF");
        if (!from.ok() || !to.ok()) {
            copyError = from.ok() ? to.error() : from.error();
            return;
        }
        sqlite3_backup* backup = sqlite3_backup_init(to.handle(), "main", from.handle(), "main");
        if (!backup) {
            copyError = sqlite3_errmsg(to.handle());
            return;
        }
        const int rc = sqlite3_backup_step(backup, -1);
        sqlite3_backup_finish(backup);
        if (rc != SQLITE_DONE)
            copyError = sqlite3_errstr(rc);
    });
    if (writers && sameRows)
        sameRows(source);
    copier.join();
    if (writers)
        writers->exec("ROLLBACK");
    if (!copyError.empty())
        return Error::make(
            Error::Kind::Storage,
            tr("Cannot copy the database's pages: %1").arg(QString::fromStdString(copyError)));
    if (!writers && sameRows)
        sameRows(file);
    return true;
}

std::unique_ptr<QueryInterrupter> SqliteDialect::interrupter(const QSqlDatabase& db,
                                                             const DatabaseLocation&,
                                                             std::function<bool()> stale) const
{
    return std::make_unique<SqliteInterrupter>(sqliteHandle(db), std::move(stale));
}

} // namespace accord
