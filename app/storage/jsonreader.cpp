#include "jsonreader.h"

#include <QCoreApplication>
#include <QIODevice>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("JsonReader", text);
}

// Room beyond a chunk for the unread tail of the last one; a longer token grows the buffer.
constexpr std::size_t slack = std::size_t(64) << 10;

// Bytes a string holds as they are: printable ASCII other than '"' and '\'.
constexpr std::array<bool, 256> plainInString = [] {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c < 0x80; ++c)
        plain[std::size_t(c)] = c != '"' && c != '\\';
    return plain;
}();

bool isDigit(int c)
{
    return c >= '0' && c <= '9';
}

bool isLetter(int c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// What may not directly follow a number or a word: a reader sees "01", "1.5.2" or "truex"
// as one malformed thing rather than two values without a comma.
bool continuesWord(int c)
{
    return isDigit(c) || isLetter(c) || c == '.' || c == '+' || c == '-' || c == '_';
}

QString hex(int value, int width)
{
    return QString::number(value, 16).toUpper().rightJustified(width, u'0');
}

QString found(int c)
{
    if (c < 0)
        return tr("the end of the document");
    if (c > 0x20 && c < 0x7f)
        return QStringLiteral("“%1”").arg(QChar(char16_t(c)));
    return tr("the byte 0x%1").arg(hex(c, 2));
}

// The value of four hexadecimal digits, or -1.
int hexValue(const unsigned char* digits)
{
    int value = 0;
    for (int k = 0; k < 4; ++k) {
        const int c = digits[k];
        int digit;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            digit = c - 'A' + 10;
        else
            return -1;
        value = value * 16 + digit;
    }
    return value;
}

bool isHighSurrogate(int unit)
{
    return unit >= 0xD800 && unit <= 0xDBFF;
}

bool isLowSurrogate(int unit)
{
    return unit >= 0xDC00 && unit <= 0xDFFF;
}

// Writes a code point (not a surrogate) as UTF-8; returns the bytes written.
std::size_t putUtf8(char32_t code, unsigned char* out)
{
    if (code < 0x80) {
        out[0] = static_cast<unsigned char>(code);
        return 1;
    }
    if (code < 0x800) {
        out[0] = static_cast<unsigned char>(0xC0 | (code >> 6));
        out[1] = static_cast<unsigned char>(0x80 | (code & 0x3F));
        return 2;
    }
    if (code < 0x10000) {
        out[0] = static_cast<unsigned char>(0xE0 | (code >> 12));
        out[1] = static_cast<unsigned char>(0x80 | ((code >> 6) & 0x3F));
        out[2] = static_cast<unsigned char>(0x80 | (code & 0x3F));
        return 3;
    }
    out[0] = static_cast<unsigned char>(0xF0 | (code >> 18));
    out[1] = static_cast<unsigned char>(0x80 | ((code >> 12) & 0x3F));
    out[2] = static_cast<unsigned char>(0x80 | ((code >> 6) & 0x3F));
    out[3] = static_cast<unsigned char>(0x80 | (code & 0x3F));
    return 4;
}

// The length of the UTF-8 sequence a byte from 0x80 up begins, 0 when it begins none
// (a continuation byte, an overlong lead 0xC0/0xC1, or a lead past U+10FFFF).
std::size_t sequenceLength(unsigned char lead)
{
    if (lead >= 0xC2 && lead <= 0xDF)
        return 2;
    if (lead >= 0xE0 && lead <= 0xEF)
        return 3;
    if (lead >= 0xF0 && lead <= 0xF4)
        return 4;
    return 0;
}

// Whether the first `available` bytes of a sequence are right (RFC 3629: the second byte's
// range after some leads excludes overlong forms, surrogates and code points past U+10FFFF).
bool wellFormedSoFar(const unsigned char* sequence, std::size_t available)
{
    if (available < 2)
        return true;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    switch (sequence[0]) {
    case 0xE0:
        low = 0xA0;
        break;
    case 0xED:
        high = 0x9F;
        break;
    case 0xF0:
        low = 0x90;
        break;
    case 0xF4:
        high = 0x8F;
        break;
    default:
        break;
    }
    if (sequence[1] < low || sequence[1] > high)
        return false;
    for (std::size_t k = 2; k < available; ++k) {
        if ((sequence[k] & 0xC0) != 0x80)
            return false;
    }
    return true;
}
} // namespace

JsonReader::JsonReader(QIODevice& device)
    : m_device(device),
      m_buffer(std::make_unique_for_overwrite<unsigned char[]>(chunkSize + slack)),
      m_capacity(chunkSize + slack)
{
}

JsonReader::Token JsonReader::next()
{
    if (m_token == Token::Error || m_token == Token::End)
        return m_token;
    if (!advance())
        return m_token;
    return readToken();
}

std::optional<qint64> JsonReader::integer() const
{
    if (m_token != Token::Number || !m_integral)
        return std::nullopt;
    qint64 value = 0;
    const char* end = m_text.data() + m_text.size();
    const auto [stop, failure] = std::from_chars(m_text.data(), end, value);
    if (failure != std::errc() || stop != end)
        return std::nullopt;
    return value;
}

bool JsonReader::skipValue()
{
    if (!ok() || m_expect == Expect::Done || m_expect == Expect::Finished)
        return false;
    if (!advance())
        return false;
    switch (m_expect) {
    case Expect::ArrayNext:   // advance() left the array's ']'
    case Expect::ObjectNext:  // the object's '}'
    case Expect::ObjectFirst: // a key or '}'
    case Expect::ObjectKey:
        return false;
    case Expect::ArrayFirst:
        if (m_buffer[m_pos] == ']')
            return false;
        break;
    default:
        break;
    }
    const int outer = m_depth;
    Token token = readToken();
    while (token != Token::Error && m_depth > outer)
        token = next();
    return token != Token::Error;
}

// Moves over whitespace and the separators before the next token, leaving m_pos on its first
// byte; false with the token set (End or Error) when no token follows.
bool JsonReader::advance()
{
    if (!m_started) {
        m_started = true;
        m_mark = m_pos;
        static constexpr unsigned char bom[] = {0xEF, 0xBB, 0xBF};
        if (ensure(3) && std::memcmp(marked(), bom, 3) == 0)
            m_pos += 3;
    }
    int c = skipSpace();
    switch (m_expect) {
    case Expect::ArrayNext:
    case Expect::ObjectNext: {
        const bool array = m_expect == Expect::ArrayNext;
        if (c == ',') {
            m_commaLine = m_scanLine;
            ++m_pos;
            m_expect = array ? Expect::ArrayValue : Expect::ObjectKey;
            c = skipSpace();
        } else if (c >= 0 && c != (array ? ']' : '}')) {
            fail((array ? tr("Expected “,” or “]” after an element of an array, found %1.")
                        : tr("Expected “,” or “}” after a member of an object, found %1."))
                     .arg(found(c)));
            return false;
        }
        break;
    }
    case Expect::Colon:
        if (c == ':') {
            ++m_pos;
            m_expect = Expect::Value;
            c = skipSpace();
        } else if (c >= 0) {
            fail(tr("Expected “:” after a key, found %1.").arg(found(c)));
            return false;
        }
        break;
    case Expect::Done:
        if (c >= 0) {
            fail(tr("Only whitespace may follow the document’s value, found %1.").arg(found(c)));
            return false;
        }
        m_expect = Expect::Finished;
        m_token = Token::End;
        m_text = {};
        m_line = m_scanLine;
        return false;
    default:
        break;
    }
    if (c < 0) {
        fail(m_expect == Expect::Value && m_depth == 0
                 ? tr("The document is empty.")
                 : tr("The document ends before its value is complete."));
        return false;
    }
    m_mark = m_pos;
    m_line = m_scanLine;
    return true;
}

// Reads the token at m_pos, which advance() has found.
JsonReader::Token JsonReader::readToken()
{
    m_text = {};
    m_integral = false;
    const int c = m_buffer[m_pos];
    switch (m_expect) {
    case Expect::ArrayNext:
    case Expect::ObjectNext:
        return close();
    case Expect::ObjectFirst:
        if (c == '}')
            return close();
        [[fallthrough]];
    case Expect::ObjectKey:
        if (c == '}')
            return fail(tr("A comma is followed by “}” instead of another member."), m_commaLine);
        if (c != '"')
            return fail(tr("Expected a key in double quotes, found %1.").arg(found(c)));
        if (scanString() == Token::Error)
            return Token::Error;
        m_expect = Expect::Colon;
        return m_token = Token::Key;
    case Expect::ArrayFirst:
        if (c == ']')
            return close();
        break;
    case Expect::ArrayValue:
        if (c == ']')
            return fail(tr("A comma is followed by “]” instead of another element."), m_commaLine);
        break;
    default:
        break;
    }
    Token token;
    if (c == '{' || c == '[')
        return open(c == '{');
    if (c == '"')
        token = scanString();
    else if (c == '-' || isDigit(c))
        token = scanNumber();
    else if (isLetter(c))
        token = scanWord();
    else
        return fail(tr("Expected a value, found %1.").arg(found(c)));
    if (token == Token::Error)
        return token;
    afterValue();
    return m_token = token;
}

int JsonReader::skipSpace()
{
    for (;;) {
        const unsigned char* bytes = m_buffer.get();
        for (std::size_t i = m_pos; i < m_end; ++i) {
            const unsigned char c = bytes[i];
            if (c == '\n') {
                ++m_scanLine;
            } else if (c != ' ' && c != '\t' && c != '\r') {
                m_pos = i;
                return c;
            }
        }
        m_pos = m_end;
        m_mark = m_end;
        if (!refill())
            return -1;
    }
}

// Reads the next chunk behind what is buffered, first moving the bytes from m_mark on to the
// buffer's start (so scanners count from m_mark). False at the end of the input, or when the
// device fails (then with the error set).
bool JsonReader::refill()
{
    if (m_atEnd)
        return false;
    const std::size_t kept = m_end - m_mark;
    if (m_capacity - kept < chunkSize) {
        const std::size_t capacity = std::max(m_capacity * 2, kept + chunkSize);
        auto grown = std::make_unique_for_overwrite<unsigned char[]>(capacity);
        std::memcpy(grown.get(), marked(), kept);
        m_buffer = std::move(grown);
        m_capacity = capacity;
    } else if (m_mark > 0 && kept > 0) {
        std::memmove(m_buffer.get(), marked(), kept);
    }
    m_discarded += qint64(m_mark);
    m_pos -= m_mark;
    m_end = kept;
    m_mark = 0;
    for (;;) {
        const qint64 got =
            m_device.read(reinterpret_cast<char*>(m_buffer.get() + m_end), qint64(chunkSize));
        if (got > 0) {
            m_end += std::size_t(got);
            return true;
        }
        // A pipe may have nothing yet without being at its end.
        if (got == 0 && m_device.isSequential() && m_device.waitForReadyRead(-1))
            continue;
        m_atEnd = true;
        if (got < 0)
            fail(tr("The file could not be read: %1").arg(m_device.errorString()));
        return false;
    }
}

// Whether `count` bytes from m_mark on are buffered, reading more when not.
bool JsonReader::ensure(std::size_t count)
{
    while (m_end - m_mark < count) {
        if (!refill())
            return false;
    }
    return true;
}

// The byte at `offset` from m_mark, or -1 past the end of the input.
int JsonReader::byteAt(std::size_t offset)
{
    if (m_mark + offset < m_end || ensure(offset + 1))
        return marked()[offset];
    return -1;
}

// A string from its opening quote at m_mark. Positions count from m_mark, which a refill
// keeps. The unescaped bytes are written over the escaped ones (`to` never passes `from`),
// so text() is a view into the buffer.
JsonReader::Token JsonReader::scanString()
{
    const auto unclosed = [this] {
        return fail(tr("A string is not closed before the end of the document."));
    };
    std::size_t from = 1;
    std::size_t to = 1;
    for (;;) {
        unsigned char* bytes = marked();
        const std::size_t size = m_end - m_mark;
        std::size_t run = from;
        while (run < size && plainInString[bytes[run]])
            ++run;
        if (to != from)
            std::memmove(bytes + to, bytes + from, run - from);
        to += run - from;
        from = run;
        if (from == size) {
            if (!refill())
                return unclosed();
            continue;
        }
        const unsigned char c = bytes[from];
        if (c == '"') {
            m_text = std::string_view(reinterpret_cast<const char*>(bytes + 1), to - 1);
            m_pos = m_mark + from + 1;
            return Token::String;
        }
        if (c < 0x20) {
            return fail(tr("A string holds the control character U+%1, which must be written "
                           "as an escape.")
                            .arg(hex(c, 4)));
        }
        if (c >= 0x80) {
            const std::size_t length = sequenceLength(c);
            const bool whole = length > 0 && ensure(from + length);
            bytes = marked();
            const std::size_t available = std::min(length, m_end - m_mark - from);
            if (length == 0 || !wellFormedSoFar(bytes + from, available)) {
                return fail(
                    tr("A string holds bytes that are not UTF-8 (from 0x%1 on).").arg(hex(c, 2)));
            }
            if (!whole)
                return unclosed();
            std::memmove(bytes + to, bytes + from, length);
            to += length;
            from += length;
            continue;
        }
        // A backslash.
        if (!ensure(from + 2))
            return unclosed();
        bytes = marked();
        unsigned char plain = 0;
        switch (bytes[from + 1]) {
        case '"':
            plain = '"';
            break;
        case '\\':
            plain = '\\';
            break;
        case '/':
            plain = '/';
            break;
        case 'b':
            plain = '\b';
            break;
        case 'f':
            plain = '\f';
            break;
        case 'n':
            plain = '\n';
            break;
        case 'r':
            plain = '\r';
            break;
        case 't':
            plain = '\t';
            break;
        case 'u':
            break;
        default:
            return fail(tr("A string holds “\\” followed by %1, which is no escape.")
                            .arg(found(bytes[from + 1])));
        }
        if (plain != 0) {
            bytes[to++] = plain;
            from += 2;
            continue;
        }
        const auto noHex = [this] {
            return fail(tr("A “\\u” escape in a string needs four hexadecimal digits."));
        };
        if (!ensure(from + 6))
            return unclosed();
        bytes = marked();
        const int unit = hexValue(bytes + from + 2);
        if (unit < 0)
            return noHex();
        const auto unpaired = [this, unit] {
            return fail(tr("A string holds “\\u%1”, half of a surrogate pair without its "
                           "other half.")
                            .arg(hex(unit, 4).toLower()));
        };
        if (isLowSurrogate(unit))
            return unpaired();
        char32_t code = char32_t(unit);
        std::size_t escaped = 6;
        if (isHighSurrogate(unit)) {
            const bool room = ensure(from + 12);
            bytes = marked();
            if (!ok())
                return Token::Error;
            if (!room || bytes[from + 6] != '\\' || bytes[from + 7] != 'u')
                return unpaired();
            const int low = hexValue(bytes + from + 8);
            if (low < 0)
                return noHex();
            if (!isLowSurrogate(low))
                return unpaired();
            code = 0x10000 + ((char32_t(unit) - 0xD800) << 10) + (char32_t(low) - 0xDC00);
            escaped = 12;
        }
        to += putUtf8(code, bytes + to);
        from += escaped;
    }
}

// A number from m_mark, by RFC 8259's grammar: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
JsonReader::Token JsonReader::scanNumber()
{
    std::size_t k = 0;
    int c = byteAt(0);
    const auto digits = [&] {
        while (isDigit(c))
            c = byteAt(++k);
    };
    bool valid = true;
    bool integral = true;
    if (c == '-')
        c = byteAt(++k);
    if (c == '0')
        c = byteAt(++k);
    else if (isDigit(c))
        digits();
    else
        valid = false;
    if (valid && c == '.') {
        integral = false;
        c = byteAt(++k);
        valid = isDigit(c);
        digits();
    }
    if (valid && (c == 'e' || c == 'E')) {
        integral = false;
        c = byteAt(++k);
        if (c == '+' || c == '-')
            c = byteAt(++k);
        valid = isDigit(c);
        digits();
    }
    if (!ok())
        return Token::Error;
    if (!valid || continuesWord(c)) {
        while (k < 32 && continuesWord(c))
            c = byteAt(++k);
        return fail(tr("“%1” is not a number as JSON writes them.")
                        .arg(QString::fromLatin1(reinterpret_cast<const char*>(marked()),
                                                 qsizetype(std::min(k, m_end - m_mark)))));
    }
    m_text = std::string_view(reinterpret_cast<const char*>(marked()), k);
    m_integral = integral;
    m_pos = m_mark + k;
    return Token::Number;
}

// true, false or null from m_mark.
JsonReader::Token JsonReader::scanWord()
{
    std::size_t k = 0;
    int c = byteAt(0);
    while (k < 6 && isLetter(c))
        c = byteAt(++k);
    if (!ok())
        return Token::Error;
    const std::string_view word(reinterpret_cast<const char*>(marked()), k);
    Token token = Token::Error;
    if (word == "true")
        token = Token::True;
    else if (word == "false")
        token = Token::False;
    else if (word == "null")
        token = Token::Null;
    if (token == Token::Error || continuesWord(c)) {
        while (k < 32 && continuesWord(c))
            c = byteAt(++k);
        return fail(tr("Expected a value, found “%1”.")
                        .arg(QString::fromLatin1(reinterpret_cast<const char*>(marked()),
                                                 qsizetype(std::min(k, m_end - m_mark)))));
    }
    m_text = token == Token::True    ? std::string_view("true")
             : token == Token::False ? std::string_view("false")
                                     : std::string_view("null");
    m_pos = m_mark + k;
    return token;
}

JsonReader::Token JsonReader::open(bool object)
{
    if (m_depth == maxDepth)
        return fail(tr("The document nests deeper than %1 levels.").arg(maxDepth));
    m_inObject[std::size_t(m_depth++)] = object;
    ++m_pos;
    m_expect = object ? Expect::ObjectFirst : Expect::ArrayFirst;
    return m_token = object ? Token::BeginObject : Token::BeginArray;
}

JsonReader::Token JsonReader::close()
{
    const bool object = m_inObject[std::size_t(--m_depth)];
    ++m_pos;
    afterValue();
    return m_token = object ? Token::EndObject : Token::EndArray;
}

void JsonReader::afterValue()
{
    if (m_depth == 0)
        m_expect = Expect::Done;
    else
        m_expect = m_inObject[std::size_t(m_depth - 1)] ? Expect::ObjectNext : Expect::ArrayNext;
}

JsonReader::Token JsonReader::fail(const QString& message)
{
    return fail(message, m_scanLine);
}

// The first error stands (a failed read is reported, not the truncation it causes).
JsonReader::Token JsonReader::fail(const QString& message, qint64 line)
{
    if (m_token != Token::Error) {
        m_token = Token::Error;
        m_error = message;
        m_line = line;
        m_text = {};
    }
    return Token::Error;
}

} // namespace accord
