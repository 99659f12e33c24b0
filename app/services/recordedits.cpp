#include "recordedits.h"

#include "domain/validation.h"
#include "passwordhasher.h"
#include "refusals.h"
#include "rowvalues.h"
#include "session.h"
#include "storage/sql.h"

#include <QCoreApplication>

namespace accord {

Result<UserEdit> planUserEdit(const User& loaded, const UserChanges& changes)
{
    UserEdit edit{loaded, {}, {}, std::nullopt, false};
    QSet<QString> changed;
    auto text = [&](const std::optional<QString>& value, const QString& current, const char* column,
                    const char* label) {
        if (value && *value != current) {
            changed << QLatin1String(column);
            edit.columns.insert(QLatin1String(column), notNull(*value));
            edit.logged << activity::Change{QLatin1String(label), current, *value};
        }
    };
    // An email sent back as loaded is no change, even untrimmed legacy data.
    const std::optional<QString> email = changes.email && *changes.email != loaded.email
                                             ? std::optional<QString>(changes.email->trimmed())
                                             : std::nullopt;
    // Names as typed, without spaces around them (as a new user's are stored); a name sent
    // back as loaded is no change, even untrimmed legacy data.
    auto name = [](const std::optional<QString>& value, const QString& current) {
        return value && *value != current ? std::optional<QString>(value->trimmed()) : value;
    };
    const std::optional<QString> firstName = name(changes.firstName, loaded.firstName);
    const std::optional<QString> lastName = name(changes.lastName, loaded.lastName);
    text(firstName, loaded.firstName, "first_name", "First Name");
    text(lastName, loaded.lastName, "last_name", "Last Name");
    text(email, loaded.email, "email", "Email Address");
    text(changes.language, loaded.language, "language", "Language");

    const User& u = loaded;
    QList<Error> problems =
        userProblems(firstName.value_or(u.firstName), lastName.value_or(u.lastName),
                     email.value_or(u.email), changes.language.value_or(u.language), changed);
    if (changes.password)
        problems << passwordProblems(*changes.password, true);
    if (!problems.isEmpty())
        return Error::invalid(problems).about(RecordRef::user(u.id));

    const QString now = nowText();
    const bool emailChanged = changed.contains(QStringLiteral("email"));
    if (emailChanged) {
        // The email is the login: a new address is unverified and ends remembered sessions.
        edit.newEmail = *email;
        edit.columns.insert(QStringLiteral("email_verified_at"), sqlNull());
        edit.columns.insert(QStringLiteral("remember_token"), QString(QLatin1String("")));
        edit.columns.insert(QStringLiteral("reset_token"), QString(QLatin1String("")));
        edit.columns.insert(QStringLiteral("reset_token_expiry"), sqlNull());
    }
    if (changes.disableTwoFactor && u.twoFactorEnabled) {
        edit.columns.insert(QStringLiteral("second_factor"), QString(QLatin1String("")));
        edit.columns.insert(QStringLiteral("second_factor_config"), sqlNull());
        edit.logged << activity::Change{QStringLiteral("Two-Factor Authentication"),
                                        QStringLiteral("Enabled"), QStringLiteral("Disabled")};
    }
    if (changes.emailVerified && !emailChanged &&
        *changes.emailVerified != u.emailVerifiedAt.isValid()) {
        edit.columns.insert(QStringLiteral("email_verified_at"),
                            *changes.emailVerified ? QVariant(now) : sqlNull());
        edit.logged << activity::Change{
            QStringLiteral("Email Verified"),
            u.emailVerifiedAt.isValid() ? QStringLiteral("Yes") : QStringLiteral("No"),
            *changes.emailVerified ? QStringLiteral("Yes") : QStringLiteral("No")};
    }
    if (changes.password) {
        const QString hash = PasswordHasher::hash(*changes.password); // ~60 ms
        if (hash.isEmpty())
            return Error::make(Error::Kind::Storage,
                               QCoreApplication::translate("UserService",
                                                           "The password could not be hashed."))
                .about(RecordRef::user(u.id));
        // A new password ends remembered sessions and pending resets, as a new login does.
        edit.newPassword = true;
        edit.columns.insert(QStringLiteral("password"), hash);
        edit.columns.insert(QStringLiteral("remember_token"), QString(QLatin1String("")));
        edit.columns.insert(QStringLiteral("reset_token"), QString(QLatin1String("")));
        edit.columns.insert(QStringLiteral("reset_token_expiry"), sqlNull());
    }
    if (!edit.columns.isEmpty())
        edit.columns.insert(QStringLiteral("updated_at"), now);
    return edit;
}

Result<void> storeUserEdit(WriteScope& w, const UserEdit& edit)
{
    if (edit.isEmpty())
        return {};
    const qint64 id = edit.loaded.id;
    if (edit.newEmail) {
        auto other = w.users.findByEmail(*edit.newEmail);
        if (!other)
            return other.error();
        if (*other && (*other)->id != id)
            return emailClashError(*edit.newEmail).about(RecordRef::user(id));
    }
    if (auto r = w.users.update(edit.loaded, edit.columns); !r)
        // A unique-index failure means another session took the email meanwhile.
        return (r.error().kind == Error::Kind::Clash && edit.newEmail
                    ? emailClashError(*edit.newEmail)
                    : r.error())
            .about(RecordRef::user(id));
    return {};
}

Result<void> applyUserEdit(WriteScope& w, const UserEdit& edit)
{
    if (auto r = storeUserEdit(w, edit); !r || edit.isEmpty())
        return r;
    const qint64 id = edit.loaded.id;
    if (!edit.logged.isEmpty())
        if (auto r = w.log.write(activity::userModified(id, edit.logged), 0, id); !r)
            return r;
    if (edit.newPassword)
        return w.log.write(activity::userModifiedNote(id, QStringLiteral("Password Changed")), 0,
                           id);
    return {};
}

Result<ClientEdit> planClientEdit(const ClientAccount& loaded,
                                  const QMap<QString, QString>& changes)
{
    ClientEdit edit{loaded, {}, {}};
    ClientAccount candidate = loaded;
    QSet<QString> changed;
    for (auto it = changes.begin(); it != changes.end(); ++it)
        if (!isClientProfileField(it.key()))
            return unknownClientField(it.key()).about(RecordRef::client(loaded.id));
    for (const auto& f : clientProfileFields()) { // the vendor's order in the log
        const QString column = QLatin1String(f.column);
        if (!changes.contains(column))
            continue;
        // A value sent back as loaded is no change, even untrimmed legacy data.
        if (changes.value(column) == loaded.value(column))
            continue;
        const QString value = notNull(changes.value(column).trimmed());
        if (value == loaded.value(column))
            continue;
        candidate.profile[column] = value;
        changed << column;
        edit.columns.insert(column, value);
        edit.logged << activity::Change{QLatin1String(f.label), loaded.value(column), value};
    }
    if (auto problems = clientProblems(candidate, changed); !problems.isEmpty())
        return Error::invalid(problems).about(RecordRef::client(loaded.id));
    if (edit.columns.isEmpty())
        return edit;
    if (changed.contains(QStringLiteral("email")))
        edit.columns.insert(QStringLiteral("email_verified"), 0);
    edit.columns.insert(QStringLiteral("updated_at"), nowText());
    return edit;
}

Result<void> storeClientEdit(WriteScope& w, const ClientEdit& edit)
{
    if (edit.isEmpty())
        return {};
    if (auto r = w.clients.update(edit.loaded, edit.columns); !r)
        return r.error().about(RecordRef::client(edit.loaded.id));
    return {};
}

Result<void> applyClientEdit(WriteScope& w, const ClientEdit& edit)
{
    if (auto r = storeClientEdit(w, edit); !r || edit.isEmpty())
        return r;
    return w.log.write(activity::clientModified(edit.loaded.id, edit.logged), edit.loaded.id, 0);
}

} // namespace accord
