#pragma once

#include "clock.h"
#include "domain/access.h"
#include "domain/clientaccount.h"
#include "domain/clientareaidentity.h"
#include "domain/user.h"
#include "matchservice.h"
#include "storage/database.h"
#include "userservice.h"

#include <QList>
#include <QMap>

namespace accord {

// A user with access to an account, as User Management lists them.
struct AccountUser {
    User user;
    Access link;
};

// The Client Area preview's use cases for one signed-in user (or an admin previewing them):
// the accounts they may switch between, Your Profile (their own login details), Account
// Details (a client account's profile), User Management and Change Password. Every rule is
// checked here, in the transaction of the write it guards — a client the user is not
// linked to is NotFound, Account Details without the `profile` permission or User
// Management by a non-owner is Refused, each about the link — so a page that hides a menu
// entry is a courtesy, never the rule. Writes are logged in the Client Area's wording with
// the identity's actor as `user`.
class ClientAreaService
{
public:
    ClientAreaService(DatabasePtr database, ClientAreaIdentity who, Clock clock = systemClock())
        : m_db(std::move(database)), m_who(std::move(who)), m_clock(std::move(clock))
    {
    }
    const ClientAreaIdentity& identity() const { return m_who; }

    Result<User> me() const;
    // Exactly the client accounts the user is linked to, by client id (an orphaned link,
    // which vendor data has, is not an account to show).
    Result<QList<LinkedClient>> accounts() const;
    // Enters an account (after sign-in, from the chooser, Switch Account): the link and the
    // client as stored; the link's last_login is written, except in an admin preview or on
    // a read-only database.
    Result<LinkedClient> enter(qint64 clientId) const;

    // Your Profile: the user's own first and last name, email (the login: a new one is
    // unverified) and language — nothing else. With `steps` (keep in step, planned by
    // stepsForProfile) the owned accounts take the same details in the same transaction.
    Result<User> updateProfile(const User& loaded, const UserChanges& changes,
                               const StepPlan& steps = {}) const;
    // What keep in step would also change: only accounts whose details the user may edit.
    Result<StepPlan> stepsForProfile(const User& loaded, const UserChanges& changes) const;

    // Account Details: the owner, or a user with the `profile` permission; every profile
    // field but the status, which is an admin's to change.
    Result<ClientAccount> accountDetails(qint64 clientId) const;
    // With `steps` the owner's user takes the same details — only when that is this user.
    Result<ClientAccount> updateAccountDetails(const ClientAccount& loaded,
                                               const QMap<QString, QString>& changes,
                                               const StepPlan& steps = {}) const;
    Result<StepPlan> stepsForAccountDetails(const ClientAccount& loaded,
                                            const QMap<QString, QString>& changes) const;

    // Change Password: the current password (field "current_password"), a new one of at
    // least 8 characters (field "new_password"). Refused in an admin preview.
    Result<void> changePassword(const QString& current, const QString& next) const;

    // User Management, the owner only (the Admin Area's rules otherwise): who has access,
    // invites, permissions, removing access.
    Result<QList<AccountUser>> accountUsers(qint64 clientId) const;
    Result<QList<Invite>> pendingInvites(qint64 clientId) const;
    Result<Invite> invite(qint64 clientId, const QString& email,
                          const Permissions& permissions) const;
    Result<Access> setPermissions(qint64 clientId, qint64 userId,
                                  const Permissions& permissions) const;
    Result<void> removeAccess(qint64 clientId, qint64 userId) const;
    Result<void> cancelInvite(qint64 clientId, qint64 inviteId) const;

private:
    DatabasePtr m_db;
    ClientAreaIdentity m_who;
    Clock m_clock;
};

} // namespace accord
