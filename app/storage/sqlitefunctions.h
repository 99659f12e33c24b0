#pragma once

#include <QSqlDatabase>

struct sqlite3;

namespace accord {

// Registers accord_nfc, accord_fold, accord_fold_email and accord_compare (deterministic)
// on a SQLite connection; the search triggers, expression indexes and the bulk build of the
// differences table call them.
bool registerSqliteFunctions(const QSqlDatabase& db);
// The raw handle behind a QSQLITE connection, or nullptr.
sqlite3* sqliteHandle(const QSqlDatabase& db);

} // namespace accord
