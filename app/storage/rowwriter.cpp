#include "rowwriter.h"

#include <sqlite3.h>

#include <utility>

namespace accord {

namespace {
constexpr int rowsPerBatch = 2048;
constexpr std::size_t batchesQueued = 4; // recorded ahead of the writer at most
} // namespace

RowWriter::~RowWriter()
{
    finish();
}

RowWriter::Rows RowWriter::prepare(const char* sql)
{
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(m_db, sql, -1, &statement, nullptr) != SQLITE_OK)
        fail(sqlite3_errmsg(m_db));
    m_statements.push_back(statement);
    return Rows(this, std::uint8_t(m_statements.size() - 1));
}

void RowWriter::start()
{
    m_thread = std::thread([this] { write(); });
}

std::string RowWriter::finish()
{
    if (m_thread.joinable()) {
        hand(std::move(m_batch));
        {
            std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_ready.notify_all();
        m_thread.join();
    }
    for (sqlite3_stmt* statement : m_statements)
        sqlite3_finalize(statement);
    m_statements.clear();
    std::lock_guard lock(m_mutex);
    return m_error;
}

void RowWriter::put(std::uint8_t statement, int parameter, Kind kind, std::int64_t value,
                    std::string_view text)
{
    Command c{statement, std::uint8_t(parameter), kind, 0, value};
    if (kind == Kind::Text) {
        c.value = std::int64_t(m_batch.text.size());
        c.length = std::uint32_t(text.size());
        m_batch.text.append(text);
    }
    m_batch.commands.push_back(c);
}

bool RowWriter::endRow(std::uint8_t statement)
{
    m_batch.commands.push_back({statement, 0, Kind::Step, 0, 0});
    if (++m_batch.rows >= rowsPerBatch)
        hand(std::exchange(m_batch, Batch{}));
    return !m_failed;
}

void RowWriter::hand(Batch batch)
{
    std::unique_lock lock(m_mutex);
    m_space.wait(lock, [this] { return m_queue.size() < batchesQueued; });
    m_queue.push_back(std::move(batch));
    lock.unlock();
    m_ready.notify_one();
}

void RowWriter::fail(const char* message)
{
    std::lock_guard lock(m_mutex);
    if (m_error.empty())
        m_error = message;
    m_failed = true;
}

void RowWriter::write()
{
    for (;;) {
        Batch batch;
        {
            std::unique_lock lock(m_mutex);
            m_ready.wait(lock, [this] { return !m_queue.empty() || m_done; });
            if (m_queue.empty())
                return;
            batch = std::move(m_queue.front());
            m_queue.pop_front();
        }
        m_space.notify_one();
        if (m_failed)
            continue; // the rest is dropped; the generator stops at its next row
        for (const Command& c : batch.commands) {
            sqlite3_stmt* statement = m_statements[c.statement];
            switch (c.kind) {
            case Kind::Integer:
                sqlite3_bind_int64(statement, c.parameter, c.value);
                break;
            case Kind::Text:
                sqlite3_bind_text(statement, c.parameter, batch.text.data() + c.value,
                                  int(c.length), SQLITE_STATIC);
                break;
            case Kind::Null:
                sqlite3_bind_null(statement, c.parameter);
                break;
            case Kind::Step: {
                const int rc = sqlite3_step(statement);
                sqlite3_reset(statement);
                if (rc != SQLITE_DONE)
                    fail(sqlite3_errmsg(m_db));
                break;
            }
            }
            if (m_failed)
                break;
        }
        // No statement keeps pointing into this batch's text once it is freed.
        for (sqlite3_stmt* statement : m_statements)
            sqlite3_clear_bindings(statement);
    }
}

} // namespace accord
