// The client account commands: client add/show/set.
#include "commands.h"
#include "records.h"
#include "services/accessservice.h"
#include "services/clientservice.h"
#include "services/userservice.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QMap>

namespace accord::cli {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("accord::cli", text);
}

const QString formatOpt = QStringLiteral("format");
const QString ownerUserOpt = QStringLiteral("owner-user");

// --firstname, --lastname, … --status: one option per profile column.
void addProfileOptions(Invocation& cmd)
{
    for (const auto& f : clientProfileFields())
        cmd.addValueOption(QLatin1String(f.column), tr("VALUE"),
                           QCoreApplication::translate("ClientField", f.label));
}

QMap<QString, QString> profileGiven(const Invocation& cmd)
{
    QMap<QString, QString> profile;
    for (const auto& f : clientProfileFields()) {
        const QString column = QLatin1String(f.column);
        if (cmd.isSet(column))
            profile.insert(column, cmd.value(column));
    }
    return profile;
}
} // namespace

int clientAddCommand(Invocation& cmd)
{
    addProfileOptions(cmd);
    cmd.addValueOption(ownerUserOpt, tr("ID"),
                       tr("The existing user who owns the account (otherwise a new user is made "
                          "from the client's name and email)."));
    if (auto status = cmd.parse(0, 0))
        return *status;
    qint64 owner = 0;
    if (cmd.isSet(ownerUserOpt)) {
        auto id = cmd.idOption(ownerUserOpt);
        if (!id)
            return Usage;
        owner = *id;
    }
    const QMap<QString, QString> profile = profileGiven(cmd);
    if (profile.isEmpty())
        return cmd.usage(tr("Give the client's fields, e.g. --firstname, --lastname, --email, "
                            "--country."));
    int status = Done;
    DatabasePtr db = cmd.openDatabase(status);
    if (!db)
        return status;
    if (owner) {
        // A clear "no such user" before anything is written.
        if (auto user = UserService(db).find(owner); !user)
            return refuse(user.error());
    }
    auto id = ClientService(db).add(profile, owner);
    if (!id)
        return refuse(id.error());
    out() << *id << '\n';
    return Done;
}

int clientShowCommand(Invocation& cmd)
{
    cmd.addValueOption(formatOpt, tr("FORMAT"), tr("table (default) or json."));
    if (auto status = cmd.parse(1, 1))
        return *status;
    auto id = cmd.id(0, tr("CLIENT"));
    if (!id)
        return Usage;
    auto format = cmd.format({Format::Table, Format::Json});
    if (!format)
        return Usage;
    int status = Done;
    DatabasePtr db = cmd.openDatabase(status);
    if (!db)
        return status;
    const ClientService clients(db);
    auto client = clients.find(*id);
    if (!client)
        return refuse(client.error());
    auto links = clients.accessOf(*id);
    if (!links)
        return refuse(links.error());

    if (*format == Format::Json) {
        QJsonObject o = clientJson(*client);
        QJsonArray users;
        for (const Access& link : *links)
            users << linkFromClientJson(link);
        o.insert(QStringLiteral("users"), users);
        printJson(o);
        return Done;
    }
    QList<std::pair<QString, QString>> fields{{tr("ID"), QString::number(client->id)}};
    for (const auto& f : clientProfileFields()) {
        const QString column = QLatin1String(f.column);
        QString value = client->value(column);
        if (column == QLatin1String("language"))
            value = languageText(value);
        fields.append({QCoreApplication::translate("ClientField", f.label), value});
    }
    fields.append({tr("Email Verified"), yesNo(client->emailVerified)});
    fields.append({tr("Created"), localDate(client->createdAt)});
    fields.append({tr("Updated"), localDate(client->updatedAt)});
    printFields(fields);
    out() << '\n';

    if (links->isEmpty()) {
        out() << tr("No users.") << '\n';
    } else {
        out() << tr("Users:") << '\n';
        const UserService users(db);
        TableWriter table({tr("User ID"), tr("Name"), tr("Email"), tr("Owner"), tr("Permissions"),
                           tr("Last Login")},
                          out());
        for (const Access& link : *links) {
            auto user = users.find(link.userId);
            // Vendor data has orphan links; show them rather than fail.
            table.add({QString::number(link.userId), user ? user->fullName() : tr("(missing)"),
                       user ? user->email : QString(), link.owner ? tr("Owner") : QString(),
                       permissionsText(link),
                       link.lastLogin.isValid() ? localDate(link.lastLogin) : tr("Never")});
        }
        table.finish();
    }

    auto invites = AccessService(db).pendingInvites(*id);
    if (!invites)
        return refuse(invites.error());
    if (!invites->isEmpty()) {
        out() << '\n' << tr("Pending invites:") << '\n';
        TableWriter table({tr("Email"), tr("Permissions"), tr("Expires")}, out());
        for (const Invite& i : *invites)
            table.add({i.email, i.permissions.names().join(QLatin1String(",")),
                       localDate(i.expiresAt())});
        table.finish();
    }
    return Done;
}

int clientSetCommand(Invocation& cmd)
{
    addProfileOptions(cmd);
    if (auto status = cmd.parse(1, 1))
        return *status;
    auto id = cmd.id(0, tr("CLIENT"));
    if (!id)
        return Usage;
    const QMap<QString, QString> changes = profileGiven(cmd);
    if (changes.isEmpty())
        return cmd.usage(tr("Give at least one field to change, e.g. --email E."));
    int status = Done;
    DatabasePtr db = cmd.openDatabase(status);
    if (!db)
        return status;
    const ClientService clients(db);
    auto loaded = clients.find(*id);
    if (!loaded)
        return refuse(loaded.error());
    auto stored = clients.update(*loaded, changes);
    if (!stored)
        return refuse(stored.error());
    if (*stored == *loaded)
        out() << tr("Client %1: nothing to change.").arg(*id) << '\n';
    else
        out() << tr("Client %1 updated.").arg(*id) << '\n';
    return Done;
}

} // namespace accord::cli
