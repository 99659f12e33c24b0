#include "snapshotservice.h"

#include "storage/rowstore.h"

namespace accord {

Result<SnapshotWritten> SnapshotService::exportSnapshot(const SnapshotOptions& options) const
{
    SnapshotRequest request;
    request.target = options.target;
    request.force = options.force;
    request.filter = options.filter;
    const auto& source = m_db->snapshot();
    request.includeSecrets = options.includeSecrets && (!source || source->secretsIncluded());
    SnapshotManifest& m = request.manifest;
    m.set(QStringLiteral("source"), m_db->location().display());
    if (source)
        m.set(QStringLiteral("source_snapshot_of"), source->source());
    m.set(QStringLiteral("created_at"), nowText());
    m.set(QStringLiteral("operator"), m_db->operatorName());
    m.set(QStringLiteral("accord_version"), QStringLiteral(ACCORD_VERSION));
    m.set(QStringLiteral("source_schema_version"), QString::number(m_db->schemaVersion()));
    const SnapshotWriter writer(m_db->connection(), m_db->dialect(), m_db->hasDifferenceTable());
    return writer.write(request);
}

Result<SnapshotCheck> SnapshotService::verify(const QString& path, IntegrityDepth depth)
{
    return checkSnapshot(path, depth);
}

} // namespace accord
