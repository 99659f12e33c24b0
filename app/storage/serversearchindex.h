#pragma once

#include "searchindex.h"

namespace accord {

// Search on PostgreSQL and MariaDB: Accord's folded keys (accord_user_keys,
// accord_client_keys), refreshed by Accord in every writing transaction, with an index per
// sort key and the link counts of the stats tables. Keys compare in code point order.
class ServerSearchIndex : public SearchIndex
{
public:
    // Where substring searches find their candidates: the keys' own trigram index
    // (PostgreSQL), or Mroonga's n-gram tables written after each commit (MariaDB).
    enum class Substrings { InKeys, MroongaText };
    // How a prefix's OR of three key ranges is read: as one condition (PostgreSQL's bitmap
    // OR of indexes), or as a UNION of three range reads (MariaDB, which scans the table
    // for such an OR, and which first looks among the newest ids for a page).
    enum class PrefixRanges { Or, Union };
    ServerSearchIndex(Substrings substrings, PrefixRanges prefixes)
        : m_substrings(substrings), m_prefixes(prefixes)
    {
    }

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
    void afterCommit(const QSqlDatabase& db) const override;

    // A list's keys table, its folded columns and their values for a record's stored values
    // (users: first_name, last_name, email; clients: firstname, lastname, companyname,
    // email): what a bulk load writes itself.
    static QString keysTable(Listed listed);
    static QStringList foldedColumns(Listed listed);
    static QVariantList fold(Listed listed, const QStringList& values);
    // Whether substring search reads Mroonga's text tables (which a bulk load fills too).
    bool hasTextTables() const { return m_substrings == Substrings::MroongaText; }

private:
    Result<KeyedIds> prefixPageById(const QSqlDatabase& db, Listed listed, const SearchTerm& term,
                                    const ListRequest& request) const;
    Result<KeyedIds> substringPageById(const QSqlDatabase& db, Listed listed, const QString& folded,
                                       const ListRequest& request) const;
    Substrings m_substrings;
    PrefixRanges m_prefixes;
};

} // namespace accord
