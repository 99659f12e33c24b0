#pragma once

#include <QDateTime>
#include <QString>
#include <QVariantMap>

#include <optional>

namespace accord {

// A login identity (the vendor's tblusers row). The email is the login.
struct User {
    qint64 id = 0;
    QString firstName;
    QString lastName;
    QString email;
    QString language; // '' means the install's default
    QDateTime emailVerifiedAt;
    bool twoFactorEnabled = false; // second_factor is set
    QDateTime lastLogin;
    QDateTime createdAt;
    QDateTime updatedAt;
    int clientCount = 0; // filled by reads that join the links

    // Every stored column as it was read, for the optimistic check of a later save.
    // Secrets (password, tokens) live here too and never in the typed fields above.
    QVariantMap loaded;

    QString fullName() const { return (firstName + QLatin1Char(' ') + lastName).trimmed(); }
    friend bool operator==(const User&, const User&) = default;
};

// The fields an admin edits on a user; each is applied only when set.
struct UserChanges {
    std::optional<QString> firstName;
    std::optional<QString> lastName;
    std::optional<QString> email;
    std::optional<QString> language;
    bool disableTwoFactor = false;
    std::optional<bool> emailVerified;
    std::optional<QString> password; // a new password, as typed (stored only as a hash)
    bool isEmpty() const
    {
        return !firstName && !lastName && !email && !language && !disableTwoFactor &&
               !emailVerified && !password;
    }
};

} // namespace accord
