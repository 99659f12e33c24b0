#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace accord {

// A prepared insert for bulk writes on a raw SQLite handle, bound by position. Text is
// copied into a buffer per parameter that keeps its capacity from row to row and bound
// without SQLite copying it again: no allocation per value over millions of rows.
class BulkStatement
{
public:
    BulkStatement(sqlite3* db, const char* sql);
    ~BulkStatement();
    BulkStatement(const BulkStatement&) = delete;
    BulkStatement& operator=(const BulkStatement&) = delete;

    bool ok() const { return m_ok; }
    void text(int i, std::string_view s);
    void integer(int i, std::int64_t v);
    void blob(int i, std::string_view bytes);
    void null(int i);
    bool step(); // false when SQLite refused the row (sqlite3_errmsg tells why)

private:
    sqlite3_stmt* m_stmt = nullptr;
    bool m_ok = false;
    std::vector<std::string> m_texts; // by parameter index
};

} // namespace accord
