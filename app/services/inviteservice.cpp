#include "inviteservice.h"

#include "domain/activitywording.h"
#include "domain/invitelink.h"
#include "passwordhasher.h"
#include "refusals.h"
#include "rowvalues.h"
#include "session.h"

#include <QCoreApplication>
#include <QLocale>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("InviteService", text);
}

Error refusal(Error::Kind kind, const QString& message)
{
    Error e = Error::make(kind, message);
    e.field = QStringLiteral("invite");
    return e;
}

QString day(const QDateTime& utc)
{
    return QLocale().toString(utc.toLocalTime().date(), QLocale::LongFormat);
}

// The invite behind the text, if it can still be accepted at `now`.
Result<Invite> pendingInvite(const AccessRepository& access, const QString& linkOrToken,
                             const QDateTime& now)
{
    const auto token = inviteTokenFrom(linkOrToken);
    if (!token)
        return refusal(Error::Kind::Validation,
                       tr("This is not an invite link: paste the whole link (accord-invite:…) or "
                          "its token."));
    auto found = access.findInviteByToken(*token);
    if (!found)
        return found.error();
    if (!*found)
        return refusal(Error::Kind::NotFound, tr("No invite has this link. Ask the account owner "
                                                 "for a new one."));
    const Invite& i = **found;
    switch (i.stateAt(now)) {
    case Invite::State::Accepted:
        return refusal(Error::Kind::Refused, tr("This invite was already used on %1; an invite "
                                                "link works once.")
                                                 .arg(day(i.acceptedAt)));
    case Invite::State::Cancelled:
        return refusal(Error::Kind::Refused,
                       tr("This invite was cancelled on %1. Ask the account owner for a new one.")
                           .arg(day(i.deletedAt)));
    case Invite::State::Expired:
        return refusal(Error::Kind::Refused,
                       tr("This invite expired on %1 (invites are valid for %2 days). Ask the "
                          "account owner for a new one.")
                           .arg(day(i.expiresAt()))
                           .arg(Invite::validDays));
    case Invite::State::Pending:
        break;
    }
    return i;
}

// The link, the invite accepted and their log rows, for a user who has no access yet.
Result<Access> acceptIn(WriteScope& w, const Invite& invite, qint64 userId, const QString& name,
                        const QString& now)
{
    auto existing = w.access.find(userId, invite.clientId);
    if (!existing)
        return existing.error();
    if (*existing)
        return refusal(Error::Kind::Refused,
                       tr("You already have access to this account; the invite is left for "
                          "whoever it was meant for."))
            .about(RecordRef::link(userId, invite.clientId));
    QVariantMap row = newLinkRow(userId, invite.clientId, false, invite.permissions, now);
    row.insert(QStringLiteral("invite_id"), invite.id);
    if (auto id = w.access.insert(row); !id)
        return id.error();
    if (auto r = w.access.markInviteAccepted(invite, now); !r)
        return r.error();
    if (auto r = w.log.write(
            activity::relationshipCreated(name, invite.permissions, invite.clientId, userId),
            invite.clientId, userId);
        !r)
        return r.error();
    if (auto r = w.log.write(activity::inviteAccepted(invite.email, invite.clientId, userId),
                             invite.clientId, userId);
        !r)
        return r.error();
    auto link = w.access.find(userId, invite.clientId);
    if (!link)
        return link.error();
    return **link;
}
} // namespace

Result<InviteDetails> InviteService::find(const QString& linkOrToken) const
{
    ReadScope r(*m_db);
    auto invite = pendingInvite(r.access, linkOrToken, m_clock());
    if (!invite)
        return invite.error();
    auto client = r.clients.find(invite->clientId);
    if (!client)
        return client.error();
    const QString company = client->companyName().trimmed();
    return InviteDetails{*invite, company.isEmpty() ? client->fullName() : company};
}

Result<Access> InviteService::accept(const QString& linkOrToken,
                                     const ClientAreaIdentity& who) const
{
    if (who.adminPreview)
        return previewRefusal(tr("accept an invite"));
    return inWrite(*m_db, who.actor, [&](WriteScope& w) -> Result<Access> {
        auto invite = pendingInvite(w.access, linkOrToken, m_clock());
        if (!invite)
            return invite.error();
        auto user = w.users.find(who.userId);
        if (!user)
            return user.error();
        return w.commitWith(
            acceptIn(w, *invite, user->id, user->fullName(), storedDateText(m_clock())));
    });
}

Result<qint64> InviteService::registerAndAccept(const QString& linkOrToken,
                                                const NewUser& user) const
{
    NewUser required = user;
    required.passwordRequired = true;
    if (auto problems = newUserProblems(required); !problems.isEmpty())
        return Error::invalid(problems);
    if (auto found = find(linkOrToken); !found)
        return found.error(); // before ~60 ms of hashing
    const QString hash = PasswordHasher::hash(required.password);
    const QString name =
        (required.firstName.trimmed() + QLatin1Char(' ') + required.lastName.trimmed()).trimmed();
    return inWrite(*m_db, required.email.trimmed(), [&](WriteScope& w) -> Result<qint64> {
        auto invite = pendingInvite(w.access, linkOrToken, m_clock());
        if (!invite)
            return invite.error();
        auto id = insertUserIn(w, required, hash);
        if (!id)
            return id.error();
        if (auto link = acceptIn(w, *invite, *id, name, storedDateText(m_clock())); !link)
            return link.error();
        if (auto r = w.commit(); !r)
            return r.error();
        return *id;
    });
}

} // namespace accord
