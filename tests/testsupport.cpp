#include "testsupport.h"

#include "services/clientservice.h"
#include "services/userservice.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <unistd.h>

namespace accord::test {

namespace {
Engine g_engine = Engine::SQLite;

const char* urlVariable(Engine engine)
{
    return engine == Engine::PostgreSQL ? "ACCORD_TEST_PG_URL" : "ACCORD_TEST_MYSQL_URL";
}

// Runs one statement on the server's base database as the test role (CREATE/DROP
// DATABASE cannot run in a transaction, nor on the database itself).
void onServer(Engine engine, const QString& sql)
{
    static QAtomicInteger<int> counter;
    const DatabaseLocation base = serverLocation(engine);
    const QString name = QStringLiteral("accord-test-admin-%1").arg(counter.fetchAndAddRelaxed(1));
    {
        QSqlDatabase admin = QSqlDatabase::addDatabase(base.dialect().driverName(), name);
        base.dialect().prepare(admin, base, false);
        if (!admin.open())
            qFatal("cannot reach the %s test server: %s", qPrintable(engineName(engine)),
                   qPrintable(admin.lastError().text()));
        QSqlQuery q(admin);
        if (!q.exec(sql))
            qFatal("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        admin.close();
    }
    QSqlDatabase::removeDatabase(name);
}
} // namespace

QList<Engine> testEngines()
{
    const QString wanted =
        qEnvironmentVariable("ACCORD_TEST_ENGINES", QStringLiteral("sqlite,postgresql,mysql"));
    QList<Engine> engines;
    for (const QString& name : wanted.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QString n = name.trimmed();
        if (n == QLatin1String("sqlite"))
            engines << Engine::SQLite;
        else if (n == QLatin1String("postgresql"))
            engines << Engine::PostgreSQL;
        else if (n == QLatin1String("mysql"))
            engines << Engine::MySQL;
        else
            qFatal("ACCORD_TEST_ENGINES: unknown engine %s", qPrintable(n));
    }
    return engines;
}

QString engineName(Engine engine)
{
    switch (engine) {
    case Engine::PostgreSQL:
        return QStringLiteral("postgresql");
    case Engine::MySQL:
        return QStringLiteral("mysql");
    case Engine::SQLite:
        break;
    }
    return QStringLiteral("sqlite");
}

void addEngineRows()
{
    QTest::addColumn<QString>("engine");
    for (Engine e : testEngines()) {
        if (e != Engine::SQLite)
            (void)serverLocation(e); // fails now, not halfway through, without a server
        QTest::newRow(qPrintable(engineName(e))) << engineName(e);
    }
}

void addServerEngineRows()
{
    QTest::addColumn<QString>("engine");
    for (Engine e : testEngines())
        if (e != Engine::SQLite) {
            (void)serverLocation(e);
            QTest::newRow(qPrintable(engineName(e))) << engineName(e);
        }
}

Engine useRowEngine()
{
    QFETCH_GLOBAL(QString, engine);
    for (Engine e : {Engine::SQLite, Engine::PostgreSQL, Engine::MySQL})
        if (engineName(e) == engine)
            g_engine = e;
    return g_engine;
}

Engine currentEngine()
{
    return g_engine;
}

DatabaseLocation serverLocation(Engine engine)
{
    const QString url = qEnvironmentVariable(urlVariable(engine));
    if (url.isEmpty())
        qFatal("%s is not set: the %s tests need their server (tests/services.sh starts it; "
               "ACCORD_TEST_ENGINES=sqlite runs the SQLite ones alone)",
               urlVariable(engine), qPrintable(engineName(engine)));
    auto location = DatabaseLocation::parse(url);
    if (!location)
        qFatal("%s: %s", urlVariable(engine), qPrintable(location.error().message));
    location->password = qEnvironmentVariable("ACCORD_TEST_DB_PASSWORD");
    return *location;
}

TempDatabase::TempDatabase() : TempDatabase(currentEngine()) {}

TempDatabase::TempDatabase(Engine e, Schema schema) : engine(e)
{
    path = dir.filePath(QStringLiteral("accord.sqlite"));
    if (engine == Engine::SQLite) {
        location = *DatabaseLocation::parse(path);
        url = path;
    } else {
        static QAtomicInteger<int> counter;
        location = serverLocation(engine);
        location.name = QStringLiteral("accord_t%1_%2")
                            .arg(QCoreApplication::applicationPid())
                            .arg(counter.fetchAndAddRelaxed(1));
        onServer(engine, QStringLiteral("CREATE DATABASE ") + location.name);
        url = location.display();
    }
    if (schema == Schema::None)
        return;
    auto opened = Database::open(location, OpenOptions{true, true});
    if (!opened)
        qFatal("cannot create a test database: %s", qPrintable(opened.error().message));
    db = *opened;
    db->setOperatorName(QStringLiteral("tester"));
}

TempDatabase::~TempDatabase()
{
    db.reset();
    if (engine == Engine::PostgreSQL)
        // (The test server runs no autovacuum, whose workers FORCE may not end.)
        onServer(engine,
                 QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(location.name));
    else if (engine == Engine::MySQL)
        onServer(engine, QStringLiteral("DROP DATABASE IF EXISTS %1").arg(location.name));
}

DatabasePtr TempDatabase::openAgain() const
{
    auto opened = Database::open(location);
    if (!opened)
        qFatal("cannot reopen the test database: %s", qPrintable(opened.error().message));
    (*opened)->setOperatorName(QStringLiteral("other"));
    return *opened;
}

QSqlDatabase TempDatabase::rawConnection(const QString& connectionName) const
{
    QSqlDatabase raw = QSqlDatabase::addDatabase(location.dialect().driverName(), connectionName);
    location.dialect().prepare(raw, location, false);
    if (!raw.open())
        qFatal("raw connection: %s", qPrintable(raw.lastError().text()));
    return raw;
}

QString TempDatabase::readOnlyUrl() const
{
    DatabaseLocation readOnly = location;
    readOnly.user = qEnvironmentVariable("ACCORD_TEST_READONLY_USER", QStringLiteral("support1"));
    return readOnly.display();
}

DatabasePtr TempDatabase::openAsReadOnlyRole() const
{
    if (engine == Engine::SQLite)
        qFatal("openAsReadOnlyRole: SQLite has no roles");
    const QString role =
        qEnvironmentVariable("ACCORD_TEST_READONLY_USER", QStringLiteral("support1"));
    // The test role owns the database: it may let support staff read it (MariaDB's
    // support1 reads every accord_% database already).
    if (engine == Engine::PostgreSQL) {
        auto owner = db ? db : Database::open(location).value();
        exec(*owner, QStringLiteral("GRANT SELECT ON ALL TABLES IN SCHEMA public TO %1").arg(role));
    }
    DatabaseLocation readOnly = location;
    readOnly.user = role;
    auto opened = Database::open(readOnly);
    if (!opened)
        qFatal("cannot open the test database as %s: %s", qPrintable(role),
               qPrintable(opened.error().message));
    return *opened;
}

namespace {
QSqlQuery prepared(Database& db, const QString& sql, const QVariantList& params)
{
    QSqlQuery q(db.connection());
    bool ok = params.isEmpty() ? q.exec(sql) : q.prepare(sql); // PostgreSQL prepares no GRANT
    if (ok && !params.isEmpty()) {
        for (const QVariant& p : params)
            q.addBindValue(p);
        ok = q.exec();
    }
    if (!ok)
        qFatal("statement failed: %s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
    return q;
}

QProcessEnvironment accordEnvironment()
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ACCORD_OPERATOR"), QStringLiteral("tester"));
    const QString password = env.value(QStringLiteral("ACCORD_TEST_DB_PASSWORD"));
    if (!password.isEmpty()) {
        env.insert(QStringLiteral("PGPASSWORD"), password);
        env.insert(QStringLiteral("MYSQL_PWD"), password);
    }
    return env;
}

Run runProgram(const QString& program, const QStringList& args, const QByteArray& input,
               const QProcessEnvironment& env = accordEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForStarted())
        qFatal("cannot start %s", ACCORD_BINARY);
    if (!input.isNull())
        p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(120000);
    Run r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}
} // namespace

void injectFailure(Database& db, const QString& table, const QString& condition)
{
    const QString name = QStringLiteral("accord_test_fail_") + table;
    switch (db.engine()) {
    case Engine::SQLite:
        exec(db, QStringLiteral("CREATE TEMP TRIGGER %1 BEFORE INSERT ON %2 WHEN %3 BEGIN SELECT "
                                "RAISE(ABORT, 'injected failure'); END")
                     .arg(name, table, condition));
        break;
    case Engine::PostgreSQL:
        exec(db, QStringLiteral("CREATE FUNCTION %1() RETURNS trigger LANGUAGE plpgsql AS $$ "
                                "BEGIN RAISE EXCEPTION 'injected failure'; END $$")
                     .arg(name));
        exec(db, QStringLiteral("CREATE TRIGGER %1 BEFORE INSERT ON %2 FOR EACH ROW WHEN (%3) "
                                "EXECUTE FUNCTION %1()")
                     .arg(name, table, condition));
        break;
    case Engine::MySQL:
        exec(db, QStringLiteral("CREATE TRIGGER %1 BEFORE INSERT ON %2 FOR EACH ROW BEGIN IF %3 "
                                "THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected "
                                "failure'; END IF; END")
                     .arg(name, table, condition));
        break;
    }
}

void removeInjectedFailure(Database& db, const QString& table)
{
    const QString name = QStringLiteral("accord_test_fail_") + table;
    if (db.engine() == Engine::PostgreSQL) {
        exec(db, QStringLiteral("DROP TRIGGER %1 ON %2").arg(name, table));
        exec(db, QStringLiteral("DROP FUNCTION %1()").arg(name));
    } else {
        exec(db, QStringLiteral("DROP TRIGGER %1").arg(name));
    }
}

QString storedText(Database& db, const char* sql, qint64 id)
{
    return column(db, QLatin1String(sql), {id}).toString();
}

qint64 addUser(const DatabasePtr& db, const QString& first, const QString& last,
               const QString& email, const QString& language)
{
    auto id = UserService(db).add({first, last, email, language, QString()});
    if (!id)
        qFatal("cannot add a user: %s", qPrintable(id.error().message));
    return *id;
}

qint64 addClient(const DatabasePtr& db, qint64 owner, const QString& first, const QString& last,
                 const QString& email, const QString& language)
{
    auto id = ClientService(db).add({{QStringLiteral("firstname"), first},
                                     {QStringLiteral("lastname"), last},
                                     {QStringLiteral("email"), email},
                                     {QStringLiteral("language"), language},
                                     {QStringLiteral("country"), QStringLiteral("GB")}},
                                    owner);
    if (!id)
        qFatal("cannot add a client: %s", qPrintable(id.error().message));
    return *id;
}

QVariant column(Database& db, const QString& sql, const QVariantList& params)
{
    QSqlQuery q = prepared(db, sql, params);
    return q.next() ? q.value(0) : QVariant();
}

void exec(Database& db, const QString& sql, const QVariantList& params)
{
    prepared(db, sql, params);
}

QStringList descriptions(Database& db)
{
    QSqlQuery q =
        prepared(db, QStringLiteral("SELECT description FROM tblactivitylog ORDER BY id"), {});
    QStringList out;
    while (q.next())
        out << q.value(0).toString();
    return out;
}

Run runAccord(const QStringList& args, const QByteArray& input)
{
    return runProgram(QStringLiteral(ACCORD_BINARY), args, input);
}

Run runAccordWithEnvironment(const QStringList& args, const QProcessEnvironment& environment,
                             const QByteArray& input)
{
    return runProgram(QStringLiteral(ACCORD_BINARY), args, input, environment);
}

Run runAccordUnprivileged(const QStringList& args, const QByteArray& input)
{
    if (geteuid() != 0)
        return runAccord(args, input);
    return runProgram(QStringLiteral("setpriv"),
                      QStringList{QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                                  QStringLiteral("--clear-groups"), QStringLiteral(ACCORD_BINARY)} +
                          args,
                      input);
}

} // namespace accord::test
