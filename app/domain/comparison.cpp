#include "comparison.h"

#include "textfolding.h"

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
