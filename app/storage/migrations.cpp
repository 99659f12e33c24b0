#include "migrations.h"

#include "sql.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QMutex>

namespace accord {

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

QString Migrations::searchScript()
{
    return script(QStringLiteral(":/schema/sqlite/002_search.sql"));
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
