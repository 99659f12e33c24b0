#pragma once

#include "dialect.h"
#include "domain/result.h"
#include "domain/searchterm.h"

#include <QSqlDatabase>

class QIODevice;

namespace accord {

// The `users` command's CSV and JSON (DESIGN's "Output shapes"): the users a search finds,
// id descending, each with its client count, written straight from the engine's cursor into
// one buffer — no QVariant, QString or JSON object per row, so a million users take about
// a second. The ids come from the lists' own search (Dialect::searchIndex()), pages at a
// time; everything, unsearched, is one read.
class UserListWriter
{
public:
    enum class Format { Csv, Json };

    UserListWriter(QSqlDatabase db, const Dialect& dialect)
        : m_db(std::move(db)), m_dialect(dialect)
    {
    }

    // How many users were written; limit <= 0 for all.
    Result<qint64> write(const SearchTerm& term, qint64 limit, Format format,
                         QIODevice& device) const;

private:
    QSqlDatabase m_db;
    const Dialect& m_dialect;
};

} // namespace accord
