#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace accord::bench {

// The headless figures at shell speed, each command in a process of its own with the
// database's pages read just before, beside the sqlite3 shell doing the same work: `users
// --format csv|json` beside the shell's SELECT of the same columns in .mode csv|json,
// `users --search` beside the shell's LIKE scan for a rare, a common and a two-character
// term, `export --format csv|json` beside the shell writing the three tables, and `import
// --format csv` of that export into a new file beside the shell's .import of its files.
struct BulkFigures {
    struct Pair {
        QString what;
        std::optional<double> accordS, shellS;
        qint64 rows = -1; // what Accord wrote
    };
    QList<Pair> lists;    // users, in each format
    QList<Pair> searches; // users --search
    QList<Pair> exports;
    // import --format csv of the CSV export into a new file, beside the shell's .import of
    // the same three files; Accord's index work apart.
    std::optional<Pair> import;
    std::optional<double> importIndexS;
};

BulkFigures measureBulk(const QString& dbPath, const QString& scratchDir);

} // namespace accord::bench
