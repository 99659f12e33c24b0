#pragma once

#include "domain/access.h"
#include "domain/clientaccount.h"
#include "domain/permission.h"
#include "domain/user.h"
#include "storage/database.h"

#include <QList>

#include <optional>

namespace accord {

struct NewUser {
    QString firstName;
    QString lastName;
    QString email;
    QString language;
    QString password;              // empty: the user gets no password (signs in after a reset)
    bool passwordRequired = false; // an empty password is refused (created with one, now)
};

struct WriteScope;
// Every problem of a new user's fields (names, email, language, password).
QList<Error> newUserProblems(const NewUser& user);
// Inserts a validated new user with this password hash (empty: none) and logs it, inside
// the caller's write; refused as a Clash when another user has the email.
Result<qint64> insertUserIn(WriteScope& w, const NewUser& user, const QString& hash);

// A client account a user can access, as Manage User lists it: the link, and the client
// (absent for an orphaned link, which vendor data has).
struct LinkedClient {
    Access link;
    std::optional<ClientAccount> client;
};

// Use cases on users (login identities).
class UserService
{
public:
    explicit UserService(DatabasePtr database) : m_db(std::move(database)) {}

    Result<User> find(qint64 id) const;
    Result<QList<Access>> accessOf(qint64 userId) const;
    // The user's client accounts with their details, by client id.
    Result<QList<LinkedClient>> clientsOf(qint64 userId) const;
    Result<qint64> add(const NewUser& user) const;
    // Creates the user and gives them access to a client, in one transaction.
    Result<qint64> add(const NewUser& user, qint64 clientId, const Permissions& access) const;
    // Applies the changes to the user as loaded; refused as a Conflict if the stored row
    // changed since. Returns the user as now stored. Nothing changes on any refusal.
    Result<User> update(const User& loaded, const UserChanges& changes) const;
    Result<void> setPassword(qint64 userId, const QString& plain) const;
    Result<void> remove(qint64 userId) const;
    // Checks a password; changes no user data (SignInService::check: failures are counted
    // for the email and slow its next tries down).
    Result<User> checkSignIn(const QString& email, const QString& password) const;

private:
    DatabasePtr m_db;
};

} // namespace accord
