#include "connectionservice.h"

#include <QCoreApplication>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("ConnectionService", text);
}
} // namespace

Result<DatabasePtr> ConnectionService::open(const ConnectionProfile& profile,
                                            const QString& password, int workersAhead)
{
    DatabaseLocation location = profile.location;
    location.password = password;
    if (profile.isServer() && location.password.isEmpty()) {
        const StoredPassword stored = m_credentials.read(CredentialStore::keyOf(location));
        if (stored.found())
            location.password = stored.password;
    }
    if (profile.isServer() && location.tls != TlsMode::Off && location.tls != TlsMode::Require &&
        location.caFile.isEmpty()) {
        Error e = Error::validation(QStringLiteral("caFile"),
                                    tr("Verifying the server's certificate needs a CA file."));
        return e;
    }
    auto opened = Database::open(location, OpenOptions{false, true, workersAhead});
    if (!opened) {
        Error e = opened.error();
        // No Accord schema yet, or a newer one: the database field is what to change.
        if (e.field.isEmpty() &&
            (e.kind == Error::Kind::NotFound || e.kind == Error::Kind::NewerSchema))
            e.field = QStringLiteral("database");
        return e;
    }
    if (!profile.operatorName.trimmed().isEmpty())
        (*opened)->setOperatorName(profile.operatorName.trimmed());
    return *opened;
}

Result<ConnectionReport> ConnectionService::test(const ConnectionProfile& profile,
                                                 const QString& password)
{
    // One connection: a test opens no list, and its report is the first connection's.
    auto opened = open(profile, password, 0);
    if (!opened)
        return opened.error();
    const DatabasePtr& db = *opened;
    ConnectionReport report;
    report.encrypted = profile.isServer() && profile.location.tls != TlsMode::Off;
    report.readOnlyReason = db->readOnlyReason();
    report.schemaVersion = db->schemaVersion();
    QStringList parts{tr("Connected to %1.").arg(profile.location.title())};
    if (report.encrypted)
        parts << (profile.location.tls == TlsMode::Require
                      ? tr("Encrypted (TLS, the certificate not checked).")
                      : tr("Encrypted (TLS, the certificate verified with %1).")
                            .arg(profile.location.caFile));
    if (!report.readOnlyReason.isEmpty())
        parts << tr("Read-only: %1.")
                     .arg(report.readOnlyReason.section(QStringLiteral(": "), 1).trimmed());
    if (db->hasAccordTables())
        parts << tr("Accord schema version %1.").arg(report.schemaVersion);
    else
        parts << tr("A vendor database (no Accord tables).");
    report.summary = parts.join(QLatin1Char(' '));
    return report;
}

Result<DatabasePtr> ConnectionService::connect(const ConnectionProfile& profile,
                                               const QString& password, QString* keychainProblem)
{
    auto opened = open(profile, password, kListWorkers);
    if (!opened)
        return opened;
    ConnectionProfiles::save(profile);
    if (profile.isServer()) {
        const QString key = CredentialStore::keyOf(profile.location);
        Result<void> kept;
        if (profile.rememberPassword && !password.isEmpty())
            kept = m_credentials.write(key, password);
        else if (!profile.rememberPassword)
            kept = m_credentials.remove(key);
        if (!kept && keychainProblem && profile.rememberPassword)
            *keychainProblem = kept.error().message;
    }
    return opened;
}

StoredPassword ConnectionService::storedPassword(const ConnectionProfile& profile)
{
    return m_credentials.read(CredentialStore::keyOf(profile.location));
}

Result<void> ConnectionService::forgetPassword(const ConnectionProfile& profile)
{
    if (auto removed = m_credentials.remove(CredentialStore::keyOf(profile.location)); !removed)
        return removed;
    if (auto saved = ConnectionProfiles::find(profile.key())) {
        saved->rememberPassword = false;
        ConnectionProfiles::save(*saved);
    }
    return {};
}

QString ConnectionService::headlessPassword(const DatabaseLocation& location,
                                            CredentialStore& credentials)
{
    const StoredPassword stored = credentials.read(CredentialStore::keyOf(location));
    if (stored.found())
        return stored.password;
    return qEnvironmentVariable(qPrintable(location.dialect().passwordVariable()));
}

Result<DatabasePtr> ConnectionService::openHeadless(const QString& fileOrUrl,
                                                    const OpenOptions& options,
                                                    CredentialStore& credentials)
{
    auto profile = ConnectionProfiles::forLocation(fileOrUrl);
    if (!profile)
        return DatabaseLocation::parse(fileOrUrl).error();
    DatabaseLocation location = profile->location;
    if (profile->isServer())
        location.password = headlessPassword(location, credentials);
    auto opened = Database::open(location, options);
    if (!opened) {
        Error e = opened.error();
        if (e.field == QLatin1String("password") && location.password.isEmpty())
            e.message = tr("No password for %1 was found, and the server wants one. %2")
                            .arg(location.display(), wherePasswordsGo(location));
        e.field.clear(); // the sentence names it; a command line has no such field
        return e;
    }
    if (!profile->operatorName.trimmed().isEmpty() &&
        qEnvironmentVariableIsEmpty("ACCORD_OPERATOR"))
        (*opened)->setOperatorName(profile->operatorName.trimmed());
    return opened;
}

QString ConnectionService::wherePasswordsGo(const DatabaseLocation& location)
{
    if (location.engine == Engine::PostgreSQL)
        return tr("Put the password of %1 in the keychain (File > Connect… in Accord, tick "
                  "Remember password), in ~/.pgpass (host:port:database:user:password, mode "
                  "0600) or in PGPASSWORD.")
            .arg(location.display());
    return tr("Put the password of %1 in the keychain (File > Connect… in Accord, tick "
              "Remember password) or in MYSQL_PWD.")
        .arg(location.display());
}

} // namespace accord
