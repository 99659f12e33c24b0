#pragma once

#include "storage/database.h"

namespace accord {

struct SampleOptions {
    int users = 200;
    QString password; // empty: sample users get no password
    quint32 seed = 20261127;
    // The full-text indexes are built on another core into a scratch file beside the
    // database and copied in; false fills them in place afterwards, as happens when no
    // scratch file can be made or its build fails (slower, same index).
    bool fullTextOnTheSide = true;
};

struct SampleStats {
    qint64 users = 0;
    qint64 clients = 0;
    qint64 links = 0;
    double dataSeconds = 0;
    double indexSeconds = 0;
};

// Writes a deterministic, realistic data set: accented and non-Latin names (Latin,
// Cyrillic, Greek, CJK; some in NFD), companies, addresses in 15 countries, 1-3 users
// per client, some users on several clients, and about a third of owner links whose
// details differ. Bulk path: one transaction; on SQLite prepared statements stepped on
// another core and the search indexes built afterwards in one pass, on a server multi-row
// INSERTs and the search keys folded afterwards. The same data on every engine.
class SampleGenerator
{
public:
    explicit SampleGenerator(DatabasePtr database) : m_db(std::move(database)) {}
    Result<SampleStats> generate(const SampleOptions& options) const;

private:
    Result<SampleStats> generateOnServer(const SampleOptions& options) const;
    DatabasePtr m_db;
};

} // namespace accord
