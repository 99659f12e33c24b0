#pragma once

#include "dialect.h"
#include "domain/result.h"
#include "searchindex.h"
#include "snapshotmanifest.h"

#include <QHash>
#include <QMutex>
#include <QSqlDatabase>
#include <QString>
#include <QWaitCondition>

#include <deque>
#include <memory>
#include <optional>
#include <thread>

class QThread;

namespace accord {

// How a server connection is encrypted. Off leaves it to the engine's client library
// (libpq tries TLS first and may fall back to plain text; MariaDB's is plain). Every other
// mode refuses a connection that is not encrypted, whatever the driver did.
enum class TlsMode {
    Off,
    Require,    // encrypted, the server's certificate not checked (PostgreSQL's "require")
    VerifyCa,   // encrypted, the certificate signed by the CA file's CA
    VerifyFull, // ... and issued for the host name connected to
};
// libpq's sslmode names (disable for Off), used in URLs and settings.
QString tlsModeName(TlsMode mode);
std::optional<TlsMode> tlsModeFromName(const QString& name);

// Where a database is: a SQLite file, or a server URL
// (postgresql://user@host:port/db, mysql://user@host:port/db).
struct DatabaseLocation {
    Engine engine = Engine::SQLite;
    QString path; // SQLite file
    QString host;
    int port = 0;
    QString user;
    QString name;
    // Never persisted by Accord and never part of a URL (it would show in every process
    // list): from the keychain, or the engine's own mechanism (.pgpass, PGPASSWORD,
    // MYSQL_PWD).
    QString password;
    TlsMode tls = TlsMode::Off;
    QString caFile; // the CA certificate(s) a server's certificate must be signed by

    // A file name or a server URL; a URL holding a password is refused. A URL may name its
    // TLS as libpq does: ?sslmode=verify-full&sslrootcert=FILE (on either engine).
    static Result<DatabaseLocation> parse(const QString& fileOrUrl);
    QString display() const; // a human name without secrets
    // "PostgreSQL · admin1@db.example.com/accord" for titles; the file name for SQLite.
    QString title() const;
    // The same server database (engine, user, host, port, name): one keychain entry, one
    // profile.
    bool sameServerDatabase(const DatabaseLocation& other) const;
    const Dialect& dialect() const { return Dialect::of(engine); }
};

struct OpenOptions {
    // `init`: make a missing SQLite file; on a server, create or update Accord's schema
    // (which nothing else does there: a shared server is migrated on purpose, under an
    // advisory lock, after a dump).
    bool create = false;
    bool migrate = true; // bring an older file's schema up to date (after a .bak copy)
    // A server's connections kept open for worker threads, the first opened beside this
    // one: a list adopts them rather than waiting for TLS and authentication (~10 ms
    // each), and each one adopted is replaced in the background.
    int workersAhead = 0;
};
// The worker connections of one list on a server: its page loader and its counter.
inline constexpr int kListWorkers = 2;

// What a worker thread's end does with its connection.
enum class ConnectionEnd {
    Close,
    // A reader's connection between transactions stays open for the next worker thread
    // (servers; at most kListWorkers wait).
    KeepForNext,
};

// One open database. Hands out one connection per thread (Qt's rule), each configured
// the same way by its engine's Dialect (WAL and Accord's SQL functions on SQLite, UTC
// sessions and timeouts on the servers).
class Database
{
public:
    static Result<std::shared_ptr<Database>> open(const DatabaseLocation& location,
                                                  const OpenOptions& options = {});
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // The connection of the calling thread, opened on first use (or one left open for the
    // next worker thread, see ConnectionEnd).
    QSqlDatabase connection();
    // Ends the calling thread's use of its connection (worker threads call this before they
    // end).
    void releaseThreadConnection(ConnectionEnd end = ConnectionEnd::Close);

    const DatabaseLocation& location() const { return m_location; }
    Engine engine() const { return m_location.engine; }
    const Dialect& dialect() const { return m_location.dialect(); }
    int schemaVersion() const { return m_schemaVersion; }
    bool hasAccordTables() const { return m_accordTables; }
    // Whether accord_link_differences is kept (schema 3 on); without it (a vendor database,
    // or an older file opened read-only) the differences are computed live.
    bool hasDifferenceTable() const { return m_accordTables && m_schemaVersion >= 3; }
    bool isReadOnly() const { return m_readOnly; }
    // Why writes are refused, in a line for banners and refusals ("read-only: your
    // database role may not change data"); empty when they are not.
    QString readOnlyReason() const { return m_readOnlyReason; }
    QString backupPath() const { return m_backupPath; } // set when open() migrated a copy
    // Logins other programs stored twice after folding (Bob@X.com and bob@x.com), as
    // found when the database opened; and each as a line for stderr and the main window.
    const QList<LoginClash>& loginClashes() const { return m_loginClashes; }
    QStringList loginClashWarnings() const;
    // A snapshot's manifest: such a file opens read-only and is never migrated.
    const std::optional<SnapshotManifest>& snapshot() const { return m_snapshot; }

    // The name written as `user` in the activity log (the OS login by default).
    QString operatorName() const { return m_operator; }
    void setOperatorName(const QString& name) { m_operator = name; }

    // Refuse queries from this thread (the GUI thread of a lazy view); a query there is a bug.
    void forbidQueriesOnThread(QThread* thread) { m_forbiddenThread = thread; }

    static int latestSchemaVersion(Engine engine);

private:
    Database() = default;
    Result<QSqlDatabase> openConnection(const QString& name);
    void openAhead(int count);
    void openSpares(); // the opener thread
    std::optional<QSqlDatabase> adoptSpare(QThread* thread, QMutexLocker<QMutex>& lock);
    void keepSpare(const QString& name, QSqlDatabase db); // with m_mutex held
    static void closeConnection(const QString& name, QSqlDatabase& db);
    Result<void> prepareSchema(const OpenOptions& options, bool existedBefore);
    Result<void> migrate(const QSqlDatabase& db, int from, int to);
    Result<void> refreshAfterOthers(const QSqlDatabase& db);
    void findLoginClashes(const QSqlDatabase& db);

    DatabaseLocation m_location;
    QString m_baseName;
    QString m_operator;
    QString m_backupPath;
    int m_schemaVersion = 0;
    bool m_accordTables = false;
    bool m_readOnly = false;
    QString m_readOnlyReason;
    std::optional<SnapshotManifest> m_snapshot;
    QList<LoginClash> m_loginClashes;
    QThread* m_forbiddenThread = nullptr;
    QMutex m_mutex;
    QHash<QThread*, QString> m_connections;
    // Open connections no thread holds (their drivers have no thread affinity, so the next
    // worker thread can take one as its own), and the thread that opens them ahead.
    struct Spare {
        QString name;
        QSqlDatabase db;
    };
    std::deque<Spare> m_spares;
    int m_sparesWanted = 0;       // kept ready by the opener (OpenOptions::workersAhead)
    bool m_sparesOpening = false; // the opener is (or is about to be) opening one
    int m_sparesMade = 0;
    bool m_stopping = false;
    QWaitCondition m_sparesChanged;
    std::thread m_opener;
};

using DatabasePtr = std::shared_ptr<Database>;

} // namespace accord
