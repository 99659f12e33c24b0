#include "keychaincredentialstore.h"

#include <QCoreApplication>
#include <QEventLoop>

#include <qt6keychain/keychain.h>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("CredentialStore", text);
}

// Runs a job to its end (QtKeychain's jobs are asynchronous). The job lives on the stack:
// auto-delete off, or it would be freed twice.
void runToEnd(QKeychain::Job& job)
{
    job.setAutoDelete(false);
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, &QEventLoop::quit);
    job.start();
    loop.exec(QEventLoop::ExcludeUserInputEvents);
}

// Whether the error means that no keychain answers at all (QtKeychain 0.13 reports a
// missing Secret Service as NoBackendAvailable, or as OtherError from D-Bus).
bool noKeychain(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented ||
           error == QKeychain::OtherError;
}

QString unavailable(const QKeychain::Job& job)
{
    return tr("No keychain answers (%1).").arg(job.errorString());
}
} // namespace

KeychainCredentialStore::KeychainCredentialStore(QString service) : m_service(std::move(service)) {}

StoredPassword KeychainCredentialStore::read(const QString& key)
{
    QKeychain::ReadPasswordJob job(m_service);
    job.setKey(key);
    runToEnd(job);
    switch (job.error()) {
    case QKeychain::NoError:
        return {StoredPassword::Status::Found, job.textData(), {}};
    case QKeychain::EntryNotFound:
        return {};
    default:
        break;
    }
    if (noKeychain(job.error()))
        return {StoredPassword::Status::Unavailable, {}, unavailable(job)};
    // Access denied, a locked keyring the user would not open: as good as no keychain.
    return {StoredPassword::Status::Unavailable,
            {},
            tr("The keychain refused: %1").arg(job.errorString())};
}

Result<void> KeychainCredentialStore::write(const QString& key, const QString& password)
{
    QKeychain::WritePasswordJob job(m_service);
    job.setKey(key);
    job.setTextData(password);
    runToEnd(job);
    if (job.error() == QKeychain::NoError)
        return {};
    return Error::make(
        Error::Kind::Refused,
        noKeychain(job.error())
            ? unavailable(job)
            : tr("The keychain did not store the password: %1").arg(job.errorString()));
}

Result<void> KeychainCredentialStore::remove(const QString& key)
{
    QKeychain::DeletePasswordJob job(m_service);
    job.setKey(key);
    runToEnd(job);
    if (job.error() == QKeychain::NoError || job.error() == QKeychain::EntryNotFound)
        return {};
    return Error::make(
        Error::Kind::Refused,
        noKeychain(job.error())
            ? unavailable(job)
            : tr("The keychain did not forget the password: %1").arg(job.errorString()));
}

} // namespace accord
