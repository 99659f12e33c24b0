#pragma once

#include <QString>
#include <QVariant>

#include <string_view>

namespace accord {

// A forward-only read of many rows, as cheap per row as the engine allows (SQLite's C API
// without a QVariant per row; a Qt query on the servers). For hot paths: list pages,
// reports, exports. Dialect::cursor() makes one.
class RowCursor
{
public:
    virtual ~RowCursor() = default;
    virtual bool ok() const = 0;
    virtual QString error() const = 0; // after a failed prepare or step
    virtual bool next() = 0;           // false at the end or on an error
    virtual qint64 int64(int column) const = 0;
    // UTF-8, valid until the next call of next().
    virtual std::string_view text(int column) const = 0;
    // A blob's bytes as stored (text() reads them as UTF-8), valid until next().
    virtual std::string_view bytes(int column) const = 0;
    virtual QVariant value(int column) const = 0;
    virtual bool isNull(int column) const = 0;
};

} // namespace accord
