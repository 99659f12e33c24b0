#include "idpage.h"

#include "sql.h"

#include <algorithm>

namespace accord {

IdPage::IdPage(const ListRequest& request)
    : m_request(request), m_descending((request.order == Qt::DescendingOrder) != request.fromEnd),
      m_need(int(request.offset) + request.limit)
{
}

QString IdPage::after(const QString& column) const
{
    return m_request.after ? past(column) : QString();
}

QVariantList IdPage::afterParams() const
{
    if (!m_request.after)
        return {};
    return {m_request.after->second};
}

QString IdPage::past(const QString& column) const
{
    return QStringLiteral(" AND %1 %2 ?")
        .arg(column, m_descending ? QStringLiteral("<") : QStringLiteral(">"));
}

Result<QList<qint64>> IdPage::probe(const QSqlDatabase& db, const QString& keysTable,
                                    const QString& condition, const QVariantList& params,
                                    bool* complete, qint64 window) const
{
    auto edge = runSql(db,
                       QStringLiteral("SELECT %1(k.id), %2(k.id) FROM %3 k WHERE 1 = 1%4")
                           .arg(m_descending ? QStringLiteral("max") : QStringLiteral("min"),
                                m_descending ? QStringLiteral("min") : QStringLiteral("max"),
                                keysTable, after(QStringLiteral("k.id"))),
                       afterParams());
    if (!edge)
        return edge.error();
    *complete = true;
    if (!edge->next() || edge->value(0).isNull())
        return QList<qint64>();
    m_lastId = edge->value(1).toLongLong();
    return read(db, keysTable, condition, params, edge->value(0).toLongLong(), window, m_need,
                complete);
}

Result<QList<qint64>> IdPage::probeFurther(const QSqlDatabase& db, const QString& keysTable,
                                           const QString& condition, const QVariantList& params,
                                           qint64 window, int limit, bool* complete) const
{
    return read(db, keysTable, condition, params, m_descending ? m_windowEnd - 1 : m_windowEnd + 1,
                window, limit, complete);
}

Result<QList<qint64>> IdPage::read(const QSqlDatabase& db, const QString& keysTable,
                                   const QString& condition, const QVariantList& params,
                                   qint64 from, qint64 window, int limit, bool* complete) const
{
    const qint64 to = m_descending ? from - (window - 1) : from + (window - 1);
    m_windowEnd = to;
    *complete = m_descending ? to <= m_lastId : to >= m_lastId;
    QVariantList p = params;
    p << std::min(from, to) << std::max(from, to) << limit;
    auto q = runSql(db,
                    QStringLiteral("SELECT k.id FROM %1 k WHERE %2 AND k.id BETWEEN ? AND ? "
                                   "ORDER BY k.id %3 LIMIT ?")
                        .arg(keysTable, condition, direction()),
                    p);
    if (!q)
        return q.error();
    QList<qint64> ids;
    while (q->next())
        ids << q->value(0).toLongLong();
    return ids;
}

KeyedIds IdPage::finish(QList<qint64> found) const
{
    found = found.mid(m_request.offset, m_request.limit);
    if (m_request.fromEnd)
        std::reverse(found.begin(), found.end());
    KeyedIds out;
    out.reserve(found.size());
    for (qint64 id : found)
        out.append({QVariant(id), id});
    return out;
}

} // namespace accord
