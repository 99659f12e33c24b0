#pragma once

#include <QSqlDatabase>

struct sqlite3;

namespace accord {

// Registers accord_nfc, accord_fold and accord_fold_email (deterministic) on a SQLite
// connection; the search triggers and expression indexes call them.
bool registerSqliteFunctions(const QSqlDatabase& db);
// The raw handle behind a QSQLITE connection, or nullptr.
sqlite3* sqliteHandle(const QSqlDatabase& db);

} // namespace accord
