#pragma once

#include <QString>

#include <optional>

namespace accord {

// The link an admin (or an account owner) passes on to an invited person — Accord sends no
// mail — and the token inside it.
QString inviteLink(const QString& token);
// The token of a pasted invite link, or of a bare token; nullopt when the text is neither.
std::optional<QString> inviteTokenFrom(const QString& linkOrToken);

} // namespace accord
