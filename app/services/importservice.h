#pragma once

#include "storage/database.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace accord {

enum class BulkFormat { Csv, Json, Sqlite };

struct ImportRequest {
    BulkFormat format = BulkFormat::Csv;
    // Files, or a folder with users.csv / clients.csv / links.csv (CSV).
    QStringList inputs;
    bool dryRun = false; // validate and report only
};

struct ImportProgress {
    QString phase;     // "Reading users.csv", "Writing", "Indexes" ... (translated)
    qint64 done = 0;   // rows or bytes
    qint64 total = -1; // -1: unknown
    bool rows = false; // done and total count rows (else bytes read or steps)
};
// Called from the thread run() runs on, at most about ten times a second; false cancels
// (everything is rolled back).
using ImportProgressFn = std::function<bool(const ImportProgress&)>;

// One refused value: where it is and why.
struct ImportProblem {
    QString file;
    qint64 line = 0; // 0: the file as a whole
    QString field;   // the column, or empty
    QString message;
    // "users.csv:402: email: ..." (the parts that are set)
    QString text() const;
    friend bool operator==(const ImportProblem&, const ImportProblem&) = default;
};

struct ImportOutcome {
    qint64 users = 0, clients = 0, links = 0; // validated (and, when applied, added)
    bool applied = false;
    bool cancelled = false;
    QList<ImportProblem> problems; // the first 100
    qint64 problemCount = 0;
    double validateSeconds = 0, writeSeconds = 0, indexSeconds = 0;
};

// `import`: users, clients and links from CSV, JSON or another Accord (or vendor-schema)
// SQLite file, validated whole first (the domain's rules, folded emails unique in the
// database and the files, one owner per client, known permissions, links to existing or
// imported records, no id that exists), then written all or nothing in one transaction
// with the search keys, counters, differences and one activity-log row per table. Into an
// empty SQLite database the rows go in bulk and the indexes are built once afterwards, in
// the same transaction; elsewhere through the inserts and bookkeeping Accord's own writes
// use.
class ImportService
{
public:
    explicit ImportService(DatabasePtr db) : m_db(std::move(db)) {}
    // An error for I/O and storage failures; refused values come back in the outcome with
    // applied = false and nothing written. Runs on the calling thread's connection (a
    // worker thread releases it when it ends, Database::releaseThreadConnection).
    Result<ImportOutcome> run(const ImportRequest& request,
                              const ImportProgressFn& progress = {}) const;

private:
    DatabasePtr m_db;
};

} // namespace accord
