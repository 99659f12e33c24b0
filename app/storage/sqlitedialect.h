#pragma once

#include "dialect.h"

namespace accord {

// SQLite, embedded: a local file in WAL mode with a busy timeout, Accord's SQL functions
// registered on every connection, the C API for hot reads and for interrupting a query.
class SqliteDialect : public Dialect
{
public:
    SqliteDialect() : Dialect(Engine::SQLite) {}
    QString driverName() const override { return QStringLiteral("QSQLITE"); }
    QString displayName() const override { return QStringLiteral("SQLite"); }
    QString migrationsFolder() const override { return QStringLiteral(":/schema/sqlite"); }
    bool isEmbedded() const override { return true; }
    void prepare(QSqlDatabase& db, const DatabaseLocation& location, bool readOnly) const override;
    Result<void> configure(const QSqlDatabase& db, bool readOnly) const override;
    // The file's own permissions decide (Database::open), not a probe.
    Result<QString> readOnlyReason(const QSqlDatabase&) const override { return QString(); }
    Error error(const QSqlError& error) const override;
    QString nullSafeEquals(const QString& column, const QString& placeholder) const override
    {
        return column + QLatin1String(" IS ") + placeholder;
    }
    QString beginWrite() const override { return QStringLiteral("BEGIN IMMEDIATE"); }
    QString quoteIdentifier(const QString& name) const override
    {
        return QLatin1Char('"') + name + QLatin1Char('"');
    }
    QString containsText(const QString& column) const override;
    std::unique_ptr<RowCursor> cursor(const QSqlDatabase& db, const QString& sql,
                                      const QVariantList& params) const override;
    const SearchIndex& searchIndex() const override;
    std::unique_ptr<QueryInterrupter> interrupter(const QSqlDatabase& db,
                                                  const DatabaseLocation& location,
                                                  std::function<bool()> stale) const override;
    bool hasAccordFunctions() const override { return true; }
    bool listsOutsideLinks() const override { return true; }
    QStringList beginConsistentRead() const override { return {QStringLiteral("BEGIN")}; }
    Result<bool>
    copyIntoSqliteFile(const QSqlDatabase& db, const QString& file,
                       const std::function<void(const QString&)>& pinReads) const override;
    std::unique_ptr<SharedRead> shareRead(const QSqlDatabase& db, int readers) const override;
    QString afterScript(const QString& scriptName) const override;
};

} // namespace accord
