#pragma once

#include "credentialstore.h"

#include <QCoreApplication>
#include <QHash>

namespace accord {

// A credential store in memory, for the tests of its callers (the Connect dialog, the
// window set). `available = false` acts as a machine without a keychain.
class MemoryCredentialStore : public CredentialStore
{
public:
    bool available = true;
    QHash<QString, QString> entries;

    StoredPassword read(const QString& key) override
    {
        if (!available)
            return {StoredPassword::Status::Unavailable, {}, unavailableReason()};
        if (!entries.contains(key))
            return {};
        return {StoredPassword::Status::Found, entries.value(key), {}};
    }
    Result<void> write(const QString& key, const QString& password) override
    {
        if (!available)
            return Error::make(Error::Kind::Refused, unavailableReason());
        entries.insert(key, password);
        return {};
    }
    Result<void> remove(const QString& key) override
    {
        if (!available)
            return Error::make(Error::Kind::Refused, unavailableReason());
        entries.remove(key);
        return {};
    }

private:
    static QString unavailableReason()
    {
        return QCoreApplication::translate("CredentialStore", "No keychain answers.");
    }
};

} // namespace accord
