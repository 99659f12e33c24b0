#pragma once

#include <QString>
#include <QStringEncoder>
#include <QtGlobal>

#include <string>
#include <string_view>
#include <vector>

class QIODevice;

namespace accord {

// JSON written as it goes, for the headless lists and bulk exports: a million records
// without a QJsonObject each. Commas and colons come by themselves; every element of the
// outer array (or of an array in the outer object) and every key of the outer object starts
// a line of its own, so a record's line number is what an import error names, and the rest
// stays compact. Text is escaped as RFC 8259 asks; bytes that are not UTF-8 (another
// program's, in a SQLite file) are written as U+FFFD, so the output always parses. Bytes
// reach the device a megabyte at a time.
class JsonWriter
{
public:
    static constexpr std::size_t flushAt = std::size_t(1) << 20;

    explicit JsonWriter(QIODevice& device);
    JsonWriter(const JsonWriter&) = delete;
    JsonWriter& operator=(const JsonWriter&) = delete;

    void beginObject();
    void endObject();
    void beginArray();
    void endArray();
    // Goes on with an outer array (or object) whose '[' (and `entriesBefore` entries)
    // another writer wrote: a part of a long document formatted on its own (RangedOutput, a
    // bulk export's thread). leave() ends the part without the closing bracket.
    void resumeArray(int entriesBefore);
    void resumeObject(int entriesBefore);
    void leave();
    void key(std::string_view name);
    // A key already quoted and followed by its colon ("\"id\":"), for keys written a
    // million times over.
    void quotedKey(std::string_view quoted);
    // What quotedKey() takes for a plain key (no character to escape): "\"id\":".
    static std::string quotedKeyText(std::string_view name)
    {
        return '"' + std::string(name) + "\":";
    }
    void string(std::string_view utf8);
    void string(QStringView value);
    void number(qint64 value);
    // A number's text as a database gave it (a decimal), written as it is when it is a JSON
    // number, else as a string.
    void numberText(std::string_view text);
    void boolean(bool value);
    void null();
    // A value written exactly as given (the caller's own valid JSON).
    void raw(std::string_view json);
    // The same, appended by the caller straight into the buffer rawValue() returns (after
    // its separator), then endRawValue(): for a record formatted a million times over.
    std::string& rawValue();
    void endRawValue();
    // Appends `utf8` to `out` as a JSON string (quoted and escaped as string() writes it).
    static void appendString(std::string& out, std::string_view utf8);

    // Writes out what is still buffered, then a line end; false when the device refused any
    // write.
    bool finish();
    // Writes out what is buffered (to hash or count what has been written so far).
    bool flush();
    bool ok() const { return m_ok; }
    // Whether `text` is a number as JSON writes one (RFC 8259's grammar).
    static bool isNumber(std::string_view text);
    qint64 written() const { return m_written + qint64(m_buffer.size()); }

private:
    struct Level {
        bool array = false;
        bool lines = false; // each entry on a line of its own
        int entries = 0;
    };
    void value(); // before a value: the comma or the line it starts
    void open(char bracket, bool array);
    void close(char bracket);
    void escaped(std::string_view utf8);
    void maybeFlush()
    {
        if (m_buffer.size() > flushAt)
            flush();
    }

    QIODevice& m_device;
    std::string m_buffer;
    std::string m_scratch;
    QStringEncoder m_utf8;
    std::vector<Level> m_levels;
    bool m_afterKey = false;
    qint64 m_written = 0;
    bool m_ok = true;
};

} // namespace accord
