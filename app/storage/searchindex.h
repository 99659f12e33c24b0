#pragma once

#include "domain/result.h"
#include "domain/searchterm.h"
#include "listpage.h"

#include <QList>
#include <QSqlDatabase>

#include <algorithm>
#include <bit>
#include <optional>

namespace accord {

// The records a list's search box filters.
enum class Listed { Users, Clients };
// What such a list can be ordered by; the id breaks ties.
enum class SortKey {
    Id,
    FirstName,
    LastName,
    Company,
    Email,
    LastLogin,
    TwoFactor,
    Status,
    LinkCount
};

// Where an order's key comes from: the table (aliased as the list's records, with their
// ids) and the key expression whose index backs it. Lets a test prove each order is
// walked from an index.
struct SortSource {
    QString table;
    QString alias;
    QString key;
};

using KeyedIds = QList<std::pair<QVariant, qint64>>;

// Users whose logins fold to one (Bob@X.com and bob@x.com), stored so by another program:
// Accord itself never writes one. Reported when Accord finds them; saving one of these
// users without giving them a login of their own is refused.
struct LoginClash {
    QString login;         // the folded email they share
    QList<qint64> userIds; // ascending
    QStringList emails;    // as stored, in the order of userIds
    friend bool operator==(const LoginClash&, const LoginClash&) = default;
};

// Where part i of `parts` id ranges begins (ids above it), for a count split across
// connections: every part works it out the same way on its own connection from the highest
// id, kept to its three leading bits (458,752 for half a million), so rows written between
// the parts move it only when the highest id crosses such a step.
inline qint64 splitBoundary(qint64 highest, int i, int parts)
{
    const qint64 at = highest * i / parts;
    const int low = std::max(0, int(std::bit_width(quint64(at))) - 3);
    return (at >> low) << low;
}

// The one builder of search SQL on an engine, for every list and `users --search`:
// which records a SearchTerm matches, in any order, and how many. One implementation per
// engine (Dialect::searchIndex()): FTS5 and folded-prefix indexes on SQLite, Accord's
// folded keys tables on the servers.
class SearchIndex
{
public:
    virtual ~SearchIndex() = default;

    virtual SortSource sortSource(Listed listed, SortKey key) const = 0;
    // The (key, id) pairs of one page of the matching records in the order of `key`
    // (request.order; read backwards when request.fromEnd, rows then reversed back to
    // display order): keyset from request.after, then request.offset rows. request.search
    // and request.sortColumn are not read.
    virtual Result<KeyedIds> page(const QSqlDatabase& db, Listed listed, SortKey key,
                                  const SearchTerm& term, const ListRequest& request) const = 0;
    // The exact number of matches, or one of `parts` parts of it that run at the same time
    // on separate connections and add up to it.
    virtual Result<qint64> count(const QSqlDatabase& db, Listed listed, const SearchTerm& term,
                                 int part = 0, int parts = 1) const = 0;
    // Into how many parts count() splits a term (1 when it does not).
    virtual int countParts(const SearchTerm&) const { return 1; }

    // The user whose login (email) equals `email` after folding.
    virtual Result<std::optional<qint64>> userWithLogin(const QSqlDatabase& db,
                                                        const QString& email) const = 0;
    // Brings the search keys of a record Accord has just written up to date, in the
    // writing transaction (nothing where triggers keep them). A login that folds to
    // another user's is refused as a Clash.
    virtual Result<void> refreshKeys(const QSqlDatabase&, Listed, qint64) const { return {}; }
    // Folds the keys of every row another program wrote since; returns how many. A login
    // that folds to another user's is left marked (not failing a unique key) and reported by
    // loginClashes(), never a failed refresh.
    virtual Result<qint64> refreshDirtyKeys(const QSqlDatabase&) const { return qint64(0); }
    // The logins that other programs stored twice (after folding), as the last refresh
    // found them.
    virtual Result<QList<LoginClash>> loginClashes(const QSqlDatabase&) const
    {
        return QList<LoginClash>();
    }
    // After a writing transaction committed: brings what cannot take part in a transaction
    // up to date with it (MariaDB's n-gram tables). Never fails the write: whatever is left
    // is done after the next commit, and searched correctly meanwhile.
    virtual void afterCommit(const QSqlDatabase&) const {}
};

} // namespace accord
