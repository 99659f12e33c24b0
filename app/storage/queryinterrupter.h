#pragma once

namespace accord {

// Ends the query running on one connection, from another thread: a newer keystroke makes
// the previous search's query useless. sqlite3_interrupt on SQLite, the server's own cancel
// on PostgreSQL (PQcancel) and MariaDB (KILL QUERY from a second connection). Made by
// Dialect::interrupter() on the connection's thread.
class QueryInterrupter
{
public:
    virtual ~QueryInterrupter() = default;
    // Any thread. A query that was not running any more may be spared or may fail; the
    // caller runs a current query again once if it failed.
    virtual void interrupt() = 0;
};

} // namespace accord
