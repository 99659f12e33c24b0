#pragma once

#include <QString>
#include <QVariant>

#include <charconv>
#include <optional>
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
    // text(), or none for a NULL (in one call where the engine can).
    virtual std::optional<std::string_view> nullableText(int column) const
    {
        if (isNull(column))
            return std::nullopt;
        return text(column);
    }
};

// A cursor whose engine hands each value over as text (a server's client library): the
// number, the bytes and the QVariant read from text() and isNull().
class TextRowCursor : public RowCursor
{
public:
    qint64 int64(int column) const override
    {
        const std::string_view t = text(column);
        qint64 v = 0;
        std::from_chars(t.data(), t.data() + t.size(), v);
        return v;
    }
    std::string_view bytes(int column) const override { return text(column); }
    QVariant value(int column) const override
    {
        if (isNull(column))
            return {};
        const std::string_view t = text(column);
        return QString::fromUtf8(t.data(), qsizetype(t.size()));
    }
};

} // namespace accord
