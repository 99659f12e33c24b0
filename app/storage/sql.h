#pragma once

#include "domain/result.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariantList>

#include <functional>

namespace accord {

// Maps a driver error to Accord's error kinds by the connection's engine (a lock wait is
// Busy, a unique index a Clash, a missing privilege ReadOnly, ...).
Error storageError(const QSqlDatabase& db, const QSqlError& error);

// Prepares, binds (positionally) and executes one statement, forward-only.
Result<QSqlQuery> runSql(const QSqlDatabase& db, const QString& sql,
                         const QVariantList& params = {});

// For tests: sees every statement runSql runs on the calling thread, before it runs (an
// empty function: none). Lets a test EXPLAIN exactly what a query class sent.
using SqlObserver = std::function<void(const QString& sql, const QVariantList& params)>;
void observeSql(SqlObserver observer);
// Tells the observer of the calling thread (if any) of a statement run outside runSql().
void noteSql(const QString& sql, const QVariantList& params);
// `sql` with each ? outside quotes replaced by its parameter as a literal, in the driver's
// own escaping.
QString inlineParameters(const QSqlDatabase& db, const QString& sql, const QVariantList& params);

// Names as a list of SQL string literals ('a', 'b'), for a catalog query's IN (...).
QString sqlTextList(const QStringList& names);

// The statements of a script (our .sql resources): split on ';' at a line end, comment
// lines dropped; trigger bodies (BEGIN ... END;) and dollar-quoted function bodies are
// kept whole.
QStringList scriptStatements(const QString& script);
// Executes every statement of a script.
Result<void> runScript(const QSqlDatabase& db, const QString& script);

// A NULL of type text, for binding.
inline QVariant sqlNull()
{
    return QVariant(QMetaType::fromType<QString>());
}

} // namespace accord
