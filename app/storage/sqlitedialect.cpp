#include "sqlitedialect.h"

#include "database.h"
#include "migrations.h"
#include "queryinterrupter.h"
#include "sharedread.h"
#include "sql.h"
#include "sqlitefile.h"
#include "sqlitefunctions.h"
#include "sqlitesearchindex.h"
#include "sqlitestatement.h"

#include <QCoreApplication>
#include <QFile>
#include <QSqlError>
#include <QUrl>

#include <sqlite3.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#ifdef Q_OS_UNIX
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Storage", text);
}

// The journal mode of a connection's main database ("wal", "delete", ...).
std::string journalMode(SqliteFile& f)
{
    std::string mode;
    sqlite3_stmt* query = nullptr;
    if (sqlite3_prepare_v2(f.handle(), "PRAGMA main.journal_mode", -1, &query, nullptr) ==
            SQLITE_OK &&
        sqlite3_step(query) == SQLITE_ROW)
        if (const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(query, 0)))
            mode = text;
    sqlite3_finalize(query);
    return mode;
}

#ifdef Q_OS_UNIX
// Writes all `n` bytes, again after a signal; false with errno set on failure.
bool writeAll(int fd, const char* p, std::size_t n)
{
    while (n > 0) {
        const ssize_t w = ::write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return false;
        p += w;
        n -= std::size_t(w);
    }
    return true;
}
#endif

// Copies a file's bytes into `to` (made or emptied, 0600), inside the kernel where it can
// (copy_file_range: no page passes through this process). Returns the failure, or "".
std::string copyFileBytes(const QString& from, const QString& to)
{
#ifdef Q_OS_UNIX
    const int in = ::open(QFile::encodeName(from).constData(), O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return from.toStdString() + ": " + std::strerror(errno);
    const int out =
        ::open(QFile::encodeName(to).constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (out < 0) {
        const int e = errno;
        ::close(in);
        return to.toStdString() + ": " + std::strerror(e);
    }
    std::string failure;
    bool kernel = true;
    std::vector<char> buffer;
    for (;;) {
        ssize_t n = -1;
#ifdef Q_OS_LINUX
        if (kernel) {
            n = ::copy_file_range(in, nullptr, out, nullptr, std::size_t(1) << 30, 0);
            if (n < 0 &&
                (errno == EXDEV || errno == ENOSYS || errno == EINVAL || errno == EOPNOTSUPP)) {
                kernel = false; // on from where it stopped, through this process
                continue;
            }
        } else
#endif
        {
            buffer.resize(std::size_t(1) << 20);
            n = ::read(in, buffer.data(), buffer.size());
            if (n > 0 && !writeAll(out, buffer.data(), std::size_t(n)))
                n = -1;
        }
        if (n == 0)
            break;
        if (n < 0 && errno == EINTR)
            continue; // nothing was copied by the interrupted call
        if (n < 0) {
            failure = std::strerror(errno);
            break;
        }
    }
    ::close(in);
    ::close(out);
    return failure;
#else
    QFile::remove(to);
    return QFile::copy(from, to) ? std::string() : std::string("cannot copy ") + from.toStdString();
#endif
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
    if (scriptName == QLatin1String("002_search.sql"))
        return Migrations::sqliteSearchBackfill();
    if (scriptName == QLatin1String("005_plain_file.sql"))
        return Migrations::sqlitePlainFileScript();
    return {};
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
                                  const std::function<void(const QString&)>& pinReads) const
{
    sqlite3* handle = sqliteHandle(db);
    const char* name = handle ? sqlite3_db_filename(handle, "main") : nullptr;
    if (!name || !*name)
        return false; // not a file: its rows are copied instead
    const QString source = QString::fromUtf8(name);
    const bool readOnly = sqlite3_db_readonly(handle, "main") == 1;
    // The database's writers wait (within their busy timeout) while its pages are copied, so
    // the reads pinned meanwhile see the rows the copy holds. A file Accord may not write
    // cannot be held: its copy is read afterwards instead.
    std::optional<SqliteFile> writers;
    if (!readOnly) {
        writers.emplace(source, SqliteFile::Mode::ReadWrite);
        writers->exec("PRAGMA busy_timeout = " + std::to_string(busyTimeoutMs()));
        if (!writers->exec("BEGIN IMMEDIATE"))
            return error(QSqlError(QString(), writers->errorText(), QSqlError::StatementError,
                                   QStringLiteral("5")));
        // With the write lock held nothing changes the write-ahead log, and a checkpoint
        // that copies its frames into the file meanwhile only writes pages the log holds
        // too: the file's bytes and the log's, opened together, are the database as it is
        // now (what SQLite's own recovery after a power cut relies on). Copied by the kernel
        // they take a fraction of a second where the backup API's page by page takes
        // seconds.
        const std::string mode = journalMode(*writers);
        if (mode == "wal" || mode == "delete" || mode == "truncate" || mode == "persist") {
            if (pinReads)
                pinReads(source);
            std::string failure = copyFileBytes(source, file);
            const QString log = source + QStringLiteral("-wal");
            if (failure.empty() && mode == "wal" && QFile::exists(log))
                failure = copyFileBytes(log, file + QStringLiteral("-wal"));
            writers->exec("ROLLBACK");
            if (!failure.empty())
                return Error::make(Error::Kind::Storage, tr("Cannot copy the database's pages: %1")
                                                             .arg(QString::fromStdString(failure)));
            return true;
        }
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
    if (writers && pinReads)
        pinReads(source);
    copier.join();
    if (writers)
        writers->exec("ROLLBACK");
    if (!copyError.empty())
        return Error::make(
            Error::Kind::Storage,
            tr("Cannot copy the database's pages: %1").arg(QString::fromStdString(copyError)));
    if (!writers && pinReads)
        pinReads(file);
    return true;
}

namespace {
// The file's writers held off (BEGIN IMMEDIATE on a connection of its own) from before the
// first reader begins until the last has: each reader's first read is of that moment.
class SqliteSharedRead : public SharedRead
{
public:
    SqliteSharedRead(const QString& file, int readers)
        : SharedRead(readers), m_writers(file, SqliteFile::Mode::ReadWrite)
    {
        m_writers.exec("PRAGMA busy_timeout = " + std::to_string(busyTimeoutMs()));
        m_holding = m_writers.exec("BEGIN IMMEDIATE");
    }
    ~SqliteSharedRead() override { release(); }

protected:
    Result<void> beginOne(const QSqlDatabase& connection, bool) override
    {
        if (!m_holding)
            return Dialect::of(Engine::SQLite)
                .error(QSqlError(QString(), m_writers.errorText(), QSqlError::StatementError,
                                 QStringLiteral("5")));
        if (auto r = runSql(connection, QStringLiteral("BEGIN")); !r)
            return r.error();
        if (auto r = runSql(connection, QStringLiteral("SELECT count(*) FROM sqlite_schema")); !r)
            return r.error();
        return {};
    }
    void allBegun() override { release(); }

private:
    void release()
    {
        if (m_holding)
            m_writers.exec("ROLLBACK");
        m_holding = false;
    }
    SqliteFile m_writers;
    bool m_holding = false;
};
} // namespace

std::unique_ptr<SharedRead> SqliteDialect::shareRead(const QSqlDatabase& db, int readers) const
{
    sqlite3* handle = sqliteHandle(db);
    const char* name = handle ? sqlite3_db_filename(handle, "main") : nullptr;
    if (!name || !*name || sqlite3_db_readonly(handle, "main") == 1)
        return nullptr; // a file nobody here may write: its writers cannot be held
    return std::make_unique<SqliteSharedRead>(QString::fromUtf8(name), readers);
}

std::unique_ptr<QueryInterrupter> SqliteDialect::interrupter(const QSqlDatabase& db,
                                                             const DatabaseLocation&,
                                                             std::function<bool()> stale) const
{
    return std::make_unique<SqliteInterrupter>(sqliteHandle(db), std::move(stale));
}

} // namespace accord
