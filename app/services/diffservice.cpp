#include "diffservice.h"

#include "connectionservice.h"
#include "keychaincredentialstore.h"
#include "storage/recorddiff.h"
#include "storage/sharedread.h"

#include <thread>

namespace accord {

namespace {
bool holdsSecrets(const Database& db)
{
    return !db.snapshot() || db.snapshot()->secretsIncluded();
}

// The tables of one thread, each side on that thread's own connection (joining the side's
// shared moment, if it has one).
Result<void> diffTables(Database& older, Database& newer, std::initializer_list<DiffedTable> tables,
                        QList<RecordChange>& out, bool release, SharedRead* olderMoment = nullptr,
                        SharedRead* newerMoment = nullptr)
{
    Result<void> result;
    {
        const DiffSide a{older.connection(), older.dialect(), holdsSecrets(older), olderMoment};
        const DiffSide b{newer.connection(), newer.dialect(), holdsSecrets(newer), newerMoment};
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
    // A server's password and TLS as every headless command takes them.
    KeychainCredentialStore keychain;
    return ConnectionService::openHeadless(fileOrUrl, OpenOptions{false, false}, keychain);
}

Result<DatabaseDiff> DiffService::diff() const
{
    // Two threads read each side, the users and links on one and the clients on the other.
    // A snapshot never changes; a live database is read by both at one shared moment, or,
    // where its engine cannot share one, by one thread alone.
    std::unique_ptr<SharedRead> olderMoment, newerMoment;
    bool together = true;
    for (auto [db, moment] :
         {std::pair{m_older.get(), &olderMoment}, std::pair{m_newer.get(), &newerMoment}})
        if (!db->snapshot()) {
            *moment = db->dialect().shareRead(db->connection(), 2);
            together = together && *moment;
        }
    QList<RecordChange> users, clients;
    if (!together) {
        if (auto r = diffTables(*m_older, *m_newer,
                                {DiffedTable::Users, DiffedTable::Clients, DiffedTable::Links},
                                users, false);
            !r)
            return r.error();
    } else {
        Result<void> usersAndLinks;
        std::thread other([&] {
            usersAndLinks = diffTables(*m_older, *m_newer, {DiffedTable::Users, DiffedTable::Links},
                                       users, true, olderMoment.get(), newerMoment.get());
        });
        Result<void> clientsRead = diffTables(*m_older, *m_newer, {DiffedTable::Clients}, clients,
                                              false, olderMoment.get(), newerMoment.get());
        other.join();
        if (!usersAndLinks)
            return usersAndLinks.error();
        if (!clientsRead)
            return clientsRead.error();
    }
    DatabaseDiff out;
    out.secretsCompared = holdsSecrets(*m_older) && holdsSecrets(*m_newer);
    // users come first, then clients, then links (which follow the users in `users`, or
    // the clients when one thread read them all)
    qsizetype firstLink = 0;
    while (firstLink < users.size() && users.at(firstLink).record.kind != RecordRef::Kind::Link)
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
