#pragma once

#include "domain/result.h"
#include "domain/snapshotfilter.h"
#include "snapshotmanifest.h"

#include <array>
#include <functional>

class QElapsedTimer;

namespace accord {

class Database;

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
    // Called every few thousand rows (from the calling thread) with the rows written so far
    // and the rows there are to write; false stops the export (nothing is left at the
    // target).
    std::function<bool(qint64 rows, qint64 total)> progress;
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
// base64. Read at one moment through the engine's cursors (the links on a second core
// where the engine can share the moment), written a megabyte at a time under a temporary
// name and renamed at the end.
class BulkExportWriter
{
public:
    // `maintained`: the database keeps accord_link_differences (for --mismatches).
    BulkExportWriter(Database& database, bool maintained)
        : m_database(database), m_maintained(maintained)
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
    Result<BulkExportWritten> writeJsonInRanges(const BulkExportRequest& request,
                                                const QString& targetPath,
                                                BulkExportWritten written,
                                                const QElapsedTimer& timer) const;

    Database& m_database;
    bool m_maintained;
};

} // namespace accord
