#pragma once

#include "storage/accessrepository.h"
#include "storage/activitylog.h"
#include "storage/clientrepository.h"
#include "storage/database.h"
#include "storage/transaction.h"
#include "storage/userrepository.h"

namespace accord {

// The repositories of one write, all on the transaction's connection.
struct WriteScope {
    explicit WriteScope(Database& database)
        : transaction(database), users(transaction.connection(), database.dialect()),
          clients(transaction.connection(), database.dialect()),
          access(transaction.connection(), database.dialect()),
          log(transaction.connection(), database.dialect(), database.operatorName())
    {
    }
    Transaction transaction;
    UserRepository users;
    ClientRepository clients;
    AccessRepository access;
    ActivityLog log;
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

} // namespace accord
