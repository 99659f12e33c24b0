#pragma once

#include "domain/result.h"
#include "snapshotmanifest.h"

#include <QString>

namespace accord {

struct SnapshotCheck {
    SnapshotManifest manifest;
    double integritySeconds = 0;
    double checksumSeconds = 0;
};

// Whether a snapshot file is whole: it has a manifest, SQLite's integrity_check finds
// nothing, and the rows' checksum and counts are the manifest's. Read on connections of
// its own (the integrity check beside the checksum, on another core). A failure is a
// Refused error saying which (a changed table is named).
Result<SnapshotCheck> checkSnapshot(const QString& path);

} // namespace accord
