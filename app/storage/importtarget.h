#pragma once

#include "domain/result.h"
#include "importsource.h"

#include <QSqlDatabase>
#include <QStringList>

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace accord {

class Database;

// How an import reads and writes a column's values.
enum class ColumnKind : unsigned char {
    Text,
    Integer,
    Timestamp, // Accord's UTC text, YYYY-MM-DDTHH:MM:SSZ
    Date,      // YYYY-MM-DD
    Blob,
};

// A column of a vendor table as this database holds it.
struct TargetColumn {
    QString name;
    ColumnKind kind = ColumnKind::Text;
    bool nullable = false;
    // What a row that does not give it holds (the vendor's default), as text.
    std::string defaultValue;
};

// The columns of one of the import's tables in this database, id first: the vendor's
// (known kinds and defaults) and any other the database has (by its driver's types).
Result<std::vector<TargetColumn>> targetColumns(const QSqlDatabase& db, ImportTable table);

// One value of a row to write.
struct ImportValue {
    enum class Kind : unsigned char { Null, Text, Integer };
    Kind kind = Kind::Null;
    std::int64_t integer = 0;
    std::string_view text; // Text: UTF-8 (a blob's bytes), valid during add()
};

// Where validated rows go, all in one transaction: begin(), add() every row (ids given),
// finishRows(), commit(). Destroyed before commit() succeeded, it rolls everything back.
class ImportTarget
{
public:
    virtual ~ImportTarget() = default;
    // Starts the transaction. Each table's rows give the values of `columns[table]` in
    // that order, the id first.
    virtual Result<void>
    begin(const std::array<std::vector<TargetColumn>, importTableCount>& columns) = 0;
    // The highest id the table holds (or ever gave, where the engine keeps that), read
    // inside the transaction: new records are numbered after it.
    virtual Result<qint64> highestId(ImportTable table) = 0;
    virtual Result<void> add(ImportTable table, const std::vector<ImportValue>& row) = 0;
    // Every row sent (a refusal of the database names its reason).
    virtual Result<void> finishRows() = 0;
    // The search keys, counters, link counts and differences of the rows, the activity
    // log's `logRows` (descriptions, written as the database's operator), then the commit.
    // `step(done, total)` hears each step of that work and returns false to stop (rolled
    // back, Error::Kind::Refused with an empty message).
    virtual Result<void> commit(const QStringList& logRows,
                                const std::function<bool(int, int)>& step) = 0;
};

// Accord's own inserts on any engine, in one write transaction of the database's
// connection for this thread: prepared statements, each user's and client's search keys
// refreshed as a save refreshes them, the touched links' differences before the commit,
// the identities moved past the ids written.
std::unique_ptr<ImportTarget> transactionalImportTarget(Database& database);

} // namespace accord
