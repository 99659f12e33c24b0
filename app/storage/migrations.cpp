#include "migrations.h"

#include "differencestore.h"
#include "sql.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QMutex>

namespace accord {

namespace {
const QString searchScriptPath = QStringLiteral(":/schema/sqlite/002_search.sql");
const QString differencesScriptName = QStringLiteral("003_differences.sql");
// The search script's triggers only see rows written after it ran: rows a file already
// holds (an older schema being migrated) are indexed and counted here.
const QString fullTextFill = QStringLiteral(
    "INSERT INTO accord_users_fts (rowid, name, email) SELECT id, "
    "accord_nfc(first_name || ' ' || last_name), accord_nfc(email) FROM tblusers;\n"
    "INSERT INTO accord_clients_fts (rowid, name, company, email) SELECT id, "
    "accord_nfc(firstname || ' ' || lastname), accord_nfc(companyname), accord_nfc(email) "
    "FROM tblclients;\n");
const QString searchBackfill =
    fullTextFill +
    QStringLiteral(
        "UPDATE accord_counters SET value = (SELECT count(*) FROM tblusers) WHERE name = 'users';\n"
        "UPDATE accord_counters SET value = (SELECT count(*) FROM tblclients) WHERE name = "
        "'clients';\n"
        "UPDATE accord_counters SET value = (SELECT count(*) FROM tblusers_clients) WHERE name = "
        "'links';\n"
        "INSERT INTO accord_user_stats (id, client_count) SELECT u.id, (SELECT count(*) FROM "
        "tblusers_clients l WHERE l.auth_user_id = u.id) FROM tblusers u;\n"
        "INSERT INTO accord_client_stats (id, user_count) SELECT c.id, (SELECT count(*) FROM "
        "tblusers_clients l WHERE l.client_id = c.id) FROM tblclients c;\n");
} // namespace

const QStringList& Migrations::forEngine(Engine engine)
{
    static QHash<int, QStringList> cache;
    static QMutex mutex;
    QMutexLocker lock(&mutex);
    auto it = cache.find(int(engine));
    if (it == cache.end()) {
        const QString folder = Dialect::of(engine).migrationsFolder();
        QStringList paths;
        for (const QString& name :
             QDir(folder).entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name))
            paths << folder + QLatin1Char('/') + name;
        it = cache.insert(int(engine), paths);
    }
    return *it;
}

QString Migrations::script(const QString& resourcePath)
{
    QFile f(resourcePath);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll());
}

QString Migrations::fullTextFill()
{
    return accord::fullTextFill;
}

QString Migrations::searchScript()
{
    return script(searchScriptPath);
}

Result<Migrations::State> Migrations::currentVersion(const QSqlDatabase& db)
{
    State s;
    const QStringList tables = db.tables();
    s.vendor = tables.contains(QLatin1String("tblusers"));
    s.accord = tables.contains(QLatin1String("accord_schema"));
    if (!s.accord)
        return s;
    auto q = runSql(db, QStringLiteral("SELECT version FROM accord_schema"));
    if (!q)
        return q.error();
    if (q->next())
        s.version = q->value(0).toInt();
    return s;
}

Result<void> Migrations::apply(const QSqlDatabase& db, const Dialect& dialect, int from, int to)
{
    const QStringList& paths = forEngine(dialect.engine());
    if (auto r = runSql(db, dialect.beginWrite()); !r)
        return r.error();
    auto fail = [&](const Error& e) -> Result<void> {
        (void)runSql(db, QStringLiteral("ROLLBACK"));
        return e;
    };
    if (auto r = runSql(db, QStringLiteral("CREATE TABLE IF NOT EXISTS accord_schema "
                                           "(version integer NOT NULL)"));
        !r)
        return fail(r.error());
    for (int v = from + 1; v <= to; ++v) {
        const QString text = script(paths.at(v - 1));
        if (text.isEmpty())
            return fail(
                Error::make(Error::Kind::Storage,
                            QCoreApplication::translate("Database", "Missing schema script %1")
                                .arg(paths.at(v - 1))));
        if (auto r = runScript(db, text); !r)
            return fail(r.error());
        if (paths.at(v - 1) == searchScriptPath)
            if (auto r = runScript(db, searchBackfill); !r)
                return fail(r.error());
        // Links a file already holds are compared once; every write keeps them since.
        if (paths.at(v - 1).endsWith(differencesScriptName))
            if (auto r = DifferenceStore(db, dialect).rebuildAll(); !r)
                return fail(r.error());
    }
    if (auto r = runSql(db, QStringLiteral("DELETE FROM accord_schema")); !r)
        return fail(r.error());
    if (auto r = runSql(db, QStringLiteral("INSERT INTO accord_schema (version) VALUES (?)"), {to});
        !r)
        return fail(r.error());
    if (auto r = runSql(db, QStringLiteral("COMMIT")); !r)
        return fail(r.error());
    return {};
}

} // namespace accord
