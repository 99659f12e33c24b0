#pragma once

#include "dialect.h"

namespace accord {

// PostgreSQL: a shared server. UTC sessions named "Accord" (application_name), lock and
// statement timeouts, RETURNING for new ids, advisory locks around migrations, PQcancel to
// end a query in flight.
class PostgresDialect : public Dialect
{
public:
    PostgresDialect() : Dialect(Engine::PostgreSQL) {}
    QString driverName() const override { return QStringLiteral("QPSQL"); }
    QString displayName() const override { return QStringLiteral("PostgreSQL"); }
    QStringList urlSchemes() const override
    {
        return {QStringLiteral("postgresql"), QStringLiteral("postgres")};
    }
    int defaultPort() const override { return 5432; }
    QString passwordVariable() const override { return QStringLiteral("PGPASSWORD"); }
    QString migrationsFolder() const override { return QStringLiteral(":/schema/postgresql"); }
    void prepare(QSqlDatabase& db, const DatabaseLocation& location, bool readOnly) const override;
    Result<void> configure(const QSqlDatabase& db, bool readOnly) const override;
    Result<QString> readOnlyReason(const QSqlDatabase& db) const override;
    Error error(const QSqlError& error) const override;
    Error connectionError(const QSqlError& error, const DatabaseLocation& location) const override;
    QList<TlsMode> tlsModes() const override;
    Result<void> checkTls(const QSqlDatabase& db, const DatabaseLocation& location) const override;
    bool isIdle(const QSqlDatabase& db) const override;
    QString backupAdvice(const DatabaseLocation& location) const override;
    Result<void> lockSchema(const QSqlDatabase& db) const override;
    void unlockSchema(const QSqlDatabase& db) const override;
    QString nullSafeEquals(const QString& column, const QString& placeholder) const override
    {
        return column + QLatin1String(" IS NOT DISTINCT FROM ") + placeholder;
    }
    QString beginWrite() const override { return QStringLiteral("BEGIN"); }
    QString quoteIdentifier(const QString& name) const override
    {
        return QLatin1Char('"') + name + QLatin1Char('"');
    }
    QString forUpdate() const override { return QStringLiteral(" FOR UPDATE"); }
    QString forShare() const override { return QStringLiteral(" FOR SHARE"); }
    QString insertReturningId(const QString& insert) const override
    {
        return insert + QStringLiteral(" RETURNING id");
    }
    bool returnsIdAsRow() const override { return true; }
    QString upsert(const QString& key, const QStringList& columns) const override;
    Result<void> resetIdentity(const QSqlDatabase& db, const QString& table) const override;
    QString selectTemporal(const QString& expression) const override
    {
        return expression + QStringLiteral("::text");
    }
    QString containsText(const QString& column) const override;
    bool interleavesForwardOnly() const override { return false; }
    QStringList beginConsistentRead() const override
    {
        return {QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")};
    }
    QString withParameters(const QSqlDatabase& db, const QString& sql,
                           const QVariantList& params) const override;
    std::unique_ptr<RowCursor> textCursor(const QSqlDatabase& db, const QString& sql,
                                          const QVariantList& params = {}) const override;
    std::unique_ptr<BulkTable> bulkTable(const QSqlDatabase& db, const QString& table,
                                         const QStringList& columns) const override;
    QStringList bulkLoad(bool on) const override;
    QStringList analyzeAfterBulkLoad() const override;
    bool buildsIndexesAfterBulkLoad() const override { return true; }
    Result<QStringList> dropForBulkLoad(const QSqlDatabase& db,
                                        const QStringList& tables) const override;
    Result<QStringList> quietTriggersForBulkLoad(const QSqlDatabase& db,
                                                 const QStringList& tables) const override;
    const SearchIndex& searchIndex() const override;
    std::unique_ptr<SharedRead> shareRead(const QSqlDatabase& db, int readers) const override;
    std::unique_ptr<QueryInterrupter> interrupter(const QSqlDatabase& db,
                                                  const DatabaseLocation& location,
                                                  std::function<bool()> stale) const override;
};

} // namespace accord
