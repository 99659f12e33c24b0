#pragma once

#include "clientaccount.h"
#include "result.h"

#include <QList>
#include <QSet>

namespace accord {

bool isValidEmail(const QString& email);
bool isValidLanguage(const QString& language); // '' or a vendor language name

// Problems with a client's profile, one per field, in the vendor's field order.
// Only the columns in `changed` are checked (real vendor data has gaps); a new
// client passes every column as changed.
QList<Error> clientProblems(const ClientAccount& client, const QSet<QString>& changed);

// A user's names, email and language as an admin edits them; `changed` as above
// ("first_name", "last_name", "email", "language").
QList<Error> userProblems(const QString& firstName, const QString& lastName, const QString& email,
                          const QString& language, const QSet<QString>& changed);

} // namespace accord
