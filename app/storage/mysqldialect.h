#pragma once

#include "dialect.h"

namespace accord {

// MariaDB (and MySQL): a shared server. UTC sessions in READ COMMITTED with a strict
// sql_mode, CLIENT_FOUND_ROWS (an optimistic save counts the rows it matched, not those it
// changed), lock and statement timeouts, GET_LOCK around migrations, KILL QUERY from a
// second connection to end a query in flight.
class MysqlDialect : public Dialect
{
public:
    MysqlDialect() : Dialect(Engine::MySQL) {}
    QString driverName() const override { return QStringLiteral("QMYSQL"); }
    QString displayName() const override { return QStringLiteral("MariaDB"); }
    QStringList urlSchemes() const override
    {
        return {QStringLiteral("mysql"), QStringLiteral("mariadb")};
    }
    int defaultPort() const override { return 3306; }
    QString passwordVariable() const override { return QStringLiteral("MYSQL_PWD"); }
    QString migrationsFolder() const override { return QStringLiteral(":/schema/mysql"); }
    void prepare(QSqlDatabase& db, const DatabaseLocation& location, bool readOnly) const override;
    Result<void> configure(const QSqlDatabase& db, bool readOnly) const override;
    Error error(const QSqlError& error) const override;
    Error connectionError(const QSqlError& error, const DatabaseLocation& location) const override;
    // Off and VerifyCa: Qt 6.4's QMYSQL hands Connector/C a CA file (SSL_CA), which then
    // verifies the server's certificate chain, but it has no option for the host name check.
    QList<TlsMode> tlsModes() const override;
    Result<void> checkTls(const QSqlDatabase& db, const DatabaseLocation& location) const override;
    bool isIdle(const QSqlDatabase& db) const override;
    QString backupAdvice(const DatabaseLocation& location) const override;
    Result<void> lockSchema(const QSqlDatabase& db) const override;
    void unlockSchema(const QSqlDatabase& db) const override;
    bool hasTransactionalDdl() const override { return false; }
    std::unique_ptr<RowCursor> textCursor(const QSqlDatabase& db, const QString& sql,
                                          const QVariantList& params = {}) const override;
    QString ownTableOptions() const override
    {
        return QStringLiteral(" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin");
    }
    QString nullSafeEquals(const QString& column, const QString& placeholder) const override
    {
        return column + QLatin1String(" <=> ") + placeholder;
    }
    QString beginWrite() const override { return QStringLiteral("START TRANSACTION"); }
    QString quoteIdentifier(const QString& name) const override
    {
        return QLatin1Char('`') + name + QLatin1Char('`');
    }
    QString forUpdate() const override { return QStringLiteral(" FOR UPDATE"); }
    QString forShare() const override { return QStringLiteral(" LOCK IN SHARE MODE"); }
    QString upsert(const QString& key, const QStringList& columns) const override;
    QString selectTemporal(const QString& expression) const override
    {
        return QStringLiteral("CAST(%1 AS CHAR)").arg(expression);
    }
    QVariant timestamp(const QVariant& value) const override;
    // Sessions run in READ COMMITTED: a consistent snapshot needs REPEATABLE READ for this
    // one transaction.
    QStringList beginConsistentRead() const override
    {
        return {QStringLiteral("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ"),
                QStringLiteral("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY")};
    }
    QString containsText(const QString& column) const override;
    std::unique_ptr<BulkTable> bulkTable(const QSqlDatabase& db, const QString& table,
                                         const QStringList& columns) const override;
    QStringList bulkLoad(bool on) const override;
    QStringList analyzeAfterBulkLoad() const override;
    bool buildsIndexesAfterBulkLoad() const override { return true; }
    Result<QStringList> dropForBulkLoad(const QSqlDatabase& db,
                                        const QStringList& tables) const override;
    const SearchIndex& searchIndex() const override;
    std::unique_ptr<QueryInterrupter> interrupter(const QSqlDatabase& db,
                                                  const DatabaseLocation& location,
                                                  std::function<bool()> stale) const override;
};

} // namespace accord
