#pragma once

#include "dialect.h"
#include "domain/result.h"

#include <QSqlDatabase>
#include <QStringList>

namespace accord {

// Numbered schema scripts kept as resources, one folder per engine (NNN_name.sql).
// accord_schema holds the version reached; version N means scripts 1..N ran.
class Migrations
{
public:
    struct State {
        int version = 0;
        bool accord = false; // accord_schema exists
        bool vendor = false; // tblusers exists
    };
    static const QStringList& forEngine(Engine engine); // resource paths, in order
    static Result<State> currentVersion(const QSqlDatabase& db);
    static Result<void> apply(const QSqlDatabase& db, const Dialect& dialect, int from, int to);
    static QString script(const QString& resourcePath);
    // The script that creates the search indexes and their triggers (SQLite).
    static QString searchScript();
    // Indexes every stored user and client in the (empty) full-text tables.
    static QString fullTextFill();
    // After SQLite's search script on a file that already holds rows: its full-text
    // indexes, counters and link counts.
    static QString sqliteSearchBackfill();
};

} // namespace accord
