#pragma once

#include "storage/dialect.h"

#include <QJsonObject>
#include <QString>

namespace accord::bench {

struct BenchOptions {
    int users = 1000000;
    QString cacheDir;
    bool skipGenerator = false;
    bool snapshotsOnly = false;     // the offline-review figures alone
    Engine engine = Engine::SQLite; // a server: started on loopback, filled by the generator
    bool bulkOnly = false;          // the headless lists, exports and import alone (SQLite)
};

// The parent process: makes or reuses the data set, runs each measurement of each
// contender in a child process of its own, and prints the table and DESIGN's targets.
class BenchRun
{
public:
    explicit BenchRun(BenchOptions options) : m_options(std::move(options)) {}
    int run();

private:
    QString ensureDataSet();
    QJsonObject child(const QString& contender, const QString& measure, const QString& dbPath);
    void warm(const QString& dbPath) const;

    BenchOptions m_options;
};

} // namespace accord::bench
