#pragma once

#include "domain/result.h"

#include <QSqlDatabase>
#include <QStringList>

#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace accord {

class Dialect;

// Rows of one server table written in bulk inside the caller's transaction, recorded by
// position (1-based) like BatchInsert's, but sent in the engine's fastest form: COPY on
// PostgreSQL and LOAD DATA LOCAL INFILE on MariaDB (a batch at a time, sent on a thread of
// its own while the caller records the next), multi-row INSERTs of literal values a
// megabyte at a time where MariaDB's client cannot send files. Dates in Accord's UTC text,
// as the dialect takes them (Dialect::bulkTable()). While rows are on their way the caller
// runs no other statement on the connection: finish() every table first. Each table is
// written by one thread at a time; tables of one connection may be written by several.
class BulkTable
{
public:
    virtual ~BulkTable();

    void integer(int i, std::int64_t v);
    void text(int i, std::string_view v);
    void null(int i);
    bool step(); // false once the server refused rows
    // Sends what is left; the first refusal of the server, if any.
    Result<void> finish();
    bool ok() const { return !m_failed; }

protected:
    BulkTable(QSqlDatabase db, QString table, QStringList columns);
    // The encoded field of a value of `column` (0-based), of NULL; `temporal` for a date or
    // timestamp column. False when the column cannot take the value as it is given.
    virtual bool encodeInteger(std::string& out, std::size_t column, std::int64_t v) const;
    virtual bool encodeText(std::string& out, std::size_t column, std::string_view v,
                            bool temporal) const = 0;
    virtual void encodeNull(std::string& out) const = 0;
    // Appends one encoded row (fields in column order) to the pending rows.
    virtual void appendRow(std::string& pending, const std::vector<std::string>& fields) = 0;
    // Sends the pending rows when they make a statement of their own (false: keep them).
    virtual bool ready(const std::string& pending) const = 0;
    virtual Result<void> send(std::string& pending) = 0;
    // Whether send() may run on another thread (it touches only the connection's handle).
    virtual bool sendsInBackground() const { return false; }

    QSqlDatabase m_db;
    QString m_table;
    QStringList m_columns;
    std::string m_pending;
    qint64 m_pendingRows = 0;

private:
    // The batch in flight on one connection, whichever table's it is: one statement runs on
    // a connection at a time (tables of one connection may be written from several threads:
    // the mutex is held while a batch is waited for, started or sent).
    struct Channel {
        std::mutex mutex;
        std::future<Result<void>> inflight;
        std::string rows;
        Result<void> wait();
    };
    static std::shared_ptr<Channel> channelOf(const QSqlDatabase& db);
    Result<void> sendPending();
    void fail(const Error& error);
    void refuse(std::size_t column, std::string_view value);

    std::shared_ptr<Channel> m_channel; // set on the first batch sent in the background
    std::vector<bool> m_temporal;
    std::vector<std::string> m_fields;
    bool m_failed = false;
    Error m_error;
};

// Rows in the text form PostgreSQL's COPY and MariaDB's LOAD DATA share: tabs between
// fields, a newline after each row, \N for NULL, backslash escapes; sent 32 MB at a time
// in the background (only one COPY runs on a connection at a time, and a generator
// interleaves its tables).
class TabSeparatedTable : public BulkTable
{
protected:
    using BulkTable::BulkTable;
    bool encodeText(std::string& out, std::size_t column, std::string_view v,
                    bool temporal) const override;
    void encodeNull(std::string& out) const override { out = "\\N"; }
    void appendRow(std::string& pending, const std::vector<std::string>& fields) override;
    bool ready(const std::string& pending) const override;
    bool sendsInBackground() const override { return true; }
    // How a date or timestamp column takes Accord's UTC text (unchanged by default).
    virtual void temporal(std::string&) const {}
};

} // namespace accord
