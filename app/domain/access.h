#pragma once

#include "permission.h"

#include <QDateTime>
#include <QString>
#include <QVariantMap>

namespace accord {

// A user's access to a client account (the vendor's tblusers_clients row).
struct Access {
    qint64 id = 0;
    qint64 userId = 0;
    qint64 clientId = 0;
    bool owner = false;
    Permissions stored; // as stored; an owner's effective permissions are all 13
    QDateTime lastLogin;
    QDateTime createdAt;
    QVariantMap loaded;

    Permissions effective() const { return owner ? Permissions::all() : stored; }
    friend bool operator==(const Access&, const Access&) = default;
};

// A pending (or past) invitation to access a client account (tbluser_invites).
struct Invite {
    qint64 id = 0;
    QString token;
    QString email;
    qint64 clientId = 0;
    Permissions permissions;
    QDateTime acceptedAt;
    QDateTime createdAt;
    QDateTime deletedAt;

    static constexpr int validDays = 7;
    QDateTime expiresAt() const { return createdAt.addDays(validDays); }
    bool isPending(const QDateTime& now) const { return stateAt(now) == State::Pending; }
    enum class State { Pending, Accepted, Cancelled, Expired };
    State stateAt(const QDateTime& now) const
    {
        if (!acceptedAt.isNull())
            return State::Accepted;
        if (!deletedAt.isNull())
            return State::Cancelled;
        return now < expiresAt() ? State::Pending : State::Expired;
    }
    friend bool operator==(const Invite&, const Invite&) = default;
};

} // namespace accord
