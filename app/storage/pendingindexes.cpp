#include "pendingindexes.h"

#include "database.h"
#include "sql.h"

#include <QRegularExpression>

#include <atomic>
#include <future>
#include <vector>

namespace accord::PendingIndexes {

Result<void> record(const QSqlDatabase& db, const QStringList& definitions)
{
    static const QRegularExpression named(QStringLiteral("^CREATE INDEX (\\S+) ON "));
    for (const QString& definition : definitions) {
        const auto match = named.match(definition);
        if (!match.hasMatch())
            return Error::make(Error::Kind::Storage,
                               QStringLiteral("Not an index to build later: %1").arg(definition));
        // A trigram index takes ten times a B-tree's time: started first, it ends with them.
        const int weight = definition.contains(QLatin1String(" USING gin ")) ? 10 : 1;
        if (auto r = runSql(db,
                            QStringLiteral("INSERT INTO accord_pending_indexes (name, definition, "
                                           "weight) VALUES (?, ?, ?)"),
                            {match.captured(1), definition, weight});
            !r)
            return r.error();
    }
    return {};
}

Result<int> build(const QSqlDatabase& db)
{
    // Usually none: one look outside a transaction.
    auto any = runSql(db, QStringLiteral("SELECT 1 FROM accord_pending_indexes LIMIT 1"));
    if (!any)
        return any.error();
    if (!any->next())
        return 0;
    int built = 0;
    for (;;) {
        if (auto r = runSql(db, QStringLiteral("BEGIN")); !r)
            return r.error();
        auto fail = [&](const Error& e) {
            (void)runSql(db, QStringLiteral("ROLLBACK"));
            return e;
        };
        // The row stays locked while its index is built: other builders skip it.
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

Result<void> buildAll(Database& database, const QSqlDatabase& db, int connections,
                      const QStringList& afterwards)
{
    std::atomic<qsizetype> next{0};
    auto work = [&](const QSqlDatabase& on) -> Result<void> {
        if (auto r = build(on); !r)
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
