#pragma once

#include "bulktable.h"
#include "domain/result.h"
#include "searchindex.h"

#include <QSqlDatabase>

#include <array>
#include <functional>
#include <future>
#include <memory>
#include <vector>

namespace accord {

class Database;
class Dialect;

// An empty server database filled in bulk (the sample generator's server path), in one
// transaction: the vendor tables' and differences' rows through the engine's bulk form
// (BulkTable), with the triggers' per-row bookkeeping off (the triggers themselves off
// where DDL takes part in the transaction) and the secondary indexes dropped
// (built again once each, PendingIndexes); then the search keys (folded here, clean), the
// link stats and the counters written once each, and MariaDB's text tables beside them on
// connections of their own. A failure rolls everything back.
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
    // Starts writing `listed`'s search texts (MariaDB's n-gram tables, which take no part in
    // transactions) on a connection of its own while the caller goes on recording rows,
    // from the values (as Record::values) of the record at each position; `values` is
    // called from another thread until commit() or the destructor, and what it reads must
    // not change meanwhile. Users first, then clients; nothing where the engine has no
    // text tables. commit() starts those not started here.
    void startTexts(Listed listed, qint64 n, std::function<QStringList(qint64)> values);
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
    // One of MariaDB's n-gram tables, on a connection and core of its own: they take no
    // part in transactions, so its index is dropped, the texts loaded and the index built
    // in one pass (several times faster than indexing row by row).
    Result<void> writeTexts(Listed listed, qint64 n,
                            const std::function<QStringList(qint64)>& values) const;
    // After the commit: the session's bulk mode off, and whether the server kept the rows.
    Result<void> checkCommitHeld(qint64 users) const;
    // Waits for the texts started (whether they were written).
    Result<void> waitForTexts();
    // The text tables emptied and indexed again, for a load that did not commit.
    void emptyTexts();
    bool hasTextTables() const;
    // The secondary indexes of the tables the load fills, dropped (m_droppedIndexes).
    Result<void> dropIndexes();
    Database& m_database;
    QSqlDatabase m_db;
    const Dialect& m_dialect;
    std::vector<std::unique_ptr<BulkTable>> m_tables;
    QStringList m_droppedIndexes;      // made again before the commit or after it
    QStringList m_quietTriggers;       // turned on again before the commit
    std::future<Result<void>> m_texts; // the texts started, one table after the other
    bool m_textsStarted[2] = {false, false};
    bool m_open = false;
};

} // namespace accord
