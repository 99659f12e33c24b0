#pragma once

#include "dialect.h"
#include "domain/result.h"

#include <QHash>
#include <QMutex>
#include <QSqlDatabase>
#include <QString>

#include <memory>

class QThread;

namespace accord {

// Where a database is: a SQLite file, or a server URL
// (postgresql://user@host:port/db, mysql://user@host:port/db).
struct DatabaseLocation {
    Engine engine = Engine::SQLite;
    QString path; // SQLite file
    QString host;
    int port = 0;
    QString user;
    QString name;
    QString password; // never persisted by Accord; from the keychain or the engine's mechanism

    static Result<DatabaseLocation> parse(const QString& fileOrUrl);
    QString display() const; // a human name without secrets
};

struct OpenOptions {
    bool create = false; // make a missing SQLite file
    bool migrate = true; // bring an older schema up to date (after a .bak copy)
};

// One open database. Hands out one connection per thread (Qt's rule), each configured
// the same way: WAL, busy timeout, Accord's SQL functions.
class Database
{
public:
    static Result<std::shared_ptr<Database>> open(const DatabaseLocation& location,
                                                  const OpenOptions& options = {});
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    // The connection of the calling thread, opened on first use.
    QSqlDatabase connection();
    // Closes the calling thread's connection (worker threads call this before they end).
    void releaseThreadConnection();

    const DatabaseLocation& location() const { return m_location; }
    Engine engine() const { return m_location.engine; }
    const Dialect& dialect() const { return Dialect::of(m_location.engine); }
    int schemaVersion() const { return m_schemaVersion; }
    bool hasAccordTables() const { return m_accordTables; }
    // Whether accord_link_differences is kept (schema 3 on); without it (a vendor database,
    // or an older file opened read-only) the differences are computed live.
    bool hasDifferenceTable() const { return m_accordTables && m_schemaVersion >= 3; }
    bool isReadOnly() const { return m_readOnly; }
    QString backupPath() const { return m_backupPath; } // set when open() migrated a copy

    // The name written as `user` in the activity log (the OS login by default).
    QString operatorName() const { return m_operator; }
    void setOperatorName(const QString& name) { m_operator = name; }

    // Refuse queries from this thread (the GUI thread of a lazy view); a query there is a bug.
    void forbidQueriesOnThread(QThread* thread) { m_forbiddenThread = thread; }

    static int latestSchemaVersion(Engine engine);

private:
    Database() = default;
    Result<void> configure(QSqlDatabase& db) const;
    Result<QSqlDatabase> openConnection(const QString& name);
    Result<void> prepareSchema(const OpenOptions& options, bool existedBefore);

    DatabaseLocation m_location;
    QString m_baseName;
    QString m_operator;
    QString m_backupPath;
    int m_schemaVersion = 0;
    bool m_accordTables = false;
    bool m_readOnly = false;
    QThread* m_forbiddenThread = nullptr;
    QMutex m_mutex;
    QHash<QThread*, QString> m_connections;
};

using DatabasePtr = std::shared_ptr<Database>;

} // namespace accord
