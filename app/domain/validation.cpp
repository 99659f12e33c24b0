#include "validation.h"

#include "countries.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Validation", text);
}

bool hasControlCharacters(const QString& s)
{
    for (QChar c : s)
        if (c.category() == QChar::Other_Control)
            return true;
    return false;
}

void checkText(QList<Error>& out, const QString& field, const QString& label, const QString& value,
               bool required, int maxLength)
{
    if (required && value.trimmed().isEmpty())
        out << Error::validation(field, tr("%1 is required.").arg(label));
    else if (value.size() > maxLength)
        out << Error::validation(field,
                                 tr("%1 is longer than %2 characters.").arg(label).arg(maxLength));
    else if (hasControlCharacters(value))
        out << Error::validation(field, tr("%1 contains control characters.").arg(label));
}

void checkPattern(QList<Error>& out, const QString& field, const QString& label,
                  const QString& value, const QRegularExpression& pattern, int maxLength,
                  const char* hint)
{
    if (value.trimmed().isEmpty())
        return;
    if (value.size() > maxLength || !pattern.match(value.trimmed()).hasMatch())
        out << Error::validation(field, tr("%1 is not valid: %2").arg(label, tr(hint)));
}
} // namespace

bool isValidEmail(const QString& email)
{
    // One @, a dotted domain, no spaces; Unicode letters are allowed on both sides.
    static const QRegularExpression re(QStringLiteral(
        R"(^[^\s@"(),:;<>\[\]\\]+@[^\s@"(),:;<>\[\]\\_]+(\.[^\s@"(),:;<>\[\]\\_.]+)+$)"));
    const QString e = email.trimmed();
    return e.size() <= 255 && re.match(e).hasMatch() && !e.contains(QLatin1String(".."));
}

bool isValidLanguage(const QString& language)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9_-]{0,32}$"));
    return re.match(language).hasMatch();
}

QList<Error> passwordProblems(const QString& plain, bool required, const QString& field)
{
    if (plain.isEmpty())
        return required ? QList<Error>{Error::validation(field, tr("The password is empty."))}
                        : QList<Error>{};
    if (plain.size() < minimumPasswordLength)
        return {Error::validation(
            field, tr("The password must be at least %1 characters.").arg(minimumPasswordLength))};
    return {};
}

QList<Error> permissionProblems(const Permissions& chosen)
{
    if (!chosen.isEmpty())
        return {};
    return {
        Error::validation(QStringLiteral("permissions"), tr("Choose at least one permission."))};
}

QList<Error> clientProblems(const ClientAccount& client, const QSet<QString>& changed)
{
    QList<Error> out;
    auto wants = [&](const char* column) { return changed.contains(QLatin1String(column)); };
    auto v = [&](const char* column) { return client.value(QLatin1String(column)); };

    if (wants("firstname"))
        checkText(out, QStringLiteral("firstname"), tr("First Name"), v("firstname"), true, 255);
    if (wants("lastname"))
        checkText(out, QStringLiteral("lastname"), tr("Last Name"), v("lastname"), true, 255);
    if (wants("companyname"))
        checkText(out, QStringLiteral("companyname"), tr("Company Name"), v("companyname"), false,
                  255);
    if (wants("email")) {
        if (v("email").trimmed().isEmpty())
            out << Error::validation(QStringLiteral("email"), tr("Email is required."));
        else if (!isValidEmail(v("email")))
            out << Error::validation(QStringLiteral("email"),
                                     tr("Email is not a valid email address."));
    }
    if (wants("address1"))
        checkText(out, QStringLiteral("address1"), tr("Address 1"), v("address1"), false, 255);
    if (wants("address2"))
        checkText(out, QStringLiteral("address2"), tr("Address 2"), v("address2"), false, 255);
    if (wants("city"))
        checkText(out, QStringLiteral("city"), tr("City"), v("city"), false, 128);
    if (wants("state"))
        checkText(out, QStringLiteral("state"), tr("State"), v("state"), false, 128);
    if (wants("postcode")) {
        static const QRegularExpression re(QStringLiteral(R"(^[\p{L}\p{N}][\p{L}\p{N} -]*$)"));
        checkPattern(out, QStringLiteral("postcode"), tr("Postcode"), v("postcode"), re, 16,
                     QT_TRANSLATE_NOOP("Validation", "use letters, digits, spaces and dashes."));
    }
    if (wants("country")) {
        if (v("country").isEmpty())
            out << Error::validation(QStringLiteral("country"), tr("Country is required."));
        else if (!isCountryCode(v("country")))
            out << Error::validation(QStringLiteral("country"),
                                     tr("Country must be an ISO 3166 two-letter code (e.g. GB)."));
    }
    if (wants("phonenumber")) {
        static const QRegularExpression re(
            QStringLiteral(R"(^\+?[0-9 ().\-]{3,32}((x|ext\.?)\s*[0-9]{1,6})?$)"));
        checkPattern(out, QStringLiteral("phonenumber"), tr("Phone Number"), v("phonenumber"), re,
                     40,
                     QT_TRANSLATE_NOOP("Validation", "use digits, spaces, +, -, ( ) and dots."));
    }
    if (wants("tax_id"))
        checkText(out, QStringLiteral("tax_id"), tr("Tax ID"), v("tax_id"), false, 128);
    if (wants("language") && !isValidLanguage(v("language")))
        out << Error::validation(QStringLiteral("language"),
                                 tr("Language must be Default or a language name (lowercase "
                                    "letters, digits, - and _)."));
    if (wants("status") && !clientStatuses().contains(v("status")))
        out << Error::validation(QStringLiteral("status"),
                                 tr("Status must be Active, Inactive or Closed."));
    return out;
}

QList<Error> userProblems(const QString& firstName, const QString& lastName, const QString& email,
                          const QString& language, const QSet<QString>& changed)
{
    QList<Error> out;
    if (changed.contains(QStringLiteral("first_name")))
        checkText(out, QStringLiteral("first_name"), tr("First Name"), firstName, true, 255);
    if (changed.contains(QStringLiteral("last_name")))
        checkText(out, QStringLiteral("last_name"), tr("Last Name"), lastName, true, 255);
    if (changed.contains(QStringLiteral("email"))) {
        if (email.trimmed().isEmpty())
            out << Error::validation(QStringLiteral("email"), tr("Email Address is required."));
        else if (!isValidEmail(email))
            out << Error::validation(QStringLiteral("email"),
                                     tr("Email Address is not a valid email address."));
    }
    if (changed.contains(QStringLiteral("language")) && !isValidLanguage(language))
        out << Error::validation(QStringLiteral("language"),
                                 tr("Language must be Default or a language name (lowercase "
                                    "letters, digits, - and _)."));
    return out;
}

} // namespace accord
