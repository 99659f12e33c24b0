#include "csvreader.h"

#include <QCoreApplication>
#include <QIODevice>

#include <algorithm>
#include <climits>
#include <cstring>

namespace accord {

namespace {

constexpr std::uint8_t endsUnquoted = 1; // the separator, a quote, CR or LF
constexpr std::uint8_t endsQuoted = 2;   // a quote, CR or LF

enum class Utf8Status { Valid, Incomplete, Invalid, Nul };
struct Utf8Scan {
    std::size_t valid; // bytes from the start that are whole, valid characters
    Utf8Status status; // what stopped the scan
};

// Checks UTF-8 as the Unicode standard has it: no overlong forms, no surrogates, nothing past
// U+10FFFF. A character cut off by the end is Incomplete (its rest may come with the next chunk).
Utf8Scan scanUtf8(const unsigned char* s, std::size_t size)
{
    constexpr std::uint64_t ones = 0x0101010101010101u;
    constexpr std::uint64_t highBits = 0x8080808080808080u;
    std::size_t i = 0;
    while (i < size) {
        if (size - i >= 8) {
            std::uint64_t word;
            std::memcpy(&word, s + i, 8);
            // A high bit in word or in word - ones: a byte >= 0x80, or a NUL.
            if (((word | (word - ones)) & highBits) == 0) {
                i += 8;
                continue;
            }
        }
        const unsigned char lead = s[i];
        if (lead < 0x80) {
            if (lead == 0)
                return {i, Utf8Status::Nul};
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80; // the range of the second byte
        unsigned char high = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0)
                low = 0xA0; // not overlong
            else if (lead == 0xED)
                high = 0x9F; // not a surrogate
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0)
                low = 0x90;
            else if (lead == 0xF4)
                high = 0x8F; // not past U+10FFFF
        } else {
            return {i, Utf8Status::Invalid};
        }
        for (std::size_t k = 1; k < length; ++k) {
            if (i + k == size)
                return {i, Utf8Status::Incomplete};
            const unsigned char byte = s[i + k];
            if (k == 1 ? byte < low || byte > high : (byte & 0xC0) != 0x80)
                return {i, Utf8Status::Invalid};
        }
        i += length;
    }
    return {size, Utf8Status::Valid};
}

char* putUtf8(char* out, char32_t c)
{
    if (c < 0x80) {
        *out++ = char(c);
    } else if (c < 0x800) {
        *out++ = char(0xC0 | (c >> 6));
        *out++ = char(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
        *out++ = char(0xE0 | (c >> 12));
        *out++ = char(0x80 | ((c >> 6) & 0x3F));
        *out++ = char(0x80 | (c & 0x3F));
    } else {
        *out++ = char(0xF0 | (c >> 18));
        *out++ = char(0x80 | ((c >> 12) & 0x3F));
        *out++ = char(0x80 | ((c >> 6) & 0x3F));
        *out++ = char(0x80 | (c & 0x3F));
    }
    return out;
}

} // namespace

CsvReader::CsvReader(QIODevice& device) : m_device(device)
{
    // A small file or buffer gets a buffer of its size (a fuzzer runs thousands a second).
    const qint64 left = device.isSequential() ? chunkSize : device.size() - device.pos();
    m_chunk = std::clamp<qint64>(left + 1, 4096, chunkSize);
    m_raw.resize(std::size_t(m_chunk) + 4);
    m_text.reserve(std::size_t(m_chunk) * 2);
}

bool CsvReader::next()
{
    m_record.clear();
    m_ends.clear();
    if (m_error != Error::None || m_atEnd)
        return false;
    if (!m_separatorChosen)
        chooseSeparator();

    State state = State::RecordStart;
    for (;;) {
        if (m_pos == m_validEnd) {
            if (fill())
                continue;
            if (m_pendingError != Error::None)
                return fail(m_pendingError, m_line);
            switch (state) { // the end of the input
            case State::RecordStart:
                m_atEnd = true;
                return false;
            case State::Quoted:
                return fail(Error::UnclosedQuote, m_quoteLine);
            case State::FieldStart: // after a separator: an empty last field
            case State::Unquoted:
            case State::QuoteInQuoted:
                m_ends.push_back(m_record.size());
                return endRecord('\0');
            }
        }

        const char* const begin = m_text.data();
        const char* const end = begin + m_validEnd;
        const char* p = begin + m_pos;
        while (p != end) {
            switch (state) {
            case State::RecordStart: {
                const char c = *p;
                if (c == '\n' || c == '\r') { // an empty line: no record, but a line
                    countLineBreak(c);
                    ++p;
                    break;
                }
                m_lastWasCr = false;
                m_recordLine = m_line;
                state = State::FieldStart;
                break;
            }
            case State::FieldStart:
                if (*p == '"') {
                    m_quoteLine = m_line;
                    state = State::Quoted;
                    ++p;
                    break;
                }
                state = State::Unquoted;
                [[fallthrough]];
            case State::Unquoted: {
                const char* const start = p;
                while (p != end && !(m_stops[static_cast<unsigned char>(*p)] & endsUnquoted))
                    ++p;
                m_record.append(start, std::size_t(p - start));
                if (p == end)
                    break;
                const char c = *p;
                if (c == '"')
                    return fail(Error::QuoteInUnquotedField, m_line);
                m_ends.push_back(m_record.size());
                ++p;
                if (c == m_separator) {
                    state = State::FieldStart;
                    break;
                }
                m_pos = std::size_t(p - begin);
                return endRecord(c);
            }
            case State::Quoted: {
                const char* const start = p;
                while (p != end && !(m_stops[static_cast<unsigned char>(*p)] & endsQuoted))
                    ++p;
                if (p != start) {
                    m_record.append(start, std::size_t(p - start));
                    m_lastWasCr = false;
                }
                if (p == end)
                    break;
                const char c = *p++;
                if (c == '"') {
                    m_lastWasCr = false;
                    state = State::QuoteInQuoted;
                    break;
                }
                m_record += c; // a line break inside the field
                countLineBreak(c);
                break;
            }
            case State::QuoteInQuoted: {
                const char c = *p;
                if (c == '"') { // a doubled quote
                    m_record += '"';
                    state = State::Quoted;
                    ++p;
                    break;
                }
                if (c != m_separator && c != '\n' && c != '\r')
                    return fail(Error::TextAfterClosingQuote, m_line);
                m_ends.push_back(m_record.size());
                ++p;
                if (c == m_separator) {
                    state = State::FieldStart;
                    break;
                }
                m_pos = std::size_t(p - begin);
                return endRecord(c);
            }
            }
        }
        m_pos = std::size_t(p - begin);
    }
}

// The record's fields are in; lineEnd is its CR or LF (already consumed), or NUL at the end.
bool CsvReader::endRecord(char lineEnd)
{
    if (m_ends.size() > std::size_t(INT_MAX)) // fieldCount() is an int
        return fail(Error::TooManyFields, m_recordLine);
    if (lineEnd != '\0')
        countLineBreak(lineEnd);
    return true;
}

// CR, LF, and CRLF are one line break each.
void CsvReader::countLineBreak(char c)
{
    if (c == '\r' || !m_lastWasCr)
        ++m_line;
    m_lastWasCr = c == '\r';
}

bool CsvReader::fail(Error error, qint64 line)
{
    m_error = error;
    m_recordLine = line;
    m_record.clear();
    m_ends.clear();
    return false;
}

// Counts the separators outside quotes in the first record, which stays buffered for next().
// Empty lines before it are consumed, so that only the record itself is held. A header that
// breaks the quoting rules stops the count there; next() then reports it.
void CsvReader::chooseSeparator()
{
    m_separatorChosen = true;
    enum class Scan { LineStart, FieldStart, Unquoted, Quoted, QuoteInQuoted };
    Scan scan = Scan::LineStart;
    qint64 commas = 0;
    qint64 semicolons = 0;
    std::size_t at = m_pos;
    bool done = false;
    while (!done) {
        if (at == m_validEnd) {
            const std::size_t ahead = at - m_pos;
            if (!fill())
                break;
            at = m_pos + ahead;
            continue;
        }
        const char c = m_text[at++];
        const bool lineBreak = c == '\n' || c == '\r';
        const bool separator = c == ',' || c == ';';
        if (separator && scan != Scan::Quoted) {
            ++(c == ',' ? commas : semicolons);
            scan = Scan::FieldStart;
            continue;
        }
        switch (scan) {
        case Scan::LineStart:
            if (lineBreak) { // an empty line before the header: consumed, so not buffered
                countLineBreak(c);
                m_pos = at;
                break;
            }
            [[fallthrough]];
        case Scan::FieldStart:
            scan = c == '"' ? Scan::Quoted : Scan::Unquoted;
            done = lineBreak;
            break;
        case Scan::Unquoted:
            done = lineBreak || c == '"';
            break;
        case Scan::Quoted:
            if (c == '"')
                scan = Scan::QuoteInQuoted;
            break;
        case Scan::QuoteInQuoted:
            scan = Scan::Quoted;
            done = c != '"'; // the line end, or text after the closing quote
            break;
        }
    }
    m_separator = semicolons > commas ? ';' : ',';

    m_stops.fill(0);
    for (const char c : {'"', '\n', '\r'})
        m_stops[static_cast<unsigned char>(c)] = endsUnquoted | endsQuoted;
    m_stops[static_cast<unsigned char>(m_separator)] = endsUnquoted;
}

// Drops the parsed text and decodes more; false when nothing more can be parsed (the end of
// the device or m_pendingError).
bool CsvReader::fill()
{
    if (m_pos > 0) {
        m_text.erase(0, m_pos);
        m_validEnd -= m_pos;
        m_pos = 0;
    }
    const std::size_t before = m_validEnd;
    while (m_validEnd == before && m_pendingError == Error::None && !m_endOfDevice)
        readChunk();
    return m_validEnd > before;
}

void CsvReader::readChunk()
{
    const qint64 got = m_device.read(m_raw.data() + m_rawKept, m_chunk);
    if (got < 0) {
        m_pendingError = Error::ReadFailed;
        m_readError = m_device.errorString();
        return;
    }
    if (got == 0) {
        // A pipe or a process may just have nothing yet.
        if (m_device.isSequential() && m_device.waitForReadyRead(-1))
            return;
        m_endOfDevice = true;
    }
    m_bytesRead += got;
    std::size_t size = m_rawKept + std::size_t(got);
    m_rawKept = 0;
    const char* bytes = m_raw.data();

    if (m_encoding == Encoding::Unknown) {
        if (size < 3 && !m_endOfDevice) { // not yet enough to tell a BOM
            m_rawKept = size;
            return;
        }
        const auto starts = [&](std::string_view bom) {
            return size >= bom.size() && std::memcmp(bytes, bom.data(), bom.size()) == 0;
        };
        std::size_t bom = 0;
        if (starts("\xEF\xBB\xBF")) {
            m_encoding = Encoding::Utf8;
            bom = 3;
        } else if (starts("\xFF\xFE")) {
            m_encoding = Encoding::Utf16Le;
            bom = 2;
        } else if (starts("\xFE\xFF")) {
            m_encoding = Encoding::Utf16Be;
            bom = 2;
        } else {
            m_encoding = Encoding::Utf8;
        }
        bytes += bom;
        size -= bom;
    }

    if (m_encoding == Encoding::Utf8)
        appendUtf8(bytes, size);
    else
        appendUtf16(bytes, size);

    if (m_endOfDevice && m_pendingError == Error::None) {
        if (m_validEnd < m_text.size()) // a UTF-8 character cut off
            m_pendingError = Error::InvalidUtf8;
        else if (m_rawKept > 0 || m_highSurrogate != 0) // half a UTF-16 unit or pair
            m_pendingError = Error::InvalidUtf16;
    }
}

void CsvReader::appendUtf8(const char* bytes, std::size_t size)
{
    m_text.append(bytes, size);
    const Utf8Scan scan =
        scanUtf8(reinterpret_cast<const unsigned char*>(m_text.data()) + m_validEnd,
                 m_text.size() - m_validEnd);
    m_validEnd += scan.valid;
    if (scan.status == Utf8Status::Invalid)
        m_pendingError = Error::InvalidUtf8;
    else if (scan.status == Utf8Status::Nul)
        m_pendingError = Error::NulByte;
}

void CsvReader::appendUtf16(const char* bytes, std::size_t size)
{
    const bool bigEndian = m_encoding == Encoding::Utf16Be;
    const std::size_t old = m_text.size();
    m_text.resize(old + size / 2 * 3 + 4); // a unit makes at most 3 bytes, a pair 4
    char* const start = m_text.data() + old;
    char* out = start;
    std::size_t i = 0;
    for (; i + 1 < size; i += 2) {
        const auto first = static_cast<unsigned char>(bytes[i]);
        const auto second = static_cast<unsigned char>(bytes[i + 1]);
        const char16_t unit =
            bigEndian ? char16_t(first << 8 | second) : char16_t(second << 8 | first);
        if (unit - 1u < 0x7Fu && m_highSurrogate == 0) { // ASCII, not NUL: most of any CSV
            *out++ = char(unit);
            continue;
        }
        const bool high = unit >= 0xD800 && unit <= 0xDBFF;
        const bool low = unit >= 0xDC00 && unit <= 0xDFFF;
        if (m_highSurrogate != 0) {
            if (!low) {
                m_pendingError = Error::InvalidUtf16;
                break;
            }
            out = putUtf8(out, 0x10000 + ((char32_t(m_highSurrogate) - 0xD800) << 10) +
                                   (char32_t(unit) - 0xDC00));
            m_highSurrogate = 0;
        } else if (high) {
            m_highSurrogate = unit;
        } else if (low) {
            m_pendingError = Error::InvalidUtf16;
            break;
        } else if (unit == 0) {
            m_pendingError = Error::NulByte;
            break;
        } else {
            out = putUtf8(out, unit);
        }
    }
    if (m_pendingError == Error::None && i < size) { // an odd byte: the rest comes next chunk
        m_raw[0] = bytes[i];
        m_rawKept = 1;
    }
    m_text.resize(old + std::size_t(out - start));
    m_validEnd = m_text.size();
}

QString CsvReader::error() const
{
    switch (m_error) {
    case Error::None:
        return {};
    case Error::QuoteInUnquotedField:
        return QCoreApplication::translate("CsvReader",
                                           "a quote appears inside a field that is not quoted");
    case Error::TextAfterClosingQuote:
        return QCoreApplication::translate(
            "CsvReader", "a quoted field is followed by more than a separator or a line end");
    case Error::UnclosedQuote:
        return QCoreApplication::translate("CsvReader", "a quoted field is not closed");
    case Error::InvalidUtf8:
        return QCoreApplication::translate("CsvReader", "the text is not valid UTF-8");
    case Error::InvalidUtf16:
        return QCoreApplication::translate("CsvReader", "the text is not valid UTF-16");
    case Error::NulByte:
        return QCoreApplication::translate("CsvReader", "the text holds a NUL byte");
    case Error::TooManyFields:
        return QCoreApplication::translate("CsvReader", "a record has too many fields");
    case Error::ReadFailed:
        return QCoreApplication::translate("CsvReader", "the file could not be read (%1)")
            .arg(m_readError);
    }
    return {};
}

} // namespace accord
