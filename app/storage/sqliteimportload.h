#pragma once

#include "importtarget.h"

#include <memory>

namespace accord {

class Database;

// An import into an empty SQLite database (no users, clients or links), in bulk and in
// one transaction of the database's connection, so that a kill at any moment leaves the
// file as it was: the file's rollback journal for the load where no other connection
// holds the file (the pages a load appends need none), its write-ahead log otherwise.
// The loaded tables' indexes and triggers are set aside and the rows stepped on another
// core (RowWriter); commit() then makes the indexes once each, folds the search keys,
// fills the full-text indexes, the link counts, counters and differences in one pass
// each, and puts the triggers back before the commit. For the database's own thread.
std::unique_ptr<ImportTarget> sqliteImportLoad(Database& database);

} // namespace accord
