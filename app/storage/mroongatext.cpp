#include "mroongatext.h"

#include "batchinsert.h"
#include "dialect.h"
#include "idpage.h"
#include "sql.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace accord {

namespace {
// Beyond this many queued records a search scans the keys instead of listing them.
constexpr int queueLimit = 10000;

// A Groonga phrase query matching the term's characters in order, each taken literally.
QString phrase(const QString& term)
{
    QString q = QStringLiteral("+\"");
    for (const QChar ch : term) {
        if (ch == QLatin1Char('"') || ch == QLatin1Char('\\'))
            q += QLatin1Char('\\');
        q += ch;
    }
    return q + QLatin1Char('"');
}

QString idList(const QList<qint64>& ids)
{
    QStringList parts;
    parts.reserve(ids.size());
    for (qint64 id : ids)
        parts << QString::number(id);
    return parts.join(QLatin1Char(','));
}

Result<QList<qint64>> ids(Result<QSqlQuery> q)
{
    if (!q)
        return q.error();
    QList<qint64> out;
    while (q->next())
        out << q->value(0).toLongLong();
    return out;
}
} // namespace

MroongaText::MroongaText(Listed listed, QString keysTable)
    : m_listed(listed == Listed::Users ? 0 : 1), m_keysTable(std::move(keysTable)),
      m_textTable(listed == Listed::Users ? QStringLiteral("accord_user_text")
                                          : QStringLiteral("accord_client_text"))
{
}

QString MroongaText::dropIndex() const
{
    return QStringLiteral("ALTER TABLE %1 DROP INDEX IF EXISTS %1_search").arg(m_textTable);
}

QString MroongaText::addIndex() const
{
    return QStringLiteral("ALTER TABLE %1 ADD FULLTEXT INDEX IF NOT EXISTS %1_search "
                          "(search_text) COMMENT 'tokenizer \"TokenBigramSplitSymbolAlphaDigit\"'")
        .arg(m_textTable);
}

Result<void> MroongaText::repair(const QSqlDatabase& db) const
{
    auto q = runSql(db,
                    QStringLiteral("SELECT count(*) FROM information_schema.STATISTICS WHERE "
                                   "TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? AND INDEX_NAME "
                                   "= ?"),
                    {m_textTable, m_textTable + QStringLiteral("_search")});
    if (!q)
        return q.error();
    if (q->next() && q->value(0).toInt() > 0)
        return {};
    for (const QString& sql :
         {QStringLiteral("DELETE FROM %1").arg(m_textTable),
          QStringLiteral("INSERT INTO %1 (id, search_text) SELECT id, search_key FROM %2")
              .arg(m_textTable, m_keysTable),
          addIndex()})
        if (auto r = runSql(db, sql); !r)
            return r.error();
    return {};
}

Result<void> MroongaText::queue(const QSqlDatabase& db, const QList<qint64>& records) const
{
    if (records.isEmpty())
        return {};
    QStringList rows;
    rows.reserve(records.size());
    for (qint64 id : records)
        rows << QStringLiteral("(%1,%2)").arg(m_listed).arg(id);
    auto q = runSql(db, QStringLiteral("INSERT IGNORE INTO accord_search_queue (listed, id) "
                                       "VALUES ") +
                            rows.join(QLatin1Char(',')));
    if (!q)
        return q.error();
    return {};
}

Result<qint64> MroongaText::sync(const QSqlDatabase& db) const
{
    qint64 synced = 0;
    for (;;) {
        auto batch = ids(runSql(db,
                                QStringLiteral("SELECT id FROM accord_search_queue WHERE listed "
                                               "= ? ORDER BY id LIMIT 2000"),
                                {m_listed}));
        if (!batch)
            return batch.error();
        if (batch->isEmpty())
            return synced;
        // Lock the keys first, as a writer does before it queues them: whoever changes one
        // of these keys meanwhile commits before (then its key is read here) or after (then
        // it queues the record again).
        if (auto r = runSql(db, Dialect::of(db).beginWrite()); !r)
            return r.error();
        auto done = [&]() -> Result<void> {
            auto q = runSql(db, QStringLiteral("SELECT id, search_key FROM %1 WHERE id IN (%2) "
                                               "FOR UPDATE")
                                    .arg(m_keysTable, idList(*batch)));
            if (!q)
                return q.error();
            BatchInsert text(db, Dialect::of(db), m_textTable,
                             {QStringLiteral("id"), QStringLiteral("search_text")});
            text.updateExisting(QStringLiteral("id"));
            QSet<qint64> present;
            while (q->next()) {
                const qint64 id = q->value(0).toLongLong();
                present.insert(id);
                const QByteArray key = q->value(1).toString().toUtf8();
                text.integer(1, id);
                text.text(2, {key.constData(), std::size_t(key.size())});
                if (!text.step())
                    break;
            }
            if (auto r = text.finish(); !r)
                return r.error();
            QList<qint64> gone;
            for (qint64 id : *batch)
                if (!present.contains(id))
                    gone << id;
            if (!gone.isEmpty())
                if (auto r = runSql(db, QStringLiteral("DELETE FROM %1 WHERE id IN (%2)")
                                            .arg(m_textTable, idList(gone)));
                    !r)
                    return r.error();
            if (auto r = runSql(db,
                                QStringLiteral("DELETE FROM accord_search_queue WHERE listed = ? "
                                               "AND id IN (%1)")
                                    .arg(idList(*batch)),
                                {m_listed});
                !r)
                return r.error();
            if (auto r = runSql(db, QStringLiteral("COMMIT")); !r)
                return r.error();
            return {};
        }();
        if (!done) {
            (void)runSql(db, QStringLiteral("ROLLBACK"));
            return done.error();
        }
        synced += batch->size();
    }
}

Result<std::optional<QList<qint64>>> MroongaText::queued(const QSqlDatabase& db) const
{
    auto q = ids(runSql(db,
                        QStringLiteral("SELECT id FROM accord_search_queue WHERE listed = ? "
                                       "ORDER BY id LIMIT ?"),
                        {m_listed, queueLimit + 1}));
    if (!q)
        return q.error();
    if (q->size() > queueLimit)
        return std::optional<QList<qint64>>();
    return std::optional<QList<qint64>>(*q);
}

Result<std::optional<KeyedIds>> MroongaText::pageById(const QSqlDatabase& db, const QString& term,
                                                      const QString& pattern,
                                                      const ListRequest& request) const
{
    const IdPage page(request);
    const int need = page.need();
    const QString after = page.after(QStringLiteral("id"));
    const QVariantList afterParams = page.afterParams();
    const QString dir = page.direction();
    const bool descending = page.descending();
    // 1. The next few thousand ids: a common term's page is there.
    bool complete = false;
    auto probe = page.probe(db, m_keysTable, QStringLiteral("k.search_key LIKE ? ESCAPE '!'"),
                            {pattern}, &complete);
    if (!probe)
        return probe.error();
    if (probe->size() >= need || complete)
        return std::optional<KeyedIds>(page.finish(*probe));

    // 2. The n-gram index, less the queued records, which are read in the keys instead.
    auto pending = queued(db);
    if (!pending)
        return pending.error();
    if (!*pending)
        return std::optional<KeyedIds>();
    const QList<qint64>& queuedIds = **pending;
    QVariantList params{phrase(term)};
    params << afterParams << need + int(queuedIds.size());
    auto indexed = ids(runSql(db,
                              QStringLiteral("SELECT id FROM %1 WHERE MATCH(search_text) "
                                             "AGAINST(? IN BOOLEAN MODE)%2 ORDER BY id %3 "
                                             "LIMIT ?")
                                  .arg(m_textTable, after, dir),
                              params));
    if (!indexed)
        return indexed.error();
    const QSet<qint64> skip(queuedIds.begin(), queuedIds.end());
    QList<qint64> found;
    for (qint64 id : *indexed)
        if (!skip.contains(id))
            found << id;
    if (!queuedIds.isEmpty()) {
        QVariantList qp{pattern};
        qp << afterParams;
        auto fresh = ids(
            runSql(db,
                   QStringLiteral("SELECT id FROM %1 WHERE id IN (%2) AND "
                                  "search_key LIKE ? ESCAPE '!'%3")
                       .arg(m_keysTable, idList(queuedIds), after.isEmpty() ? QString() : after),
                   qp));
        if (!fresh)
            return fresh.error();
        found << *fresh;
        std::sort(found.begin(), found.end());
        if (descending)
            std::reverse(found.begin(), found.end());
    }
    return std::optional<KeyedIds>(page.finish(found));
}

Result<std::optional<qint64>> MroongaText::count(const QSqlDatabase& db, const QString& term,
                                                 const QString& pattern) const
{
    auto pending = queued(db);
    if (!pending)
        return pending.error();
    if (!*pending)
        return std::optional<qint64>();
    const QList<qint64>& queuedIds = **pending;
    QString sql = QStringLiteral("SELECT count(*) FROM %1 WHERE MATCH(search_text) AGAINST(? "
                                 "IN BOOLEAN MODE)")
                      .arg(m_textTable);
    if (!queuedIds.isEmpty())
        sql += QStringLiteral(" AND id NOT IN (%1)").arg(idList(queuedIds));
    auto q = runSql(db, sql, {phrase(term)});
    if (!q)
        return q.error();
    qint64 n = q->next() ? q->value(0).toLongLong() : 0;
    if (!queuedIds.isEmpty()) {
        auto fresh = runSql(db,
                            QStringLiteral("SELECT count(*) FROM %1 WHERE id IN (%2) AND "
                                           "search_key LIKE ? ESCAPE '!'")
                                .arg(m_keysTable, idList(queuedIds)),
                            {pattern});
        if (!fresh)
            return fresh.error();
        n += fresh->next() ? fresh->value(0).toLongLong() : 0;
    }
    return std::optional<qint64>(n);
}

Result<QString> MroongaText::candidates(const QSqlDatabase& db, const QString& term,
                                        QVariantList& params) const
{
    auto pending = queued(db);
    if (!pending)
        return pending.error();
    if (!*pending)
        return QString();
    params << phrase(term);
    QString condition = QStringLiteral("k.id IN (SELECT id FROM %1 WHERE MATCH(search_text) "
                                       "AGAINST(? IN BOOLEAN MODE))")
                            .arg(m_textTable);
    if (!(*pending)->isEmpty())
        condition = QStringLiteral("(%1 OR k.id IN (%2))").arg(condition, idList(**pending));
    return condition;
}

} // namespace accord
