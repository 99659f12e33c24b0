#pragma once

#include "domain/access.h"
#include "rowstore.h"

#include <QList>
#include <optional>

namespace accord {

// Links between users and client accounts (tblusers_clients) and pending invites.
class AccessRepository
{
public:
    AccessRepository(QSqlDatabase db, const Dialect& dialect, TouchedRecords* touched = nullptr)
        : m_rows(std::move(db), dialect, touched)
    {
    }

    Result<std::optional<Access>> find(qint64 userId, qint64 clientId) const;
    Result<QList<Access>> forClient(qint64 clientId) const; // owner first, then by user id
    Result<QList<Access>> forUser(qint64 userId) const;     // by client id
    Result<std::optional<Access>> ownerOf(qint64 clientId) const;
    Result<qint64> insert(const QVariantMap& columns) const;
    Result<void> update(const Access& loaded, const QVariantMap& changes) const;
    Result<void> remove(const Access& loaded) const;
    // A Conflict (or NotFound, once removed) unless the link is still exactly as loaded.
    Result<void> verifyUnchanged(const Access& loaded) const;

    Result<qint64> insertInvite(const QVariantMap& columns) const;
    Result<Invite> findInvite(qint64 id) const;
    Result<QList<Invite>> invitesForClient(qint64 clientId) const; // not deleted, not accepted
    Result<void> markInviteDeleted(const Invite& invite, const QString& when) const;
    // Any invite with this token (pending, accepted, cancelled or expired).
    Result<std::optional<Invite>> findInviteByToken(const QString& token) const;
    // A Conflict when it was accepted or cancelled meanwhile.
    Result<void> markInviteAccepted(const Invite& invite, const QString& when) const;

    static Access fromRow(const QVariantMap& row);
    static Invite inviteFromRow(const QVariantMap& row);

private:
    Result<QList<Access>> list(const QString& where, qint64 id, const QString& order) const;
    RowStore m_rows;
};

} // namespace accord
