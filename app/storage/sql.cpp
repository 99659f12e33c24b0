#include "sql.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace accord {

Error storageError(const QSqlError& error)
{
    const QString code = error.nativeErrorCode();
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    // SQLITE_BUSY (5) and SQLITE_LOCKED (6); MySQL lock wait timeout (1205); PG lock_not_available.
    if (code == QLatin1String("5") || code == QLatin1String("6") || code == QLatin1String("1205") ||
        code == QLatin1String("55P03") || text.contains(QLatin1String("database is locked")))
        return Error::make(Error::Kind::Busy,
                           QCoreApplication::translate(
                               "Storage", "The database is busy: another program is writing to "
                                          "it. Try again in a moment."));
    // unique constraint (SQLite 2067/1555/19, MySQL 1062, PostgreSQL 23505)
    if (code == QLatin1String("2067") || code == QLatin1String("1555") ||
        code == QLatin1String("1062") || code == QLatin1String("23505") ||
        text.contains(QLatin1String("UNIQUE constraint failed")))
        return Error::make(
            Error::Kind::Clash,
            QCoreApplication::translate("Storage", "That value is already used: %1").arg(text));
    if (code == QLatin1String("8") || text.contains(QLatin1String("readonly database")))
        return Error::make(Error::Kind::ReadOnly,
                           QCoreApplication::translate("Storage", "The database is read-only."));
    return Error::make(Error::Kind::Storage,
                       QCoreApplication::translate("Storage", "Database error: %1").arg(text));
}

Result<QSqlQuery> runSql(const QSqlDatabase& db, const QString& sql, const QVariantList& params)
{
    QSqlQuery q(db);
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return storageError(q.lastError());
    for (const QVariant& p : params)
        q.addBindValue(p);
    if (!q.exec())
        return storageError(q.lastError());
    return q;
}

Result<void> runScript(const QSqlDatabase& db, const QString& script)
{
    // Strip comment lines, then split on ';' at a line end outside trigger bodies.
    QStringList lines;
    for (const QString& line : script.split(QLatin1Char('\n')))
        if (!line.trimmed().startsWith(QLatin1String("--")))
            lines << line;
    QString statement;
    bool inTrigger = false;
    for (const QString& line : lines) {
        statement += line + QLatin1Char('\n');
        const QString t = line.trimmed();
        if (t.startsWith(QLatin1String("CREATE TRIGGER"), Qt::CaseInsensitive))
            inTrigger = true;
        const bool ends = inTrigger ? t.compare(QLatin1String("END;"), Qt::CaseInsensitive) == 0
                                    : t.endsWith(QLatin1Char(';'));
        if (!ends)
            continue;
        QSqlQuery q(db);
        if (!q.exec(statement))
            return storageError(q.lastError());
        statement.clear();
        inTrigger = false;
    }
    if (!statement.trimmed().isEmpty()) {
        QSqlQuery q(db);
        if (!q.exec(statement))
            return storageError(q.lastError());
    }
    return {};
}

} // namespace accord
