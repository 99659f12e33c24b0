#pragma once

#include "connectionprofile.h"
#include "credentialstore.h"
#include "domain/result.h"
#include "storage/database.h"

namespace accord {

// What "Test connection" found on a database that opened.
struct ConnectionReport {
    bool encrypted = false; // TLS was asked for and is in use
    QString readOnlyReason; // empty when the role may write
    int schemaVersion = 0;
    QString summary; // one line for the Connect dialog
};

// Connecting to a profile's database: with the password typed, else the keychain's;
// remembering it in the keychain after a connection that worked when the profile says so,
// and the profile in settings. A failure's `field` names what to fix: host, password, tls,
// database (none there, or no Accord schema in it).
class ConnectionService
{
public:
    explicit ConnectionService(CredentialStore& credentials) : m_credentials(credentials) {}

    // Opens and closes again; stores nothing.
    Result<ConnectionReport> test(const ConnectionProfile& profile, const QString& password);
    // Opens the database for a window (the operator name set), saves the profile and, when
    // it remembers the password, writes it to the keychain (an error there is reported in
    // `keychainProblem`, the connection stands).
    Result<DatabasePtr> connect(const ConnectionProfile& profile, const QString& password,
                                QString* keychainProblem = nullptr);
    StoredPassword storedPassword(const ConnectionProfile& profile);
    // "Forget password": the keychain entry goes, the profile stops remembering it.
    Result<void> forgetPassword(const ConnectionProfile& profile);

    // For headless commands: the keychain entry of the location, else the engine's own
    // (PGPASSWORD, MYSQL_PWD; libpq reads ~/.pgpass itself). Empty when none.
    static QString headlessPassword(const DatabaseLocation& location, CredentialStore& credentials);
    // A file or URL as a headless command opens it: a server's saved profile gives its TLS
    // and operator name (unless the URL names its TLS, or ACCORD_OPERATOR is set), its
    // password headlessPassword(); a server that wants a password none of them had is
    // refused saying where to put one.
    static Result<DatabasePtr> openHeadless(const QString& fileOrUrl, const OpenOptions& options,
                                            CredentialStore& credentials);
    // Where to put a server password, for a refusal that found none.
    static QString wherePasswordsGo(const DatabaseLocation& location);

private:
    // With `workersAhead` connections opened beside the first for the lists' workers.
    Result<DatabasePtr> open(const ConnectionProfile& profile, const QString& password,
                             int workersAhead);
    CredentialStore& m_credentials;
};

} // namespace accord
