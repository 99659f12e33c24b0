#pragma once

#include "domain/result.h"

#include <QSqlDatabase>
#include <QString>

#include <functional>
#include <memory>

class QSqlError;

namespace accord {

enum class Engine { SQLite, PostgreSQL, MySQL };
enum class TlsMode;

struct DatabaseLocation;
class BulkTable;
class QueryInterrupter;
class RowCursor;
class SearchIndex;
class SharedRead;

// Everything that differs between the SQL engines, one subclass per engine
// (sqlitedialect, postgresdialect, mysqldialect): nothing outside them asks which engine it
// is on. A new engine is a new Dialect and a new migrations folder.
class Dialect
{
public:
    static const Dialect& of(Engine engine);
    // The dialect of a connection, from its Qt driver (QSQLITE, QPSQL, QMYSQL).
    static const Dialect& of(const QSqlDatabase& db);
    virtual ~Dialect() = default;
    Dialect(const Dialect&) = delete;
    Dialect& operator=(const Dialect&) = delete;

    Engine engine() const { return m_engine; }
    virtual QString driverName() const = 0;
    // "SQLite", "PostgreSQL", "MariaDB" for messages.
    virtual QString displayName() const = 0;
    // The URL schemes of a server location (postgresql://...), the first one canonical;
    // none for a file.
    virtual QStringList urlSchemes() const { return {}; }
    virtual int defaultPort() const { return 0; }
    // Where a server's password may come from besides the keychain, for messages and for
    // headless commands: the engine's environment variable.
    virtual QString passwordVariable() const { return {}; }
    virtual QString migrationsFolder() const = 0; // a resource folder of NNN_name.sql files

    // --- connections
    // A file on this machine (SQLite) rather than a server: created by `init`, copied to
    // NAME.bak-<version> before a migration, read-only when the file is.
    virtual bool isEmbedded() const { return false; }
    // Sets the connection up before it opens (file name or host, user, options).
    virtual void prepare(QSqlDatabase& db, const DatabaseLocation& location,
                         bool readOnly) const = 0;
    // Session settings after it opened: time zone, timeouts, SQL functions.
    virtual Result<void> configure(const QSqlDatabase& db, bool readOnly) const = 0;
    // A connection that would not open, in Accord's words, with `field` naming what to fix
    // in the Connect dialog: "host" (unreachable, nothing listening), "password" (the
    // server refused the user or password), "tls" (a certificate not trusted, no TLS on the
    // server), "database" (no such database). Anything else as error() says.
    virtual Error connectionError(const QSqlError& error, const DatabaseLocation& location) const;
    // The TLS modes this engine's driver can honour (none for a file).
    virtual QList<TlsMode> tlsModes() const { return {}; }
    // After a connection opened: refused when the location asks for TLS and the
    // connection is not encrypted.
    virtual Result<void> checkTls(const QSqlDatabase&, const DatabaseLocation&) const { return {}; }
    // Why this connection may not change data ("" when it may): a role without write
    // privileges, a replica. Asked once when a database opens.
    virtual Result<QString> readOnlyReason(const QSqlDatabase& db) const;

    // --- errors
    // A driver error in Accord's kinds (a lock wait is Busy, a unique index Clash, ...).
    virtual Error error(const QSqlError& error) const = 0;

    // --- schema
    // Held around a migration so that two admins never migrate one server at once.
    virtual Result<void> lockSchema(const QSqlDatabase& db) const;
    virtual void unlockSchema(const QSqlDatabase& db) const;
    // Whether the script's statements run inside the migration's transaction (DDL is
    // transactional on SQLite and PostgreSQL; MariaDB commits each one).
    virtual bool hasTransactionalDdl() const { return true; }
    // What to run after a migration script of this engine's folder (rows the database
    // already holds, for the script's new tables); empty for most.
    virtual QString afterScript(const QString&) const { return {}; }
    // What follows CREATE TABLE (...) for a table of Accord's own made outside the scripts.
    virtual QString ownTableOptions() const { return {}; }
    // How to take a backup of a server database before its schema changes (a command).
    virtual QString backupAdvice(const DatabaseLocation&) const { return {}; }

    // --- SQL text
    // "a IS b" that is true when both are NULL.
    virtual QString nullSafeEquals(const QString& column, const QString& placeholder) const = 0;
    // Starts a transaction that will write (SQLite takes the write lock at once, so two
    // writers never deadlock upgrading a read lock).
    virtual QString beginWrite() const = 0;
    virtual QString quoteIdentifier(const QString& name) const = 0;
    // Appended to a SELECT that reads a row the transaction will decide on: the row stays
    // locked until commit (nothing where the whole database is locked for a write).
    virtual QString forUpdate() const { return {}; }
    // The same for a row read but not written, which others may read but not change.
    virtual QString forShare() const { return {}; }
    // What follows an INSERT's VALUES so that a row whose `key` exists is updated instead
    // (its `columns` set from the new row); empty where the engine has no such clause.
    virtual QString upsert(const QString&, const QStringList&) const { return {}; }
    // After rows were inserted with their own ids: the next generated id follows them.
    virtual Result<void> resetIdentity(const QSqlDatabase&, const QString&) const { return {}; }
    // A bulk writer of rows into `table` in the caller's transaction (servers: COPY, or
    // large INSERTs of literal values); nullptr where the engine has its own bulk path.
    virtual std::unique_ptr<BulkTable> bulkTable(const QSqlDatabase& db, const QString& table,
                                                 const QStringList& columns) const;
    // The statements that turn the triggers' bookkeeping off (on = true) for a bulk load
    // that writes counters, link stats and search keys itself, and back on.
    virtual QStringList bulkLoad(bool) const { return {}; }
    // Drops the secondary indexes of these (empty) tables for a bulk load and returns what
    // makes them again (an index built once is several times faster than one kept row by
    // row). Where DDL takes part in transactions (PostgreSQL) inside the load's transaction,
    // its rollback making them again; elsewhere (MariaDB) before it, each non-unique index
    // recorded as pending (PendingIndexes, committed) before it is dropped. Nothing on
    // SQLite, whose loader has its own path.
    virtual Result<QStringList> dropForBulkLoad(const QSqlDatabase&, const QStringList&) const
    {
        return QStringList();
    }
    // Turns off, inside the bulk load's transaction (DDL that takes part in it: PostgreSQL),
    // the row triggers of these tables that are on, whose work the load does itself (with
    // bulkLoad(true) they would only return, once per row, from a queue of a million
    // events); returns what turns exactly those on again before the commit (a rollback
    // turns them on whatever happens). Nothing where DDL would commit the load.
    virtual Result<QStringList> quietTriggersForBulkLoad(const QSqlDatabase&,
                                                         const QStringList&) const
    {
        return QStringList();
    }
    // Whether the non-unique indexes dropped for a bulk load are built after its commit,
    // several at once (PendingIndexes: the servers), instead of one by one before it.
    virtual bool buildsIndexesAfterBulkLoad() const { return false; }
    // What refreshes the planner's statistics of the tables a bulk load just filled (the
    // statements in any order, on any connection).
    virtual QStringList analyzeAfterBulkLoad() const { return {}; }
    // An INSERT statement that hands back the new row's id through QSqlQuery (RETURNING
    // where lastInsertId() cannot tell).
    virtual QString insertReturningId(const QString& insert) const { return insert; }
    virtual bool returnsIdAsRow() const { return false; }
    // How a SELECT reads a date or timestamp column: as text (ISO 8601 UTC, or the
    // server's own text for the vendor's zero dates), so a row reads back exactly as it is
    // bound again in an optimistic WHERE, and a zero date never becomes a false conflict.
    virtual QString selectTemporal(const QString& expression) const { return expression; }
    // A value to bind into a date or timestamp column, from Accord's UTC text
    // (yyyy-MM-ddTHH:mm:ssZ); other values unchanged.
    virtual QVariant timestamp(const QVariant& value) const { return value; }
    // "column contains ? ignoring case" for the activity log's filter; the text is bound,
    // so '%' and '_' are ordinary characters.
    virtual QString containsText(const QString& column) const = 0;

    // The statement with its parameters written in as literals by the driver's own
    // escaping, where that is how the engine runs best (QPSQL would PREPARE, EXECUTE and
    // DEALLOCATE each statement: three round trips, and a DEALLOCATE that fails with a
    // warning in a transaction an error aborted); empty to prepare and bind.
    virtual QString withParameters(const QSqlDatabase&, const QString&, const QVariantList&) const
    {
        return {};
    }

    // --- reading and searching
    // Whether a forward-only query may stay open while the same connection runs another
    // (QPSQL streams forward-only results row by row: a second query discards the rest).
    virtual bool interleavesForwardOnly() const { return true; }
    // A forward-only read of many rows, as cheap per row as the engine allows.
    virtual std::unique_ptr<RowCursor> cursor(const QSqlDatabase& db, const QString& sql,
                                              const QVariantList& params = {}) const;
    // The same for rows of integers and texts only, each text as the server writes it (a
    // date would come in the server's own words, not Accord's): the long reports.
    virtual std::unique_ptr<RowCursor> textCursor(const QSqlDatabase& db, const QString& sql,
                                                  const QVariantList& params = {}) const;
    // The lists' search and sort keys on this engine.
    virtual const SearchIndex& searchIndex() const = 0;
    // Ends the query in flight on `db` (opened on the calling thread) from another thread.
    // `stale` is asked from within a long query where the engine can (SQLite's progress
    // handler), so an interrupt that came between two queries is not lost.
    virtual std::unique_ptr<QueryInterrupter> interrupter(const QSqlDatabase& db,
                                                          const DatabaseLocation& location,
                                                          std::function<bool()> stale) const = 0;
    // Whether `db` is between transactions, so a reader done with it may leave it open for
    // the next (a server's connection costs a TLS and authentication exchange, ~10 ms).
    // An engine that does not say keeps no connection beyond its thread.
    virtual bool isIdle(const QSqlDatabase&) const { return false; }
    // Whether Accord's SQL functions (accord_compare, ...) can be called in statements.
    virtual bool hasAccordFunctions() const { return false; }
    // Whether the schema's triggers list the links other programs wrote, to be compared
    // (accord_dirty_links, SQLite): a write that compares a link itself clears its entry.
    virtual bool listsOutsideLinks() const { return false; }

    // --- snapshots
    // The statements that start a read-only transaction in which every table read sees the
    // same moment of the database, so a snapshot's (or a diff's) rows agree with each other.
    virtual QStringList beginConsistentRead() const = 0;
    // Writes the whole database into `file` (an empty SQLite file) page by page, without
    // re-inserting its rows, where the engine can: true when done, false where this
    // engine's rows must be read and written instead (the servers). `pinReads` is called
    // with a SQLite file that holds exactly the rows the copy holds, and returns once the
    // caller's reads of it have begun their transactions (they may go on after this
    // returns): the database's own file, its writers held off until the copy ends, or,
    // after the copy, the copy itself (which the caller must not change before its reads
    // end).
    virtual Result<bool> copyIntoSqliteFile(const QSqlDatabase&, const QString&,
                                            const std::function<void(const QString&)>&) const
    {
        return false;
    }
    // One moment of the database for `readers` threads, each reading on its own
    // connection (see SharedRead); nullptr where this engine cannot share one between
    // connections (its reader then reads everything on one connection).
    virtual std::unique_ptr<SharedRead> shareRead(const QSqlDatabase& db, int readers) const;

protected:
    explicit Dialect(Engine e) : m_engine(e) {}

private:
    Engine m_engine;
};

// The time settings every connection uses: ACCORD_BUSY_TIMEOUT_MS (how long a write waits
// for a lock, 5 s) and ACCORD_STATEMENT_TIMEOUT_MS (how long one statement may run, 60 s).
int busyTimeoutMs();
int statementTimeoutMs();

} // namespace accord
