#pragma once

#include "bulktable.h"
#include "domain/result.h"
#include "searchindex.h"

#include <QSqlDatabase>

#include <array>
#include <functional>
#include <memory>
#include <vector>

namespace accord {

class Database;
class Dialect;

// An empty server database filled in bulk (the sample generator's server path), in one
// transaction: the vendor tables' and differences' rows through the engine's bulk form
// (BulkTable), with the triggers' per-row bookkeeping off; then the search keys (folded
// here, clean), the text tables, the link stats and the counters written once each. A
// failure rolls everything back.
class ServerBulkLoad
{
public:
    // The columns of tblusers, tblclients, tblusers_clients and accord_link_differences the
    // caller records, in its order.
    ServerBulkLoad(Database& database, const std::array<QStringList, 4>& columns);
    ~ServerBulkLoad(); // rolls an open transaction back
    ServerBulkLoad(const ServerBulkLoad&) = delete;
    ServerBulkLoad& operator=(const ServerBulkLoad&) = delete;

    Result<void> begin();
    BulkTable& users() { return *m_tables.at(0); }
    BulkTable& clients() { return *m_tables.at(1); }
    BulkTable& links() { return *m_tables.at(2); }
    BulkTable& differences() { return *m_tables.at(3); }

    // What the keys of the record at position i (id i + 1) are folded from.
    struct Record {
        QStringList values; // users: first, last, email; clients: first, last, company, email
        QString lastLogin;  // users: Accord's UTC text, '' for never
        bool twoFactor = false;
        QString status; // clients
        int linkCount = 0;
    };
    // Sends the rows recorded so far (and refuses more).
    Result<void> finishRows();
    // Sends the rows, then writes every record's keys, text and link count, the counters
    // and the identities, and commits.
    Result<void> commit(qint64 users, qint64 clients, qint64 links,
                        const std::function<Record(Listed, qint64)>& record);

private:
    struct KeyTables {
        std::unique_ptr<BulkTable> keys, stats;
    };
    // Made on the connection's own thread; written from any.
    KeyTables keyTables(Listed listed) const;
    // Every record's folded keys and link count.
    static Result<void> writeKeys(Listed listed, KeyTables& tables, qint64 n,
                                  const std::function<Record(Listed, qint64)>& record);
    // MariaDB's n-gram tables, on a connection and core of their own: they take no part in
    // transactions, so their index is dropped, the texts loaded and the index built in one
    // pass (several times faster than indexing row by row); emptied again if the load fails.
    Result<void> writeTexts(qint64 users, qint64 clients,
                            const std::function<Record(Listed, qint64)>& record);
    Result<void> writeTextsOn(const QSqlDatabase& db, qint64 users, qint64 clients,
                              const std::function<Record(Listed, qint64)>& record);
    Database& m_database;
    QSqlDatabase m_db;
    const Dialect& m_dialect;
    std::vector<std::unique_ptr<BulkTable>> m_tables;
    QStringList m_droppedIndexes; // made again before the commit
    bool m_open = false;
};

} // namespace accord
