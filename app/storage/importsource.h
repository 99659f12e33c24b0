#pragma once

#include "domain/result.h"

#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace accord {

// The tables an import fills, in the order it writes them.
enum class ImportTable { Users = 0, Clients = 1, Links = 2 };
inline constexpr int importTableCount = 3;
QString tableName(ImportTable table); // tblusers, tblclients, tblusers_clients

// A value as a file holds it: missing (a JSON object without the key), null (JSON null,
// SQL NULL) or text (CSV fields, JSON strings, numbers and booleans as written, SQLite
// values as text, blobs as their bytes), UTF-8.
struct SourceValue {
    enum class State : unsigned char { Missing, Null, Text };
    State state = State::Missing;
    std::string_view text;
};

// One record of a table as a file holds it: its values by column (index into the
// columns list the source hands out), and where it starts.
struct SourceRecord {
    qint64 line = 0;
    std::vector<SourceValue> values; // may be shorter than the columns: the rest are missing
};

// One input of an import (a CSV file, a JSON file, a SQLite file): which tables it holds
// and their records, read again from the start for each pass (validation, then writing),
// so an import of millions of rows never holds them in memory.
class RecordSource
{
public:
    virtual ~RecordSource() = default;
    // How problems name it ("users.csv", "old.sqlite").
    virtual QString name() const = 0;
    // Opens it and finds what it holds (a CSV file's header row, a JSON file's keys); an
    // error for a file that cannot be read or holds none of the tables.
    virtual Result<void> open() = 0;
    virtual QList<ImportTable> tables() const = 0;
    // Reads one table's records in order: `columns` (empty at first) lists the column
    // names as they appear (a JSON array's objects may add more as it goes). `record`
    // returns false to stop. A file that breaks off comes back as an error with
    // errorLine() set.
    virtual Result<void> read(ImportTable table, QStringList& columns,
                              const std::function<bool(const SourceRecord&)>& record) = 0;
    // The line of the last error, 0 when none or when it has none.
    virtual qint64 errorLine() const { return 0; }
    // For progress: how far the current read() is, of how much (bytes or rows; -1 unknown).
    virtual qint64 position() const = 0;
    virtual qint64 size() const = 0;
    // Whether an empty value stands for NULL in a column that may hold one (CSV, which
    // has no other way to write it).
    virtual bool emptyMeansNull() const { return false; }
    // Whether a blob column's value is written in base64 (text formats) rather than as
    // its bytes.
    virtual bool blobsInBase64() const { return false; }
    // The name problems give for a table of it: the file's own name by default; a file
    // of several tables adds the table ("old.sqlite (tblusers)").
    virtual QString nameOf(ImportTable) const { return name(); }
};

// A CSV file of one table, which its header row names (tableOfColumns).
std::unique_ptr<RecordSource> csvRecordSource(const QString& path);
// A JSON file {"manifest": ..., "users": [...], "clients": [...], "links": [...]}, the
// records objects of column names and values.
std::unique_ptr<RecordSource> jsonRecordSource(const QString& path);
// Another Accord (or vendor-schema) SQLite file's users, clients and links, read-only.
std::unique_ptr<RecordSource> sqliteRecordSource(const QString& path);

// What a header row holds, from its column names: links name both sides (auth_user_id or
// user_id, and client_id), clients their own columns (firstname, lastname, companyname,
// country...), users theirs (first_name, last_name...); nullopt when none fits.
std::optional<ImportTable> tableOfColumns(const QStringList& columns);

} // namespace accord
