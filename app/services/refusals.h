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

} // namespace accord
