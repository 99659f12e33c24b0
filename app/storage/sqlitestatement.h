#pragma once

#include "rowcursor.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include <string_view>

struct sqlite3;
struct sqlite3_stmt;

namespace accord {

// One statement stepped through SQLite's C API on a Qt connection's handle: no QVariant
// per row, so a search can read tens of thousands of index entries within milliseconds.
// For hot paths only (list pages, reports); everything else goes through runSql().
class SqliteStatement : public RowCursor
{
public:
    SqliteStatement(const QSqlDatabase& db, const QString& sql, const QVariantList& params = {});
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    bool ok() const override { return m_error.isEmpty(); }
    QString error() const override { return m_error; } // after a failed prepare or step
    bool next() override;                              // false at the end or on an error
    qint64 int64(int column) const override;
    std::string_view text(int column) const override;
    std::string_view bytes(int column) const override;
    QVariant value(int column) const override;
    bool isNull(int column) const override;
    std::optional<std::string_view> nullableText(int column) const override;

private:
    void fail();
    sqlite3* m_db = nullptr;
    sqlite3_stmt* m_stmt = nullptr;
    QString m_error;
};

} // namespace accord
