#pragma once

#include "storage/accessrepository.h"
#include "storage/activitylog.h"
#include "storage/clientrepository.h"
#include "storage/database.h"
#include "storage/differencestore.h"
#include "storage/retry.h"
#include "storage/transaction.h"
#include "storage/userrepository.h"

#include <utility>

namespace accord {

// The repositories of one write, all on the transaction's connection.
struct WriteScope {
    explicit WriteScope(Database& database)
        : transaction(database), users(transaction.connection(), database.dialect(), &touched),
          clients(transaction.connection(), database.dialect(), &touched),
          access(transaction.connection(), database.dialect(), &touched),
          log(transaction.connection(), database.dialect(), database.operatorName()),
          differences(transaction.connection(), database.dialect()),
          m_keepsDifferences(database.hasDifferenceTable())
    {
    }
    // Brings the differences of every touched link up to date, then commits: the
    // Mismatches report never disagrees with the records it describes.
    Result<void> commit()
    {
        if (m_keepsDifferences && !touched.isEmpty())
            if (auto r = differences.refresh(touched); !r)
                return r;
        touched = {};
        return transaction.commit();
    }
    // Commits, then hands back `stored` (the record as the write left it, read inside the
    // transaction) — or the first refusal of the two.
    template <typename T>
    Result<T> commitWith(Result<T> stored)
    {
        if (!stored)
            return stored;
        if (auto r = commit(); !r)
            return r.error();
        return stored;
    }
    TouchedRecords touched; // first: the repositories below hold its address
    Transaction transaction;
    UserRepository users;
    ClientRepository clients;
    AccessRepository access;
    ActivityLog log;
    DifferenceStore differences;

private:
    bool m_keepsDifferences;
};

// Reads outside a transaction, on the calling thread's connection.
struct ReadScope {
    explicit ReadScope(Database& database)
        : users(database.connection(), database.dialect()),
          clients(database.connection(), database.dialect()),
          access(database.connection(), database.dialect())
    {
    }
    UserRepository users;
    ClientRepository clients;
    AccessRepository access;
};

// One write as DESIGN's retry rule runs it (storage/retry.h): each attempt gets a fresh
// scope and transaction, begun here; `body` writes and commits.
template <typename Body>
auto inWrite(Database& database, Body&& body) -> decltype(body(std::declval<WriteScope&>()))
{
    return runWrite([&]() -> decltype(body(std::declval<WriteScope&>())) {
        WriteScope w(database);
        if (auto r = w.transaction.begin(); !r)
            return r.error();
        return body(w);
    });
}

} // namespace accord
