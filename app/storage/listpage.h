#pragma once

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

} // namespace accord
