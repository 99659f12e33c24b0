#pragma once

#include "domain/access.h"
#include "domain/result.h"

#include <QDateTime>

namespace accord {

struct WriteScope;

// Changes to who may access a client account, each inside the caller's write transaction,
// with the Admin Area's rules and log rows (named by the scope's actor): AccessService runs
// them for an admin, the Client Area for an account owner, after checking in the same
// transaction that the owner still is one.

enum class GrantMode {
    NewOrExisting, // link, or change an existing non-owner link's permissions
    NewOnly,       // Associate User: refused when the user already has access
    ExistingOnly,  // change permissions: refused when the user has no access
};
Result<Access> grantIn(WriteScope& w, qint64 userId, qint64 clientId,
                       const Permissions& permissions, GrantMode mode);
// Refused for the owner and when not linked.
Result<void> removeIn(WriteScope& w, qint64 userId, qint64 clientId);

// Who sends an invite: an admin, or the user who owns the account.
struct Inviter {
    qint64 userId = 0; // 0: an admin
};
// What an invite's email and permissions are refused for, every problem at once.
QList<Error> invitationProblems(const QString& email, const Permissions& permissions);
// A pending invite for an email that has neither access nor a pending invite already.
Result<Invite> inviteIn(WriteScope& w, qint64 clientId, const QString& email,
                        const Permissions& permissions, const Inviter& by, const QDateTime& now);
Result<void> cancelInviteIn(WriteScope& w, const Invite& invite);

} // namespace accord
