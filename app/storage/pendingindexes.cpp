#include "pendingindexes.h"

#include "database.h"
#include "dialect.h"
#include "sql.h"

#include <QCryptographicHash>
#include <QScopeGuard>

#include <QRegularExpression>

#include <atomic>
#include <future>
#include <vector>

namespace accord::PendingIndexes {

Result<void> record(const QSqlDatabase& db, const QStringList& definitions)
{
    // pg_get_indexdef's form (an index), or MariaDB's made by MysqlDialect (a table's
    // indexes, built in one pass): named by the index or the table.
    static const QRegularExpression named(
        QStringLiteral("^(?:CREATE INDEX (\\S+) ON |ALTER TABLE (\\S+) ADD INDEX )"));
    for (const QString& definition : definitions) {
        const auto match = named.match(definition);
        if (!match.hasMatch())
            return Error::make(Error::Kind::Storage,
                               QStringLiteral("Not an index to build later: %1").arg(definition));
        const QString name = match.captured(1).isEmpty() ? match.captured(2) : match.captured(1);
        // A trigram index takes ten times a B-tree's time: started first, it ends with them;
        // a table's several indexes, one pass each.
        const int weight = definition.contains(QLatin1String(" USING gin "))
                               ? 10
                               : std::max(1, int(definition.count(QLatin1String(" ADD INDEX "))));
        // (A row left by a build stopped between its DDL and its row's deletion: replaced.)
        if (auto r = runSql(db, QStringLiteral("DELETE FROM accord_pending_indexes WHERE name = ?"),
                            {name});
            !r)
            return r.error();
        if (auto r = runSql(db,
                            QStringLiteral("INSERT INTO accord_pending_indexes (name, definition, "
                                           "weight) VALUES (?, ?, ?)"),
                            {name, definition, weight});
            !r)
            return r.error();
    }
    return {};
}

namespace {
// Where DDL takes part in transactions (PostgreSQL): the row stays locked while its index
// is built, other builders skip it, and the build and the row's deletion commit together.
Result<int> buildLocked(const QSqlDatabase& db)
{
    int built = 0;
    for (;;) {
        if (auto r = runSql(db, QStringLiteral("BEGIN")); !r)
            return r.error();
        auto fail = [&](const Error& e) {
            (void)runSql(db, QStringLiteral("ROLLBACK"));
            return e;
        };
        auto q = runSql(db, QStringLiteral("SELECT name, definition FROM accord_pending_indexes "
                                           "ORDER BY weight DESC, name LIMIT 1 FOR UPDATE SKIP "
                                           "LOCKED"));
        if (!q)
            return fail(q.error());
        if (!q->next()) {
            (void)runSql(db, QStringLiteral("ROLLBACK"));
            return built;
        }
        const QString name = q->value(0).toString();
        const QString definition = q->value(1).toString();
        for (const auto& [sql, params] :
             {std::pair{QStringLiteral("SET LOCAL maintenance_work_mem = '256MB'"), QVariantList()},
              std::pair{definition, QVariantList()},
              std::pair{QStringLiteral("DELETE FROM accord_pending_indexes WHERE name = ?"),
                        QVariantList{name}}})
            if (auto r = runSql(db, sql, params); !r)
                return fail(r.error());
        if (auto r = runSql(db, QStringLiteral("COMMIT")); !r)
            return r.error();
        ++built;
    }
}

// Where DDL commits what is open (MariaDB): an index is claimed with a named lock of the
// session (a row lock would end at the DDL's implicit commit), built IF NOT EXISTS, then
// its row deleted; a builder stopped between the two leaves a build that only repeats.
Result<int> buildClaimed(const QSqlDatabase& db)
{
    int built = 0;
    for (;;) {
        auto q = runSql(db, QStringLiteral("SELECT name, definition FROM accord_pending_indexes "
                                           "ORDER BY weight DESC, name"));
        if (!q)
            return q.error();
        QList<std::pair<QString, QString>> pending;
        while (q->next())
            pending.append({q->value(0).toString(), q->value(1).toString()});
        bool claimedOne = false;
        for (const auto& [name, definition] : std::as_const(pending)) {
            // A lock's name is the server's, not the database's (and at most 64 characters).
            const QString lock =
                QStringLiteral("accord_index_") +
                QString::fromLatin1(
                    QCryptographicHash::hash((db.databaseName() + QLatin1Char('/') + name).toUtf8(),
                                             QCryptographicHash::Md5)
                        .toHex());
            auto claim = runSql(db, QStringLiteral("SELECT GET_LOCK(?, 0)"), {lock});
            if (!claim)
                return claim.error();
            if (!claim->next() || claim->value(0).toInt() != 1)
                continue; // another builder's
            auto release = qScopeGuard(
                [&] { (void)runSql(db, QStringLiteral("SELECT RELEASE_LOCK(?)"), {lock}); });
            // Still pending (not built by another builder before the claim)?
            auto still = runSql(
                db, QStringLiteral("SELECT 1 FROM accord_pending_indexes WHERE name = ?"), {name});
            if (!still)
                return still.error();
            if (!still->next())
                continue;
            claimedOne = true;
            if (auto r = runSql(db, definition); !r)
                return r.error();
            if (auto r =
                    runSql(db, QStringLiteral("DELETE FROM accord_pending_indexes WHERE name = ?"),
                           {name});
                !r)
                return r.error();
            ++built;
            break; // read the rows again: another builder may have taken some meanwhile
        }
        if (!claimedOne)
            return built;
    }
}
} // namespace

Result<int> build(const QSqlDatabase& db, const Dialect& dialect)
{
    // Usually none: one look outside a transaction.
    auto any = runSql(db, QStringLiteral("SELECT 1 FROM accord_pending_indexes LIMIT 1"));
    if (!any)
        return any.error();
    if (!any->next())
        return 0;
    return dialect.hasTransactionalDdl() ? buildLocked(db) : buildClaimed(db);
}

Result<void> buildAll(Database& database, const QSqlDatabase& db, int connections,
                      const QStringList& afterwards)
{
    std::atomic<qsizetype> next{0};
    auto work = [&](const QSqlDatabase& on) -> Result<void> {
        if (auto r = build(on, database.dialect()); !r)
            return r.error();
        for (qsizetype i = next++; i < afterwards.size(); i = next++)
            if (auto r = runSql(on, afterwards.at(i)); !r)
                return r.error();
        return {};
    };
    std::vector<std::future<Result<void>>> others;
    for (int i = 1; i < connections; ++i)
        others.push_back(std::async(std::launch::async, [&] {
            Result<void> done = work(database.connection());
            database.releaseThreadConnection();
            return done;
        }));
    Result<void> done = work(db);
    for (auto& other : others)
        if (Result<void> r = other.get(); done && !r)
            done = r.error();
    return done;
}

} // namespace accord::PendingIndexes
