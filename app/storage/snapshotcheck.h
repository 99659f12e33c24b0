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

// How deep SQLite's own check goes. Pages: PRAGMA quick_check — every page, cell, overflow
// chain and the free list (what a damaged or truncated file shows), in about the time the
// rows take to hash. Full: PRAGMA integrity_check, which also looks up every index entry
// against its row — about ten times longer at a million rows (~50 s here), so it is asked
// for (`verify --full`). A changed row is found by the checksum at either depth.
enum class IntegrityDepth { Pages, Full };

// Whether a snapshot file is whole: it has a manifest, SQLite's check finds nothing, and
// the rows' checksum and counts are the manifest's. Read on connections of its own (the
// integrity check beside the checksum, on another core). A failure is a Refused error
// saying which (a changed table is named).
Result<SnapshotCheck> checkSnapshot(const QString& path,
                                    IntegrityDepth depth = IntegrityDepth::Pages);

} // namespace accord
