#include "userservice.h"

#include "domain/activitywording.h"
#include "domain/textfolding.h"
#include "domain/validation.h"
#include "passwordhasher.h"
#include "recordedits.h"
#include "refusals.h"
#include "rowvalues.h"
#include "session.h"
#include "storage/sql.h"

#include <QCoreApplication>

#include <algorithm>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("UserService", text);
}

// A unique-index failure means another session took the email meanwhile.
Error explain(const Error& e, const QString& email)
{
    return e.kind == Error::Kind::Clash ? emailClashError(email) : e;
}
} // namespace

Result<User> UserService::find(qint64 id) const
{
    return ReadScope(*m_db).users.find(id);
}

Result<QList<Access>> UserService::accessOf(qint64 userId) const
{
    return ReadScope(*m_db).access.forUser(userId);
}

Result<QList<LinkedClient>> UserService::clientsOf(qint64 userId) const
{
    ReadScope r(*m_db);
    auto links = r.access.forUser(userId);
    if (!links)
        return links.error();
    QList<LinkedClient> out;
    for (const Access& link : *links) {
        auto client = r.clients.find(link.clientId);
        if (!client && client.error().kind != Error::Kind::NotFound)
            return client.error();
        out << LinkedClient{link, client ? std::optional<ClientAccount>(*client) : std::nullopt};
    }
    std::sort(out.begin(), out.end(), [](const LinkedClient& a, const LinkedClient& b) {
        return a.link.clientId < b.link.clientId;
    });
    return out;
}

Result<qint64> UserService::add(const NewUser& user) const
{
    return add(user, 0, {});
}

Result<qint64> UserService::add(const NewUser& user, qint64 clientId,
                                const Permissions& access) const
{
    const QSet<QString> all{QStringLiteral("first_name"), QStringLiteral("last_name"),
                            QStringLiteral("email"), QStringLiteral("language")};
    QList<Error> problems =
        userProblems(user.firstName, user.lastName, user.email, user.language, all);
    problems << passwordProblems(user.password, user.passwordRequired);
    if (clientId)
        problems << permissionProblems(access);
    if (!problems.isEmpty())
        return Error::invalid(problems);
    // bcrypt takes ~60 ms: hash before the write lock is taken.
    const QString hash =
        user.password.isEmpty() ? QString(QLatin1String("")) : PasswordHasher::hash(user.password);
    return inWrite(*m_db, [&](WriteScope& w) -> Result<qint64> {
        if (clientId)
            if (auto client = w.clients.find(clientId); !client)
                return client.error();
        auto existing = w.users.findByEmail(user.email);
        if (!existing)
            return existing.error();
        if (*existing)
            return emailClashError(user.email);
        const QString now = nowText();
        auto id = w.users.insert({{QStringLiteral("first_name"), user.firstName.trimmed()},
                                  {QStringLiteral("last_name"), user.lastName.trimmed()},
                                  {QStringLiteral("email"), user.email.trimmed()},
                                  {QStringLiteral("language"), notNull(user.language)},
                                  {QStringLiteral("password"), hash},
                                  {QStringLiteral("created_at"), now},
                                  {QStringLiteral("updated_at"), now}});
        if (!id)
            return explain(id.error(), user.email);
        if (auto r = w.log.write(activity::userCreated(*id, user.email.trimmed()), 0, *id); !r)
            return r.error();
        if (clientId) {
            auto link = w.access.insert(newLinkRow(*id, clientId, false, access, now));
            if (!link)
                return link.error();
            const QString name =
                (user.firstName.trimmed() + QLatin1Char(' ') + user.lastName.trimmed()).trimmed();
            if (auto r = w.log.write(activity::relationshipCreated(name, access, clientId, *id),
                                     clientId, *id);
                !r)
                return r.error();
        }
        if (auto r = w.commit(); !r)
            return explain(r.error(), user.email);
        return *id;
    });
}

Result<User> UserService::update(const User& loaded, const UserChanges& changes) const
{
    auto edit = planUserEdit(loaded, changes);
    if (!edit)
        return edit.error();
    if (edit->isEmpty())
        return loaded; // nothing changed: no write, no log row
    return inWrite(*m_db, [&](WriteScope& w) -> Result<User> {
        if (auto r = applyUserEdit(w, *edit); !r)
            return r.error();
        return w.commitWith(w.users.find(loaded.id));
    });
}

Result<void> UserService::setPassword(qint64 userId, const QString& plain) const
{
    if (auto problems = passwordProblems(plain, true); !problems.isEmpty())
        return Error::invalid(problems).about(RecordRef::user(userId));
    auto user = find(userId);
    if (!user)
        return user.error();
    UserChanges changes;
    changes.password = plain;
    auto edit = planUserEdit(*user, changes); // hashed here, outside the write lock
    if (!edit)
        return edit.error();
    // The row as it is when the write starts: a password set from the command line
    // follows whatever another session saved meanwhile.
    return inWrite(*m_db, [&](WriteScope& w) -> Result<void> {
        auto current = w.users.find(userId);
        if (!current)
            return current.error();
        edit->loaded = *current;
        if (auto r = applyUserEdit(w, *edit); !r)
            return r;
        return w.commit();
    });
}

Result<void> UserService::remove(qint64 userId) const
{
    return inWrite(*m_db, [&](WriteScope& w) -> Result<void> {
        auto user = w.users.find(userId);
        if (!user)
            return user.error();
        if (user->clientCount > 0)
            return Error::make(Error::Kind::Refused,
                               QCoreApplication::translate(
                                   "UserService",
                                   "User %1 still has access to %n client account(s); remove that "
                                   "access first.",
                                   nullptr, user->clientCount)
                                   .arg(userId))
                .about(RecordRef::user(userId));
        if (auto r = w.users.remove(*user); !r)
            return r.error();
        if (auto r = w.log.write(activity::userDeleted(userId), 0, userId); !r)
            return r.error();
        return w.commit();
    });
}

Result<User> UserService::checkSignIn(const QString& email, const QString& password) const
{
    Error refused =
        Error::make(Error::Kind::Refused, tr("The email address or password is not correct."));
    refused.field = QStringLiteral("password");
    auto found = ReadScope(*m_db).users.findByEmail(email);
    if (!found)
        return found.error();
    if (!*found)
        return refused;
    const QString stored = (*found)->loaded.value(QStringLiteral("password")).toString();
    if (stored.isEmpty())
        return refused;
    const auto check = PasswordHasher::verify(password, stored);
    if (check.verdict == PasswordHasher::Verdict::Unsupported)
        return Error::make(Error::Kind::Refused,
                           tr("This user's password uses the install's HMAC-SHA256 hash, which "
                              "needs the install's secret; Accord cannot verify it."));
    if (check.verdict != PasswordHasher::Verdict::Match)
        return refused;
    return **found;
}

} // namespace accord
