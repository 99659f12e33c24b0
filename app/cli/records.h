#pragma once

#include "domain/access.h"
#include "domain/clientaccount.h"
#include "domain/user.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QStringList>

namespace accord::cli {

// How users, clients and links look in the commands' output: keys are the schema's
// column names, so scripts written against the vendor's database read them naturally.

// A user in `user show` (the keys of `users`, storage/userlistwriter).
QJsonObject userJson(const User& user);

QJsonObject clientJson(const ClientAccount& client);

QJsonArray permissionsJson(const Access& link);     // all 13 for an owner
QJsonObject linkFromUserJson(const Access& link);   // {"client_id", "owner", "permissions"}
QJsonObject linkFromClientJson(const Access& link); // {"user_id", "owner", "permissions"}

// Table text.
QString languageText(const QString& language); // '' reads "Default"
QString permissionsText(const Access& link);
QString yesNo(bool value);

} // namespace accord::cli
