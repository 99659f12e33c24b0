#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <optional>

namespace accord::bench {

// One command line timed in a process of its own, printed as it finishes.
struct Timed {
    std::optional<double> seconds; // empty when the command failed
    QByteArray out, err;
};

// The file's pages read once, just before a contender (the same cache state for each).
void warm(const QString& path);

// Runs `program` with `args` (after warming `warmFile`, with `extra` in its environment;
// stdout kept in memory unless `stdoutFile` names where it goes).
Timed run(const QString& program, const QStringList& args, const QString& warmFile = {},
          const QProcessEnvironment& extra = {}, const QString& stdoutFile = {});

QString sqlite3Shell();
QString accord();

} // namespace accord::bench
