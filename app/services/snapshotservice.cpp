#include "snapshotservice.h"

#include "storage/rowstore.h"

namespace accord {

SnapshotManifest SnapshotService::origin() const
{
    SnapshotManifest m;
    m.set(QStringLiteral("source"), m_db->location().display());
    if (const auto& source = m_db->snapshot())
        m.set(QStringLiteral("source_snapshot_of"), source->source());
    m.set(QStringLiteral("created_at"), nowText());
    m.set(QStringLiteral("operator"), m_db->operatorName());
    m.set(QStringLiteral("accord_version"), QStringLiteral(ACCORD_VERSION));
    m.set(QStringLiteral("source_schema_version"), QString::number(m_db->schemaVersion()));
    return m;
}

// A snapshot of a snapshot that left its secrets out has none to include.
bool SnapshotService::secretsToInclude(const SnapshotOptions& options) const
{
    const auto& source = m_db->snapshot();
    return options.includeSecrets && (!source || source->secretsIncluded());
}

Result<SnapshotWritten> SnapshotService::exportSnapshot(const SnapshotOptions& options) const
{
    SnapshotRequest request;
    request.target = options.target;
    request.force = options.force;
    request.filter = options.filter;
    request.includeSecrets = secretsToInclude(options);
    request.manifest = origin();
    const SnapshotWriter writer(m_db->connection(), m_db->dialect(), m_db->hasDifferenceTable());
    return writer.write(request);
}

Result<BulkExportWritten>
SnapshotService::exportBulk(const SnapshotOptions& options, BulkExportRequest::Format format,
                            std::function<bool(qint64, qint64)> progress) const
{
    BulkExportRequest request;
    request.format = format;
    request.target = options.target;
    request.force = options.force;
    request.filter = options.filter;
    request.includeSecrets = secretsToInclude(options);
    request.manifest = origin();
    request.progress = std::move(progress);
    const BulkExportWriter writer(*m_db, m_db->hasDifferenceTable());
    return writer.write(request);
}

Result<SnapshotCheck> SnapshotService::verify(const QString& path, IntegrityDepth depth)
{
    return checkSnapshot(path, depth);
}

} // namespace accord
