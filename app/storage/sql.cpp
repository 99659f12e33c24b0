#include "sql.h"

#include "dialect.h"

#include <QSqlDriver>
#include <QSqlField>

namespace accord {

Error storageError(const QSqlDatabase& db, const QSqlError& error)
{
    return Dialect::of(db).error(error);
}

namespace {
thread_local SqlObserver observer;
} // namespace

void observeSql(SqlObserver o)
{
    observer = std::move(o);
}

void noteSql(const QString& sql, const QVariantList& params)
{
    if (observer)
        observer(sql, params);
}

QString inlineParameters(const QSqlDatabase& db, const QString& sql, const QVariantList& params)
{
    QString out;
    out.reserve(sql.size() + params.size() * 8);
    qsizetype next = 0;
    QChar quote; // inside '...' or "..." when set
    for (qsizetype i = 0; i < sql.size(); ++i) {
        const QChar c = sql.at(i);
        if (!quote.isNull()) {
            if (c == quote)
                quote = QChar();
        } else if (c == QLatin1Char('\'') || c == QLatin1Char('"')) {
            quote = c;
        } else if (c == QLatin1Char('?') && next < params.size()) {
            const QVariant& v = params.at(next++);
            QSqlField field(QString(), v.metaType());
            field.setValue(v);
            out += db.driver()->formatValue(field);
            continue;
        }
        out += c;
    }
    return out;
}

Result<QSqlQuery> runSql(const QSqlDatabase& db, const QString& sql, const QVariantList& params)
{
    noteSql(sql, params);
    QSqlQuery q(db);
    // Forward-only (no copy of the rows) where another statement may run before this one
    // is read to the end; RowCursor streams the long reads.
    const Dialect& dialect = Dialect::of(db);
    q.setForwardOnly(dialect.interleavesForwardOnly());
    const QString inlined = params.isEmpty() ? QString() : dialect.withParameters(db, sql, params);
    if (params.isEmpty() || !inlined.isEmpty()) {
        // Not prepared: PostgreSQL cannot PREPARE a SET, BEGIN or COMMIT.
        if (!q.exec(params.isEmpty() ? sql : inlined))
            return storageError(db, q.lastError());
        return q;
    }
    if (!q.prepare(sql))
        return storageError(db, q.lastError());
    for (const QVariant& p : params)
        q.addBindValue(p);
    if (!q.exec())
        return storageError(db, q.lastError());
    return q;
}

QString sqlTextList(const QStringList& names)
{
    QStringList quoted;
    for (QString n : names)
        quoted << QLatin1Char('\'') + n.replace(QLatin1Char('\''), QLatin1String("''")) +
                      QLatin1Char('\'');
    return quoted.join(QLatin1String(", "));
}

QStringList scriptStatements(const QString& script)
{
    QStringList statements;
    QString statement;
    bool inBody = false;   // a trigger's BEGIN ... END; or MariaDB's BEGIN NOT ATOMIC ... END;
    bool inDollar = false; // a function's $$ ... $$
    for (const QString& line : script.split(QLatin1Char('\n'))) {
        const QString t = line.trimmed();
        if (statement.isEmpty() && (t.isEmpty() || t.startsWith(QLatin1String("--"))))
            continue;
        if (!inDollar && t.startsWith(QLatin1String("--")))
            continue;
        statement += line + QLatin1Char('\n');
        if (line.count(QLatin1String("$$")) % 2 == 1)
            inDollar = !inDollar;
        if (inDollar)
            continue;
        const QString begun = statement.trimmed();
        if (!inBody && ((begun.startsWith(QLatin1String("CREATE"), Qt::CaseInsensitive) &&
                         begun.contains(QLatin1String(" TRIGGER "), Qt::CaseInsensitive) &&
                         t.endsWith(QLatin1String("BEGIN"), Qt::CaseInsensitive)) ||
                        begun.startsWith(QLatin1String("BEGIN NOT ATOMIC"), Qt::CaseInsensitive)))
            inBody = true;
        const bool ends = inBody ? t.compare(QLatin1String("END;"), Qt::CaseInsensitive) == 0
                                 : t.endsWith(QLatin1Char(';'));
        if (!ends)
            continue;
        statements << statement.trimmed();
        statement.clear();
        inBody = false;
    }
    if (!statement.trimmed().isEmpty())
        statements << statement.trimmed();
    return statements;
}

Result<void> runScript(const QSqlDatabase& db, const QString& script)
{
    for (const QString& statement : scriptStatements(script)) {
        QSqlQuery q(db);
        if (!q.exec(statement))
            return storageError(db, q.lastError());
    }
    return {};
}

} // namespace accord
