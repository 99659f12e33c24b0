#pragma once

#include "domain/result.h"
#include "listpage.h"
#include "searchindex.h"

#include <QSqlDatabase>

#include <optional>

namespace accord {

// A page of a search in id order (a list's default), read in steps: first among the next
// few thousand ids, where a common term fills a page at once, then by an index that lists
// only the matches (a rare term's). Where no engine plan can choose between the two well
// (MariaDB's n-gram index, its OR of prefix ranges).
class IdPage
{
public:
    explicit IdPage(const ListRequest& request);

    // How many ids the page needs (its offset and its rows).
    int need() const { return m_need; }
    QString direction() const
    {
        return m_descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    }
    bool descending() const { return m_descending; }
    // " AND <column> < ?" after the request's anchor (empty without one); its parameter.
    QString after(const QString& column) const;
    QVariantList afterParams() const;
    // Ids a first step reads by default: enough for a page of any term in one in a hundred
    // records.
    static constexpr qint64 defaultWindow = 4000;
    // The ids of the keys table's records meeting `condition` (on alias k, its `params`
    // given) among the next `window` ids: the first need() of them, or fewer when the
    // window holds fewer; `complete` is set when the window reached the last id.
    Result<QList<qint64>> probe(const QSqlDatabase& db, const QString& keysTable,
                                const QString& condition, const QVariantList& params,
                                bool* complete, qint64 window = defaultWindow) const;
    // After a probe that was not complete: the first `limit` ids meeting the condition
    // among the `window` ids past its window (which then ends where this one does).
    Result<QList<qint64>> probeFurther(const QSqlDatabase& db, const QString& keysTable,
                                       const QString& condition, const QVariantList& params,
                                       qint64 window, int limit, bool* complete) const;
    // " AND <column> < ?" (> when ascending): ids past a given one in the page's order;
    // after a probe that was not complete, the parameter of the ids beyond its window.
    QString past(const QString& column) const;
    QVariantList beyondWindowParams() const { return {m_windowEnd}; }
    // The page of these ids (the first need(), in order), as (id, id) pairs.
    KeyedIds finish(QList<qint64> found) const;

private:
    Result<QList<qint64>> read(const QSqlDatabase& db, const QString& keysTable,
                               const QString& condition, const QVariantList& params, qint64 from,
                               qint64 window, int limit, bool* complete) const;

    const ListRequest& m_request;
    bool m_descending;
    int m_need;
    mutable qint64 m_windowEnd = 0; // the last id of the window a probe read
    mutable qint64 m_lastId = 0;    // the last id in the page's order (from the first probe)
};

} // namespace accord
