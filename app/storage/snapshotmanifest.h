#pragma once

#include "domain/result.h"
#include "domain/snapshotfilter.h"

#include <QDateTime>
#include <QMap>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

#include <optional>

namespace accord {

class SqliteFile;

// What a snapshot file says about itself, in its accord_manifest table (one key and value
// a row, so a later build's keys never stop an earlier one from reading it): where it
// came from (a file name or engine://user@host/db, never a password), when (UTC), who,
// which Accord and schema version, the filter, the rows per table, whether the secrets
// are in, and a SHA-256 over the rows (see snapshotchecksum.h). Its presence is what makes
// a database a snapshot: it opens read-only and is never migrated.
class SnapshotManifest
{
public:
    static const QString tableName; // accord_manifest
    // The tables whose rows a snapshot holds and its checksum covers, in the checksum's
    // order (a table a snapshot's schema lacks is left out).
    static const QStringList& rowTables();

    QString value(const QString& key) const { return m_values.value(key); }
    void set(const QString& key, const QString& value) { m_values.insert(key, value); }
    const QMap<QString, QString>& values() const { return m_values; }

    QString source() const { return value(QStringLiteral("source")); }
    QDateTime createdAt() const;
    QString operatorName() const { return value(QStringLiteral("operator")); }
    QString accordVersion() const { return value(QStringLiteral("accord_version")); }
    int schemaVersion() const { return value(QStringLiteral("schema_version")).toInt(); }
    SnapshotFilter filter() const;
    bool secretsIncluded() const;
    void setSecretsIncluded(bool included);
    // -1 when the manifest does not say.
    qint64 rows(const QString& table) const;
    void setRows(const QString& table, qint64 rows);
    QString checksum() const { return value(QStringLiteral("checksum")); }
    QString tableChecksum(const QString& table) const;
    void setTableChecksum(const QString& table, const QString& hex);

    // A SHA-256 over every other key and value (in key order, each as UTF-8 followed by a
    // zero byte), stored as "manifest_checksum" since format version 2: an edited source,
    // time, operator, filter, count or checksum is found by `verify`.
    QString ownChecksum() const;
    void seal() { set(QStringLiteral("manifest_checksum"), ownChecksum()); }
    // True when the manifest is as it was written: sealed and unchanged, or an older
    // build's (format version 1), which was written without a seal.
    bool sealIntact() const;

    // "read-only: a snapshot of SOURCE taken 2026-05-01 10:00 UTC"
    QString readOnlyReason() const;

    // The manifest of an open database, or nullopt when it is not a snapshot.
    static Result<std::optional<SnapshotManifest>> read(const QSqlDatabase& db);
    // The same, straight from a file without opening it as Accord does (nullopt for
    // anything that is not a readable snapshot): how Database::open tells a snapshot
    // before its first connection, which a snapshot gets read-only.
    static std::optional<SnapshotManifest> peek(const QString& path);
    // Creates the table in a snapshot being written and stores every key (false: the
    // file's error says why).
    bool write(SqliteFile& file) const;

private:
    QMap<QString, QString> m_values;
};

} // namespace accord
