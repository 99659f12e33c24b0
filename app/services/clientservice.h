#pragma once

#include "domain/access.h"
#include "domain/clientaccount.h"
#include "domain/user.h"
#include "storage/database.h"

#include <QList>
#include <QMap>

#include <optional>

namespace accord {

// Use cases on client accounts.
class ClientService
{
public:
    explicit ClientService(DatabasePtr database) : m_db(std::move(database)) {}

    Result<ClientAccount> find(qint64 id) const;
    Result<QList<Access>> accessOf(qint64 clientId) const;
    // The client's owner user, if it has one.
    Result<std::optional<User>> ownerOf(qint64 clientId) const;
    // Creates a client from profile columns. Without ownerUserId a new owner user is made
    // from the client's name and email (refused when a user already has that email).
    Result<qint64> add(const QMap<QString, QString>& profile, qint64 ownerUserId = 0) const;
    // Applies profile column changes to the client as loaded; only changed columns are
    // validated. Returns the client as now stored.
    Result<ClientAccount> update(const ClientAccount& loaded,
                                 const QMap<QString, QString>& changes) const;

private:
    DatabasePtr m_db;
};

} // namespace accord
