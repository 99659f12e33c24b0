#pragma once

#include "domain/result.h"

namespace accord {

// Refusals more than one use case gives, worded once.

// "The email address X is already used by another user." (field "email").
Error emailClashError(const QString& email);
// "X is not a client profile field." (field X).
Error unknownClientField(const QString& column);
// "User U has no access to client C." (NotFound, about the link).
Error notLinkedError(qint64 userId, qint64 clientId);
// The Client Area's refusals, each about the link (Refused): Account Details without the
// "profile" permission, User Management by a user who is not the owner.
Error accountDetailsRefusal(qint64 userId, qint64 clientId);
Error notOwnerRefusal(qint64 userId, qint64 clientId);
// What an admin preview may not do (change the password, accept an invite).
Error previewRefusal(const QString& what);

} // namespace accord
