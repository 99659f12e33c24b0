#include "userservice.h"

#include "domain/activitywording.h"
#include "domain/textfolding.h"
#include "domain/validation.h"
#include "passwordhasher.h"
#include "recordedits.h"
#include "session.h"
#include "storage/sql.h"

#include <QCoreApplication>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("UserService", text);
}

Error emailClash(const QString& email)
{
    return {Error::Kind::Clash,
            QStringLiteral("email"),
            tr("The email address %1 is already used by another user.").arg(email.trimmed()),
            {},
            {}};
}

// A unique-index failure means another session took the email meanwhile.
Error explain(const Error& e, const QString& email)
{
    return e.kind == Error::Kind::Clash ? emailClash(email) : e;
}

Error firstOf(const QList<Error>& problems)
{
    return problems.first();
}

// A null QString binds as SQL NULL, which the NOT NULL text columns refuse.
QString notNull(const QString& s)
{
    return s.isNull() ? QString(QLatin1String("")) : s;
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

Result<qint64> UserService::add(const NewUser& user) const
{
    return add(user, 0, {});
}

Result<qint64> UserService::add(const NewUser& user, qint64 clientId,
                                const Permissions& access) const
{
    const QSet<QString> all{QStringLiteral("first_name"), QStringLiteral("last_name"),
                            QStringLiteral("email"), QStringLiteral("language")};
    if (auto problems = userProblems(user.firstName, user.lastName, user.email, user.language, all);
        !problems.isEmpty())
        return firstOf(problems);
    if (!user.password.isEmpty() && user.password.size() < PasswordHasher::minimumLength)
        return Error::validation(
            QStringLiteral("password"),
            tr("The password must be at least %1 characters.").arg(PasswordHasher::minimumLength));
    if (clientId && access.isEmpty())
        return Error::validation(QStringLiteral("permissions"),
                                 tr("Choose at least one permission."));
    // bcrypt takes ~60 ms: hash before the write lock is taken.
    const QString hash =
        user.password.isEmpty() ? QString(QLatin1String("")) : PasswordHasher::hash(user.password);
    WriteScope w(*m_db);
    if (auto r = w.transaction.begin(); !r)
        return r.error();
    if (clientId)
        if (auto client = w.clients.find(clientId); !client)
            return client.error();
    auto existing = w.users.findByEmail(user.email);
    if (!existing)
        return existing.error();
    if (*existing)
        return emailClash(user.email);
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
        auto link = w.access.insert({{QStringLiteral("auth_user_id"), *id},
                                     {QStringLiteral("client_id"), clientId},
                                     {QStringLiteral("owner"), 0},
                                     {QStringLiteral("permissions"), access.toStored()},
                                     {QStringLiteral("created_at"), now},
                                     {QStringLiteral("updated_at"), now}});
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
}

Result<User> UserService::update(const User& loaded, const UserChanges& changes) const
{
    auto edit = planUserEdit(loaded, changes);
    if (!edit)
        return edit.error();
    if (edit->isEmpty())
        return loaded; // nothing changed: no write, no log row
    WriteScope w(*m_db);
    if (auto r = w.transaction.begin(); !r)
        return r.error();
    if (auto r = applyUserEdit(w, *edit); !r)
        return r.error();
    auto stored = w.users.find(loaded.id);
    if (!stored)
        return stored.error();
    if (auto r = w.commit(); !r)
        return r.error();
    return stored;
}

Result<void> UserService::setPassword(qint64 userId, const QString& plain) const
{
    if (plain.isEmpty())
        return Error::validation(QStringLiteral("password"), tr("The password is empty."));
    if (plain.size() < PasswordHasher::minimumLength)
        return Error::validation(
            QStringLiteral("password"),
            tr("The password must be at least %1 characters.").arg(PasswordHasher::minimumLength));
    const QString hash = PasswordHasher::hash(plain); // ~60 ms: outside the write lock
    if (hash.isEmpty())
        return Error::make(Error::Kind::Storage, tr("The password could not be hashed."));
    WriteScope w(*m_db);
    if (auto r = w.transaction.begin(); !r)
        return r.error();
    auto user = w.users.find(userId);
    if (!user)
        return user.error();
    if (auto r =
            w.users.update(*user, {{QStringLiteral("password"), hash},
                                   {QStringLiteral("remember_token"), QString(QLatin1String(""))},
                                   {QStringLiteral("reset_token"), QString(QLatin1String(""))},
                                   {QStringLiteral("reset_token_expiry"), sqlNull()},
                                   {QStringLiteral("updated_at"), nowText()}});
        !r)
        return r.error();
    if (auto r = w.log.write(activity::userModifiedNote(userId, QStringLiteral("Password Changed")),
                             0, userId);
        !r)
        return r.error();
    return w.commit();
}

Result<void> UserService::remove(qint64 userId) const
{
    WriteScope w(*m_db);
    if (auto r = w.transaction.begin(); !r)
        return r.error();
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
                               .arg(userId));
    if (auto r = w.users.remove(*user); !r)
        return r.error();
    if (auto r = w.log.write(activity::userDeleted(userId), 0, userId); !r)
        return r.error();
    return w.commit();
}

Result<User> UserService::checkSignIn(const QString& email, const QString& password) const
{
    const Error refused{Error::Kind::Refused,
                        QStringLiteral("password"),
                        tr("The email address or password is not correct."),
                        {},
                        {}};
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
