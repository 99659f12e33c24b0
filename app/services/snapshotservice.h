#pragma once

#include "domain/snapshotfilter.h"
#include "storage/bulkexportwriter.h"
#include "storage/database.h"
#include "storage/snapshotcheck.h"
#include "storage/snapshotwriter.h"

namespace accord {

struct SnapshotOptions {
    QString target;
    bool force = false;          // replace an existing file
    bool includeSecrets = false; // password hashes, tokens, ... (the file is then 0600)
    SnapshotFilter filter;
};

// Offline review: a snapshot of a database (or of what a filter selects in it) written to
// a file, and a snapshot checked whole before it is trusted.
class SnapshotService
{
public:
    explicit SnapshotService(DatabasePtr database) : m_db(std::move(database)) {}

    // Writes the snapshot on the calling thread's connection. A snapshot of a snapshot
    // that left its secrets out has none to include.
    Result<SnapshotWritten> exportSnapshot(const SnapshotOptions& options) const;
    // The same selection as bulk data (a CSV folder or a JSON file, README "Bulk formats"),
    // from the calling thread (and a second one where the engine can share a moment).
    // `progress` is called on the calling thread every few thousand rows with the rows
    // written and the rows to write; false stops the export and leaves nothing at the target.
    Result<BulkExportWritten>
    exportBulk(const SnapshotOptions& options, BulkExportRequest::Format format,
               std::function<bool(qint64 rows, qint64 total)> progress = {}) const;

    // A snapshot file's manifest, integrity and checksum (`accord verify`, and before a
    // snapshot window opens).
    static Result<SnapshotCheck> verify(const QString& path,
                                        IntegrityDepth depth = IntegrityDepth::Pages);

private:
    SnapshotManifest origin() const; // source, time, operator, versions
    bool secretsToInclude(const SnapshotOptions& options) const;
    DatabasePtr m_db;
};

} // namespace accord
