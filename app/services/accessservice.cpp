#include "accessservice.h"

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

bool sameLinks(const QList<Access>& a, const QList<Access>& b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i)
        if (a.at(i).loaded != b.at(i).loaded)
            return false;
    return true;
}

Error ownerChangedMeanwhile(qint64 clientId)
{
    Error e = Error::make(Error::Kind::Conflict,
                          tr("Another session changed who may access client %1 since it was "
                             "read; nothing was changed. Look at the client's users again.")
                              .arg(clientId));
    e.record = RecordRef::client(clientId);
    return e;
}
} // namespace

Result<Access> AccessService::associate(qint64 userId, qint64 clientId,
                                        const Permissions& permissions) const
{
    return grant(userId, clientId, permissions, true);
}

Result<Access> AccessService::grant(qint64 userId, qint64 clientId,
                                    const Permissions& permissions) const
{
    return grant(userId, clientId, permissions, false);
}

Result<Access> AccessService::grant(qint64 userId, qint64 clientId, const Permissions& permissions,
                                    bool newLinkOnly) const
{
    if (auto problems = permissionProblems(permissions); !problems.isEmpty())
        return Error::invalid(problems).about(RecordRef::link(userId, clientId));
    return inWrite(*m_db, [&](WriteScope& w) -> Result<Access> {
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
        if (*existing && newLinkOnly)
            return Error::validation(QStringLiteral("user"),
                                     tr("User #%1 already has access to this client account; use "
                                        "Permissions to change what they may do.")
                                         .arg(userId))
                .about(RecordRef::link(userId, clientId));
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
            if (auto r =
                    w.access.update(link, {{QStringLiteral("permissions"), permissions.toStored()},
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
        auto stored = w.commitWith(w.access.find(userId, clientId));
        if (!stored)
            return stored.error();
        return **stored;
    });
}

Result<Access> AccessService::makeOwner(qint64 userId, qint64 clientId) const
{
    return inWrite(*m_db, [&](WriteScope& w) -> Result<Access> {
        auto user = w.users.find(userId);
        if (!user)
            return user.error();
        auto client = w.clients.find(clientId);
        if (!client)
            return client.error();
        auto links = w.access.forClient(clientId);
        if (!links)
            return links.error();
        // One owner change of a client at a time, on what this one read: another session's
        // change meanwhile (under READ COMMITTED) refuses this one.
        if (auto r = w.clients.lock(clientId); !r)
            return r.error();
        auto again = w.access.forClient(clientId);
        if (!again)
            return again.error();
        if (!sameLinks(*links, *again))
            return ownerChangedMeanwhile(clientId);
        const QString now = nowText();
        const QString all = Permissions::all().toStored();
        bool linked = false;
        for (const Access& link : *links) {
            if (link.userId == userId) {
                linked = true;
                if (link.owner)
                    return link; // already the owner: nothing to do
                continue;
            }
            if (!link.owner)
                continue;
            // The one owner: demote to a non-owner with every permission.
            if (auto r = w.access.update(link, {{QStringLiteral("owner"), 0},
                                                {QStringLiteral("permissions"), all},
                                                {QStringLiteral("updated_at"), now}});
                !r)
                return r.error();
            QStringList parts{QStringLiteral("Account Ownership Removed")};
            if (link.stored != Permissions::all())
                parts << activity::permissionsChanged(link.stored, Permissions::all());
            if (auto r = w.log.write(activity::relationshipModified(parts, clientId, link.userId),
                                     clientId, link.userId);
                !r)
                return r.error();
        }
        if (linked) {
            auto link = w.access.find(userId, clientId);
            if (!link)
                return link.error();
            if (auto r = w.access.update(**link, {{QStringLiteral("owner"), 1},
                                                  {QStringLiteral("permissions"), all},
                                                  {QStringLiteral("updated_at"), now}});
                !r)
                return r.error();
            if (auto r = w.log.write(
                    activity::relationshipModified({QStringLiteral("Account Ownership Granted")},
                                                   clientId, userId),
                    clientId, userId);
                !r)
                return r.error();
        } else {
            auto id = w.access.insert(newLinkRow(userId, clientId, true, Permissions::all(), now));
            if (!id)
                return id.error();
            if (auto r =
                    w.log.write(activity::relationshipCreated(user->fullName(), Permissions::all(),
                                                              clientId, userId, true),
                                clientId, userId);
                !r)
                return r.error();
        }
        auto stored = w.commitWith(w.access.find(userId, clientId));
        if (!stored)
            return stored.error();
        return **stored;
    });
}

Result<void> AccessService::remove(qint64 userId, qint64 clientId) const
{
    return inWrite(*m_db, [&](WriteScope& w) -> Result<void> {
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
        if (auto r = w.log.write(activity::relationshipRemoved(name, clientId, userId), clientId,
                                 userId);
            !r)
            return r.error();
        return w.commit();
    });
}

Result<Invite> AccessService::invite(qint64 clientId, const QString& email,
                                     const Permissions& permissions) const
{
    const QString address = email.trimmed();
    QList<Error> problems;
    if (!isValidEmail(address))
        problems << Error::validation(QStringLiteral("email"),
                                      tr("%1 is not a valid email address.").arg(address));
    problems << permissionProblems(permissions);
    if (!problems.isEmpty())
        return Error::invalid(problems);
    return inWrite(*m_db, [&](WriteScope& w) -> Result<Invite> {
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
                return Error::clash(
                           QStringLiteral("email"),
                           tr("%1 already has access to this client account.").arg(address))
                    .about(RecordRef::link((*user)->id, clientId));
        }
        auto pending = w.access.invitesForClient(clientId);
        if (!pending)
            return pending.error();
        const QDateTime nowUtc = QDateTime::currentDateTimeUtc();
        for (const Invite& i : *pending)
            if (i.isPending(nowUtc) && foldEmail(i.email) == foldEmail(address))
                return Error::clash(
                    QStringLiteral("email"),
                    tr("%1 already has a pending invite to this client account.").arg(address));
        const QString now = nowText();
        const QString token = PasswordHasher::randomToken();
        auto id = w.access.insertInvite({{QStringLiteral("token"), token},
                                         {QStringLiteral("email"), address},
                                         {QStringLiteral("client_id"), clientId},
                                         {QStringLiteral("invited_by"), 0},
                                         {QStringLiteral("invited_by_admin"), 1},
                                         {QStringLiteral("permissions"), permissions.toStored()},
                                         {QStringLiteral("created_at"), now},
                                         {QStringLiteral("updated_at"), now}});
        if (!id)
            return id.error();
        if (auto r =
                w.log.write(activity::inviteCreated(address, permissions, clientId), clientId, 0);
            !r)
            return r.error();
        return w.commitWith(w.access.findInvite(*id));
    });
}

Result<void> AccessService::cancelInvite(qint64 inviteId) const
{
    return inWrite(*m_db, [&](WriteScope& w) -> Result<void> {
        auto invite = w.access.findInvite(inviteId);
        if (!invite)
            return invite.error();
        if (auto r = w.access.markInviteDeleted(*invite, nowText()); !r)
            return r.error();
        if (auto r = w.log.write(activity::inviteCancelled(invite->email, invite->clientId),
                                 invite->clientId, 0);
            !r)
            return r.error();
        return w.commit();
    });
}

Result<QList<Invite>> AccessService::pendingInvites(qint64 clientId) const
{
    auto all = ReadScope(*m_db).access.invitesForClient(clientId);
    if (!all)
        return all.error();
    QList<Invite> out;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const Invite& i : *all)
        if (i.isPending(now))
            out << i;
    return out;
}

} // namespace accord
