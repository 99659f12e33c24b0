#pragma once

#include <QString>
#include <QtGlobal>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

class QIODevice;

namespace accord {

// JSON as RFC 8259 has it, read a token at a time: a bulk import of a million users is too
// big for QJsonDocument. The bytes arrive a megabyte at a time into one buffer that keeps its
// capacity; a string is unescaped in place there, so reading allocates nothing per token.
// Nesting is checked with a fixed stack (no recursion), so any input is safe to read.
class JsonReader
{
public:
    enum class Token {
        BeginObject,
        EndObject,
        BeginArray,
        EndArray,
        Key,
        String,
        Number,
        True,
        False,
        Null,
        End,
        Error
    };
    static constexpr std::size_t chunkSize = std::size_t(1) << 20; // read from the device at once
    static constexpr int maxDepth = 256;

    explicit JsonReader(QIODevice& device); // open for reading
    JsonReader(const JsonReader&) = delete;
    JsonReader& operator=(const JsonReader&) = delete;

    // End after the one top-level value (and only whitespace after it), then End again;
    // Error then stays Error.
    Token next();
    // Key and String: the unescaped UTF-8; Number: as written; True, False, Null: the word.
    // Valid until next().
    std::string_view text() const { return m_text; }
    // Number: its value when it is an integer that fits qint64 (no fraction/exponent).
    std::optional<qint64> integer() const;
    // 1-based line of the current token (of the error after Error). Lines end at LF.
    qint64 line() const { return m_line; }
    bool ok() const { return m_token != Token::Error; }
    // A human sentence without file or line, translated; empty while ok().
    QString error() const { return m_error; }
    // Skips the value that comes next, whole (call after a Key, or in an array before an
    // element); false on an error. Also false, consuming nothing and leaving ok() true, when
    // no value comes: the array ends, or a key comes.
    bool skipValue();
    // Bytes of the input passed over through the current token (progress against the size).
    qint64 bytesRead() const { return m_discarded + qint64(m_pos); }
    // Nesting depth of the current position: 1 after a top-level BeginObject, 0 after its End.
    int depth() const { return m_depth; }

private:
    // What may come at the current position.
    enum class Expect : std::uint8_t {
        Value,       // the top-level value, or a member's value after its ':'
        ArrayFirst,  // after '[': an element or ']'
        ArrayNext,   // after an element: ',' or ']'
        ArrayValue,  // after ',' in an array: an element
        ObjectFirst, // after '{': a key or '}'
        ObjectNext,  // after a member: ',' or '}'
        ObjectKey,   // after ',' in an object: a key
        Colon,       // after a key
        Done,        // after the top-level value: only whitespace
        Finished,    // End was returned
    };

    bool advance();
    Token readToken();
    int skipSpace();
    bool refill();
    int byteAt(std::size_t offset);
    bool ensure(std::size_t count);
    Token scanString();
    Token scanNumber();
    Token scanWord();
    Token open(bool object);
    Token close();
    void afterValue();
    Token fail(const QString& message);
    Token fail(const QString& message, qint64 line);
    unsigned char* marked() { return m_buffer.get() + m_mark; }

    QIODevice& m_device;
    std::unique_ptr<unsigned char[]> m_buffer;
    std::size_t m_capacity = 0;
    std::size_t m_end = 0;  // bytes in the buffer
    std::size_t m_pos = 0;  // the next byte to read
    std::size_t m_mark = 0; // the first byte a refill keeps (the current token's start)
    qint64 m_discarded = 0; // bytes read before the buffer's start
    bool m_atEnd = false;   // the device has nothing more
    bool m_started = false;

    Token m_token = Token::Null; // before the first next(): anything but End and Error
    Expect m_expect = Expect::Value;
    std::string_view m_text;
    bool m_integral = false;
    qint64 m_line = 1;      // of the current token
    qint64 m_scanLine = 1;  // of the next byte
    qint64 m_commaLine = 1; // of the last ',' (a trailing comma is reported there)
    int m_depth = 0;
    std::array<bool, maxDepth> m_inObject{}; // per level: an object (else an array)
    QString m_error;
};

} // namespace accord
