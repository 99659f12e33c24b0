#include "userservice.h"

#include "domain/activitywording.h"
#include "domain/textfolding.h"
#include "domain/validation.h"
#include "passwordhasher.h"
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
    if (auto r = w.transaction.commit(); !r)
        return explain(r.error(), user.email);
    return *id;
}

Result<User> UserService::update(const User& loaded, const UserChanges& changes) const
{
    QSet<QString> changed;
    QVariantMap columns;
    QList<activity::Change> logged;
    auto text = [&](const std::optional<QString>& value, const QString& current, const char* column,
                    const char* label) {
        if (value && *value != current) {
            changed << QLatin1String(column);
            columns.insert(QLatin1String(column), notNull(*value));
            logged << activity::Change{QLatin1String(label), current, *value};
        }
    };
    // An email sent back as loaded is no change, even untrimmed legacy data.
    const std::optional<QString> email = changes.email && *changes.email != loaded.email
                                             ? std::optional<QString>(changes.email->trimmed())
                                             : std::nullopt;
    text(changes.firstName, loaded.firstName, "first_name", "First Name");
    text(changes.lastName, loaded.lastName, "last_name", "Last Name");
    text(email, loaded.email, "email", "Email Address");
    text(changes.language, loaded.language, "language", "Language");

    const User& u = loaded;
    if (auto problems = userProblems(changes.firstName.value_or(u.firstName),
                                     changes.lastName.value_or(u.lastName), email.value_or(u.email),
                                     changes.language.value_or(u.language), changed);
        !problems.isEmpty())
        return firstOf(problems);

    const QString now = nowText();
    const bool emailChanged = changed.contains(QStringLiteral("email"));
    if (emailChanged) {
        // The email is the login: a new address is unverified and ends remembered sessions.
        columns.insert(QStringLiteral("email_verified_at"), sqlNull());
        columns.insert(QStringLiteral("remember_token"), QString(QLatin1String("")));
        columns.insert(QStringLiteral("reset_token"), QString(QLatin1String("")));
        columns.insert(QStringLiteral("reset_token_expiry"), sqlNull());
    }
    if (changes.disableTwoFactor && u.twoFactorEnabled) {
        columns.insert(QStringLiteral("second_factor"), QString(QLatin1String("")));
        columns.insert(QStringLiteral("second_factor_config"), sqlNull());
        logged << activity::Change{QStringLiteral("Two-Factor Authentication"),
                                   QStringLiteral("Enabled"), QStringLiteral("Disabled")};
    }
    if (changes.emailVerified && !emailChanged &&
        *changes.emailVerified != u.emailVerifiedAt.isValid()) {
        columns.insert(QStringLiteral("email_verified_at"),
                       *changes.emailVerified ? QVariant(now) : sqlNull());
        logged << activity::Change{
            QStringLiteral("Email Verified"),
            u.emailVerifiedAt.isValid() ? QStringLiteral("Yes") : QStringLiteral("No"),
            *changes.emailVerified ? QStringLiteral("Yes") : QStringLiteral("No")};
    }
    if (columns.isEmpty())
        return loaded; // nothing changed: no write, no log row
    columns.insert(QStringLiteral("updated_at"), now);

    WriteScope w(*m_db);
    if (auto r = w.transaction.begin(); !r)
        return r.error();
    if (emailChanged) {
        auto other = w.users.findByEmail(*email);
        if (!other)
            return other.error();
        if (*other && (*other)->id != u.id)
            return emailClash(*email);
    }
    if (auto r = w.users.update(u, columns); !r)
        return explain(r.error(), email.value_or(QString()));
    if (auto r = w.log.write(activity::userModified(u.id, logged), 0, u.id); !r)
        return r.error();
    auto stored = w.users.find(u.id);
    if (!stored)
        return stored.error();
    if (auto r = w.transaction.commit(); !r)
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
    return w.transaction.commit();
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
    return w.transaction.commit();
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
