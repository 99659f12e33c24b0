#include "dialect.h"

#include "bulktable.h"
#include "sharedread.h"

#include "mysqldialect.h"
#include "postgresdialect.h"
#include "querycursor.h"
#include "sql.h"
#include "sqlitedialect.h"

#include "database.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>

namespace accord {

std::unique_ptr<BulkTable> Dialect::bulkTable(const QSqlDatabase&, const QString&,
                                              const QStringList&) const
{
    return nullptr;
}

const Dialect& Dialect::of(Engine engine)
{
    static const SqliteDialect sqlite;
    static const PostgresDialect postgres;
    static const MysqlDialect mysql;
    switch (engine) {
    case Engine::PostgreSQL:
        return postgres;
    case Engine::MySQL:
        return mysql;
    case Engine::SQLite:
        break;
    }
    return sqlite;
}

const Dialect& Dialect::of(const QSqlDatabase& db)
{
    for (Engine e : {Engine::PostgreSQL, Engine::MySQL})
        if (db.driverName() == of(e).driverName())
            return of(e);
    return of(Engine::SQLite);
}

Error Dialect::connectionError(const QSqlError& err, const DatabaseLocation& location) const
{
    Error e = error(err);
    if (e.kind == Error::Kind::Storage)
        e.message = QCoreApplication::translate("Database", "Cannot open %1: %2")
                        .arg(location.display(), err.text());
    return e;
}

Result<QString> Dialect::readOnlyReason(const QSqlDatabase& db) const
{
    // A statement that writes nothing still needs the privilege to write: the server
    // refuses it for a role without UPDATE or INSERT, and on a read-only server.
    if (auto r = runSql(db, beginWrite()); !r)
        return r.error();
    QString reason;
    for (const char* probe : {"UPDATE tblusers SET id = id WHERE 1 = 0",
                              "INSERT INTO tblactivitylog (description) SELECT description FROM "
                              "tblactivitylog WHERE 1 = 0"}) {
        auto r = runSql(db, QLatin1String(probe));
        if (!r) {
            if (r.error().kind != Error::Kind::ReadOnly) {
                (void)runSql(db, QStringLiteral("ROLLBACK"));
                return r.error();
            }
            reason = r.error().message;
            break;
        }
    }
    (void)runSql(db, QStringLiteral("ROLLBACK"));
    return reason;
}

Result<void> Dialect::lockSchema(const QSqlDatabase&) const
{
    return {};
}

void Dialect::unlockSchema(const QSqlDatabase&) const {}

std::unique_ptr<RowCursor> Dialect::cursor(const QSqlDatabase& db, const QString& sql,
                                           const QVariantList& params) const
{
    return std::make_unique<QueryCursor>(db, sql, params);
}

std::unique_ptr<RowCursor> Dialect::textCursor(const QSqlDatabase& db, const QString& sql,
                                               const QVariantList& params) const
{
    return cursor(db, sql, params);
}

namespace {
int timeoutFromEnvironment(const char* name, int fallback)
{
    bool ok = false;
    const int fromEnv = qEnvironmentVariableIntValue(name, &ok);
    return ok && fromEnv >= 0 ? fromEnv : fallback;
}
} // namespace

int busyTimeoutMs()
{
    return timeoutFromEnvironment("ACCORD_BUSY_TIMEOUT_MS", 5000);
}

int statementTimeoutMs()
{
    return timeoutFromEnvironment("ACCORD_STATEMENT_TIMEOUT_MS", 60000);
}

std::unique_ptr<SharedRead> Dialect::shareRead(const QSqlDatabase&, int) const
{
    return nullptr;
}

} // namespace accord
