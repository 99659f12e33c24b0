#pragma once

#include "domain/result.h"

#include <QString>

namespace accord {

struct DatabaseLocation;

// What a credential store holds for one server database.
struct StoredPassword {
    enum class Status {
        Found,
        NotFound,
        Unavailable, // no keychain answers (no Secret Service running): ask each time
    };
    Status status = Status::NotFound;
    QString password;
    QString reason; // Unavailable: why, in a line the Connect dialog shows
    bool found() const { return status == Status::Found; }
};

// Where server passwords live: only the OS keychain (KeychainCredentialStore), never a
// settings file. Callers' tests may use MemoryCredentialStore.
class CredentialStore
{
public:
    virtual ~CredentialStore() = default;
    virtual StoredPassword read(const QString& key) = 0;
    virtual Result<void> write(const QString& key, const QString& password) = 0;
    // Forgetting a password that is not stored is no error.
    virtual Result<void> remove(const QString& key) = 0;

    // The entry of a server database: its engine, user, host, port and name (one entry per
    // profile, shared by the GUI and headless commands), e.g.
    // postgresql://admin1@db.example.com:5432/accord.
    static QString keyOf(const DatabaseLocation& location);
};

} // namespace accord
