#pragma once

#include "listquery.h"
#include "storage/database.h"

#include <memory>

namespace accord {

// Writes every row a list shows (its search and order, not only the loaded pages) to a CSV
// file, paging through the list's query by keyset on a thread of its own, so a million
// rows never sit in memory and the GUI thread runs no SQL.
class ListExporter
{
public:
    ListExporter(DatabasePtr database, std::shared_ptr<const ListQuery> query);
    // Blocks the calling thread (the GUI keeps processing events) until the file is written.
    Result<qint64> exportCsv(const QString& path, const QString& search, int sortColumn,
                             Qt::SortOrder order) const;

private:
    Result<qint64> write(const QString& path, const QString& search, int sortColumn,
                         Qt::SortOrder order) const; // on the worker thread
    DatabasePtr m_db;
    std::shared_ptr<const ListQuery> m_query;
};

} // namespace accord
