#include "existingrecords.h"

#include "searchindex.h"
#include "sql.h"

namespace accord {

namespace {
constexpr qsizetype batch = 500;

QString marks(qsizetype n)
{
    QStringList m;
    m.reserve(n);
    for (qsizetype i = 0; i < n; ++i)
        m << QStringLiteral("?");
    return m.join(QLatin1Char(','));
}
} // namespace

Result<bool> ExistingRecords::areNone() const
{
    for (int t = 0; t < importTableCount; ++t) {
        auto q =
            runSql(m_db, QStringLiteral("SELECT 1 FROM %1 LIMIT 1").arg(tableName(ImportTable(t))));
        if (!q)
            return q.error();
        if (q->next())
            return false;
    }
    return true;
}

Result<QSet<qint64>> ExistingRecords::ids(ImportTable table, const QList<qint64>& ids) const
{
    QSet<qint64> found;
    for (qsizetype at = 0; at < ids.size(); at += batch) {
        const QList<qint64> part = ids.mid(at, batch);
        QVariantList params;
        for (qint64 id : part)
            params << id;
        auto q = runSql(m_db,
                        QStringLiteral("SELECT id FROM %1 WHERE id IN (%2)")
                            .arg(tableName(table), marks(part.size())),
                        params);
        if (!q)
            return q.error();
        while (q->next())
            found.insert(q->value(0).toLongLong());
    }
    return found;
}

Result<QSet<std::pair<qint64, qint64>>>
ExistingRecords::links(const QList<std::pair<qint64, qint64>>& pairs) const
{
    // By user id, then the clients kept that were asked for.
    QHash<qint64, QSet<qint64>> wanted;
    for (const auto& [user, client] : pairs)
        wanted[user].insert(client);
    const QList<qint64> users = wanted.keys();
    QSet<std::pair<qint64, qint64>> found;
    for (qsizetype at = 0; at < users.size(); at += batch) {
        const QList<qint64> part = users.mid(at, batch);
        QVariantList params;
        for (qint64 id : part)
            params << id;
        auto q = runSql(m_db,
                        QStringLiteral("SELECT auth_user_id, client_id FROM tblusers_clients "
                                       "WHERE auth_user_id IN (%1)")
                            .arg(marks(part.size())),
                        params);
        if (!q)
            return q.error();
        while (q->next()) {
            const qint64 user = q->value(0).toLongLong(), client = q->value(1).toLongLong();
            if (wanted.value(user).contains(client))
                found.insert({user, client});
        }
    }
    return found;
}

Result<QHash<qint64, qint64>> ExistingRecords::owners(const QList<qint64>& clients) const
{
    QHash<qint64, qint64> found;
    for (qsizetype at = 0; at < clients.size(); at += batch) {
        const QList<qint64> part = clients.mid(at, batch);
        QVariantList params;
        for (qint64 id : part)
            params << id;
        auto q = runSql(m_db,
                        QStringLiteral("SELECT client_id, auth_user_id FROM tblusers_clients "
                                       "WHERE owner <> 0 AND client_id IN (%1)")
                            .arg(marks(part.size())),
                        params);
        if (!q)
            return q.error();
        while (q->next())
            found.insert(q->value(0).toLongLong(), q->value(1).toLongLong());
    }
    return found;
}

Result<std::optional<qint64>> ExistingRecords::userWithLogin(const QString& email) const
{
    return m_dialect.searchIndex().userWithLogin(m_db, email);
}

} // namespace accord
