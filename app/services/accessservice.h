#pragma once

#include "domain/access.h"
#include "storage/database.h"

#include <QList>

namespace accord {

// Who may access which client account: links, ownership, invites.
class AccessService
{
public:
    explicit AccessService(DatabasePtr database) : m_db(std::move(database)) {}

    // Links a user to a client with these permissions, or changes the permissions of an
    // existing non-owner link. Refused on the owner and with no permission.
    Result<Access> grant(qint64 userId, qint64 clientId, const Permissions& permissions) const;
    // Associate User: a new non-owner link only; refused (field "user") when the user already
    // has access, so an existing link's permissions never change behind the admin's back.
    Result<Access> associate(qint64 userId, qint64 clientId, const Permissions& permissions) const;
    // Makes the user the client's owner (linking them if needed); the previous owner
    // stays linked with all permissions.
    Result<Access> makeOwner(qint64 userId, qint64 clientId) const;
    Result<void> remove(qint64 userId, qint64 clientId) const;

    Result<Invite> invite(qint64 clientId, const QString& email,
                          const Permissions& permissions) const;
    Result<void> cancelInvite(qint64 inviteId) const;
    Result<QList<Invite>> pendingInvites(qint64 clientId) const;

private:
    Result<Access> grant(qint64 userId, qint64 clientId, const Permissions& permissions,
                         bool newLinkOnly) const;
    DatabasePtr m_db;
};

} // namespace accord
