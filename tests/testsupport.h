#pragma once

#include "storage/database.h"

#include <QByteArray>
#include <QProcessEnvironment>
#include <QSqlDatabase>
#include <QStringList>
#include <QTemporaryDir>
#include <QVariantList>

namespace accord::test {

// The engines an engine-driven suite runs on: ACCORD_TEST_ENGINES, a comma-separated list
// of sqlite, postgresql and mysql (all three when unset). A server engine needs its server
// (ACCORD_TEST_PG_URL / ACCORD_TEST_MYSQL_URL and ACCORD_TEST_DB_PASSWORD, which
// tests/services.sh exports): a missing one fails the suite, it is never skipped.
QList<Engine> testEngines();
QString engineName(Engine engine);
// For a suite's initTestCase_data(): one global row per engine, column "engine" (its
// name). Every test function then runs once per engine.
void addEngineRows();
// The same with the server engines only (for what only a server has: roles, replicas).
void addServerEngineRows();
// For a suite's init(): the engine of the current global row, which TempDatabase then
// uses (SQLite in suites without engine rows).
Engine useRowEngine();
Engine currentEngine();
// The base server address of an engine's test server (database "accord").
DatabaseLocation serverLocation(Engine engine);

// A fresh database of its own, migrated to the latest schema: a SQLite file in a
// temporary folder, or a new database on the test server (accord_t<pid>_<n>, dropped
// again at the end), so that suites run in parallel safely.
struct TempDatabase {
    enum class Schema { Latest, None }; // None: no file / an empty server database
    TempDatabase();
    explicit TempDatabase(Engine engine, Schema schema = Schema::Latest);
    ~TempDatabase();
    TempDatabase(const TempDatabase&) = delete;
    TempDatabase& operator=(const TempDatabase&) = delete;
    Engine engine;
    QTemporaryDir dir; // scratch files of the test, and the SQLite file
    QString path;      // SQLite: the file
    QString url;       // what --db takes: the file, or the server URL (no password)
    DatabaseLocation location;
    DatabasePtr db; // null with Schema::None
    bool isServer() const { return engine != Engine::SQLite; }
    // A second, independent opening of the same database (another session).
    DatabasePtr openAgain() const;
    // The test's own plain Qt connection to this database (no Accord settings), for reading
    // it independently of Accord's code; close it before the test ends.
    QSqlDatabase rawConnection(const QString& connectionName) const;
    // This database opened as the test servers' read-only role (support1, with SELECT
    // granted on it here), as support staff would.
    DatabasePtr openAsReadOnlyRole() const;
    QString readOnlyUrl() const;
};

// The test's own reads and writes (fatal on a driver error: a test's setup must not fail
// silently). The first column of the first row, or an invalid QVariant.
QVariant column(Database& db, const QString& sql, const QVariantList& params = {});
void exec(Database& db, const QString& sql, const QVariantList& params = {});
// Makes every insert into `table` whose new row meets `condition` (SQL on NEW, e.g.
// "NEW.description LIKE 'x%'"; "1 = 1" for all) fail with the engine's own error, as a
// failing step of a write would; removeInjectedFailure() takes it away again.
void injectFailure(Database& db, const QString& table,
                   const QString& condition = QStringLiteral("1 = 1"));
void removeInjectedFailure(Database& db, const QString& table);
// One value of one stored row, as text: `sql` selects it with the row's id as its one
// parameter.
QString storedText(Database& db, const char* sql, qint64 id);
// Records made through the services, as the application makes them (fatal on a refusal).
qint64 addUser(const DatabasePtr& db, const QString& first, const QString& last,
               const QString& email, const QString& language = {});
// A client owned by `owner`, in GB.
qint64 addClient(const DatabasePtr& db, qint64 owner, const QString& first, const QString& last,
                 const QString& email, const QString& language = {});
// tblactivitylog's descriptions, oldest first.
QStringList descriptions(Database& db);

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QString outText() const { return QString::fromUtf8(out); }
    QString errText() const { return QString::fromUtf8(err); }
};
// Runs the built `accord` binary with these arguments and standard input (the test
// servers' password in PGPASSWORD / MYSQL_PWD, as an admin's shell would have it).
Run runAccord(const QStringList& args, const QByteArray& input = {});
Run runAccordWithEnvironment(const QStringList& args, const QProcessEnvironment& environment,
                             const QByteArray& input = {});
// The same as a user without privileges (through setpriv when the tests run as root, so
// file permissions apply as they do for an admin).
Run runAccordUnprivileged(const QStringList& args, const QByteArray& input = {});

} // namespace accord::test
