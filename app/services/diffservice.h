#pragma once

#include "domain/recordchange.h"
#include "storage/database.h"

#include <QList>

namespace accord {

// What changed between two databases: users, then clients, then links, each in key order.
struct DatabaseDiff {
    QList<RecordChange> changes;
    ChangeCounts users;
    ChangeCounts clients;
    ChangeCounts links;
    // Secret columns are compared only when both sides hold them (a snapshot without its
    // secrets would otherwise show every password as changed).
    bool secretsCompared = false;
};

// `diff OLD NEW` and Compare with Snapshot: two snapshots, a snapshot and a live database,
// or two live ones, on any engines.
class DiffService
{
public:
    DiffService(DatabasePtr older, DatabasePtr newer)
        : m_older(std::move(older)), m_newer(std::move(newer))
    {
    }
    // A side of a diff as it is: a snapshot (read-only), a live file or a server URL, never
    // migrated by being compared.
    static Result<DatabasePtr> open(const QString& fileOrUrl);

    // The users and the links are read on a thread of their own beside the clients.
    Result<DatabaseDiff> diff() const;

private:
    DatabasePtr m_older;
    DatabasePtr m_newer;
};

} // namespace accord
