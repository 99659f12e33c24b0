#pragma once

#include "domain/clientaccount.h"
#include "rowstore.h"

namespace accord {

class ClientRepository
{
public:
    ClientRepository(QSqlDatabase db, const Dialect& dialect, TouchedRecords* touched = nullptr)
        : m_rows(std::move(db), dialect, touched)
    {
    }

    Result<ClientAccount> find(qint64 id) const;
    Result<qint64> insert(const QVariantMap& columns) const;
    Result<void> update(const ClientAccount& loaded, const QVariantMap& changes) const;
    // A Conflict unless the stored row is still exactly as loaded.
    Result<void> verifyUnchanged(const ClientAccount& loaded) const;
    // Holds the client's row until the transaction ends: changes of its owner one at a time.
    Result<void> lock(qint64 id) const;

    static ClientAccount fromRow(const QVariantMap& row);

private:
    RowStore m_rows;
};

} // namespace accord
