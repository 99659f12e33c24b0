#pragma once

#include "dialect.h"
#include "domain/result.h"
#include "domain/snapshotfilter.h"

#include <QSqlDatabase>

#include <unordered_set>
#include <vector>

namespace accord {

// The records a filtered snapshot holds, as ids: the users, the clients and the links
// between them (user id, client id). Read through the lists' own search and the mismatch
// report's reader, so a snapshot holds exactly what those views show.
struct SnapshotSelection {
    std::vector<qint64> users;         // ascending
    std::vector<qint64> clients;       // ascending
    std::unordered_set<quint64> links; // linkKey(user, client)

    static quint64 linkKey(qint64 user, qint64 client)
    {
        return quint64(user) << 32 ^ quint64(client);
    }
    bool hasLink(qint64 user, qint64 client) const { return links.count(linkKey(user, client)); }
};

// What `filter` selects in the database (never called for everything, which is copied
// whole). `maintained`: the database keeps accord_link_differences.
Result<SnapshotSelection> selectForSnapshot(const QSqlDatabase& db, const Dialect& dialect,
                                            bool maintained, const SnapshotFilter& filter);

} // namespace accord
