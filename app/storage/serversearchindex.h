#pragma once

#include "searchindex.h"

namespace accord {

// Search on PostgreSQL and MariaDB: Accord's folded keys (accord_user_keys,
// accord_client_keys), refreshed by Accord in every writing transaction, with an index per
// sort key and the link counts of the stats tables. Keys compare in code point order.
class ServerSearchIndex : public SearchIndex
{
public:
    SortSource sortSource(Listed listed, SortKey key) const override;
    Result<KeyedIds> page(const QSqlDatabase& db, Listed listed, SortKey key,
                          const SearchTerm& term, const ListRequest& request) const override;
    Result<qint64> count(const QSqlDatabase& db, Listed listed, const SearchTerm& term, int part,
                         int parts) const override;
    Result<std::optional<qint64>> userWithLogin(const QSqlDatabase& db,
                                                const QString& email) const override;
    Result<void> refreshKeys(const QSqlDatabase& db, Listed listed, qint64 id) const override;
    Result<qint64> refreshDirtyKeys(const QSqlDatabase& db) const override;
    Result<QList<LoginClash>> loginClashes(const QSqlDatabase& db) const override;
};

} // namespace accord
