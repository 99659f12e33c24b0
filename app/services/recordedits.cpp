#include "recordedits.h"

#include "domain/validation.h"
#include "session.h"
#include "storage/sql.h"

#include <QCoreApplication>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("UserService", text);
}

// A null QString binds as SQL NULL, which the NOT NULL text columns refuse.
QString notNull(const QString& s)
{
    return s.isNull() ? QString(QLatin1String("")) : s;
}
} // namespace

Error emailClashError(const QString& email)
{
    return {Error::Kind::Clash,
            QStringLiteral("email"),
            tr("The email address %1 is already used by another user.").arg(email.trimmed()),
            {},
            {}};
}

Result<UserEdit> planUserEdit(const User& loaded, const UserChanges& changes)
{
    UserEdit edit{loaded, {}, {}, std::nullopt};
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
    if (auto problems =
            userProblems(firstName.value_or(u.firstName), lastName.value_or(u.lastName),
                         email.value_or(u.email), changes.language.value_or(u.language), changed);
        !problems.isEmpty())
        return problems.first();

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
    if (!edit.columns.isEmpty())
        edit.columns.insert(QStringLiteral("updated_at"), now);
    return edit;
}

Result<void> applyUserEdit(WriteScope& w, const UserEdit& edit)
{
    if (edit.isEmpty())
        return {};
    if (edit.newEmail) {
        auto other = w.users.findByEmail(*edit.newEmail);
        if (!other)
            return other.error();
        if (*other && (*other)->id != edit.loaded.id)
            return emailClashError(*edit.newEmail);
    }
    if (auto r = w.users.update(edit.loaded, edit.columns); !r)
        // A unique-index failure means another session took the email meanwhile.
        return r.error().kind == Error::Kind::Clash && edit.newEmail
                   ? emailClashError(*edit.newEmail)
                   : r.error();
    return w.log.write(activity::userModified(edit.loaded.id, edit.logged), 0, edit.loaded.id);
}

Result<ClientEdit> planClientEdit(const ClientAccount& loaded,
                                  const QMap<QString, QString>& changes)
{
    ClientEdit edit{loaded, {}, {}};
    ClientAccount candidate = loaded;
    QSet<QString> changed;
    for (auto it = changes.begin(); it != changes.end(); ++it)
        if (!isClientProfileField(it.key()))
            return Error::validation(
                it.key(),
                QCoreApplication::translate("ClientService", "%1 is not a client profile field.")
                    .arg(it.key()));
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
        return problems.first();
    if (edit.columns.isEmpty())
        return edit;
    if (changed.contains(QStringLiteral("email")))
        edit.columns.insert(QStringLiteral("email_verified"), 0);
    edit.columns.insert(QStringLiteral("updated_at"), nowText());
    return edit;
}

Result<void> applyClientEdit(WriteScope& w, const ClientEdit& edit)
{
    if (edit.isEmpty())
        return {};
    if (auto r = w.clients.update(edit.loaded, edit.columns); !r)
        return r.error();
    return w.log.write(activity::clientModified(edit.loaded.id, edit.logged), edit.loaded.id, 0);
}

} // namespace accord
