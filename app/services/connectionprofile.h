#pragma once

#include "storage/database.h"

#include <QList>
#include <QString>

#include <optional>

namespace accord {

// How an admin reaches a database, as File > Connect… remembers it in QSettings: the
// location (a file, or engine, host, port, database, user and TLS), the operator name the
// activity log shows, and whether the password is kept in the keychain. Never a password.
struct ConnectionProfile {
    DatabaseLocation location; // its password always empty here
    QString operatorName;      // empty: the database role (or the OS login on a file)
    bool rememberPassword = false;

    // The profile's name in settings, the recent list and the keychain: the file, or the
    // server URL without a password.
    QString key() const;
    bool isServer() const { return !location.dialect().isEmbedded(); }
    bool operator==(const ConnectionProfile& other) const;
};

// The profiles in QSettings (group "connectionProfiles"), one per key.
class ConnectionProfiles
{
public:
    static QList<ConnectionProfile> all();
    static std::optional<ConnectionProfile> find(const QString& key);
    static void save(const ConnectionProfile& profile);
    static void remove(const QString& key);
    // The profile of a file or URL: the saved one, else one made from it.
    static std::optional<ConnectionProfile> forLocation(const QString& fileOrUrl);
};

} // namespace accord
