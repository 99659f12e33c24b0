#pragma once

#include <QString>

#include <optional>

namespace accord::bench {

// The offline-review figures, each command in a process of its own with the source's
// pages read just before (the same cache state for both contenders): a whole snapshot
// from SQLite beside the sqlite3 shell's .backup, searching it as soon as it is opened,
// verify beside the shell's quick_check and .sha3sum, verify --full, and diff of two
// whole snapshots beside a plain SQL EXCEPT both ways over the three tables. From
// PostgreSQL (when ACCORD_BENCH_PG_URL names a database holding the same data set) a
// whole snapshot beside pg_dump of the same tables' rows.
struct SnapshotFigures {
    std::optional<double> exportS, backupS;           // whole snapshot from SQLite
    std::optional<double> copyS, secretsS, hashWaitS; // its phases
    std::optional<double> searchS;                    // a search on the snapshot just written
    bool indexesCarried = false;                      // its FTS5 tables hold the source's data
    std::optional<double> verifyS, shellCheckS;       // quick_check + checksum vs the shell
    std::optional<double> verifyFullS;                // integrity_check + checksum
    std::optional<double> diffS, exceptS;             // two 1M snapshots
    qint64 diffChanges = -1, exceptRows = -1;         // what each found
    std::optional<double> pgExportS, pgDumpS;         // whole snapshot from PostgreSQL
    std::optional<double> pgRowsS, pgIndexS;          // its phases
};

SnapshotFigures measureSnapshots(const QString& dbPath, const QString& scratchDir);

} // namespace accord::bench
