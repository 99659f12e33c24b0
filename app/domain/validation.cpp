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

bool isAscii(QStringView s)
{
    for (QChar c : s)
        if (c.unicode() >= 0x80)
            return false;
    return true;
}

bool hasControlCharacters(const QString& s)
{
    for (QChar c : s) {
        const char16_t u = c.unicode();
        if (u < 0x80 ? (u < 0x20 || u == 0x7f) : c.category() == QChar::Other_Control)
            return true;
    }
    return false;
}

// `label` is translated only for a problem: an import checks millions of valid values.
void checkText(QList<Error>& out, const QString& field, const char* label, const QString& value,
               bool required, int maxLength)
{
    if (required && value.trimmed().isEmpty())
        out << Error::validation(field, tr("%1 is required.").arg(tr(label)));
    else if (value.size() > maxLength)
        out << Error::validation(
            field, tr("%1 is longer than %2 characters.").arg(tr(label)).arg(maxLength));
    else if (hasControlCharacters(value))
        out << Error::validation(field, tr("%1 contains control characters.").arg(tr(label)));
}

// `plain` answers for the values the pattern is known to match without running it (ASCII
// ones of the common shape); the others go through the pattern.
void checkPattern(QList<Error>& out, const QString& field, const char* label, const QString& value,
                  const QRegularExpression& pattern, int maxLength, const char* hint,
                  bool (*plain)(QStringView))
{
    const QString trimmed = value.trimmed();
    if (trimmed.isEmpty())
        return;
    if (value.size() > maxLength || (!plain(trimmed) && !pattern.match(trimmed).hasMatch()))
        out << Error::validation(field, tr("%1 is not valid: %2").arg(tr(label), tr(hint)));
}

bool asciiAlnum(char16_t c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// ^[\p{L}\p{N}][\p{L}\p{N} -]*$ for ASCII letters and digits.
bool plainPostcode(QStringView s)
{
    if (s.isEmpty() || !asciiAlnum(s.front().unicode()))
        return false;
    for (QChar c : s)
        if (!asciiAlnum(c.unicode()) && c != u' ' && c != u'-')
            return false;
    return true;
}

// ^\+?[0-9 ().\-]{3,32}$ (the pattern without an extension).
bool plainPhone(QStringView s)
{
    if (s.startsWith(u'+'))
        s = s.mid(1);
    if (s.size() < 3 || s.size() > 32)
        return false;
    for (QChar c : s) {
        const char16_t u = c.unicode();
        if (!((u >= '0' && u <= '9') || u == ' ' || u == '(' || u == ')' || u == '.' || u == '-'))
            return false;
    }
    return true;
}

// The email pattern below for ASCII text: one @; a local part and a domain of none of
// whitespace and @"(),:;<>[]\ (nor _ in the domain); a dot in the domain with text on
// both sides of the last one.
bool plainEmailMatches(QStringView e)
{
    auto excluded = [](char16_t c, bool domain) {
        switch (c) {
        case ' ':
        case '\t':
        case '\n':
        case '\v':
        case '\f':
        case '\r':
        case '@':
        case '"':
        case '(':
        case ')':
        case ',':
        case ':':
        case ';':
        case '<':
        case '>':
        case '[':
        case ']':
        case '\\':
            return true;
        case '_':
            return domain;
        default:
            return false;
        }
    };
    const qsizetype at = e.indexOf(u'@');
    if (at <= 0)
        return false;
    for (qsizetype i = 0; i < at; ++i)
        if (excluded(e[i].unicode(), false))
            return false;
    const QStringView domain = e.mid(at + 1);
    for (QChar c : domain)
        if (excluded(c.unicode(), true))
            return false;
    const qsizetype dot = domain.lastIndexOf(u'.');
    return dot > 0 && dot < domain.size() - 1;
}
} // namespace

bool isValidEmail(const QString& email)
{
    // One @, a dotted domain, no spaces; Unicode letters are allowed on both sides.
    static const QRegularExpression re(QStringLiteral(
        R"(^[^\s@"(),:;<>\[\]\\]+@[^\s@"(),:;<>\[\]\\_]+(\.[^\s@"(),:;<>\[\]\\_.]+)+$)"));
    const QString e = email.trimmed();
    if (e.size() > 255 || e.contains(QLatin1String("..")))
        return false;
    return isAscii(e) ? plainEmailMatches(e) : re.match(e).hasMatch();
}

bool isValidLanguage(const QString& language)
{
    if (language.size() > 32)
        return false;
    for (QChar c : language) {
        const char16_t u = c.unicode();
        if (!((u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || u == '_' || u == '-'))
            return false;
    }
    return true; // ^[a-z0-9_-]{0,32}$
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
    auto wants = [&](const QString& column) { return changed.contains(column); };
    auto v = [&](const QString& column) { return client.value(column); };

    if (wants(QStringLiteral("firstname")))
        checkText(out, QStringLiteral("firstname"), QT_TRANSLATE_NOOP("Validation", "First Name"),
                  v(QStringLiteral("firstname")), true, 255);
    if (wants(QStringLiteral("lastname")))
        checkText(out, QStringLiteral("lastname"), QT_TRANSLATE_NOOP("Validation", "Last Name"),
                  v(QStringLiteral("lastname")), true, 255);
    if (wants(QStringLiteral("companyname")))
        checkText(out, QStringLiteral("companyname"),
                  QT_TRANSLATE_NOOP("Validation", "Company Name"), v(QStringLiteral("companyname")),
                  false, 255);
    if (wants(QStringLiteral("email"))) {
        if (v(QStringLiteral("email")).trimmed().isEmpty())
            out << Error::validation(QStringLiteral("email"), tr("Email is required."));
        else if (!isValidEmail(v(QStringLiteral("email"))))
            out << Error::validation(QStringLiteral("email"),
                                     tr("Email is not a valid email address."));
    }
    if (wants(QStringLiteral("address1")))
        checkText(out, QStringLiteral("address1"), QT_TRANSLATE_NOOP("Validation", "Address 1"),
                  v(QStringLiteral("address1")), false, 255);
    if (wants(QStringLiteral("address2")))
        checkText(out, QStringLiteral("address2"), QT_TRANSLATE_NOOP("Validation", "Address 2"),
                  v(QStringLiteral("address2")), false, 255);
    if (wants(QStringLiteral("city")))
        checkText(out, QStringLiteral("city"), QT_TRANSLATE_NOOP("Validation", "City"),
                  v(QStringLiteral("city")), false, 128);
    if (wants(QStringLiteral("state")))
        checkText(out, QStringLiteral("state"), QT_TRANSLATE_NOOP("Validation", "State"),
                  v(QStringLiteral("state")), false, 128);
    if (wants(QStringLiteral("postcode"))) {
        static const QRegularExpression re(QStringLiteral(R"(^[\p{L}\p{N}][\p{L}\p{N} -]*$)"));
        checkPattern(out, QStringLiteral("postcode"), QT_TRANSLATE_NOOP("Validation", "Postcode"),
                     v(QStringLiteral("postcode")), re, 16,
                     QT_TRANSLATE_NOOP("Validation", "use letters, digits, spaces and dashes."),
                     plainPostcode);
    }
    if (wants(QStringLiteral("country"))) {
        if (v(QStringLiteral("country")).isEmpty())
            out << Error::validation(QStringLiteral("country"), tr("Country is required."));
        else if (!isCountryCode(v(QStringLiteral("country"))))
            out << Error::validation(QStringLiteral("country"),
                                     tr("Country must be an ISO 3166 two-letter code (e.g. GB)."));
    }
    if (wants(QStringLiteral("phonenumber"))) {
        static const QRegularExpression re(
            QStringLiteral(R"(^\+?[0-9 ().\-]{3,32}((x|ext\.?)\s*[0-9]{1,6})?$)"));
        checkPattern(
            out, QStringLiteral("phonenumber"), QT_TRANSLATE_NOOP("Validation", "Phone Number"),
            v(QStringLiteral("phonenumber")), re, 40,
            QT_TRANSLATE_NOOP("Validation", "use digits, spaces, +, -, ( ) and dots."), plainPhone);
    }
    if (wants(QStringLiteral("tax_id")))
        checkText(out, QStringLiteral("tax_id"), QT_TRANSLATE_NOOP("Validation", "Tax ID"),
                  v(QStringLiteral("tax_id")), false, 128);
    if (wants(QStringLiteral("language")) && !isValidLanguage(v(QStringLiteral("language"))))
        out << Error::validation(QStringLiteral("language"),
                                 tr("Language must be Default or a language name (lowercase "
                                    "letters, digits, - and _)."));
    if (wants(QStringLiteral("status")) && !clientStatuses().contains(v(QStringLiteral("status"))))
        out << Error::validation(QStringLiteral("status"),
                                 tr("Status must be Active, Inactive or Closed."));
    return out;
}

QList<Error> userProblems(const QString& firstName, const QString& lastName, const QString& email,
                          const QString& language, const QSet<QString>& changed)
{
    QList<Error> out;
    if (changed.contains(QStringLiteral("first_name")))
        checkText(out, QStringLiteral("first_name"), QT_TRANSLATE_NOOP("Validation", "First Name"),
                  firstName, true, 255);
    if (changed.contains(QStringLiteral("last_name")))
        checkText(out, QStringLiteral("last_name"), QT_TRANSLATE_NOOP("Validation", "Last Name"),
                  lastName, true, 255);
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
