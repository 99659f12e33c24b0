#pragma once

#include <QString>
#include <QStringEncoder>
#include <QtGlobal>

#include <string>
#include <string_view>

class QIODevice;

namespace accord {

// CSV as RFC 4180 has it: fields separated by commas, a field quoted (its quotes doubled)
// when it holds a comma, a quote or a line break. Every CSV Accord writes (list exports, the
// headless lists, the mismatch report) goes through here. Bytes collect in one buffer that
// keeps its capacity and reach the device a megabyte at a time: a report of two million
// lines allocates nothing per field.
class CsvWriter
{
public:
    enum class LineEnd { Lf, CrLf };
    static constexpr std::size_t flushAt = std::size_t(1) << 20;

    explicit CsvWriter(QIODevice& device, LineEnd lineEnd = LineEnd::Lf);
    CsvWriter(const CsvWriter&) = delete;
    CsvWriter& operator=(const CsvWriter&) = delete;

    // One field of the current line.
    void text(std::string_view utf8);
    void text(QStringView value);
    void number(qint64 value);
    // A value known to need no quoting (a column name, true/false), written as it is.
    void token(std::string_view value);
    void endLine();

    // Writes out what is still buffered; false when the device refused any write.
    bool finish();
    bool ok() const { return m_ok; }
    qint64 lines() const { return m_lines; }

private:
    void separate()
    {
        if (m_fieldsInLine++ > 0)
            m_buffer += ',';
    }
    void flush();

    QIODevice& m_device;
    LineEnd m_lineEnd;
    std::string m_buffer;
    std::string m_scratch; // a QString field as UTF-8, before it is quoted
    QStringEncoder m_utf8;
    int m_fieldsInLine = 0;
    std::size_t m_lineStart = 0; // where the current line starts in m_buffer
    qint64 m_lines = 0;
    bool m_ok = true;
};

} // namespace accord
