#pragma once

#include "database.h"

namespace accord {

// One write: begun on construction's begin(), rolled back unless commit() succeeded.
class Transaction
{
public:
    explicit Transaction(Database& database);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    Result<void> begin();
    Result<void> commit();
    void rollback();
    const QSqlDatabase& connection() const { return m_db; }

private:
    Database& m_database;
    QSqlDatabase m_db;
    bool m_open = false;
};

} // namespace accord
