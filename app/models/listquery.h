#pragma once

#include "domain/result.h"
#include "storage/dialect.h"
#include "storage/listpage.h"
#include "storage/searchindex.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariant>

namespace accord {

// One lazy list (users, clients, ...): its columns and what a cell shows, and which of
// storage's readers its rows come from. fetch() and count() run on the loader's thread
// with that thread's connection; the GUI thread never calls them.
class ListQuery
{
public:
    virtual ~ListQuery() = default;
    virtual int columnCount() const = 0;
    virtual QString header(int column) const = 0;
    virtual bool isSortable(int column) const = 0;
    virtual int defaultSortColumn() const { return 0; }
    virtual Qt::SortOrder defaultSortOrder() const { return Qt::DescendingOrder; }
    // What a cell shows for a role (display text, check state, tooltip...).
    virtual QVariant data(const ListRow& row, int column, int role) const;
    // Rows in the request's order (reversed back to display order when fromEnd).
    virtual Result<QList<ListRow>> fetch(const QSqlDatabase& db,
                                         const ListRequest& request) const = 0;
    // Where a sortable column's order comes from on an engine (storage's SearchIndex);
    // empty when the list orders otherwise. Lets a test prove each order is walked from an
    // index.
    virtual SortSource sortSource(const Dialect&, int) const { return {}; }
    // The exact number of rows the search matches.
    virtual Result<qint64> count(const QSqlDatabase& db, const QString& search) const = 0;
    // The same count in parts that run at the same time on separate connections (one per
    // core) and add up to count(): how many parts this search splits into (1 when it does
    // not), and one of them.
    virtual int countParts(const Dialect&, const QString&) const { return 1; }
    virtual Result<qint64> countPart(const QSqlDatabase& db, const QString& search, int part,
                                     int parts) const
    {
        Q_UNUSED(parts);
        return part == 0 ? count(db, search) : Result<qint64>(0);
    }
};

} // namespace accord
