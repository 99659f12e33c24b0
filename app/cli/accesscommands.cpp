// The commands on who may access which client account: link, unlink, invite.
#include "commands.h"
#include "services/accessservice.h"

#include <QCoreApplication>

namespace accord::cli {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("accord::cli", text);
}

const QString permissionsOpt = QStringLiteral("permissions");
const QString ownerOpt = QStringLiteral("owner");

QString permissionsHelp()
{
    QStringList names;
    for (Permission p : Permissions::ordered())
        names << Permissions::name(p);
    return tr("Comma-separated permissions: %1.").arg(names.join(QLatin1String(",")));
}
} // namespace

int linkCommand(Invocation& cmd)
{
    cmd.addValueOption(permissionsOpt, tr("a,b"), permissionsHelp());
    cmd.addFlag(ownerOpt,
                tr("Make the user the owner (the previous owner keeps all permissions)."));
    if (auto status = cmd.parse(2, 2))
        return *status;
    auto userId = cmd.id(0, tr("USER"));
    if (!userId)
        return Usage;
    auto clientId = cmd.id(1, tr("CLIENT"));
    if (!clientId)
        return Usage;
    const bool owner = cmd.isSet(ownerOpt);
    if (owner == cmd.isSet(permissionsOpt))
        return cmd.usage(tr("Give either --permissions a,b or --owner."));
    Permissions permissions;
    if (!owner) {
        auto parsed = cmd.permissions(permissionsOpt);
        if (!parsed)
            return Usage;
        permissions = *parsed;
    }
    int status = Done;
    DatabasePtr db = cmd.openDatabase(status);
    if (!db)
        return status;
    const AccessService access(db);
    if (owner) {
        auto link = access.makeOwner(*userId, *clientId);
        if (!link)
            return refuse(link.error());
        out() << tr("User %1 is the owner of client %2.").arg(*userId).arg(*clientId) << '\n';
        return Done;
    }
    auto link = access.grant(*userId, *clientId, permissions);
    if (!link)
        return refuse(link.error());
    out() << tr("User %1 can access client %2 with: %3.")
                 .arg(*userId)
                 .arg(*clientId)
                 .arg(link->stored.names().join(QLatin1String(",")))
          << '\n';
    return Done;
}

int unlinkCommand(Invocation& cmd)
{
    if (auto status = cmd.parse(2, 2))
        return *status;
    auto userId = cmd.id(0, tr("USER"));
    if (!userId)
        return Usage;
    auto clientId = cmd.id(1, tr("CLIENT"));
    if (!clientId)
        return Usage;
    int status = Done;
    DatabasePtr db = cmd.openDatabase(status);
    if (!db)
        return status;
    if (auto r = AccessService(db).remove(*userId, *clientId); !r)
        return refuse(r.error());
    out() << tr("User %1 no longer has access to client %2.").arg(*userId).arg(*clientId) << '\n';
    return Done;
}

int inviteCommand(Invocation& cmd)
{
    cmd.addValueOption(permissionsOpt, tr("a,b"), permissionsHelp());
    if (auto status = cmd.parse(2, 2))
        return *status;
    auto clientId = cmd.id(0, tr("CLIENT"));
    if (!clientId)
        return Usage;
    if (!cmd.isSet(permissionsOpt))
        return cmd.usage(tr("--permissions is required."));
    auto permissions = cmd.permissions(permissionsOpt);
    if (!permissions)
        return Usage;
    int status = Done;
    DatabasePtr db = cmd.openDatabase(status);
    if (!db)
        return status;
    auto invite = AccessService(db).invite(*clientId, cmd.positional().at(1), *permissions);
    if (!invite)
        return refuse(invite.error());
    // The one secret ever printed: it is how the invitation is passed on.
    out() << invite->token << '\n';
    return Done;
}

} // namespace accord::cli
