#pragma once

#include "searchindex.h"

namespace accord {

// Search on SQLite: Accord's folded keys (accord_user_keys, accord_client_keys), refreshed by
// Accord in every writing transaction, with FTS5 trigram indexes over them for 3+
// characters (accents kept), an index per key for 1-2 characters, and the sort columns'
// indexes walked against the matching ids. A file older than schema 5 (a snapshot opened
// as it was written) is searched through its expression indexes instead.
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
    Result<void> refreshKeys(const QSqlDatabase& db, Listed listed, qint64 id) const override;
    Result<qint64> refreshDirtyKeys(const QSqlDatabase& db) const override;
    Result<QList<LoginClash>> loginClashes(const QSqlDatabase& db) const override;
};

// The FTS5 query matching `text` as a literal substring.
QString ftsPhrase(const QString& text);

} // namespace accord
