#pragma once

#include "dialect.h"
#include "domain/result.h"
#include "domain/snapshotfilter.h"
#include "snapshotmanifest.h"

#include <QSqlDatabase>
#include <QString>

namespace accord {

struct SnapshotRequest {
    QString target; // the snapshot file
    bool force = false;
    bool includeSecrets = false;
    SnapshotFilter filter;
    // Source, operator, versions and filter, filled by the caller; the rows per table,
    // the checksum, the schema version and the secrets are filled here.
    SnapshotManifest manifest;
};

struct SnapshotWritten {
    SnapshotManifest manifest;
    bool pagesCopied = false; // the whole database copied as pages, not as rows
    double rowsSeconds = 0;   // copying the pages, or reading and writing the rows
    double secretsSeconds = 0;
    double indexSeconds = 0; // search indexes, counters and differences built (rows)
    double checksumSeconds = 0;
    double totalSeconds = 0;
};

// Writes a snapshot: a standalone SQLite file with Accord's schema, the rows the filter
// selects and a manifest. Everything from a database whose engine can copy its pages
// (SQLite) is copied so, search indexes included; otherwise the rows are read through the
// engine's cursors inside one consistent read and written in bulk, and the file's search
// indexes built afterwards. Secrets left out are gone from the file's bytes (overwritten
// with secure_delete on pages nothing else ever held). The file is written under a
// temporary name beside the target and renamed at the end, 0600 while it is written and
// after when it holds secrets.
class SnapshotWriter
{
public:
    SnapshotWriter(QSqlDatabase source, const Dialect& dialect, bool maintained)
        : m_source(std::move(source)), m_dialect(dialect), m_maintained(maintained)
    {
    }
    Result<SnapshotWritten> write(const SnapshotRequest& request) const;

private:
    Result<void> writeRows(const QString& file, const SnapshotRequest& request,
                           SnapshotWritten& written) const;
    QSqlDatabase m_source;
    const Dialect& m_dialect;
    bool m_maintained;
};

} // namespace accord
