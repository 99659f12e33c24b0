#include "diffservice.h"

#include "storage/recorddiff.h"

#include <thread>

namespace accord {

namespace {
bool holdsSecrets(const Database& db)
{
    return !db.snapshot() || db.snapshot()->secretsIncluded();
}

// The tables of one thread, each side on that thread's own connection.
Result<void> diffTables(Database& older, Database& newer, std::initializer_list<DiffedTable> tables,
                        QList<RecordChange>& out, bool release)
{
    Result<void> result;
    {
        const DiffSide a{older.connection(), older.dialect(), holdsSecrets(older)};
        const DiffSide b{newer.connection(), newer.dialect(), holdsSecrets(newer)};
        result = diffTablesInOneRead(a, b, tables, [&](RecordChange&& c) { out << std::move(c); });
    }
    if (release) {
        older.releaseThreadConnection();
        newer.releaseThreadConnection();
    }
    return result;
}
} // namespace

Result<DatabasePtr> DiffService::open(const QString& fileOrUrl)
{
    auto location = DatabaseLocation::parse(fileOrUrl);
    if (!location)
        return location.error();
    auto opened = Database::open(*location, OpenOptions{false, false});
    if (!opened)
        return opened.error();
    return *opened;
}

Result<DatabaseDiff> DiffService::diff() const
{
    QList<RecordChange> users, clients;
    Result<void> usersAndLinks;
    std::thread other([&] {
        usersAndLinks =
            diffTables(*m_older, *m_newer, {DiffedTable::Users, DiffedTable::Links}, users, true);
    });
    Result<void> clientsRead =
        diffTables(*m_older, *m_newer, {DiffedTable::Clients}, clients, false);
    other.join();
    if (!usersAndLinks)
        return usersAndLinks.error();
    if (!clientsRead)
        return clientsRead.error();
    DatabaseDiff out;
    out.secretsCompared = holdsSecrets(*m_older) && holdsSecrets(*m_newer);
    // users come first, then clients, then links (which follow the users in `users`)
    qsizetype firstLink = 0;
    while (firstLink < users.size() && users.at(firstLink).record.kind == RecordRef::Kind::User)
        ++firstLink;
    out.changes.reserve(users.size() + clients.size());
    out.changes << users.mid(0, firstLink) << clients << users.mid(firstLink);
    for (const RecordChange& c : std::as_const(out.changes))
        (c.record.kind == RecordRef::Kind::User     ? out.users
         : c.record.kind == RecordRef::Kind::Client ? out.clients
                                                    : out.links)
            .count(c.change);
    return out;
}

} // namespace accord
