#include "mroongatext.h"

#include "batchinsert.h"
#include "dialect.h"
#include "idpage.h"
#include "sql.h"

#include <QHash>
#include <QMutex>
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

// The ids of the last phrase search that found few records, per database and list, for
// the keystrokes that lengthen its term: a record holding the longer term holds the shorter
// one, so it is among these ids, unless its text was written since (then the stamp moved)
// or it is queued (the queue is read at every search).
constexpr int keptLimit = 5000;
struct Kept {
    QString term;
    qint64 stamp = 0;
    QList<qint64> ids;
    QStringList texts; // each id's search text, as the n-gram index holds it
};
QMutex& keptLock()
{
    static QMutex lock;
    return lock;
}
QHash<QString, Kept>& keptSearches()
{
    static QHash<QString, Kept> kept;
    return kept;
}
QString keptKey(const QSqlDatabase& db, int listed)
{
    return QStringLiteral("%1:%2/%3#%4")
        .arg(db.hostName())
        .arg(db.port())
        .arg(db.databaseName())
        .arg(listed);
}

// accord_counters' count of text table writes: moved in the transaction that empties the
// queue of what it wrote (a search reads the queue first, then the stamp).
const QString stampName = QStringLiteral("search_texts");
Result<qint64> textStamp(const QSqlDatabase& db)
{
    auto q =
        runSql(db, QStringLiteral("SELECT value FROM accord_counters WHERE name = ?"), {stampName});
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : qint64(0);
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

Result<void> MroongaText::noteWritten(const QSqlDatabase& db)
{
    auto r = runSql(db,
                    QStringLiteral("INSERT INTO accord_counters (name, value) VALUES (?, 1) ON "
                                   "DUPLICATE KEY UPDATE value = value + 1"),
                    {stampName});
    if (!r)
        return r.error();
    return {};
}

Result<QList<qint64>> MroongaText::queuedHolding(const QSqlDatabase& db,
                                                 const QList<qint64>& queuedIds,
                                                 const QString& pattern, const QString& tail,
                                                 const QVariantList& tailParams) const
{
    if (queuedIds.isEmpty())
        return QList<qint64>();
    QVariantList params{pattern};
    params << tailParams;
    return ids(runSql(db,
                      QStringLiteral("SELECT id FROM %1 WHERE id IN (%2) AND search_key LIKE ? "
                                     "ESCAPE '!'%3")
                          .arg(m_keysTable, idList(queuedIds), tail),
                      params));
}

Result<std::optional<QList<qint64>>>
MroongaText::withinKept(const QSqlDatabase& db, const QString& term, const QString& pattern) const
{
    Kept kept;
    {
        QMutexLocker locker(&keptLock());
        const auto it = keptSearches().constFind(keptKey(db, m_listed));
        if (it == keptSearches().constEnd() || !term.contains(it->term))
            return std::optional<QList<qint64>>();
        kept = *it;
    }
    auto pending = queued(db);
    if (!pending)
        return pending.error();
    if (!*pending)
        return std::optional<QList<qint64>>();
    auto stamp = textStamp(db);
    if (!stamp)
        return stamp.error();
    if (*stamp != kept.stamp)
        return std::optional<QList<qint64>>();
    // The texts unchanged since: a record not queued holds the term when its text does
    // (compared as the keys' binary collation compares, code point by code point).
    const QList<qint64>& queuedIds = **pending;
    const QSet<qint64> skip(queuedIds.begin(), queuedIds.end());
    QList<qint64> found;
    for (qsizetype i = 0; i < kept.ids.size(); ++i)
        if (!skip.contains(kept.ids.at(i)) && kept.texts.at(i).contains(term))
            found << kept.ids.at(i);
    auto fresh = queuedHolding(db, queuedIds, pattern, QString(), {});
    if (!fresh)
        return fresh.error();
    found << *fresh;
    std::sort(found.begin(), found.end());
    return std::optional<QList<qint64>>(found);
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
    return noteWritten(db);
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
            if (auto r = noteWritten(db); !r)
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
    // 0. A keystroke more than a phrase search that found few records: among its ids.
    auto within = withinKept(db, term, pattern);
    if (!within)
        return within.error();
    if (*within) {
        QList<qint64> found;
        for (qint64 id : std::as_const(**within))
            if (!request.after ||
                (descending ? id < request.after->second : id > request.after->second))
                found << id;
        if (descending)
            std::reverse(found.begin(), found.end());
        return std::optional<KeyedIds>(page.finish(found));
    }
    // 1. The next few thousand ids: a common term's page is there.
    const QString inKeys = QStringLiteral("k.search_key LIKE ? ESCAPE '!'");
    bool complete = false;
    auto probe = page.probe(db, m_keysTable, inKeys, {pattern}, &complete);
    if (!probe)
        return probe.error();
    if (probe->size() >= need || complete)
        return std::optional<KeyedIds>(page.finish(*probe));
    // 1b. A term in one record in a few hundred: the rest of its page lies a little further
    // on, as the first step's share foretells (with half as many ids again to spare), and
    // reading up to 26,000 more keys costs less than Mroonga's phrase search, which reads
    // every posting of the term's n-grams (measured at 1M users: 25-35 ms for a term in one
    // record in a hundred, against about 0.7 ms a thousand keys).
    if (!probe->isEmpty()) {
        constexpr qint64 furthest = 26'000;
        const qint64 more =
            (need - probe->size()) * IdPage::defaultWindow * 3 / (2 * probe->size());
        if (more <= furthest) {
            auto further = page.probeFurther(db, m_keysTable, inKeys, {pattern}, more,
                                             need - int(probe->size()), &complete);
            if (!further)
                return further.error();
            *probe << *further;
            if (probe->size() >= need || complete)
                return std::optional<KeyedIds>(page.finish(*probe));
        }
    }

    // 2. The n-gram index, less the queued records, which are read in the keys instead.
    auto pending = queued(db);
    if (!pending)
        return pending.error();
    if (!*pending)
        return std::optional<KeyedIds>();
    const QList<qint64>& queuedIds = **pending;
    // A first page reads every match up to keptLimit, kept for the next keystroke when
    // that is all of them (the stamp read before the search: a text written meanwhile
    // moves it).
    const bool keeping = !request.after;
    auto stamp = keeping ? textStamp(db) : Result<qint64>(qint64(0));
    if (!stamp)
        return stamp.error();
    QVariantList params{phrase(term)};
    params << afterParams << std::max(need + int(queuedIds.size()), keeping ? keptLimit + 1 : 0);
    auto matched = runSql(db,
                          QStringLiteral("SELECT id, search_text FROM %1 WHERE MATCH(search_text) "
                                         "AGAINST(? IN BOOLEAN MODE)%2 ORDER BY id %3 LIMIT ?")
                              .arg(m_textTable, after, dir),
                          params);
    if (!matched)
        return matched.error();
    Kept kept{term, keeping ? *stamp : 0, {}, {}};
    while (matched->next()) {
        kept.ids << matched->value(0).toLongLong();
        kept.texts << matched->value(1).toString();
    }
    if (keeping && kept.ids.size() <= keptLimit) {
        QMutexLocker locker(&keptLock());
        keptSearches().insert(keptKey(db, m_listed), kept);
    }
    const QSet<qint64> skip(queuedIds.begin(), queuedIds.end());
    QList<qint64> found;
    for (qint64 id : std::as_const(kept.ids))
        if (!skip.contains(id))
            found << id;
    if (!queuedIds.isEmpty()) {
        auto fresh = queuedHolding(db, queuedIds, pattern, after, afterParams);
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
    auto within = withinKept(db, term, pattern);
    if (!within)
        return within.error();
    if (*within)
        return std::optional<qint64>(qint64((*within)->size()));
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
    const qint64 indexed = q->next() ? q->value(0).toLongLong() : 0;
    auto fresh = queuedHolding(db, queuedIds, pattern, QString(), {});
    if (!fresh)
        return fresh.error();
    const qint64 n = indexed + fresh->size();
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
