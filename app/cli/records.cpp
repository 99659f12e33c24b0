#include "records.h"

#include "output.h"

#include <QCoreApplication>

namespace accord::cli {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("accord::cli", text);
}
} // namespace

QJsonObject userJson(const User& user)
{
    return {{QStringLiteral("id"), user.id},
            {QStringLiteral("first_name"), user.firstName},
            {QStringLiteral("last_name"), user.lastName},
            {QStringLiteral("email"), user.email},
            {QStringLiteral("language"), user.language},
            {QStringLiteral("email_verified_at"), jsonDate(user.emailVerifiedAt)},
            {QStringLiteral("two_factor"), user.twoFactorEnabled},
            {QStringLiteral("last_login"), jsonDate(user.lastLogin)},
            {QStringLiteral("client_count"), user.clientCount},
            {QStringLiteral("created_at"), jsonDate(user.createdAt)},
            {QStringLiteral("updated_at"), jsonDate(user.updatedAt)}};
}

QJsonObject clientJson(const ClientAccount& client)
{
    QJsonObject o{{QStringLiteral("id"), client.id}};
    for (const auto& f : clientProfileFields())
        o.insert(QLatin1String(f.column), client.value(QLatin1String(f.column)));
    o.insert(QStringLiteral("email_verified"), client.emailVerified);
    o.insert(QStringLiteral("lastlogin"), jsonDate(client.lastLogin));
    o.insert(QStringLiteral("created_at"), jsonDate(client.createdAt));
    o.insert(QStringLiteral("updated_at"), jsonDate(client.updatedAt));
    return o;
}

QJsonArray permissionsJson(const Access& link)
{
    return QJsonArray::fromStringList(link.effective().names());
}

QJsonObject linkFromUserJson(const Access& link)
{
    return {{QStringLiteral("client_id"), link.clientId},
            {QStringLiteral("owner"), link.owner},
            {QStringLiteral("permissions"), permissionsJson(link)}};
}

QJsonObject linkFromClientJson(const Access& link)
{
    return {{QStringLiteral("user_id"), link.userId},
            {QStringLiteral("owner"), link.owner},
            {QStringLiteral("permissions"), permissionsJson(link)}};
}

QString languageText(const QString& language)
{
    return language.isEmpty() ? tr("Default") : language;
}

QString permissionsText(const Access& link)
{
    if (link.owner)
        return tr("all (owner)");
    return link.stored.names().join(QLatin1String(","));
}

QString yesNo(bool value)
{
    return value ? tr("Yes") : tr("No");
}

} // namespace accord::cli
