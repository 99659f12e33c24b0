#include "servermeasure.h"

#include "services/samplegenerator.h"
#include "storage/dialect.h"
#include "storage/migrations.h"
#include "storage/sql.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QUrl>

#include <cstdio>
#include <memory>

namespace accord::bench {

namespace {
const QString dataSetName = QStringLiteral("accord_bench");
const QString shellSetName = QStringLiteral("accord_bench_shell");
const QStringList vendorTables{QStringLiteral("tblusers"), QStringLiteral("tblclients"),
                               QStringLiteral("tblusers_clients")};

// The benchmark's own server, stopped (and its data deleted) when the run ends: servers.sh
// waits for its stdin to close.
struct OwnServer {
    QProcess process;
    ~OwnServer()
    {
        process.closeWriteChannel();
        if (!process.waitForFinished(120000))
            process.kill();
    }
};
std::unique_ptr<OwnServer> ownServer;

QString baseUrl(Engine engine)
{
    const char* variable =
        engine == Engine::PostgreSQL ? "ACCORD_TEST_PG_URL" : "ACCORD_TEST_MYSQL_URL";
    const QString password = qEnvironmentVariable("ACCORD_TEST_DB_PASSWORD");
    QString url = qEnvironmentVariable(variable);
    QString secret = password;
    if (url.isEmpty()) {
        ownServer = std::make_unique<OwnServer>();
        ownServer->process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        ownServer->process.start(QStringLiteral("bash"),
                                 {QStringLiteral(ACCORD_SOURCE_DIR "/tests/bench/servers.sh"),
                                  engine == Engine::PostgreSQL ? QStringLiteral("postgresql")
                                                               : QStringLiteral("mysql")});
        QByteArray out;
        while (!out.contains("password=") || !out.endsWith('\n')) {
            if (!ownServer->process.waitForReadyRead(300000))
                qFatal("the benchmark's server did not start");
            out += ownServer->process.readAllStandardOutput();
        }
        for (const QByteArray& line : out.split('\n')) {
            if (line.startsWith("url="))
                url = QString::fromUtf8(line.mid(4));
            if (line.startsWith("password="))
                secret = QString::fromUtf8(line.mid(9));
        }
    }
    // Every child process and shell reads it where headless commands do.
    qputenv(engine == Engine::PostgreSQL ? "PGPASSWORD" : "MYSQL_PWD", secret.toUtf8());
    return url;
}

QString withDatabase(const QString& url, const QString& name)
{
    QUrl u(url);
    u.setPath(QLatin1Char('/') + name);
    return u.toString();
}

void exec(const QSqlDatabase& db, const QString& sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql))
        qFatal("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
}

// COPY's and LOAD DATA's shared text form: tabs between fields, \N for NULL, backslash
// escapes.
void writeTsv(const QSqlDatabase& db, Engine engine, const QString& table,
              const QStringList& columns, const QString& path)
{
    QStringList read;
    for (const QString& c : columns)
        read << (engine == Engine::PostgreSQL ? QStringLiteral("%1::text").arg(c)
                                              : QStringLiteral("CAST(`%1` AS CHAR)").arg(c));
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT %1 FROM %2 ORDER BY id")
                    .arg(read.join(QLatin1String(", ")), table)))
        qFatal("%s", qPrintable(q.lastError().text()));
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    QByteArray buffer;
    while (q.next()) {
        for (int i = 0; i < columns.size(); ++i) {
            if (i > 0)
                buffer += '\t';
            const QVariant v = q.value(i);
            if (v.isNull()) {
                buffer += "\\N";
                continue;
            }
            for (const char ch : v.toString().toUtf8()) {
                switch (ch) {
                case '\\':
                    buffer += "\\\\";
                    break;
                case '\t':
                    buffer += "\\t";
                    break;
                case '\n':
                    buffer += "\\n";
                    break;
                case '\r':
                    buffer += "\\r";
                    break;
                default:
                    buffer += ch;
                }
            }
        }
        buffer += '\n';
        if (buffer.size() > (1 << 20)) {
            f.write(buffer);
            buffer.clear();
        }
    }
    f.write(buffer);
}

// The engine's shell loading the files into the bare vendor tables: seconds.
std::optional<double> shellLoad(Engine engine, const DatabaseLocation& at,
                                const QList<std::pair<QString, QStringList>>& files)
{
    QStringList args;
    QString program;
    if (engine == Engine::PostgreSQL) {
        program = QStringLiteral("psql");
        args << QStringLiteral("-h") << at.host << QStringLiteral("-p") << QString::number(at.port)
             << QStringLiteral("-U") << at.user << QStringLiteral("-d") << at.name
             << QStringLiteral("-v") << QStringLiteral("ON_ERROR_STOP=1");
        for (const auto& [file, columns] : files)
            args << QStringLiteral("-c")
                 << QStringLiteral("\\copy %1 (%2) FROM '%3'")
                        .arg(QFileInfo(file).baseName(), columns.join(QLatin1Char(',')), file);
    } else {
        program = QStringLiteral("mariadb");
        QStringList statements;
        for (const auto& [file, columns] : files) {
            QStringList quoted;
            for (const QString& c : columns)
                quoted << QLatin1Char('`') + c + QLatin1Char('`');
            statements << QStringLiteral("LOAD DATA LOCAL INFILE '%1' INTO TABLE %2 CHARACTER "
                                         "SET utf8mb4 (%3)")
                              .arg(file, QFileInfo(file).baseName(), quoted.join(QLatin1Char(',')));
        }
        args << QStringLiteral("-h") << at.host << QStringLiteral("-P") << QString::number(at.port)
             << QStringLiteral("-u") << at.user << QStringLiteral("--local-infile=1") << at.name
             << QStringLiteral("-e") << statements.join(QLatin1String("; "));
    }
    QProcess p;
    p.setProcessChannelMode(QProcess::ForwardedChannels);
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    p.waitForFinished(-1);
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        std::fprintf(stderr, "warning: %s failed to load the rows\n", qPrintable(program));
        return std::nullopt;
    }
    return double(t.nsecsElapsed()) / 1e9;
}
} // namespace

Engine engineOf(const QString& fileOrUrl)
{
    auto location = DatabaseLocation::parse(fileOrUrl);
    return location ? location->engine : Engine::SQLite;
}

Result<DatabasePtr> openDataSet(const QString& fileOrUrl, OpenOptions options)
{
    auto location = DatabaseLocation::parse(fileOrUrl);
    if (!location)
        return location.error();
    if (location->engine != Engine::SQLite)
        location->password =
            qEnvironmentVariable(qPrintable(Dialect::of(location->engine).passwordVariable()));
    return Database::open(*location, options);
}

QSqlDatabase openPlain(const QString& fileOrUrl, const QString& connectionName)
{
    auto location = DatabaseLocation::parse(fileOrUrl);
    if (!location)
        qFatal("%s", qPrintable(location.error().message));
    QSqlDatabase db =
        QSqlDatabase::addDatabase(Dialect::of(location->engine).driverName(), connectionName);
    if (location->engine == Engine::SQLite) {
        db.setDatabaseName(location->path);
    } else {
        db.setHostName(location->host);
        db.setPort(location->port);
        db.setUserName(location->user);
        db.setDatabaseName(location->name);
        db.setPassword(
            qEnvironmentVariable(qPrintable(Dialect::of(location->engine).passwordVariable())));
    }
    if (!db.open())
        qFatal("cannot open %s: %s", qPrintable(fileOrUrl), qPrintable(db.lastError().text()));
    return db;
}

ServerDataSet prepareServerDataSet(Engine engine, int users)
{
    ServerDataSet out;
    const QString base = baseUrl(engine);
    out.url = withDatabase(base, dataSetName);
    const QString shellUrl = withDatabase(base, shellSetName);
    {
        QSqlDatabase admin = openPlain(base, QStringLiteral("bench-admin"));
        for (const QString& name : {dataSetName, shellSetName}) {
            exec(admin, engine == Engine::PostgreSQL
                            ? QStringLiteral("DROP DATABASE IF EXISTS %1 WITH (FORCE)").arg(name)
                            : QStringLiteral("DROP DATABASE IF EXISTS %1").arg(name));
            exec(admin, QStringLiteral("CREATE DATABASE %1").arg(name));
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-admin"));

    std::printf("data set: generating %d users into %s ...\n", users, qPrintable(out.url));
    std::fflush(stdout);
    {
        auto db = openDataSet(out.url, OpenOptions{true, true});
        if (!db)
            qFatal("cannot create %s: %s", qPrintable(out.url), qPrintable(db.error().message));
        auto stats = SampleGenerator(*db).generate({users, {}, 20261127});
        if (!stats)
            qFatal("sample generator: %s", qPrintable(stats.error().message));
        out.dataS = stats->dataSeconds;
        out.indexS = stats->indexSeconds;
    }

    // The same rows, loaded by the engine's shell into the vendor's bare tables.
    QTemporaryDir dir;
    QList<std::pair<QString, QStringList>> files;
    {
        QSqlDatabase shell = openPlain(shellUrl, QStringLiteral("bench-shell"));
        const QString vendor = Migrations::script(Dialect::of(engine).migrationsFolder() +
                                                  QStringLiteral("/001_vendor_tables.sql"));
        if (auto r = runScript(shell, vendor); !r)
            qFatal("vendor tables: %s", qPrintable(r.error().message));
        QSqlDatabase source = openPlain(out.url, QStringLiteral("bench-source"));
        for (const QString& table : vendorTables) {
            const QString path = dir.filePath(table + QStringLiteral(".tsv"));
            QStringList columns;
            const QSqlRecord record = shell.record(table);
            for (int i = 0; i < record.count(); ++i)
                columns << record.fieldName(i);
            writeTsv(source, engine, table, columns, path);
            files.append({path, columns});
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("bench-shell"));
    QSqlDatabase::removeDatabase(QStringLiteral("bench-source"));
    out.shellLoadS = shellLoad(engine, *DatabaseLocation::parse(shellUrl), files);
    return out;
}

void stopOwnServer()
{
    ownServer.reset();
}

} // namespace accord::bench
