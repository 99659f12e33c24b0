#pragma once

#include "searchindex.h"

namespace accord {

// Search on SQLite: FTS5 trigram indexes for 3+ characters (NFC text, Unicode case
// folding, accents kept), folded-prefix expression indexes for 1-2 characters, and the
// sort columns' indexes walked against the matching ids. Kept by the schema's triggers.
class SqliteSearchIndex : public SearchIndex
{
public:
    SortSource sortSource(Listed listed, SortKey key) const override;
    Result<KeyedIds> page(const QSqlDatabase& db, Listed listed, SortKey key,
                          const SearchTerm& term, const ListRequest& request) const override;
    Result<qint64> count(const QSqlDatabase& db, Listed listed, const SearchTerm& term, int part,
                         int parts) const override;
    int countParts(const SearchTerm& term) const override;
    Result<std::optional<qint64>> userWithLogin(const QSqlDatabase& db,
                                                const QString& email) const override;
};

// The FTS5 query matching `text` as a literal substring.
QString ftsPhrase(const QString& text);

} // namespace accord
