#include "comparison.h"

#include "textfolding.h"

#include <QCoreApplication>

namespace accord {

QString FieldDifference::kindName(Kind k)
{
    switch (k) {
    case Kind::CaseOrSpace:
        return QStringLiteral("case_or_space");
    case Kind::EmptySide:
        return QStringLiteral("empty_side");
    case Kind::Differs:
        break;
    }
    return QStringLiteral("differs");
}

QString FieldDifference::kindLabel(Kind k)
{
    switch (k) {
    case Kind::CaseOrSpace:
        return QCoreApplication::translate("Comparison", "Case or spacing");
    case Kind::EmptySide:
        return QCoreApplication::translate("Comparison", "One side empty");
    case Kind::Differs:
        break;
    }
    return QCoreApplication::translate("Comparison", "Differs");
}

const std::vector<ComparedField>& comparedFields()
{
    static const std::vector<ComparedField> fields{
        {"first_name", "firstname"},
        {"last_name", "lastname"},
        {"email", "email"},
        {"language", "language"},
    };
    return fields;
}

int differenceCode(FieldDifference::Kind kind)
{
    switch (kind) {
    case FieldDifference::Kind::CaseOrSpace:
        return 1;
    case FieldDifference::Kind::EmptySide:
        return 2;
    case FieldDifference::Kind::Differs:
        break;
    }
    return 3;
}

std::optional<FieldDifference::Kind> differenceKindOf(int code)
{
    switch (code) {
    case 1:
        return FieldDifference::Kind::CaseOrSpace;
    case 2:
        return FieldDifference::Kind::EmptySide;
    case 3:
        return FieldDifference::Kind::Differs;
    default:
        return std::nullopt;
    }
}

std::optional<FieldDifference::Kind> differenceKindNamed(const QString& name)
{
    for (auto k : {FieldDifference::Kind::CaseOrSpace, FieldDifference::Kind::EmptySide,
                   FieldDifference::Kind::Differs})
        if (FieldDifference::kindName(k) == name)
            return k;
    return std::nullopt;
}

int fieldBit(const QString& userColumn)
{
    int bit = 1;
    for (const auto& f : comparedFields()) {
        if (userColumn == QLatin1String(f.userColumn))
            return bit;
        bit <<= 1;
    }
    return 0;
}

const ComparedField* comparedField(const QString& userColumn)
{
    for (const auto& f : comparedFields())
        if (userColumn == QLatin1String(f.userColumn))
            return &f;
    return nullptr;
}

int comparedFieldIndex(const QString& userColumn)
{
    int i = 0;
    for (const auto& f : comparedFields()) {
        if (userColumn == QLatin1String(f.userColumn))
            return i;
        ++i;
    }
    return -1;
}

QString comparedUserValue(const User& u, const QString& field)
{
    if (field == QLatin1String("first_name"))
        return u.firstName;
    if (field == QLatin1String("last_name"))
        return u.lastName;
    if (field == QLatin1String("email"))
        return u.email;
    return u.language;
}

QString comparedClientValue(const ClientAccount& c, const QString& field)
{
    const ComparedField* f = comparedField(field);
    return f ? c.value(QLatin1String(f->clientColumn)) : QString();
}

QString comparedFieldLabel(const QString& userColumn)
{
    if (userColumn == QLatin1String("first_name"))
        return QCoreApplication::translate("Comparison", "First Name");
    if (userColumn == QLatin1String("last_name"))
        return QCoreApplication::translate("Comparison", "Last Name");
    if (userColumn == QLatin1String("email"))
        return QCoreApplication::translate("Comparison", "Email");
    if (userColumn == QLatin1String("language"))
        return QCoreApplication::translate("Comparison", "Language");
    return userColumn;
}

std::optional<FieldDifference::Kind> compareValues(const QString& userValue,
                                                   const QString& clientValue)
{
    if (nfc(userValue) == nfc(clientValue))
        return std::nullopt;
    if (foldLoose(userValue) == foldLoose(clientValue))
        return FieldDifference::Kind::CaseOrSpace;
    if (userValue.trimmed().isEmpty() != clientValue.trimmed().isEmpty())
        return FieldDifference::Kind::EmptySide;
    return FieldDifference::Kind::Differs;
}

namespace {
bool isAscii(std::string_view s)
{
    for (char c : s)
        if (static_cast<unsigned char>(c) & 0x80)
            return false;
    return true;
}

bool isAsciiSpace(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r'); // what QString::simplified() removes in ASCII
}

// foldLoose() for ASCII: trimmed, inner whitespace runs as one space, lower case.
std::string looseAscii(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    bool space = false;
    for (char c : s) {
        if (isAsciiSpace(c)) {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
    }
    return out;
}
} // namespace

std::optional<FieldDifference::Kind> compareUtf8(std::string_view userValue,
                                                 std::string_view clientValue)
{
    if (userValue == clientValue)
        return std::nullopt;
    if (!isAscii(userValue) || !isAscii(clientValue))
        return compareValues(QString::fromUtf8(userValue.data(), qsizetype(userValue.size())),
                             QString::fromUtf8(clientValue.data(), qsizetype(clientValue.size())));
    const std::string a = looseAscii(userValue);
    const std::string b = looseAscii(clientValue);
    if (a == b)
        return FieldDifference::Kind::CaseOrSpace;
    if (a.empty() != b.empty())
        return FieldDifference::Kind::EmptySide;
    return FieldDifference::Kind::Differs;
}

QList<FieldDifference> compare(const User& user, const ClientAccount& client)
{
    const QString userValues[] = {user.firstName, user.lastName, user.email, user.language};
    QList<FieldDifference> out;
    int i = 0;
    for (const auto& f : comparedFields()) {
        const QString& u = userValues[i++];
        const QString c = client.value(QLatin1String(f.clientColumn));
        if (auto kind = compareValues(u, c))
            out << FieldDifference{QLatin1String(f.userColumn), u, c, *kind};
    }
    return out;
}

} // namespace accord
