#pragma once

#include <QString>

class QSqlDatabase;

namespace accord {

enum class Engine { SQLite, PostgreSQL, MySQL };

// Everything that differs between the SQL engines lives here, so a second engine is a
// new Dialect and a new migrations folder, not edits across the repositories.
class Dialect
{
public:
    static const Dialect& of(Engine engine);
    // The dialect of a connection, from its Qt driver (QSQLITE, QPSQL, QMYSQL).
    static const Dialect& of(const QSqlDatabase& db);

    Engine engine() const { return m_engine; }
    QString driverName() const;
    QString migrationsFolder() const; // a resource folder of NNN_name.sql files
    // "a IS b" that is true when both are NULL.
    QString nullSafeEquals(const QString& column, const QString& placeholder) const;
    // The expression equal for two logins that are the same email after folding.
    QString foldedEmail(const QString& column) const;
    // Starts a transaction that will write (SQLite takes the write lock at once,
    // so two writers never deadlock upgrading a read lock).
    QString beginWrite() const;
    QString quoteIdentifier(const QString& name) const;

private:
    explicit Dialect(Engine e) : m_engine(e) {}
    Engine m_engine;
};

} // namespace accord
