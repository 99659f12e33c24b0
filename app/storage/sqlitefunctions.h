#pragma once

#include <QSqlDatabase>

struct sqlite3;

namespace accord {

// Registers accord_nfc, accord_fold, accord_fold_email and accord_compare (deterministic)
// on a SQLite connection; the search triggers, expression indexes and the bulk build of the
// differences table call them.
bool registerSqliteFunctions(const QSqlDatabase& db);
bool registerSqliteFunctions(sqlite3* handle);
// Process-wide SQLite settings, before the first connection opens (later calls change
// nothing): no memory statistics, whose global mutex every allocation would otherwise take
// (Accord never reads them), so the worker threads' and the bulk builds' connections don't
// contend on it.
void configureSqliteLibrary();
// The raw handle behind a QSQLITE connection, or nullptr.
sqlite3* sqliteHandle(const QSqlDatabase& db);

} // namespace accord
