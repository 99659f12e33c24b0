#pragma once

#include "clock.h"
#include "domain/clientareaidentity.h"
#include "domain/failedsignins.h"
#include "domain/user.h"
#include "storage/database.h"

namespace accord {

// What a sign-in to the Client Area preview typed.
struct SignInAttempt {
    QString email; // matched after folding, as everywhere
    QString password;
    QString code; // a two-factor user's TOTP code, once asked for
    // Written as the user's last_ip: the preview runs on this machine.
    QString address = QStringLiteral("127.0.0.1");
};

// Signing in as a user: the password (bcrypt, or a legacy MD5 form re-hashed on success),
// one generic refusal, the same work whether or not the email exists, and repeated
// failures for one email slowed down in every process on the database (their counters
// live in accord_sign_in_failures and are not user data).
//
// Refusals by field: "password" the generic one ("The email address or password is not
// correct."), "email" too many recent failures (no check is made until the next allowed
// time), "code" a two-factor code asked for (Validation, while none was typed) or wrong.
class SignInService
{
public:
    explicit SignInService(DatabasePtr database, Clock clock = systemClock())
        : m_db(std::move(database)), m_clock(std::move(clock))
    {
    }

    // Checks email and password and changes no user data (the headless `login`); counts a
    // failure, and clears the count after a success.
    Result<User> check(const QString& email, const QString& password) const;
    // The Client Area's sign-in: check(); for a two-factor user whose secret is a plain
    // TOTP secret the code (RFC 6238; a wrong one counts as a failure, and the count is
    // cleared only when the code is right), any other two-factor user is refused; then writes
    // last_login, last_ip and last_hostname and re-hashes a legacy hash (nothing on a
    // read-only database).
    Result<ClientAreaIdentity> signIn(const SignInAttempt& attempt) const;
    // An admin's "Preview as this user": no password, nothing written.
    Result<ClientAreaIdentity> preview(qint64 userId) const;

    // The key of an email's failure counters: the SHA-256 of its folded form.
    static QString loginKey(const QString& email);

private:
    // The password alone: counts a failure; `failedBefore` the failures it follows.
    Result<User> checkPassword(const QString& email, const QString& password,
                               int& failedBefore) const;
    Result<void> recordFailure(const QString& key) const;
    Result<void> clearFailures(const QString& key) const;
    Result<FailedSignIns> failures(const QString& key) const;
    bool sharesCounters() const;
    DatabasePtr m_db;
    Clock m_clock;
};

} // namespace accord
