#pragma once

#include "dialect.h"
#include "domain/recordchange.h"
#include "domain/result.h"

#include <QSqlDatabase>

#include <functional>
#include <initializer_list>

namespace accord {

// One side of a comparison: a connection (of the calling thread) and whether its secret
// columns hold secrets (a snapshot without them holds empty values).
class SharedRead;
struct DiffSide {
    QSqlDatabase db;
    const Dialect& dialect;
    bool holdsSecrets = true;
    SharedRead* moment = nullptr; // the moment this thread's read joins, else one of its own
};

enum class DiffedTable { Users, Clients, Links };

// What changed in one table between two databases, by DESIGN's rules for `diff`: users
// and clients keyed by id, links by (user id, client id) (their own row id is not
// compared); every column both sides have, compared as Accord stores it (dates as Accord's
// UTC text, decimals as their text); a secret column only when both sides hold secrets,
// and then reported changed without its values; a change of updated_at alone is none.
// Both sides stream in key order through the engines' cursors and are merged, so two
// million-row snapshots compare without holding either in memory. Changes are handed to
// `report` in key order.
Result<void> diffTable(const DiffSide& older, const DiffSide& newer, DiffedTable table,
                       const std::function<void(RecordChange&&)>& report);

// Several tables the same way, each side in one consistent read (its engine's, or the
// side's shared moment), ended on every path.
Result<void> diffTablesInOneRead(const DiffSide& older, const DiffSide& newer,
                                 std::initializer_list<DiffedTable> tables,
                                 const std::function<void(RecordChange&&)>& report);

} // namespace accord
