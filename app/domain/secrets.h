#pragma once

#include <QString>
#include <QStringList>

namespace accord {

// DESIGN's secrets: password hashes, reset and remember tokens, two-factor secrets,
// security answers, legacy card and bank data, invite tokens. Never printed or exported
// unless asked for (`--include-secrets`); a snapshot without them holds the column's empty
// value instead, and `diff` shows a changed one without its values.
const QStringList& secretColumns(const QString& table);
bool isSecretColumn(const QString& table, const QString& column);

} // namespace accord
