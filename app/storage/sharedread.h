#pragma once

#include "domain/result.h"

#include <QSqlDatabase>

#include <condition_variable>
#include <functional>
#include <mutex>

namespace accord {

// One moment of a live database read by several threads, each on its own connection:
// every reader that begins through it sees the same committed state, so what one thread
// reads of the users agrees with what another reads of the clients. How is the engine's
// (Dialect::shareRead): SQLite holds the file's writers off until every reader has begun;
// PostgreSQL exports the first reader's snapshot and the others import it. An engine that
// cannot share a moment has no SharedRead: its caller reads on one connection instead.
class SharedRead
{
public:
    explicit SharedRead(int readers) : m_readers(readers) {}
    virtual ~SharedRead() = default;
    SharedRead(const SharedRead&) = delete;
    SharedRead& operator=(const SharedRead&) = delete;

    // Begins a read transaction on `connection` (the calling thread's) at the shared moment
    // and returns when every reader has begun (or one failed: then the error). The caller
    // ends the transaction (COMMIT) when done. Each reader calls it once.
    Result<void> begin(const QSqlDatabase& connection);

    // For tests: run after the first reader has begun and before the others do (in the
    // first reader's thread).
    static void setBetweenReadersHook(std::function<void()> hook);

protected:
    // This reader's own begin; `first` for the first to arrive.
    virtual Result<void> beginOne(const QSqlDatabase& connection, bool first) = 0;
    // Called once when every reader has begun (the writers may go on).
    virtual void allBegun() {}

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    const int m_readers;
    int m_arrived = 0;
    int m_begun = 0;
    bool m_failed = false;
};

} // namespace accord
