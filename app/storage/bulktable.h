#pragma once

#include "domain/result.h"

#include <QSqlDatabase>
#include <QStringList>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace accord {

class Dialect;

// Rows of one server table written in bulk inside the caller's transaction, recorded by
// position (1-based) like BatchInsert's, but sent in the engine's fastest form: COPY on
// PostgreSQL (the rows kept until finish(), as only one COPY runs on a connection at a
// time), multi-row INSERTs of literal values a megabyte at a time on MariaDB. Dates in
// Accord's UTC text, as the dialect takes them (Dialect::bulkTable()).
class BulkTable
{
public:
    virtual ~BulkTable() = default;

    void integer(int i, std::int64_t v);
    void text(int i, std::string_view v);
    void null(int i);
    bool step(); // false once the server refused rows
    // Sends what is left; the first refusal of the server, if any.
    Result<void> finish();
    bool ok() const { return !m_failed; }

protected:
    BulkTable(QSqlDatabase db, QString table, QStringList columns);
    // The encoded field of a value, of NULL; a text of a date or timestamp column.
    virtual void encodeText(std::string& out, std::string_view v, bool temporal) const = 0;
    virtual void encodeNull(std::string& out) const = 0;
    // Appends one encoded row (fields in column order) to the pending rows.
    virtual void appendRow(std::string& pending, const std::vector<std::string>& fields) = 0;
    // Sends the pending rows when they make a statement of their own (false: keep them).
    virtual bool ready(const std::string& pending) const = 0;
    virtual Result<void> send(std::string& pending) = 0;

    QSqlDatabase m_db;
    QString m_table;
    QStringList m_columns;
    std::string m_pending;
    qint64 m_pendingRows = 0;

private:
    std::vector<bool> m_temporal;
    std::vector<std::string> m_fields;
    bool m_failed = false;
    Error m_error;
};

} // namespace accord
