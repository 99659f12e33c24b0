#pragma once

#include "domain/result.h"
#include "fulltextbuild.h"
#include "rowwriter.h"

#include <QSqlDatabase>

#include <cstdint>
#include <memory>
#include <vector>

struct sqlite3;

namespace accord {

// An empty Accord file filled in bulk (the sample generator's SQLite path): nothing else
// uses the file meanwhile. begin() turns off the journal, drops the indexes and triggers
// and prepares one writer for the four tables' rows (stepped on another core); commit()
// ends the rows' transaction; rebuild() makes the indexes, triggers, counters and link
// counts in one pass each, the full-text indexes on the other core. A failure rolls
// back and leaves an empty database to initialise again.
class SqliteBulkLoad
{
public:
    SqliteBulkLoad(const QSqlDatabase& db, bool trace);
    ~SqliteBulkLoad(); // rolls an open transaction back and restores the file's settings
    SqliteBulkLoad(const SqliteBulkLoad&) = delete;
    SqliteBulkLoad& operator=(const SqliteBulkLoad&) = delete;

    Result<void> begin();
    // The rows in column order (see the .cpp's statements); valid between begin() and
    // commit().
    RowWriter::Rows& users() { return m_rows.at(0); }
    RowWriter::Rows& clients() { return m_rows.at(1); }
    RowWriter::Rows& links() { return m_rows.at(2); }
    RowWriter::Rows& differences() { return m_rows.at(3); }
    Result<void> commit();
    // Each user's client count and each client's user count by position (id - 1), and the
    // values the full-text indexes hold.
    Result<void> rebuild(const std::vector<std::uint16_t>& clientsOfUser,
                         const std::vector<std::uint8_t>& usersOnClient,
                         const FullTextRows& fullText, bool fullTextOnTheSide);

private:
    bool exec(const char* sql) const;
    Error failure();
    Result<void> fillFullTextInPlace();
    void restore();

    QSqlDatabase m_qdb;
    sqlite3* m_db;
    bool m_trace;
    bool m_open = false;
    bool m_unjournaled = false;
    bool m_restored = true;
    std::unique_ptr<RowWriter> m_writer;
    std::vector<RowWriter::Rows> m_rows;
};

} // namespace accord
