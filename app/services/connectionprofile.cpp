#include "connectionprofile.h"

#include <QSettings>

namespace accord {

namespace {
const QString group = QStringLiteral("connectionProfiles");

// QSettings keys may not hold '/': a profile's group is its key in hex.
QString groupOf(const QString& key)
{
    return group + QLatin1Char('/') + QString::fromLatin1(key.toUtf8().toHex());
}

QString engineName(Engine e)
{
    switch (e) {
    case Engine::SQLite:
        return QStringLiteral("sqlite");
    case Engine::PostgreSQL:
        return QStringLiteral("postgresql");
    case Engine::MySQL:
        return QStringLiteral("mysql");
    }
    return {};
}

std::optional<ConnectionProfile> readProfile(QSettings& settings)
{
    ConnectionProfile p;
    const QString engine = settings.value(QStringLiteral("engine")).toString();
    bool known = false;
    for (Engine e : {Engine::SQLite, Engine::PostgreSQL, Engine::MySQL})
        if (engineName(e) == engine) {
            p.location.engine = e;
            known = true;
        }
    if (!known)
        return std::nullopt;
    p.location.path = settings.value(QStringLiteral("path")).toString();
    p.location.host = settings.value(QStringLiteral("host")).toString();
    p.location.port = settings.value(QStringLiteral("port")).toInt();
    p.location.user = settings.value(QStringLiteral("user")).toString();
    p.location.name = settings.value(QStringLiteral("database")).toString();
    p.location.tls =
        tlsModeFromName(settings.value(QStringLiteral("tls")).toString()).value_or(TlsMode::Off);
    p.location.caFile = settings.value(QStringLiteral("caFile")).toString();
    p.operatorName = settings.value(QStringLiteral("operator")).toString();
    p.rememberPassword = settings.value(QStringLiteral("rememberPassword")).toBool();
    return p;
}
} // namespace

QString ConnectionProfile::key() const
{
    return location.dialect().isEmbedded() ? location.path : location.display();
}

bool ConnectionProfile::operator==(const ConnectionProfile& o) const
{
    return location.sameServerDatabase(o.location) && location.tls == o.location.tls &&
           location.caFile == o.location.caFile && operatorName == o.operatorName &&
           rememberPassword == o.rememberPassword;
}

QList<ConnectionProfile> ConnectionProfiles::all()
{
    QSettings settings;
    settings.beginGroup(group);
    QList<ConnectionProfile> out;
    for (const QString& child : settings.childGroups()) {
        settings.beginGroup(child);
        if (auto p = readProfile(settings))
            out << *p;
        settings.endGroup();
    }
    return out;
}

std::optional<ConnectionProfile> ConnectionProfiles::find(const QString& key)
{
    QSettings settings;
    if (!settings.childGroups().contains(group))
        return std::nullopt;
    settings.beginGroup(groupOf(key));
    if (settings.childKeys().isEmpty())
        return std::nullopt;
    return readProfile(settings);
}

void ConnectionProfiles::save(const ConnectionProfile& p)
{
    QSettings settings;
    settings.remove(groupOf(p.key()));
    settings.beginGroup(groupOf(p.key()));
    const DatabaseLocation& l = p.location;
    settings.setValue(QStringLiteral("engine"), engineName(l.engine));
    if (l.dialect().isEmbedded()) {
        settings.setValue(QStringLiteral("path"), l.path);
    } else {
        settings.setValue(QStringLiteral("host"), l.host);
        settings.setValue(QStringLiteral("port"), l.port);
        settings.setValue(QStringLiteral("user"), l.user);
        settings.setValue(QStringLiteral("database"), l.name);
        settings.setValue(QStringLiteral("tls"), tlsModeName(l.tls));
        settings.setValue(QStringLiteral("caFile"), l.caFile);
        settings.setValue(QStringLiteral("rememberPassword"), p.rememberPassword);
    }
    settings.setValue(QStringLiteral("operator"), p.operatorName);
}

void ConnectionProfiles::remove(const QString& key)
{
    QSettings().remove(groupOf(key));
}

std::optional<ConnectionProfile> ConnectionProfiles::forLocation(const QString& fileOrUrl)
{
    auto location = DatabaseLocation::parse(fileOrUrl);
    if (!location)
        return std::nullopt;
    ConnectionProfile made;
    made.location = *location;
    if (auto saved = find(made.key())) {
        // A URL's own TLS wins over the saved one.
        if (location->tls != TlsMode::Off || !location->caFile.isEmpty()) {
            saved->location.tls = location->tls;
            saved->location.caFile = location->caFile;
        }
        return saved;
    }
    return made;
}

} // namespace accord
