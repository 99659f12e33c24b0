#include "mroongatext.h"

#include "batchinsert.h"
#include "dialect.h"
#include "sql.h"

#include <QHash>
#include <QSet>

#include <algorithm>

namespace accord {

namespace {
// Beyond this many queued records a search scans the keys instead of listing them.
constexpr int queueLimit = 10000;
// A search first looks for a page among this many of the newest (or oldest) ids: a term in
// many records fills it there, where the n-gram index would list every match to sort them.
constexpr qint64 probeWindow = 4000;

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
    const bool descending = (request.order == Qt::DescendingOrder) != request.fromEnd;
    const QString dir = descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    const QString cmp = descending ? QStringLiteral("<") : QStringLiteral(">");
    const int need = request.offset + request.limit;
    auto finish = [&](QList<qint64> found) {
        found = found.mid(request.offset, request.limit);
        if (request.fromEnd)
            std::reverse(found.begin(), found.end());
        KeyedIds out;
        out.reserve(found.size());
        for (qint64 id : found)
            out.append({QVariant(id), id});
        return std::optional<KeyedIds>(out);
    };
    QString after;
    QVariantList afterParams;
    if (request.after) {
        after = QStringLiteral(" AND id %1 ?").arg(cmp);
        afterParams << request.after->second;
    }

    // 1. The next few thousand ids: a common term's page is there.
    auto edge = runSql(
        db,
        QStringLiteral("SELECT %1(id) FROM %2 WHERE 1 = 1%3")
            .arg(descending ? QStringLiteral("max") : QStringLiteral("min"), m_keysTable, after),
        afterParams);
    if (!edge)
        return edge.error();
    if (!edge->next() || edge->value(0).isNull())
        return finish({});
    const qint64 from = edge->value(0).toLongLong();
    const qint64 to = descending ? from - probeWindow : from + probeWindow;
    QVariantList probeParams{pattern, std::min(from, to), std::max(from, to), need};
    auto probe =
        ids(runSql(db,
                   QStringLiteral("SELECT id FROM %1 WHERE search_key LIKE ? ESCAPE '!' AND id "
                                  "BETWEEN ? AND ? ORDER BY id %2 LIMIT ?")
                       .arg(m_keysTable, dir),
                   probeParams));
    if (!probe)
        return probe.error();
    if (probe->size() >= need)
        return finish(*probe);

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
    return finish(found.mid(0, need));
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
