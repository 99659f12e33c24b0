#include "migrations.h"

#include "differencestore.h"
#include "searchindex.h"
#include "sql.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QMutex>

namespace accord {

namespace {
const QString searchFolder = QStringLiteral(":/schema/sqlite-search/");
const QString differencesScriptName = QStringLiteral("003_differences.sql");
// Schema 002's full-text tables (NFC text, folded by the tokenizer), for rows a file at
// version 1 already holds while it is migrated through 002; 005 replaces them.
const QString legacyFullTextFill = QStringLiteral(
    "INSERT INTO accord_users_fts (rowid, name, email) SELECT id, "
    "accord_nfc(first_name || ' ' || last_name), accord_nfc(email) FROM tblusers;\n"
    "INSERT INTO accord_clients_fts (rowid, name, company, email) SELECT id, "
    "accord_nfc(firstname || ' ' || lastname), accord_nfc(companyname), accord_nfc(email) "
    "FROM tblclients;\n");
// The folded keys of the rows a file holds, in one statement per table with Accord's
// functions (the same folding as SqliteSearchIndex::refreshKeys): a migration or bulk load
// runs on Accord's connection, where they are registered.
const QString keysFill = QStringLiteral(
    "INSERT INTO accord_user_keys (id, first_key, last_key, email_key, name_key, dirty) "
    "SELECT id, coalesce(accord_fold(first_name), ''), coalesce(accord_fold(last_name), ''), "
    "coalesce(accord_fold_email(email), ''), coalesce(accord_fold(coalesce(first_name, '') || "
    "' ' || coalesce(last_name, '')), ''), 0 FROM tblusers ORDER BY id;\n"
    "INSERT INTO accord_client_keys (id, first_key, last_key, company_key, email_key, name_key, "
    "dirty) SELECT id, coalesce(accord_fold(firstname), ''), coalesce(accord_fold(lastname), "
    "''), coalesce(accord_fold(companyname), ''), coalesce(accord_fold(email), ''), "
    "coalesce(accord_fold(coalesce(firstname, '') || ' ' || coalesce(lastname, '')), ''), 0 "
    "FROM tblclients ORDER BY id;\n");
// Logins an older file holds twice after folding (written by another program) are marked
// to be reported, never a failed migration.
const QString clashesMarked = QStringLiteral(
    "UPDATE accord_user_keys SET clash = 1 WHERE email_key IN (SELECT email_key FROM "
    "accord_user_keys GROUP BY email_key HAVING count(*) > 1);\n");
const QString fullTextFill = QStringLiteral(
    "INSERT INTO accord_users_fts (rowid, name, email) SELECT id, name_key, email_key FROM "
    "accord_user_keys;\n"
    "INSERT INTO accord_clients_fts (rowid, name, company, email) SELECT id, name_key, "
    "company_key, email_key FROM accord_client_keys;\n");

QString tr(const char* text)
{
    return QCoreApplication::translate("Database", text);
}
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

QString Migrations::searchScript(SearchPart part)
{
    switch (part) {
    case SearchPart::Tables:
        return script(searchFolder + QStringLiteral("tables.sql"));
    case SearchPart::Indexes:
        return script(searchFolder + QStringLiteral("indexes.sql"));
    case SearchPart::Triggers:
        return script(searchFolder + QStringLiteral("triggers.sql"));
    }
    return {};
}

QString Migrations::keysFill()
{
    return accord::keysFill;
}

QString Migrations::sqlitePlainFileScript()
{
    return searchScript(SearchPart::Tables) + accord::keysFill + clashesMarked +
           accord::fullTextFill + searchScript(SearchPart::Indexes) +
           searchScript(SearchPart::Triggers);
}

QString Migrations::sqliteSearchBackfill()
{
    return legacyFullTextFill +
           QStringLiteral(
               "UPDATE accord_counters SET value = (SELECT count(*) FROM tblusers) WHERE name = "
               "'users';\n"
               "UPDATE accord_counters SET value = (SELECT count(*) FROM tblclients) WHERE name = "
               "'clients';\n"
               "UPDATE accord_counters SET value = (SELECT count(*) FROM tblusers_clients) WHERE "
               "name = 'links';\n"
               "INSERT INTO accord_user_stats (id, client_count) SELECT u.id, (SELECT count(*) "
               "FROM tblusers_clients l WHERE l.auth_user_id = u.id) FROM tblusers u;\n"
               "INSERT INTO accord_client_stats (id, user_count) SELECT c.id, (SELECT count(*) "
               "FROM tblusers_clients l WHERE l.client_id = c.id) FROM tblclients c;\n");
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
        if (e.kind != Error::Kind::ReadOnly)
            return e;
        return Error::make(Error::Kind::ReadOnly,
                           tr("Your database role may not create or change Accord's tables "
                              "(%1). Ask an administrator to run `accord --db URL init` with a "
                              "role that may, after taking a backup.")
                               .arg(e.message));
    };
    if (auto r = runSql(db, QStringLiteral("CREATE TABLE IF NOT EXISTS accord_schema "
                                           "(version integer NOT NULL)") +
                                dialect.ownTableOptions());
        !r)
        return fail(r.error());
    for (int v = from + 1; v <= to; ++v) {
        const QString& path = paths.at(v - 1);
        const QString text = script(path);
        if (text.isEmpty())
            return fail(
                Error::make(Error::Kind::Storage, tr("Missing schema script %1").arg(path)));
        if (auto r = runScript(db, text); !r)
            return fail(r.error());
        if (const QString after = dialect.afterScript(path.section(QLatin1Char('/'), -1));
            !after.isEmpty())
            if (auto r = runScript(db, after); !r)
                return fail(r.error());
        // Links a database already holds are compared once; every write keeps them since.
        if (path.endsWith(differencesScriptName))
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
    // The search keys of rows the database held before (folded by Accord, not in SQL), once
    // the schema has them.
    if (to == int(paths.size()))
        if (auto r = dialect.searchIndex().refreshDirtyKeys(db); !r)
            return r.error();
    return {};
}

} // namespace accord
