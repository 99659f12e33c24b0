#pragma once

#include "credentialstore.h"

namespace accord {

// Passwords in the OS keychain through QtKeychain (the Secret Service on Linux, Keychain
// on macOS, Credential Manager on Windows), under the service name "Accord". Each call
// waits for QtKeychain's job in a local event loop, so headless commands can use it too.
class KeychainCredentialStore : public CredentialStore
{
public:
    explicit KeychainCredentialStore(QString service = QStringLiteral("Accord"));
    StoredPassword read(const QString& key) override;
    Result<void> write(const QString& key, const QString& password) override;
    Result<void> remove(const QString& key) override;

private:
    QString m_service;
};

} // namespace accord
