#pragma once

#include "domain/result.h"
#include "domain/searchterm.h"

class QIODevice;

namespace accord {

class Database;

// The `users` command's CSV and JSON (DESIGN's "Output shapes"): the users a search finds,
// id descending, each with its client count, written straight from the engine's cursor into
// one buffer — no QVariant, QString or JSON object per row, so a million users take about
// a second. The ids come from the lists' own search (Dialect::searchIndex()), pages at a
// time; everything, unsearched, in id ranges on two cores (RangedOutput).
class UserListWriter
{
public:
    enum class Format { Csv, Json };

    explicit UserListWriter(Database& database) : m_database(database) {}

    // How many users were written; limit <= 0 for all.
    Result<qint64> write(const SearchTerm& term, qint64 limit, Format format,
                         QIODevice& device) const;

private:
    Database& m_database;
};

} // namespace accord
