#pragma once

#include "dialect.h"
#include "domain/result.h"
#include "domain/snapshotfilter.h"
#include "snapshotmanifest.h"

#include <QSqlDatabase>

#include <functional>

namespace accord {

struct BulkExportRequest {
    enum class Format { Csv, Json };
    Format format = Format::Csv;
    QString target; // Csv: a folder; Json: a file
    bool force = false;
    bool includeSecrets = false;
    SnapshotFilter filter;
    // Source, operator and versions, filled by the caller; the rows, secrets, filter and
    // checksum are filled here.
    SnapshotManifest manifest;
    // Called every few thousand rows with the rows written so far; false stops the export
    // (nothing is left at the target).
    std::function<bool(qint64 rows)> progress;
};

struct BulkExportWritten {
    SnapshotManifest manifest;
    qint64 users = 0, clients = 0, links = 0;
    bool stopped = false; // progress() said stop
    double seconds = 0;
};

// Bulk data out (README, "Bulk formats"): the users, clients and links a filter selects, as
// a folder of users.csv, clients.csv and links.csv (with a manifest.json) or one JSON file
// {"manifest", "users", "clients", "links"}. Every vendor column as Accord's SQLite schema
// orders it, the secrets left out unless asked for; dates in Accord's UTC text, blobs in
// base64. Read inside one consistent read through the engine's cursors, written a megabyte
// at a time under a temporary name and renamed at the end.
class BulkExportWriter
{
public:
    BulkExportWriter(QSqlDatabase source, const Dialect& dialect, bool maintained)
        : m_source(std::move(source)), m_dialect(dialect), m_maintained(maintained)
    {
    }
    Result<BulkExportWritten> write(const BulkExportRequest& request) const;

    // The tables exported, in their order, with the name of each one's file and array.
    struct Part {
        const char* table;
        const char* name; // users, clients, links
    };
    static const std::array<Part, 3>& parts();

private:
    QSqlDatabase m_source;
    const Dialect& m_dialect;
    bool m_maintained;
};

} // namespace accord
