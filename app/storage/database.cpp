#include "database.h"

#include "migrations.h"
#include "pendingindexes.h"
#include "searchindex.h"
#include "sql.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>

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

const Dialect* serverDialectOf(const QString& scheme)
{
    for (Engine e : {Engine::PostgreSQL, Engine::MySQL})
        if (Dialect::of(e).urlSchemes().contains(scheme))
            return &Dialect::of(e);
    return nullptr;
}
} // namespace

Result<DatabaseLocation> DatabaseLocation::parse(const QString& fileOrUrl)
{
    DatabaseLocation loc;
    const QString scheme = fileOrUrl.section(QStringLiteral("://"), 0, 0);
    const Dialect* server =
        fileOrUrl.contains(QStringLiteral("://")) ? serverDialectOf(scheme) : nullptr;
    if (!server) {
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
    if (!url.password().isEmpty())
        return Error::validation(
            QStringLiteral("db"),
            tr("A password in the --db URL would show in every process list; remove it. "
               "Accord takes the password from the keychain (File > Connect, Remember "
               "password), from ~/.pgpass or PGPASSWORD for PostgreSQL, or from MYSQL_PWD "
               "for MariaDB/MySQL."));
    loc.engine = server->engine();
    loc.host = url.host();
    loc.port = url.port(server->defaultPort());
    loc.user = url.userName();
    loc.name = url.path().mid(1);
    const QUrlQuery query(url);
    if (query.hasQueryItem(QStringLiteral("sslmode"))) {
        const QString mode = query.queryItemValue(QStringLiteral("sslmode"));
        auto tls = tlsModeFromName(mode);
        if (!tls)
            return Error::validation(QStringLiteral("tls"),
                                     tr("sslmode takes disable, require, verify-ca or "
                                        "verify-full, not '%1'.")
                                         .arg(mode));
        loc.tls = *tls;
    }
    loc.caFile = query.queryItemValue(QStringLiteral("sslrootcert"), QUrl::FullyDecoded);
    if (!loc.caFile.isEmpty())
        loc.caFile = QFileInfo(loc.caFile).absoluteFilePath();
    return loc;
}

std::optional<TlsMode> tlsModeFromName(const QString& name)
{
    for (TlsMode m : {TlsMode::Off, TlsMode::Require, TlsMode::VerifyCa, TlsMode::VerifyFull})
        if (tlsModeName(m) == name)
            return m;
    return std::nullopt;
}

QString tlsModeName(TlsMode mode)
{
    switch (mode) {
    case TlsMode::Off:
        return QStringLiteral("disable");
    case TlsMode::Require:
        return QStringLiteral("require");
    case TlsMode::VerifyCa:
        return QStringLiteral("verify-ca");
    case TlsMode::VerifyFull:
        return QStringLiteral("verify-full");
    }
    return {};
}

QString DatabaseLocation::title() const
{
    const Dialect& d = dialect();
    if (d.isEmbedded())
        return QFileInfo(path).fileName();
    return QStringLiteral("%1 · %2@%3/%4").arg(d.displayName(), user, host, name);
}

bool DatabaseLocation::sameServerDatabase(const DatabaseLocation& other) const
{
    return engine == other.engine && user == other.user && host == other.host &&
           port == other.port && name == other.name &&
           (engine != Engine::SQLite || path == other.path);
}

QString DatabaseLocation::display() const
{
    const Dialect& d = dialect();
    if (d.isEmbedded())
        return path;
    return QStringLiteral("%1://%2@%3:%4/%5")
        .arg(d.urlSchemes().value(0), user, host)
        .arg(port)
        .arg(name);
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
    const Dialect& dialect = location.dialect();
    if (Migrations::forEngine(location.engine).isEmpty())
        return Error::make(
            Error::Kind::Storage,
            tr("This build of Accord has no schema for %1 databases.").arg(dialect.displayName()));

    bool existed = true;
    if (dialect.isEmbedded()) {
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
        if (self->m_readOnly)
            self->m_readOnlyReason = tr("read-only: the file %1 cannot be written")
                                         .arg(QFileInfo(location.path).fileName());
        // A snapshot is read-only because its manifest says so, whatever the file's mode.
        if (existed && (self->m_snapshot = SnapshotManifest::peek(location.path))) {
            self->m_readOnly = true;
            self->m_readOnlyReason = self->m_snapshot->readOnlyReason();
        }
    } else {
        // A mode the driver cannot honour is refused, never quietly weakened (QMYSQL in Qt
        // 6.4 cannot check the host name, so verify-full on MariaDB would be verify-ca).
        if (!dialect.tlsModes().contains(location.tls)) {
            QStringList modes;
            for (TlsMode m : dialect.tlsModes())
                modes << tlsModeName(m);
            Error e =
                Error::validation(QStringLiteral("tls"),
                                  tr("%1 connections here take the TLS modes %2, not %3.")
                                      .arg(dialect.displayName(), modes.join(QLatin1String(", ")),
                                           tlsModeName(location.tls)));
            return e;
        }
        // On a server two admins' OS logins may be the same name: the role names them.
        self->m_operator = qEnvironmentVariable("ACCORD_OPERATOR", location.user);
        // libpq reads ~/.pgpass itself; the variables are read here so that every
        // connection (and a KILL QUERY's) uses the same password.
        if (self->m_location.password.isEmpty())
            self->m_location.password =
                qEnvironmentVariable(qPrintable(dialect.passwordVariable()));
    }
    // Beside the first connection, not after it: a server's connection costs ~10 ms of TLS
    // and authentication, and the window's first list asks for its two at once. (A refused
    // password is then refused twice: the opener stops at its first failure.)
    if (!dialect.isEmbedded())
        self->openAhead(options.workersAhead);
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
    if (m_opener.joinable()) {
        {
            QMutexLocker lock(&m_mutex);
            m_stopping = true;
            m_sparesChanged.wakeAll();
        }
        m_opener.join();
    }
    QMutexLocker lock(&m_mutex);
    for (Spare& spare : m_spares)
        closeConnection(spare.name, spare.db);
    for (const QString& name : std::as_const(m_connections)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        closeConnection(name, db);
    }
}

void Database::closeConnection(const QString& name, QSqlDatabase& db)
{
    if (db.isOpen())
        db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(name);
}

void Database::openAhead(int count)
{
    QMutexLocker lock(&m_mutex);
    m_sparesWanted = std::clamp(count, 0, kListWorkers);
    if (m_sparesWanted == 0)
        return;
    m_sparesOpening = true; // (so the first thread to ask waits for it)
    m_opener = std::thread([this] { openSpares(); });
}

void Database::openSpares()
{
    QMutexLocker lock(&m_mutex);
    for (;;) {
        while (!m_stopping && !m_sparesOpening) {
            if (int(m_spares.size()) < m_sparesWanted)
                m_sparesOpening = true;
            else
                m_sparesChanged.wait(&m_mutex);
        }
        if (m_stopping)
            return;
        const QString name = m_baseName + QStringLiteral("-spare%1").arg(m_sparesMade++);
        lock.unlock();
        auto opened = openConnection(name);
        lock.relock();
        m_sparesOpening = false;
        if (opened)
            keepSpare(name, *opened);
        else
            m_sparesWanted = 0; // (the server refused: threads open their own, and say why)
        m_sparesChanged.wakeAll();
    }
}

void Database::keepSpare(const QString& name, QSqlDatabase db)
{
    // On the connection's own thread: its driver gives up its thread, so that the thread
    // adopting it can pull it (Qt's one exception to "push only").
    db.driver()->moveToThread(nullptr);
    m_spares.push_back({name, std::move(db)});
}

std::optional<QSqlDatabase> Database::adoptSpare(QThread* thread, QMutexLocker<QMutex>& lock)
{
    while (m_spares.empty() && m_sparesOpening)
        m_sparesChanged.wait(&m_mutex);
    while (!m_spares.empty()) {
        Spare spare = std::move(m_spares.front());
        m_spares.pop_front();
        m_sparesChanged.wakeAll(); // the opener replaces it, for the next list
        spare.db.driver()->moveToThread(thread);
        m_connections.insert(thread, spare.name);
        // A server or a firewall may have ended it while it waited: one round trip (far
        // fewer than a new connection's) before a list trusts it with its first page.
        lock.unlock();
        const bool alive = bool(runSql(spare.db, QStringLiteral("SELECT 1")));
        lock.relock();
        if (alive)
            return spare.db;
        m_connections.remove(thread);
        closeConnection(spare.name, spare.db);
    }
    return std::nullopt;
}

Result<QSqlDatabase> Database::openConnection(const QString& name)
{
    // (A server's read-only role is found after its first connection, while connections
    // are opened ahead: only a file's mode is asked here.)
    const bool readOnlyFile = dialect().isEmbedded() && m_readOnly;
    QSqlDatabase db = QSqlDatabase::addDatabase(dialect().driverName(), name);
    dialect().prepare(db, m_location, readOnlyFile);
    if (!db.open()) {
        const QSqlError err = db.lastError();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return dialect().connectionError(err, m_location);
    }
    // Asked for TLS, got plain text: refused, never a silent fallback.
    if (auto encrypted = dialect().checkTls(db, m_location); !encrypted) {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return encrypted.error();
    }
    if (auto configured = dialect().configure(db, readOnlyFile); !configured) {
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
        return configured.error();
    }
    return db;
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
    if (auto spare = adoptSpare(thread, lock))
        return *spare;
    const QString name = m_baseName + QStringLiteral("-t%1").arg(quintptr(thread), 0, 16);
    lock.unlock();
    auto opened = openConnection(name);
    if (!opened)
        return {}; // an invalid connection: its queries fail with the driver's error
    lock.relock();
    m_connections.insert(thread, name);
    return *opened;
}

void Database::releaseThreadConnection(ConnectionEnd end)
{
    QMutexLocker lock(&m_mutex);
    const QString name = m_connections.take(QThread::currentThread());
    if (name.isEmpty())
        return;
    QSqlDatabase db = QSqlDatabase::database(name, false);
    // (isIdle: only a server's dialect says; a file's connections end with their thread.)
    if (end == ConnectionEnd::KeepForNext &&
        int(m_spares.size()) + int(m_sparesOpening) < kListWorkers && db.isOpen() &&
        dialect().isIdle(db)) {
        keepSpare(name, std::move(db));
        return;
    }
    closeConnection(name, db);
}

Result<void> Database::prepareSchema(const OpenOptions& options, bool existedBefore)
{
    QSqlDatabase db = connection();
    const bool embedded = dialect().isEmbedded();
    const int latest = latestSchemaVersion(m_location.engine);
    auto current = Migrations::currentVersion(db);
    if (!current)
        return current.error();
    m_accordTables = current->accord;
    m_schemaVersion = current->version;
    if (m_schemaVersion > latest)
        return Error::make(Error::Kind::NewerSchema,
                           tr("This database has schema version %1, newer than this build of "
                              "Accord knows (%2). Use a newer Accord.")
                               .arg(m_schemaVersion)
                               .arg(latest));
    if (!embedded && current->vendor) {
        auto reason = dialect().readOnlyReason(db);
        if (!reason)
            return reason.error();
        m_readOnlyReason = *reason;
        m_readOnly = !m_readOnlyReason.isEmpty();
    }
    if (current->vendor && !current->accord)
        return {}; // a vendor database: Accord adds nothing unless an admin asks
    if (m_schemaVersion == latest)
        return refreshAfterOthers(db);
    if (!embedded && !options.create) {
        // A shared server is migrated on purpose, by `init`, after a dump.
        if (m_schemaVersion == 0)
            return Error::make(Error::Kind::NotFound,
                               tr("No such database: %1 holds no Accord schema yet. Create it "
                                  "with: accord --db %1 init")
                                   .arg(m_location.display()));
        return Error::make(Error::Kind::Refused,
                           tr("%1 has schema version %2; this build of Accord needs %3. Take a "
                              "backup first (%4), then update it with: accord --db %1 init")
                               .arg(m_location.display())
                               .arg(m_schemaVersion)
                               .arg(latest)
                               .arg(dialect().backupAdvice(m_location)));
    }
    if (!options.migrate || m_snapshot)
        return {}; // a snapshot of an older build opens as it was written
    if (m_readOnly)
        return Error::make(Error::Kind::ReadOnly,
                           tr("The database needs an update to schema version %1, but it is "
                              "read-only (%2).")
                               .arg(latest)
                               .arg(m_readOnlyReason));
    if (embedded && existedBefore && m_schemaVersion > 0) {
        m_backupPath = m_location.path + QStringLiteral(".bak-%1").arg(m_schemaVersion);
        if (auto r = runSql(db, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")); !r)
            return r.error();
        QFile::remove(m_backupPath);
        if (!QFile::copy(m_location.path, m_backupPath))
            return Error::make(
                Error::Kind::Storage,
                tr("Cannot copy the database to %1 before updating it.").arg(m_backupPath));
    }
    return migrate(db, m_schemaVersion, latest);
}

Result<void> Database::migrate(const QSqlDatabase& db, int from, int to)
{
    // Two admins never migrate one server at once: the second waits for the lock, then
    // finds the schema already up to date.
    if (auto r = dialect().lockSchema(db); !r)
        return r;
    struct Unlock {
        const Dialect& dialect;
        const QSqlDatabase& db;
        ~Unlock() { dialect.unlockSchema(db); }
    } unlock{dialect(), db};
    auto current = Migrations::currentVersion(db);
    if (!current)
        return current.error();
    from = current->version;
    if (from < to)
        if (auto r = Migrations::apply(db, dialect(), from, to); !r)
            return r;
    m_schemaVersion = to;
    m_accordTables = true;
    findLoginClashes(db);
    return {};
}

Result<void> Database::refreshAfterOthers(const QSqlDatabase& db)
{
    if (m_readOnly)
        return {};
    // Indexes a bulk load left unbuilt (stopped after its commit). Searches answer without
    // them, only slower: a role that may not build them (not the tables' owner, or without
    // MariaDB's INDEX privilege) still opens, and the owner's next open builds them.
    if (dialect().buildsIndexesAfterBulkLoad())
        if (auto r = PendingIndexes::build(db, dialect()); !r)
            qWarning("accord: warning: indexes a bulk load left unbuilt are still missing: %s",
                     qPrintable(r.error().message));
    // Rows another program wrote since Accord last looked: their search keys.
    auto refreshed = dialect().searchIndex().refreshDirtyKeys(db);
    if (!refreshed)
        return refreshed.error();
    findLoginClashes(db);
    return {};
}

void Database::findLoginClashes(const QSqlDatabase& db)
{
    // Reported, never a reason to refuse opening: saves that would keep one are refused.
    auto clashes = dialect().searchIndex().loginClashes(db);
    m_loginClashes = clashes ? *clashes : QList<LoginClash>();
}

QStringList Database::loginClashWarnings() const
{
    QStringList lines;
    for (const LoginClash& clash : m_loginClashes) {
        QStringList users;
        for (qsizetype i = 0; i < clash.userIds.size(); ++i)
            users << tr("user %1 (%2)").arg(clash.userIds.at(i)).arg(clash.emails.value(i));
        lines << tr("Users share one login: %1 all sign in as %2, written so by another "
                    "program. Accord refuses to save them until each has an email address of "
                    "its own.")
                     .arg(users.join(QLatin1String(", ")), clash.login);
    }
    return lines;
}

} // namespace accord
