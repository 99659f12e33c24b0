#include "csvwriter.h"

#include <QIODevice>

#include <array>
#include <charconv>

namespace accord {

CsvWriter::CsvWriter(QIODevice& device, LineEnd lineEnd)
    : m_device(device), m_lineEnd(lineEnd),
      m_utf8(QStringEncoder::Utf8, QStringConverter::Flag::Stateless)
{
    m_buffer.reserve(flushAt + 4096);
}

void CsvWriter::text(std::string_view utf8)
{
    separate();
    // One pass over the bytes (find_first_of would call memchr on the set for each byte).
    static constexpr std::array<bool, 256> quoted = [] {
        std::array<bool, 256> t{};
        for (const char c : {',', '"', '\n', '\r'})
            t[static_cast<unsigned char>(c)] = true;
        return t;
    }();
    bool plain = true;
    for (const char c : utf8)
        if (quoted[static_cast<unsigned char>(c)]) {
            plain = false;
            break;
        }
    if (plain) {
        m_buffer.append(utf8);
        return;
    }
    m_buffer += '"';
    for (char c : utf8) {
        if (c == '"')
            m_buffer += '"';
        m_buffer += c;
    }
    m_buffer += '"';
}

void CsvWriter::text(QStringView value)
{
    m_scratch.resize(std::size_t(m_utf8.requiredSpace(value.size())));
    char* end = m_utf8.appendToBuffer(m_scratch.data(), value);
    m_scratch.resize(std::size_t(end - m_scratch.data()));
    text(std::string_view(m_scratch));
}

void CsvWriter::number(qint64 value)
{
    separate();
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
    m_buffer.append(digits, std::size_t(end - digits));
}

void CsvWriter::token(std::string_view value)
{
    separate();
    m_buffer.append(value);
}

void CsvWriter::endLine()
{
    // A record of one empty field is written as "": an empty line is no record to a reader.
    if (m_fieldsInLine == 1 && m_buffer.size() == m_lineStart)
        m_buffer += "\"\"";
    m_buffer += m_lineEnd == LineEnd::CrLf ? std::string_view("\r\n") : std::string_view("\n");
    m_fieldsInLine = 0;
    ++m_lines;
    if (m_buffer.size() > flushAt)
        flush();
    m_lineStart = m_buffer.size();
}

void CsvWriter::flush()
{
    if (m_ok && !m_buffer.empty())
        m_ok = m_device.write(m_buffer.data(), qint64(m_buffer.size())) == qint64(m_buffer.size());
    m_buffer.clear();
    m_lineStart = 0;
}

bool CsvWriter::finish()
{
    flush();
    return m_ok;
}

} // namespace accord
