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
    // SQLite's search schema as this build makes it (resources/schema/sqlite-search): the
    // tables (keys, link counts, full-text), their indexes, and the triggers, in that order.
    enum class SearchPart { Tables, Indexes, Triggers };
    static QString searchScript(SearchPart part);
    // Folds every stored user's and client's keys into the (empty) keys tables, clean.
    static QString keysFill();
    // Indexes every key in the (empty) full-text tables.
    static QString fullTextFill();
    // After migration 005 (SQLite): the search schema, filled from the rows the file holds.
    static QString sqlitePlainFileScript();
    // After SQLite's script 002 on a file that already holds rows: its full-text indexes,
    // counters and link counts.
    static QString sqliteSearchBackfill();
};

} // namespace accord
