#include "accessedits.h"

#include "domain/activitywording.h"
#include "domain/textfolding.h"
#include "domain/validation.h"
#include "passwordhasher.h"
#include "refusals.h"
#include "rowvalues.h"
#include "session.h"
#include "storage/sql.h"

#include <QCoreApplication>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("AccessService", text);
}
} // namespace

Result<Access> grantIn(WriteScope& w, qint64 userId, qint64 clientId,
                       const Permissions& permissions, GrantMode mode)
{
    if (auto problems = permissionProblems(permissions); !problems.isEmpty())
        return Error::invalid(problems).about(RecordRef::link(userId, clientId));
    auto user = w.users.find(userId);
    if (!user)
        return user.error();
    auto client = w.clients.find(clientId);
    if (!client)
        return client.error();
    auto existing = w.access.find(userId, clientId);
    if (!existing)
        return existing.error();
    const QString now = nowText();
    if (*existing && mode == GrantMode::NewOnly)
        return Error::validation(QStringLiteral("user"),
                                 tr("User #%1 already has access to this client account; use "
                                    "Permissions to change what they may do.")
                                     .arg(userId))
            .about(RecordRef::link(userId, clientId));
    if (!*existing && mode == GrantMode::ExistingOnly)
        return notLinkedError(userId, clientId);
    if (*existing) {
        const Access& link = **existing;
        if (link.owner)
            return Error::make(Error::Kind::Refused,
                               tr("User %1 is the owner of client %2 and therefore has all "
                                  "permissions; permissions cannot be set on the owner.")
                                   .arg(userId)
                                   .arg(clientId))
                .about(RecordRef::link(userId, clientId));
        if (link.stored == permissions)
            return link;
        if (auto r = w.access.update(link, {{QStringLiteral("permissions"), permissions.toStored()},
                                            {QStringLiteral("updated_at"), now}});
            !r)
            return r.error().about(RecordRef::link(userId, clientId));
        if (auto r = w.log.write(
                activity::relationshipModified(
                    {activity::permissionsChanged(link.stored, permissions)}, clientId, userId),
                clientId, userId);
            !r)
            return r.error();
    } else {
        auto id = w.access.insert(newLinkRow(userId, clientId, false, permissions, now));
        if (!id)
            return id.error();
        if (auto r = w.log.write(
                activity::relationshipCreated(user->fullName(), permissions, clientId, userId),
                clientId, userId);
            !r)
            return r.error();
    }
    auto stored = w.access.find(userId, clientId);
    if (!stored)
        return stored.error();
    return **stored;
}

Result<void> removeIn(WriteScope& w, qint64 userId, qint64 clientId)
{
    auto link = w.access.find(userId, clientId);
    if (!link)
        return link.error();
    if (!*link)
        return notLinkedError(userId, clientId);
    if ((*link)->owner)
        return Error::make(Error::Kind::Refused,
                           tr("User %1 is the owner of client %2; the owner cannot be removed. "
                              "Make another user the owner first.")
                               .arg(userId)
                               .arg(clientId))
            .about(RecordRef::link(userId, clientId));
    auto user = w.users.find(userId);
    const QString name = user ? user->fullName() : QString();
    if (auto r = w.access.remove(**link); !r)
        return r.error();
    return w.log.write(activity::relationshipRemoved(name, clientId, userId), clientId, userId);
}

QList<Error> invitationProblems(const QString& email, const Permissions& permissions)
{
    const QString address = email.trimmed();
    QList<Error> problems;
    if (!isValidEmail(address))
        problems << Error::validation(QStringLiteral("email"),
                                      tr("%1 is not a valid email address.").arg(address));
    problems << permissionProblems(permissions);
    return problems;
}

Result<Invite> inviteIn(WriteScope& w, qint64 clientId, const QString& email,
                        const Permissions& permissions, const Inviter& by, const QDateTime& now)
{
    if (auto problems = invitationProblems(email, permissions); !problems.isEmpty())
        return Error::invalid(problems);
    const QString address = email.trimmed();
    auto client = w.clients.find(clientId);
    if (!client)
        return client.error();
    auto user = w.users.findByEmail(address);
    if (!user)
        return user.error();
    if (*user) {
        auto link = w.access.find((*user)->id, clientId);
        if (!link)
            return link.error();
        if (*link)
            return Error::clash(QStringLiteral("email"),
                                tr("%1 already has access to this client account.").arg(address))
                .about(RecordRef::link((*user)->id, clientId));
    }
    auto pending = w.access.invitesForClient(clientId);
    if (!pending)
        return pending.error();
    for (const Invite& i : *pending)
        if (i.isPending(now) && foldEmail(i.email) == foldEmail(address))
            return Error::clash(
                QStringLiteral("email"),
                tr("%1 already has a pending invite to this client account.").arg(address));
    const QString created = storedDateText(now);
    auto id = w.access.insertInvite({{QStringLiteral("token"), PasswordHasher::randomToken()},
                                     {QStringLiteral("email"), address},
                                     {QStringLiteral("client_id"), clientId},
                                     {QStringLiteral("invited_by"), by.userId},
                                     {QStringLiteral("invited_by_admin"), by.userId ? 0 : 1},
                                     {QStringLiteral("permissions"), permissions.toStored()},
                                     {QStringLiteral("created_at"), created},
                                     {QStringLiteral("updated_at"), created}});
    if (!id)
        return id.error();
    if (auto r = w.log.write(activity::inviteCreated(address, permissions, clientId), clientId,
                             by.userId);
        !r)
        return r.error();
    return w.access.findInvite(*id);
}

Result<void> cancelInviteIn(WriteScope& w, const Invite& invite)
{
    if (auto r = w.access.markInviteDeleted(invite, nowText()); !r)
        return r;
    return w.log.write(activity::inviteCancelled(invite.email, invite.clientId), invite.clientId,
                       0);
}

} // namespace accord
