#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <map>
#include <vector>

namespace accord {

// A billing/contact record (the vendor's tblclients row).
struct ClientAccount {
    qint64 id = 0;
    // Profile fields by column name (firstname, lastname, companyname, email, address1,
    // address2, city, state, postcode, country, phonenumber, tax_id, language, status).
    std::map<QString, QString> profile;
    bool emailVerified = false;
    QDateTime lastLogin;
    QDateTime createdAt;
    QDateTime updatedAt;
    int userCount = 0;

    QVariantMap loaded; // every stored column as read, for the optimistic check

    QString value(const QString& column) const
    {
        auto it = profile.find(column);
        return it == profile.end() ? QString() : it->second;
    }
    QString firstName() const { return value(QStringLiteral("firstname")); }
    QString lastName() const { return value(QStringLiteral("lastname")); }
    QString email() const { return value(QStringLiteral("email")); }
    QString companyName() const { return value(QStringLiteral("companyname")); }
    QString fullName() const { return (firstName() + QLatin1Char(' ') + lastName()).trimmed(); }

    friend bool operator==(const ClientAccount&, const ClientAccount&) = default;
};

// The editable profile columns in the vendor's order, with their activity-log labels.
struct ClientField {
    const char* column;
    const char* label;
};
const std::vector<ClientField>& clientProfileFields();
bool isClientProfileField(const QString& column);
QString clientFieldLabel(const QString& column);

inline const QStringList& clientStatuses()
{
    static const QStringList s{QStringLiteral("Active"), QStringLiteral("Inactive"),
                               QStringLiteral("Closed")};
    return s;
}

} // namespace accord
