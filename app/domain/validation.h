#pragma once

#include "clientaccount.h"
#include "permission.h"
#include "result.h"

#include <QList>
#include <QSet>

namespace accord {

bool isValidEmail(const QString& email);
bool isValidLanguage(const QString& language); // '' or a vendor language name

// The shortest password Accord sets (the vendor's Admin Area asks for as much).
constexpr int minimumPasswordLength = 8;
// A new password's problem, field "password" (`field` names it otherwise): empty, or
// shorter than the minimum. An empty password passes unless it is required.
QList<Error> passwordProblems(const QString& plain, bool required,
                              const QString& field = QStringLiteral("password"));
// A link (or an invite) needs at least one permission.
QList<Error> permissionProblems(const Permissions& chosen);

// Problems with a client's profile, one per field, in the vendor's field order.
// Only the columns in `changed` are checked (real vendor data has gaps); a new
// client passes every column as changed.
QList<Error> clientProblems(const ClientAccount& client, const QSet<QString>& changed);

// A user's names, email and language as an admin edits them; `changed` as above
// ("first_name", "last_name", "email", "language").
QList<Error> userProblems(const QString& firstName, const QString& lastName, const QString& email,
                          const QString& language, const QSet<QString>& changed);

} // namespace accord
