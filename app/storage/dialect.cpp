#include "dialect.h"

#include <QSqlDatabase>

namespace accord {

const Dialect& Dialect::of(Engine engine)
{
    static const Dialect sqlite(Engine::SQLite), postgres(Engine::PostgreSQL), mysql(Engine::MySQL);
    switch (engine) {
    case Engine::PostgreSQL:
        return postgres;
    case Engine::MySQL:
        return mysql;
    case Engine::SQLite:
        break;
    }
    return sqlite;
}

QString Dialect::driverName() const
{
    switch (m_engine) {
    case Engine::PostgreSQL:
        return QStringLiteral("QPSQL");
    case Engine::MySQL:
        return QStringLiteral("QMYSQL");
    case Engine::SQLite:
        break;
    }
    return QStringLiteral("QSQLITE");
}

QString Dialect::migrationsFolder() const
{
    switch (m_engine) {
    case Engine::PostgreSQL:
        return QStringLiteral(":/schema/postgresql");
    case Engine::MySQL:
        return QStringLiteral(":/schema/mysql");
    case Engine::SQLite:
        break;
    }
    return QStringLiteral(":/schema/sqlite");
}

QString Dialect::nullSafeEquals(const QString& column, const QString& placeholder) const
{
    switch (m_engine) {
    case Engine::PostgreSQL:
        return column + QLatin1String(" IS NOT DISTINCT FROM ") + placeholder;
    case Engine::MySQL:
        return column + QLatin1String(" <=> ") + placeholder;
    case Engine::SQLite:
        break;
    }
    return column + QLatin1String(" IS ") + placeholder;
}

QString Dialect::foldedEmail(const QString& column) const
{
    switch (m_engine) {
    case Engine::PostgreSQL:
        return QLatin1String("lower(btrim(") + column + QLatin1String("))");
    case Engine::MySQL: // the vendor's case-insensitive collation does the folding
        return QLatin1String("trim(") + column + QLatin1Char(')');
    case Engine::SQLite:
        break;
    }
    return QLatin1String("accord_fold_email(") + column + QLatin1Char(')');
}

const Dialect& Dialect::of(const QSqlDatabase& db)
{
    for (Engine e : {Engine::PostgreSQL, Engine::MySQL})
        if (db.driverName() == of(e).driverName())
            return of(e);
    return of(Engine::SQLite);
}

QString Dialect::beginWrite() const
{
    switch (m_engine) {
    case Engine::PostgreSQL:
        return QStringLiteral("BEGIN");
    case Engine::MySQL:
        return QStringLiteral("START TRANSACTION");
    case Engine::SQLite:
        break;
    }
    return QStringLiteral("BEGIN IMMEDIATE");
}

QString Dialect::quoteIdentifier(const QString& name) const
{
    if (m_engine == Engine::MySQL)
        return QLatin1Char('`') + name + QLatin1Char('`');
    return QLatin1Char('"') + name + QLatin1Char('"');
}

} // namespace accord
