#pragma once

#include "clock.h"
#include "domain/access.h"
#include "domain/clientareaidentity.h"
#include "storage/database.h"
#include "userservice.h"

namespace accord {

// A pending invite as the person it was passed to sees it.
struct InviteDetails {
    Invite invite;
    QString accountName; // the company, else the client's name
};

// Accepting an invite (the link or token the Admin Area's Copy Link gives): by signing in
// as an existing user, or by registering a new one. Either creates the link with the
// invite's permissions and marks the invite accepted, in one transaction. An unknown,
// expired (7 days), cancelled or already used invite is refused, saying which (field
// "invite").
class InviteService
{
public:
    explicit InviteService(DatabasePtr database, Clock clock = systemClock())
        : m_db(std::move(database)), m_clock(std::move(clock))
    {
    }

    Result<InviteDetails> find(const QString& linkOrToken) const;
    // The signed-in user accepts (refused in an admin preview: the invited person does).
    Result<Access> accept(const QString& linkOrToken, const ClientAreaIdentity& who) const;
    // A new user (names, email, password required) who accepts at once; returns their id.
    Result<qint64> registerAndAccept(const QString& linkOrToken, const NewUser& user) const;

private:
    DatabasePtr m_db;
    Clock m_clock;
};

} // namespace accord
