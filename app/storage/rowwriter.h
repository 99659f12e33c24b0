#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace accord {

// Bulk inserts on a thread of their own: the caller records each row's values on its
// thread and the writer binds and steps them on another core, a batch at a time (a
// recorded text stays in its batch until its row is written). Nothing else may use the
// connection between start() and finish().
class RowWriter
{
    enum class Kind : std::uint8_t { Integer, Text, Null, Step };
    struct Command {
        std::uint8_t statement;
        std::uint8_t parameter;
        Kind kind;
        std::uint32_t length; // of a text
        std::int64_t value;   // an integer, or a text's offset in the batch's text
    };
    struct Batch {
        std::vector<Command> commands;
        std::string text;
        int rows = 0;
    };

public:
    // Records the rows of one prepared statement.
    class Rows
    {
    public:
        void integer(int i, std::int64_t v) { m_writer->put(m_statement, i, Kind::Integer, v, {}); }
        void text(int i, std::string_view v) { m_writer->put(m_statement, i, Kind::Text, 0, v); }
        void null(int i) { m_writer->put(m_statement, i, Kind::Null, 0, {}); }
        bool step() { return m_writer->endRow(m_statement); } // false once writing failed

    private:
        friend class RowWriter;
        Rows(RowWriter* writer, std::uint8_t statement) : m_writer(writer), m_statement(statement)
        {
        }
        RowWriter* m_writer;
        std::uint8_t m_statement;
    };

    explicit RowWriter(sqlite3* db) : m_db(db) {}
    ~RowWriter();
    RowWriter(const RowWriter&) = delete;
    RowWriter& operator=(const RowWriter&) = delete;

    Rows prepare(const char* sql); // before start()
    bool ok() const { return !m_failed; }
    void start();
    // Waits until every recorded row is written; SQLite's message if one was refused.
    std::string finish();

private:
    void put(std::uint8_t statement, int parameter, Kind kind, std::int64_t value,
             std::string_view text);
    bool endRow(std::uint8_t statement);
    void hand(Batch batch);
    void fail(const char* message);
    void write(); // on the writer's thread

    sqlite3* m_db;
    std::vector<sqlite3_stmt*> m_statements;
    Batch m_batch; // being recorded
    std::thread m_thread;
    std::mutex m_mutex;
    std::condition_variable m_ready, m_space;
    std::deque<Batch> m_queue;
    bool m_done = false;
    std::atomic<bool> m_failed{false};
    std::string m_error;
};

} // namespace accord
