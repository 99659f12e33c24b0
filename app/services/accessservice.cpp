#include "accessservice.h"

#include "accessedits.h"
#include "domain/activitywording.h"
#include "domain/validation.h"
#include "rowvalues.h"
#include "session.h"

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
        return w.commitWith(grantIn(w, userId, clientId, permissions,
                                    newLinkOnly ? GrantMode::NewOnly : GrantMode::NewOrExisting));
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
        if (auto r = removeIn(w, userId, clientId); !r)
            return r;
        return w.commit();
    });
}

Result<Invite> AccessService::invite(qint64 clientId, const QString& email,
                                     const Permissions& permissions) const
{
    if (auto problems = invitationProblems(email, permissions); !problems.isEmpty())
        return Error::invalid(problems);
    return inWrite(*m_db, [&](WriteScope& w) -> Result<Invite> {
        return w.commitWith(
            inviteIn(w, clientId, email, permissions, Inviter{}, QDateTime::currentDateTimeUtc()));
    });
}

Result<void> AccessService::cancelInvite(qint64 inviteId) const
{
    return inWrite(*m_db, [&](WriteScope& w) -> Result<void> {
        auto invite = w.access.findInvite(inviteId);
        if (!invite)
            return invite.error();
        if (auto r = cancelInviteIn(w, *invite); !r)
            return r;
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
