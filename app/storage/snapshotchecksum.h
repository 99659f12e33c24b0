#pragma once

#include "domain/result.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace accord {

// The checksum of a snapshot's rows (README, "The checksum"): a SHA-256 over each table of
// SnapshotManifest::rowTables() in primary-key order, every value written as a tag and its
// bytes, then one SHA-256 over the tables' names, columns, row counts and digests. Read
// from the SQLite file on connections of its own, a table per core at a time, through
// SQLite's C API (no QVariant per value): a million users and clients in seconds.
struct TableChecksum {
    QString table;
    QStringList columns;
    qint64 rows = 0;
    QByteArray digest; // 32 bytes
};

struct RowsChecksum {
    QList<TableChecksum> tables; // those the file has, in rowTables() order
    QByteArray digest;           // 32 bytes
    QString hex() const { return QString::fromLatin1(digest.toHex()); }
};

struct ChecksumOptions {
    bool immutable = false; // a finished snapshot nobody writes (no locks taken)
    // Secret columns read as the blank a snapshot without secrets holds in them (the rows
    // of a database about to be copied without its secrets).
    bool blankSecrets = false;
    // Called once, from one of the reading threads, when every reader has begun its read
    // transaction: from then on the file's writers may go on (each reader keeps seeing the
    // moment it began at).
    std::function<void()> pinned;
};
Result<RowsChecksum> checksumRows(const QString& path, const ChecksumOptions& options);

// The value a snapshot without secrets holds in a secret column, as SQL: an empty blob, an
// empty text where the column may not be NULL, else NULL.
QString blankSecretSql(const QString& declaredType, bool notNull);

} // namespace accord
