#pragma once

#include "domain/result.h"

#include <QSqlDatabase>
#include <QStringList>

namespace accord {

class Database;
class Dialect;

// The secondary indexes a bulk load on a server builds after its commit
// (accord_pending_indexes, migration 006), where more than one can be built at once. On
// PostgreSQL each is built in a transaction of its own that also deletes its row; on
// MariaDB, whose DDL commits, each is recorded before it is dropped and its row deleted
// once it is built again. Either way whatever stops the builds leaves exactly the indexes
// still to build (at worst one built already, built again IF NOT EXISTS), and the next
// open builds them.
namespace PendingIndexes {

// Records the CREATE INDEX statements (pg_get_indexdef's form), or MariaDB's ALTER TABLE ...
// ADD INDEX IF NOT EXISTS (a table's indexes, built in one pass), in the caller's
// transaction if any.
Result<void> record(const QSqlDatabase& db, const QStringList& definitions);

// Builds the recorded indexes on this connection, the heaviest first, until none is left
// that another connection is not already building; how many it built. (Schema 006 on.)
Result<int> build(const QSqlDatabase& db, const Dialect& dialect);

// Builds them on `connections` connections at once (the caller's and more of the
// database's, each on a thread of its own), then runs `afterwards` (statements in any
// order, e.g. ANALYZE of one table each) on the same connections.
Result<void> buildAll(Database& database, const QSqlDatabase& db, int connections,
                      const QStringList& afterwards);

} // namespace PendingIndexes

} // namespace accord
