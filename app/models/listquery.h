#pragma once

#include "domain/result.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include <optional>

namespace accord {

// One row of a lazy list: its record id, its sort key and the cells shown.
struct ListRow {
    qint64 id = 0;
    QVariant key; // the sort column's value as ordered in SQL
    QVariantList cells;
};

// Where a page starts: after the row with this (key, id) in the current order, then
// `offset` rows further. Without an anchor, from the start (or from the end if reverse).
struct ListRequest {
    QString search;
    int sortColumn = 0;
    Qt::SortOrder order = Qt::DescendingOrder;
    std::optional<std::pair<QVariant, qint64>> after;
    qint64 offset = 0;
    int limit = 100;
    bool fromEnd = false; // read the order backwards (for pages near the end)
};

// The SQL behind one lazy list (users, clients, ...). Runs on the loader's thread with
// that thread's connection; the GUI thread never calls it.
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
    // Where a sortable column's order comes from: the table (aliased as the list's rows,
    // with their ids) and the key expression whose index backs it. Empty when the list
    // orders otherwise. Lets a test prove each order is walked from an index.
    struct SortSource {
        QString table;
        QString alias;
        QString key;
    };
    virtual SortSource sortSource(int) const { return {}; }
    // The exact number of rows the search matches.
    virtual Result<qint64> count(const QSqlDatabase& db, const QString& search) const = 0;
    // The same count in parts that run at the same time on separate connections (one per
    // core) and add up to count(): how many parts this search splits into (1 when it does
    // not), and one of them.
    virtual int countParts(const QString&) const { return 1; }
    virtual Result<qint64> countPart(const QSqlDatabase& db, const QString& search, int part,
                                     int parts) const
    {
        Q_UNUSED(parts);
        return part == 0 ? count(db, search) : Result<qint64>(0);
    }
};

} // namespace accord
