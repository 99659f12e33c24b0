#include "changenotifier.h"

#include <memory>
#include <vector>

namespace accord {

namespace {
bool matches(qint64 wanted, qint64 noticed)
{
    return wanted == 0 || noticed == 0 || wanted == noticed;
}
} // namespace

bool ChangeNotice::mayChangeUser(qint64 id) const
{
    return table == Table::Everything || (table == Table::Users && matches(id, userId));
}

bool ChangeNotice::mayChangeClient(qint64 id) const
{
    return table == Table::Everything || (table == Table::Clients && matches(id, clientId));
}

bool ChangeNotice::mayChangeLink(qint64 user, qint64 client) const
{
    return table == Table::Everything ||
           (table == Table::Links && matches(user, userId) && matches(client, clientId));
}

ChangeNotifier* ChangeNotifier::of(const DatabasePtr& database)
{
    struct Entry {
        std::weak_ptr<Database> database;
        std::unique_ptr<ChangeNotifier> notifier;
    };
    // Keyed by the database itself, not its file: each opening has its own notices. An entry
    // whose database is gone is dropped (nothing listens to it any more: every listener holds
    // the database it listens to).
    static std::vector<Entry> registry;
    std::erase_if(registry, [](const Entry& e) { return e.database.expired(); });
    for (const Entry& e : registry)
        if (e.database.lock() == database)
            return e.notifier.get();
    registry.push_back(
        {database, std::unique_ptr<ChangeNotifier>(new ChangeNotifier(database.get()))});
    return registry.back().notifier.get();
}

} // namespace accord
