#pragma once

#include "domain/result.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariantList>

namespace accord {

// Maps a driver error to Accord's error kinds (a locked SQLite file becomes Busy).
Error storageError(const QSqlError& error);

// Prepares, binds (positionally) and executes one statement, forward-only.
Result<QSqlQuery> runSql(const QSqlDatabase& db, const QString& sql,
                         const QVariantList& params = {});

// Executes a script of statements separated by ";\n" lines (our .sql resources);
// CREATE TRIGGER bodies are kept whole.
Result<void> runScript(const QSqlDatabase& db, const QString& script);

// A NULL of type text, for binding.
inline QVariant sqlNull()
{
    return QVariant(QMetaType::fromType<QString>());
}

} // namespace accord
