#include "jsonwriter.h"

#include <QIODevice>

#include <array>
#include <charconv>

namespace accord {

JsonWriter::JsonWriter(QIODevice& device)
    : m_device(device), m_utf8(QStringEncoder::Utf8, QStringConverter::Flag::Stateless)
{
    m_buffer.reserve(flushAt + 4096);
}

void JsonWriter::value()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_levels.empty())
        return;
    Level& level = m_levels.back();
    if (level.entries++ > 0)
        m_buffer += ',';
    if (level.lines) {
        m_buffer += '\n';
        m_buffer.append(2 * m_levels.size(), ' ');
    }
}

void JsonWriter::open(char bracket, bool array)
{
    value();
    m_buffer += bracket;
    // The outer value's entries, and the entries of an array in the outer object.
    const bool lines = m_levels.empty() || (array && m_levels.size() == 1);
    m_levels.push_back({array, lines, 0});
}

void JsonWriter::close(char bracket)
{
    if (m_levels.empty())
        return;
    const Level level = m_levels.back();
    m_levels.pop_back();
    if (level.lines && level.entries > 0) {
        m_buffer += '\n';
        m_buffer.append(2 * m_levels.size(), ' ');
    }
    m_buffer += bracket;
    maybeFlush();
}

void JsonWriter::beginObject()
{
    open('{', false);
}

void JsonWriter::endObject()
{
    close('}');
}

void JsonWriter::beginArray()
{
    open('[', true);
}

void JsonWriter::endArray()
{
    close(']');
}

void JsonWriter::resumeArray(int entriesBefore)
{
    m_levels.push_back({true, true, entriesBefore});
}

void JsonWriter::resumeObject(int entriesBefore)
{
    m_levels.push_back({false, true, entriesBefore});
}

void JsonWriter::leave()
{
    if (!m_levels.empty())
        m_levels.pop_back();
}

void JsonWriter::key(std::string_view name)
{
    value();
    escaped(name);
    m_buffer += ':';
    if (m_levels.size() == 1)
        m_buffer += ' ';
    m_afterKey = true;
}

void JsonWriter::quotedKey(std::string_view quoted)
{
    value();
    m_buffer.append(quoted);
    if (m_levels.size() == 1)
        m_buffer += ' ';
    m_afterKey = true;
}

void JsonWriter::string(std::string_view utf8)
{
    value();
    escaped(utf8);
}

void JsonWriter::string(QStringView text)
{
    m_scratch.resize(std::size_t(m_utf8.requiredSpace(text.size())));
    char* end = m_utf8.appendToBuffer(m_scratch.data(), text);
    m_scratch.resize(std::size_t(end - m_scratch.data()));
    string(std::string_view(m_scratch));
}

void JsonWriter::number(qint64 n)
{
    value();
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
    m_buffer.append(digits, std::size_t(end - digits));
}

void JsonWriter::numberText(std::string_view text)
{
    if (!isNumber(text)) {
        string(text);
        return;
    }
    value();
    m_buffer.append(text);
}

void JsonWriter::boolean(bool b)
{
    value();
    m_buffer.append(b ? std::string_view("true") : std::string_view("false"));
}

void JsonWriter::null()
{
    value();
    m_buffer.append("null");
}

void JsonWriter::raw(std::string_view json)
{
    value();
    m_buffer.append(json);
}

std::string& JsonWriter::rawValue()
{
    value();
    return m_buffer;
}

void JsonWriter::endRawValue()
{
    maybeFlush();
}

namespace {
// The length of the UTF-8 sequence at s[i] (a lead byte >= 0x80), 0 when it is not one.
std::size_t utf8Sequence(std::string_view s, std::size_t i)
{
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    std::size_t n = 0;
    unsigned min = 0;
    unsigned cp = 0;
    if (c >= 0xc2 && c <= 0xdf) {
        n = 2, min = 0x80, cp = c & 0x1fu;
    } else if (c >= 0xe0 && c <= 0xef) {
        n = 3, min = 0x800, cp = c & 0x0fu;
    } else if (c >= 0xf0 && c <= 0xf4) {
        n = 4, min = 0x10000, cp = c & 0x07u;
    } else {
        return 0;
    }
    if (i + n > s.size())
        return 0;
    for (std::size_t k = 1; k < n; ++k) {
        if ((byte(i + k) & 0xc0) != 0x80)
            return 0;
        cp = cp << 6 | (byte(i + k) & 0x3fu);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
        return 0;
    return n;
}
} // namespace

namespace {
// The bytes a string cannot hold as they are: controls, '"', '\\', and every byte of a
// multi-byte sequence (checked as UTF-8 apart).
constexpr std::array<bool, 256> special = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c)
        t[std::size_t(c)] = c < 0x20 || c == '"' || c == '\\' || c >= 0x80;
    return t;
}();
} // namespace

void JsonWriter::escaped(std::string_view s)
{
    appendString(m_buffer, s);
}

void JsonWriter::appendString(std::string& out, std::string_view s)
{
    out += '"';
    std::size_t plain = 0; // start of the run not yet copied
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (!special[c]) {
            ++i;
            continue;
        }
        if (c >= 0x80) {
            if (const std::size_t n = utf8Sequence(s, i)) {
                i += n;
                continue;
            }
        }
        out.append(s.substr(plain, i - plain));
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            if (c < 0x20) {
                static const char hex[] = "0123456789abcdef";
                out.append("\\u00");
                out += hex[c >> 4];
                out += hex[c & 0xf];
            } else {
                out.append("\xef\xbf\xbd"); // not UTF-8: U+FFFD
            }
        }
        plain = ++i;
    }
    out.append(s.substr(plain));
    out += '"';
}

bool JsonWriter::isNumber(std::string_view t)
{
    std::size_t i = 0;
    const auto digit = [&](std::size_t k) { return k < t.size() && t[k] >= '0' && t[k] <= '9'; };
    if (i < t.size() && t[i] == '-')
        ++i;
    if (!digit(i))
        return false;
    if (t[i] == '0')
        ++i;
    else
        while (digit(i))
            ++i;
    if (i < t.size() && t[i] == '.') {
        if (!digit(++i))
            return false;
        while (digit(i))
            ++i;
    }
    if (i < t.size() && (t[i] == 'e' || t[i] == 'E')) {
        ++i;
        if (i < t.size() && (t[i] == '+' || t[i] == '-'))
            ++i;
        if (!digit(i))
            return false;
        while (digit(i))
            ++i;
    }
    return i == t.size();
}

bool JsonWriter::flush()
{
    if (m_ok && !m_buffer.empty()) {
        m_ok = m_device.write(m_buffer.data(), qint64(m_buffer.size())) == qint64(m_buffer.size());
        m_written += qint64(m_buffer.size());
    }
    m_buffer.clear();
    return m_ok;
}

bool JsonWriter::finish()
{
    m_buffer += '\n';
    return flush();
}

} // namespace accord
