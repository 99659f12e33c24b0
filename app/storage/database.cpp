#include "database.h"

#include "migrations.h"
#include "sql.h"
#include "sqlitefunctions.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QThread>
#include <QUrl>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Database", text);
}

QString defaultOperator()
{
    for (const char* var : {"ACCORD_OPERATOR", "USER", "LOGNAME", "USERNAME"}) {
        const QString v = qEnvironmentVariable(var);
        if (!v.isEmpty())
            return v;
    }
    return QStringLiteral("admin");
}

int busyTimeoutMs()
{
    bool ok = false;
    const int fromEnv = qEnvironmentVariableIntValue("ACCORD_BUSY_TIMEOUT_MS", &ok);
    return ok ? fromEnv : 5000;
}
} // namespace

Result<DatabaseLocation> DatabaseLocation::parse(const QString& fileOrUrl)
{
    DatabaseLocation loc;
    const bool isPg = fileOrUrl.startsWith(QLatin1String("postgresql://")) ||
                      fileOrUrl.startsWith(QLatin1String("postgres://"));
    const bool isMy = fileOrUrl.startsWith(QLatin1String("mysql://")) ||
                      fileOrUrl.startsWith(QLatin1String("mariadb://"));
    if (!isPg && !isMy) {
        if (fileOrUrl.trimmed().isEmpty())
            return Error::validation(QStringLiteral("db"), tr("No database file was given."));
        loc.engine = Engine::SQLite;
        loc.path = QFileInfo(fileOrUrl).absoluteFilePath();
        return loc;
    }
    const QUrl url(fileOrUrl);
    if (!url.isValid() || url.host().isEmpty() || url.path().size() < 2)
        return Error::validation(
            QStringLiteral("db"),
            tr("A server database is written as "
               "postgresql://user@host:port/db or mysql://user@host:port/db."));
    loc.engine = isPg ? Engine::PostgreSQL : Engine::MySQL;
    loc.host = url.host();
    loc.port = url.port(isPg ? 5432 : 3306);
    loc.user = url.userName();
    loc.name = url.path().mid(1);
    loc.password = url.password(); // discouraged, but an explicit URL password is honoured
    return loc;
}

QString DatabaseLocation::display() const
{
    if (engine == Engine::SQLite)
        return path;
    const QString scheme =
        engine == Engine::PostgreSQL ? QStringLiteral("postgresql") : QStringLiteral("mysql");
    return QStringLiteral("%1://%2@%3:%4/%5").arg(scheme, user, host).arg(port).arg(name);
}

int Database::latestSchemaVersion(Engine engine)
{
    return int(Migrations::forEngine(engine).size());
}

Result<std::shared_ptr<Database>> Database::open(const DatabaseLocation& location,
                                                 const OpenOptions& options)
{
    static QAtomicInteger<int> counter;
    std::shared_ptr<Database> self(new Database);
    self->m_location = location;
    self->m_operator = defaultOperator();
    self->m_baseName = QStringLiteral("accord-%1").arg(counter.fetchAndAddRelaxed(1));

    bool existed = true;
    if (location.engine == Engine::SQLite) {
        const QFileInfo info(location.path);
        existed = info.exists();
        if (!existed && !options.create)
            return Error::make(Error::Kind::NotFound,
                               tr("No such database: %1").arg(location.path));
        if (existed && !info.isFile())
            return Error::make(Error::Kind::NotFound,
                               tr("Not a database file: %1").arg(location.path));
        if (!existed && !QDir().mkpath(info.absolutePath()))
            return Error::make(Error::Kind::Storage,
                               tr("Cannot create the folder %1").arg(info.absolutePath()));
        self->m_readOnly = existed && !info.isWritable();
    }
    auto conn = self->openConnection(self->m_baseName);
    if (!conn)
        return conn.error();
    {
        QMutexLocker lock(&self->m_mutex);
        self->m_connections.insert(QThread::currentThread(), self->m_baseName);
    }
    if (auto prepared = self->prepareSchema(options, existed); !prepared)
        return prepared.error();
    return self;
}

Database::~Database()
{
    QMutexLocker lock(&m_mutex);
    for (const QString& name : std::as_const(m_connections)) {
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            if (db.isOpen())
                db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
}

Result<QSqlDatabase> Database::openConnection(const QString& name)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(dialect().driverName(), name);
    if (m_location.engine == Engine::SQLite) {
        if (m_readOnly) {
            // A file Accord may not write cannot hold WAL's shared memory either: read it as
            // immutable (a cleanly closed database has no pending WAL).
            db.setDatabaseName(QUrl::fromLocalFile(m_location.path).toString() +
                               QStringLiteral("?immutable=1"));
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY;QSQLITE_OPEN_URI"));
        } else {
            db.setDatabaseName(m_location.path);
        }
    } else {
        db.setHostName(m_location.host);
        db.setPort(m_location.port);
        db.setUserName(m_location.user);
        db.setDatabaseName(m_location.name);
        QString password = m_location.password;
        if (password.isEmpty())
            password = qEnvironmentVariable(m_location.engine == Engine::PostgreSQL ? "PGPASSWORD"
                                                                                    : "MYSQL_PWD");
        db.setPassword(password);
    }
    if (!db.open()) {
        const QSqlError err = db.lastError();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return Error::make(Error::Kind::Storage,
                           tr("Cannot open %1: %2").arg(m_location.display(), err.text()));
    }
    if (auto configured = configure(db); !configured) {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return configured.error();
    }
    return db;
}

Result<void> Database::configure(QSqlDatabase& db) const
{
    if (m_location.engine != Engine::SQLite)
        return {};
    if (!registerSqliteFunctions(db))
        return Error::make(Error::Kind::Storage, tr("Cannot register Accord's SQL functions."));
    QStringList pragmas{QStringLiteral("PRAGMA busy_timeout = %1").arg(busyTimeoutMs()),
                        QStringLiteral("PRAGMA foreign_keys = OFF"),
                        QStringLiteral("PRAGMA synchronous = NORMAL")};
    if (!m_readOnly)
        pragmas.prepend(QStringLiteral("PRAGMA journal_mode = WAL"));
    for (const QString& p : pragmas)
        if (auto r = runSql(db, p); !r)
            return r.error();
    return {};
}

QSqlDatabase Database::connection()
{
    QThread* thread = QThread::currentThread();
    if (thread == m_forbiddenThread)
        qFatal("Accord: a database query was started on a thread that must never query "
               "(the GUI thread of a lazy view)");
    QMutexLocker lock(&m_mutex);
    if (auto it = m_connections.constFind(thread); it != m_connections.constEnd())
        return QSqlDatabase::database(*it, false);
    const QString name = m_baseName + QStringLiteral("-t%1").arg(quintptr(thread), 0, 16);
    lock.unlock();
    auto opened = openConnection(name);
    if (!opened)
        return {}; // an invalid connection: its queries fail with the driver's error
    lock.relock();
    m_connections.insert(thread, name);
    return *opened;
}

void Database::releaseThreadConnection()
{
    QMutexLocker lock(&m_mutex);
    const QString name = m_connections.take(QThread::currentThread());
    if (name.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

Result<void> Database::prepareSchema(const OpenOptions& options, bool existedBefore)
{
    QSqlDatabase db = connection();
    const auto& migrations = Migrations::forEngine(m_location.engine);
    auto current = Migrations::currentVersion(db);
    if (!current)
        return current.error();
    m_accordTables = current->accord;
    const int latest = int(migrations.size());
    m_schemaVersion = current->version;
    if (m_schemaVersion > latest)
        return Error::make(Error::Kind::NewerSchema,
                           tr("This database has schema version %1, newer than this build of "
                              "Accord knows (%2). Use a newer Accord.")
                               .arg(m_schemaVersion)
                               .arg(latest));
    if (current->vendor && !current->accord)
        return {}; // a vendor database: Accord adds nothing unless an admin asks
    if (m_schemaVersion == latest || !options.migrate)
        return {};
    if (m_readOnly)
        return Error::make(Error::Kind::ReadOnly,
                           tr("The database needs an update to schema version %1, but it is "
                              "read-only.")
                               .arg(latest));
    if (m_location.engine == Engine::SQLite && existedBefore && m_schemaVersion > 0) {
        m_backupPath = m_location.path + QStringLiteral(".bak-%1").arg(m_schemaVersion);
        if (auto r = runSql(db, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")); !r)
            return r.error();
        QFile::remove(m_backupPath);
        if (!QFile::copy(m_location.path, m_backupPath))
            return Error::make(
                Error::Kind::Storage,
                tr("Cannot copy the database to %1 before updating it.").arg(m_backupPath));
    }
    if (auto r = Migrations::apply(db, dialect(), m_schemaVersion, latest); !r)
        return r.error();
    m_schemaVersion = latest;
    m_accordTables = true;
    return {};
}

} // namespace accord
