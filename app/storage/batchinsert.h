#pragma once

#include "dialect.h"
#include "domain/result.h"

#include <QSqlDatabase>
#include <QStringList>
#include <QVariantList>

#include <string_view>
#include <vector>

namespace accord {

// Bulk inserts into one table of a server database: rows recorded by position (1-based,
// as a prepared statement's parameters), sent as multi-row INSERTs of bound values a few
// hundred rows at a time, dates passed through the dialect. Inside the caller's
// transaction.
class BatchInsert
{
public:
    BatchInsert(QSqlDatabase db, const Dialect& dialect, QString table, QStringList columns,
                int rowsPerStatement = 500);
    // Rows whose `key` exists update its other columns instead (Dialect::upsert).
    void updateExisting(const QString& key);

    void integer(int i, std::int64_t v) { m_row[std::size_t(i - 1)] = qint64(v); }
    void text(int i, std::string_view v);
    void null(int i) { m_row[std::size_t(i - 1)] = QVariant(); }
    bool step(); // false once a statement failed
    // Sends what is left; the first refusal of the server, if any.
    Result<void> finish();
    bool ok() const { return !m_failed; }
    const Error& error() const { return m_error; }

private:
    bool flush();
    QSqlDatabase m_db;
    const Dialect& m_dialect;
    QString m_table;
    QStringList m_columns;
    std::vector<bool> m_temporal;
    int m_rowsPerStatement;
    std::vector<QVariant> m_row;
    QVariantList m_pending;
    int m_pendingRows = 0;
    QString m_suffix; // after VALUES
    bool m_failed = false;
    Error m_error;
};

} // namespace accord
