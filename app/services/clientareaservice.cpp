#include "clientareaservice.h"

#include "accessedits.h"
#include "domain/activitywording.h"
#include "domain/clientarearules.h"
#include "domain/comparison.h"
#include "domain/validation.h"
#include "recordedits.h"
#include "refusals.h"
#include "session.h"
#include "signinservice.h"

#include <QCoreApplication>

#include <optional>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("ClientAreaService", text);
}

enum class Need { Access, AccountDetails, UserManagement };

// The user's link to the client as stored now (in the caller's transaction, for a write),
// refused unless it allows what is needed.
Result<Access> requireLink(const AccessRepository& access, qint64 userId, qint64 clientId,
                           Need need)
{
    auto link = access.find(userId, clientId);
    if (!link)
        return link.error();
    if (!*link)
        return notLinkedError(userId, clientId);
    if (need == Need::AccountDetails && !mayEditAccountDetails(**link))
        return accountDetailsRefusal(userId, clientId);
    if (need == Need::UserManagement && !mayManageUsers(**link))
        return notOwnerRefusal(userId, clientId);
    return **link;
}

// User Management's writes: the ownership checked under the client's lock, which an admin's
// owner change takes too, so the owner cannot change between this check and the write.
Result<Access> requireOwnerIn(WriteScope& w, qint64 userId, qint64 clientId)
{
    if (auto link = requireLink(w.access, userId, clientId, Need::UserManagement); !link)
        return link;
    if (auto locked = w.clients.lock(clientId); !locked)
        return locked.error();
    return requireLink(w.access, userId, clientId, Need::UserManagement); // as committed now
}

// Your Profile's log rows: the names and language on one, a new login on its own.
Result<void> logProfileEdit(WriteScope& w, const UserEdit& edit)
{
    const qint64 id = edit.loaded.id;
    QList<activity::Change> details;
    std::optional<activity::Change> email;
    for (const activity::Change& c : edit.logged) {
        if (c.label == QLatin1String("Email Address"))
            email = c;
        else
            details << c;
    }
    if (!details.isEmpty())
        if (auto r = w.log.write(activity::userProfileModified(id, details), 0, id); !r)
            return r;
    if (email)
        if (auto r = w.log.write(activity::emailModified(id, email->from, email->to), 0, id); !r)
            return r;
    if (edit.newPassword)
        return w.log.write(activity::passwordChangeRequest(id), 0, id);
    return {};
}

UserChanges userChangesOf(const StepPlan& steps)
{
    UserChanges c;
    for (const PlannedChange& p : steps.changes) {
        if (!p.onUser)
            continue;
        if (p.field == QLatin1String("first_name"))
            c.firstName = p.after;
        else if (p.field == QLatin1String("last_name"))
            c.lastName = p.after;
        else if (p.field == QLatin1String("email"))
            c.email = p.after;
        else if (p.field == QLatin1String("language"))
            c.language = p.after;
    }
    return c;
}

QMap<QString, QString> clientChangesOf(const StepPlan& steps, qint64 clientId)
{
    QMap<QString, QString> values;
    for (const PlannedChange& p : steps.changes)
        if (!p.onUser && p.clientId == clientId)
            if (const ComparedField* f = comparedField(p.field))
                values.insert(QLatin1String(f->clientColumn), p.after);
    return values;
}

// The links a plan relies on are still as they were when it was planned.
Result<void> verifyLinks(WriteScope& w, const StepPlan& steps)
{
    for (const Access& link : steps.links)
        if (auto r = w.access.verifyUnchanged(link); !r)
            return r.error().about(RecordRef::link(link.userId, link.clientId));
    return {};
}
} // namespace

Result<User> ClientAreaService::me() const
{
    return ReadScope(*m_db).users.find(m_who.userId);
}

Result<QList<LinkedClient>> ClientAreaService::accounts() const
{
    auto all = UserService(m_db).clientsOf(m_who.userId);
    if (!all)
        return all.error();
    QList<LinkedClient> out;
    for (const LinkedClient& c : *all)
        if (c.client)
            out << c;
    return out;
}

Result<LinkedClient> ClientAreaService::enter(qint64 clientId) const
{
    ReadScope r(*m_db);
    auto link = requireLink(r.access, m_who.userId, clientId, Need::Access);
    if (!link)
        return link.error();
    auto client = r.clients.find(clientId);
    if (!client)
        return client.error();
    if (m_who.adminPreview || m_db->isReadOnly())
        return LinkedClient{*link, *client};
    auto stored = inWrite(*m_db, m_who.actor, [&](WriteScope& w) -> Result<Access> {
        auto current = requireLink(w.access, m_who.userId, clientId, Need::Access);
        if (!current)
            return current.error();
        if (auto written = w.access.update(
                *current, {{QStringLiteral("last_login"), storedDateText(m_clock())}});
            !written)
            return written.error();
        return w.commitWith(requireLink(w.access, m_who.userId, clientId, Need::Access));
    });
    if (!stored)
        return stored.error();
    return LinkedClient{*stored, *client};
}

Result<User> ClientAreaService::updateProfile(const User& loaded, const UserChanges& changes,
                                              const StepPlan& steps) const
{
    if (loaded.id != m_who.userId)
        return Error::make(Error::Kind::Refused, tr("Your Profile changes your own details only."))
            .about(RecordRef::user(loaded.id));
    if (changes.password || changes.disableTwoFactor || changes.emailVerified)
        return Error::make(Error::Kind::Refused,
                           tr("Your Profile changes your name, email address and language; the "
                              "password has its own page."))
            .about(RecordRef::user(loaded.id));
    auto edit = planUserEdit(loaded, changes);
    if (!edit)
        return edit.error();
    QList<ClientEdit> clientEdits;
    for (const ClientAccount& client : steps.clients) {
        auto planned = planClientEdit(client, clientChangesOf(steps, client.id));
        if (!planned)
            return planned.error();
        clientEdits << *planned;
    }
    if (edit->isEmpty() && clientEdits.isEmpty())
        return loaded; // nothing changed: no write, no log row
    return inWrite(*m_db, m_who.actor, [&](WriteScope& w) -> Result<User> {
        if (auto r = storeUserEdit(w, *edit); !r)
            return r.error();
        if (auto r = logProfileEdit(w, *edit); !r)
            return r.error();
        for (const ClientEdit& clientEdit : clientEdits) {
            const qint64 clientId = clientEdit.loaded.id;
            if (auto r = requireLink(w.access, m_who.userId, clientId, Need::AccountDetails); !r)
                return r.error();
            if (auto r = storeClientEdit(w, clientEdit); !r)
                return r.error();
            if (clientEdit.isEmpty())
                continue;
            if (auto r = w.log.write(activity::clientModified(clientId, clientEdit.logged),
                                     clientId, m_who.userId);
                !r)
                return r.error();
        }
        if (auto r = verifyLinks(w, steps); !r)
            return r.error();
        return w.commitWith(w.users.find(loaded.id));
    });
}

Result<StepPlan> ClientAreaService::stepsForProfile(const User& loaded,
                                                    const UserChanges& changes) const
{
    const MatchService match(m_db);
    if (!match.keepInStep())
        return StepPlan{};
    auto planned = match.stepsForUser(loaded, changes);
    if (!planned)
        return planned;
    // Only accounts whose details this user may change (the owned ones: the owner may).
    StepPlan out;
    for (const Access& link : planned->links) {
        if (!mayEditAccountDetails(link))
            continue;
        out.links << link;
        for (const ClientAccount& c : planned->clients)
            if (c.id == link.clientId)
                out.clients << c;
        for (const PlannedChange& p : planned->changes)
            if (p.clientId == link.clientId)
                out.changes << p;
    }
    return out;
}

Result<ClientAccount> ClientAreaService::accountDetails(qint64 clientId) const
{
    ReadScope r(*m_db);
    if (auto link = requireLink(r.access, m_who.userId, clientId, Need::AccountDetails); !link)
        return link.error();
    return r.clients.find(clientId);
}

Result<ClientAccount> ClientAreaService::updateAccountDetails(const ClientAccount& loaded,
                                                              const QMap<QString, QString>& changes,
                                                              const StepPlan& steps) const
{
    // The vendor's Client Area offers the profile, not the account's status.
    if (changes.contains(QStringLiteral("status")) &&
        changes.value(QStringLiteral("status")) != loaded.value(QStringLiteral("status")))
        return Error::make(Error::Kind::Refused,
                           tr("An account's status is changed by an admin, not in the Client "
                              "Area."))
            .about(RecordRef::client(loaded.id));
    auto edit = planClientEdit(loaded, changes);
    if (!edit)
        return edit.error();
    std::optional<UserEdit> userEdit;
    if (steps.user) {
        // Keep in step changes a login only when it is the signed-in user's own.
        if (steps.user->id != m_who.userId)
            return Error::make(Error::Kind::Refused,
                               tr("Keep in step may change your own details only."))
                .about(RecordRef::user(steps.user->id));
        auto planned = planUserEdit(*steps.user, userChangesOf(steps));
        if (!planned)
            return planned.error();
        userEdit = *planned;
    }
    if (edit->isEmpty() && (!userEdit || userEdit->isEmpty())) {
        if (auto link =
                requireLink(ReadScope(*m_db).access, m_who.userId, loaded.id, Need::AccountDetails);
            !link)
            return link.error();
        return loaded;
    }
    return inWrite(*m_db, m_who.actor, [&](WriteScope& w) -> Result<ClientAccount> {
        if (auto r = requireLink(w.access, m_who.userId, loaded.id, Need::AccountDetails); !r)
            return r.error();
        if (auto r = storeClientEdit(w, *edit); !r)
            return r.error();
        if (!edit->isEmpty())
            if (auto r = w.log.write(activity::clientModified(loaded.id, edit->logged), loaded.id,
                                     m_who.userId);
                !r)
                return r.error();
        if (userEdit) {
            if (auto r = storeUserEdit(w, *userEdit); !r)
                return r.error();
            if (auto r = logProfileEdit(w, *userEdit); !r)
                return r.error();
        }
        if (auto r = verifyLinks(w, steps); !r)
            return r.error();
        return w.commitWith(w.clients.find(loaded.id));
    });
}

Result<StepPlan>
ClientAreaService::stepsForAccountDetails(const ClientAccount& loaded,
                                          const QMap<QString, QString>& changes) const
{
    if (auto link =
            requireLink(ReadScope(*m_db).access, m_who.userId, loaded.id, Need::AccountDetails);
        !link)
        return link.error();
    const MatchService match(m_db);
    if (!match.keepInStep())
        return StepPlan{};
    auto planned = match.stepsForClient(loaded, changes);
    if (!planned)
        return planned;
    // The owner's login is theirs to change: offered only when that is this user.
    if (!planned->user || planned->user->id != m_who.userId)
        return StepPlan{};
    return planned;
}

Result<void> ClientAreaService::changePassword(const QString& current, const QString& next) const
{
    if (m_who.adminPreview)
        return previewRefusal(tr("change the password"));
    if (auto problems = passwordProblems(next, true, QStringLiteral("new_password"));
        !problems.isEmpty())
        return Error::invalid(problems).about(RecordRef::user(m_who.userId));
    auto user = me();
    if (!user)
        return user.error();
    // The current password is checked as a sign-in is: counted, and slowed down alike.
    if (auto checked = SignInService(m_db, m_clock).check(user->email, current); !checked) {
        Error e = checked.error();
        if (e.field == QLatin1String("password"))
            e = Error::validation(QStringLiteral("current_password"),
                                  tr("Your current password is not correct."));
        else if (e.field == QLatin1String("email"))
            e.field = QStringLiteral("current_password");
        return e.about(RecordRef::user(m_who.userId));
    }
    UserChanges changes;
    changes.password = next;
    auto edit = planUserEdit(*user, changes); // hashed here, before the write lock
    if (!edit)
        return edit.error();
    return inWrite(*m_db, m_who.actor, [&](WriteScope& w) -> Result<void> {
        if (auto r = storeUserEdit(w, *edit); !r)
            return r;
        if (auto r = logProfileEdit(w, *edit); !r)
            return r;
        return w.commit();
    });
}

Result<QList<AccountUser>> ClientAreaService::accountUsers(qint64 clientId) const
{
    ReadScope r(*m_db);
    if (auto link = requireLink(r.access, m_who.userId, clientId, Need::UserManagement); !link)
        return link.error();
    auto links = r.access.forClient(clientId);
    if (!links)
        return links.error();
    QList<AccountUser> out;
    for (const Access& link : *links) {
        auto user = r.users.find(link.userId);
        if (!user && user.error().kind != Error::Kind::NotFound)
            return user.error();
        if (user)
            out << AccountUser{*user, link};
    }
    return out;
}

Result<QList<Invite>> ClientAreaService::pendingInvites(qint64 clientId) const
{
    ReadScope r(*m_db);
    if (auto link = requireLink(r.access, m_who.userId, clientId, Need::UserManagement); !link)
        return link.error();
    auto all = r.access.invitesForClient(clientId);
    if (!all)
        return all.error();
    QList<Invite> out;
    const QDateTime now = m_clock();
    for (const Invite& i : *all)
        if (i.isPending(now))
            out << i;
    return out;
}

Result<Invite> ClientAreaService::invite(qint64 clientId, const QString& email,
                                         const Permissions& permissions) const
{
    if (auto problems = invitationProblems(email, permissions); !problems.isEmpty())
        return Error::invalid(problems);
    return inWrite(*m_db, m_who.actor, [&](WriteScope& w) -> Result<Invite> {
        if (auto r = requireOwnerIn(w, m_who.userId, clientId); !r)
            return r.error();
        return w.commitWith(
            inviteIn(w, clientId, email, permissions, Inviter{m_who.userId}, m_clock()));
    });
}

Result<Access> ClientAreaService::setPermissions(qint64 clientId, qint64 userId,
                                                 const Permissions& permissions) const
{
    if (auto problems = permissionProblems(permissions); !problems.isEmpty())
        return Error::invalid(problems).about(RecordRef::link(userId, clientId));
    return inWrite(*m_db, m_who.actor, [&](WriteScope& w) -> Result<Access> {
        if (auto r = requireOwnerIn(w, m_who.userId, clientId); !r)
            return r.error();
        return w.commitWith(grantIn(w, userId, clientId, permissions, GrantMode::ExistingOnly));
    });
}

Result<void> ClientAreaService::removeAccess(qint64 clientId, qint64 userId) const
{
    return inWrite(*m_db, m_who.actor, [&](WriteScope& w) -> Result<void> {
        if (auto r = requireOwnerIn(w, m_who.userId, clientId); !r)
            return r.error();
        if (auto r = removeIn(w, userId, clientId); !r)
            return r;
        return w.commit();
    });
}

Result<void> ClientAreaService::cancelInvite(qint64 clientId, qint64 inviteId) const
{
    return inWrite(*m_db, m_who.actor, [&](WriteScope& w) -> Result<void> {
        if (auto r = requireOwnerIn(w, m_who.userId, clientId); !r)
            return r.error();
        auto invite = w.access.findInvite(inviteId);
        if (!invite)
            return invite.error();
        if (invite->clientId != clientId)
            return Error::make(Error::Kind::NotFound,
                               tr("Invite %1 is not one of this account's.").arg(inviteId));
        if (auto r = cancelInviteIn(w, *invite); !r)
            return r;
        return w.commit();
    });
}

} // namespace accord
