// libFuzzer target: JsonReader on any bytes. Besides "no crash" it checks that bytesRead(),
// line() and depth() behave (depth() never past maxDepth), that reading the bytes a few at a
// time from a pipe-like device gives what reading them at once gives, that the tokens of an
// accepted document form JSON, that skipValue() skips exactly the value the tokens say comes
// next, and that the tokens written back as JSON text (by a plain serializer and by
// JsonWriter) read back as the same tokens; abort() when a check fails.
#include "storage/jsonreader.h"
#include "storage/jsonwriter.h"
#include "trickledevice.h"

#include <QBuffer>
#include <QByteArray>
#include <QIODevice>
#include <QString>

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

using namespace accord;
using Token = JsonReader::Token;

namespace {

struct Read {
    Token kind;
    std::string text;
    std::optional<qint64> integer;
    qint64 line = 0;
    int depth = 0;
    friend bool operator==(const Read&, const Read&) = default;
    // The token itself, wherever in the text it was.
    bool sameToken(const Read& o) const
    {
        return kind == o.kind && text == o.text && integer == o.integer;
    }
};

struct Result {
    std::vector<Read> tokens;
    bool ok = false;
    QString error;
    qint64 errorLine = 0;
    friend bool operator==(const Result&, const Result&) = default;
};

const char* name(Token t)
{
    switch (t) {
    case Token::BeginObject:
        return "BeginObject";
    case Token::EndObject:
        return "EndObject";
    case Token::BeginArray:
        return "BeginArray";
    case Token::EndArray:
        return "EndArray";
    case Token::Key:
        return "Key";
    case Token::String:
        return "String";
    case Token::Number:
        return "Number";
    case Token::True:
        return "True";
    case Token::False:
        return "False";
    case Token::Null:
        return "Null";
    case Token::End:
        return "End";
    case Token::Error:
        return "Error";
    }
    return "?";
}

void print(const char* title, const Result& r)
{
    std::fprintf(stderr, "%s:\n", title);
    for (const Read& t : r.tokens)
        std::fprintf(stderr, "  %s <%s> line %lld depth %d\n", name(t.kind), t.text.c_str(),
                     static_cast<long long>(t.line), t.depth);
    std::fprintf(stderr, "  ok %d, error on line %lld: %s\n", int(r.ok),
                 static_cast<long long>(r.errorLine), qPrintable(r.error));
}

[[noreturn]] void broken(const char* what, std::size_t index = 0)
{
    std::fprintf(stderr, "\nBROKEN: %s (token %zu)\n", what, index);
    std::abort();
}

void expect(bool holds, const char* what, std::size_t index = 0)
{
    if (!holds)
        broken(what, index);
}

bool isScalar(Token t)
{
    return t == Token::String || t == Token::Number || t == Token::True || t == Token::False ||
           t == Token::Null;
}

bool beginsValue(Token t)
{
    return isScalar(t) || t == Token::BeginObject || t == Token::BeginArray;
}

// What integer() must say for a number's text: its value when it is -?[0-9]+ within qint64.
std::optional<qint64> integerOf(std::string_view text)
{
    const std::size_t digits = text.starts_with('-') ? 1 : 0;
    if (text.size() == digits || text.find_first_not_of("0123456789", digits) != text.npos)
        return std::nullopt;
    qint64 value = 0;
    const auto [stop, failure] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (failure != std::errc() || stop != text.data() + text.size())
        return std::nullopt;
    return value;
}

// Tokens up to End or Error, checking what holds while reading.
Result readAll(QIODevice& device, qint64 inputSize, qint64 lineFeeds)
{
    JsonReader json(device);
    Result result;
    std::vector<Read>& tokens = result.tokens;
    qint64 bytesRead = json.bytesRead();
    int depth = json.depth();
    qint64 line = 1;
    expect(bytesRead == 0 && depth == 0 && json.ok(), "a new reader has read nothing");
    // Every token but End takes at least one byte: more means the reader stopped moving.
    for (qint64 n = 0; n <= inputSize + 1; ++n) {
        const Token t = json.next();
        const std::size_t i = tokens.size();
        expect(json.bytesRead() >= bytesRead, "bytesRead() never decreases", i);
        expect(json.bytesRead() <= inputSize, "bytesRead() is at most the input's size", i);
        bytesRead = json.bytesRead();
        expect(json.depth() >= 0 && json.depth() <= JsonReader::maxDepth,
               "depth() stays within 0..maxDepth", i);
        expect(json.line() >= line && json.line() <= lineFeeds + 1,
               "line() never decreases, and is a line the input has", i);
        line = json.line();
        if (t == Token::BeginObject || t == Token::BeginArray)
            expect(json.depth() == depth + 1, "a begin token enters one level", i);
        else if (t == Token::EndObject || t == Token::EndArray)
            expect(json.depth() == depth - 1, "an end token leaves one level", i);
        else if (t != Token::Error)
            expect(json.depth() == depth, "other tokens keep the level", i);
        depth = json.depth();
        if (t == Token::Error) {
            expect(!json.ok() && !json.error().isEmpty(), "an Error token comes with a message", i);
            result.error = json.error();
            result.errorLine = json.line();
            expect(json.next() == Token::Error && !json.skipValue() && json.error() == result.error,
                   "Error stays Error", i);
            return result;
        }
        expect(json.ok() && json.error().isEmpty(), "ok() until an error", i);
        if (t == Token::End) {
            expect(depth == 0, "End only at the top level", i);
            expect(json.next() == Token::End && !json.skipValue() && json.ok(), "End stays End", i);
            result.ok = true;
            return result;
        }
        Read r{t, std::string(json.text()), json.integer(), json.line(), json.depth()};
        if (t == Token::Number)
            expect(r.integer == integerOf(r.text), "integer() is the value of an integer's text",
                   i);
        else
            expect(!r.integer, "integer() only for numbers", i);
        if (t == Token::True || t == Token::False || t == Token::Null)
            expect(r.text == (t == Token::True    ? "true"
                              : t == Token::False ? "false"
                                                  : "null"),
                   "a word's text() is the word", i);
        tokens.push_back(std::move(r));
    }
    broken("the reader returned more tokens than the input has bytes");
}

qint64 lineFeeds(const QByteArray& bytes)
{
    return std::count(bytes.begin(), bytes.end(), '\n');
}

Result readAll(const QByteArray& bytes)
{
    QByteArray copy = bytes;
    QBuffer device(&copy);
    device.open(QIODevice::ReadOnly);
    return readAll(device, bytes.size(), lineFeeds(bytes));
}

// The tokens of an accepted document form JSON: one value, keys only in objects and each
// followed by a value, every begin closed by its own end.
void checkGrammar(const std::vector<Read>& tokens)
{
    std::vector<Token> open; // BeginObject or BeginArray
    bool afterKey = false;   // in an object: its next token is the key's value
    bool done = false;       // the top-level value is complete
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const Token t = tokens[i].kind;
        expect(!done, "a document is one value", i);
        const Token container = open.empty() ? Token::End : open.back();
        if (container == Token::BeginObject && !afterKey) {
            if (t == Token::Key) {
                afterKey = true;
                continue;
            }
            expect(t == Token::EndObject, "an object holds keys and values", i);
            open.pop_back();
        } else if (container == Token::BeginArray && t == Token::EndArray) {
            open.pop_back();
        } else {
            expect(beginsValue(t), "a value where one is expected", i);
            afterKey = false;
            if (t == Token::BeginObject || t == Token::BeginArray) {
                open.push_back(t);
                continue;
            }
        }
        afterKey = false;
        done = open.empty();
    }
    expect(done, "a document is one complete value");
}

// The index of the last token of the value that starts at tokens[i].
std::size_t valueEnd(const std::vector<Read>& tokens, std::size_t i)
{
    if (isScalar(tokens[i].kind))
        return i;
    int open = 0;
    for (std::size_t k = i; k < tokens.size(); ++k) {
        const Token t = tokens[k].kind;
        open += t == Token::BeginObject || t == Token::BeginArray;
        open -= t == Token::EndObject || t == Token::EndArray;
        if (open == 0)
            return k;
    }
    broken("a begin token without its end", i);
}

// Reads the document again, calling skipValue() before some tokens (the input's size picks
// which): it skips the value that starts there, or returns false consuming nothing when a key,
// an end or the document's end comes; either way the tokens after it are the ones expected.
void checkSkipValue(const QByteArray& input, const std::vector<Read>& tokens)
{
    QByteArray copy = input;
    QBuffer device(&copy);
    device.open(QIODevice::ReadOnly);
    JsonReader json(device);
    const auto skipBefore = [&](std::size_t i) {
        return ((std::uint32_t(i + 1) * 0x9E3779B1u) ^
                (std::uint32_t(input.size()) * 0x85EBCA6Bu)) %
                   3 ==
               0;
    };
    std::size_t i = 0;
    for (;;) {
        if (skipBefore(i)) {
            const int depth = json.depth();
            const bool expected = i < tokens.size() && beginsValue(tokens[i].kind);
            const bool skipped = json.skipValue();
            expect(json.ok(), "skipValue() on a valid document is no error", i);
            expect(skipped == expected, "skipValue() skips only where a value comes", i);
            expect(json.depth() == depth, "skipValue() ends on the level it started", i);
            if (skipped)
                i = valueEnd(tokens, i) + 1;
        }
        const Token t = json.next();
        if (i == tokens.size()) {
            expect(t == Token::End, "after skipValue(), the document ends where it did", i);
            return;
        }
        expect(t == tokens[i].kind && json.text() == tokens[i].text &&
                   json.line() == tokens[i].line,
               "after skipValue(), the tokens go on as they did", i);
        ++i;
    }
}

void appendString(std::string& out, std::string_view text)
{
    out += '"';
    for (char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(u));
            out += buf;
        } else {
            out += c;
        }
    }
    out += '"';
}

// The tokens as compact JSON text, escaping strings and keys the plainest way.
QByteArray plainText(const std::vector<Read>& tokens)
{
    std::string out;
    bool comma = false; // a value just ended: the next key or value is a sibling
    for (const Read& r : tokens) {
        const bool closing = r.kind == Token::EndObject || r.kind == Token::EndArray;
        if (comma && !closing)
            out += ',';
        comma = true;
        switch (r.kind) {
        case Token::BeginObject:
            out += '{';
            comma = false;
            break;
        case Token::BeginArray:
            out += '[';
            comma = false;
            break;
        case Token::EndObject:
            out += '}';
            break;
        case Token::EndArray:
            out += ']';
            break;
        case Token::Key:
            appendString(out, r.text);
            out += ':';
            comma = false;
            break;
        case Token::String:
            appendString(out, r.text);
            break;
        case Token::Number:
        case Token::True:
        case Token::False:
        case Token::Null:
            out += r.text;
            break;
        case Token::End:
        case Token::Error:
            break;
        }
    }
    return QByteArray(out.data(), qsizetype(out.size()));
}

// The tokens as JsonWriter writes them (as the exports do).
QByteArray writerText(const std::vector<Read>& tokens)
{
    QByteArray bytes;
    QBuffer device(&bytes);
    device.open(QIODevice::WriteOnly);
    JsonWriter json(device);
    for (const Read& r : tokens) {
        switch (r.kind) {
        case Token::BeginObject:
            json.beginObject();
            break;
        case Token::BeginArray:
            json.beginArray();
            break;
        case Token::EndObject:
            json.endObject();
            break;
        case Token::EndArray:
            json.endArray();
            break;
        case Token::Key:
            json.key(r.text);
            break;
        case Token::String:
            json.string(std::string_view(r.text));
            break;
        case Token::Number:
            expect(JsonWriter::isNumber(r.text), "JsonWriter::isNumber takes the reader's numbers");
            if (r.integer)
                json.number(*r.integer);
            else
                json.numberText(r.text);
            break;
        case Token::True:
        case Token::False:
            json.boolean(r.kind == Token::True);
            break;
        case Token::Null:
            json.null();
            break;
        case Token::End:
        case Token::Error:
            break;
        }
    }
    expect(json.finish(), "a QBuffer takes JsonWriter's writes");
    return bytes;
}

// The tokens read back from `text`, as they were (JsonWriter writes an integer's value, so
// "-0" comes back as "0").
void checkReadsBack(const char* how, const QByteArray& text, const std::vector<Read>& tokens,
                    bool integersAsValues)
{
    const Result again = readAll(text);
    bool same = again.ok && again.tokens.size() == tokens.size();
    for (std::size_t i = 0; same && i < tokens.size(); ++i) {
        Read expected = tokens[i];
        if (integersAsValues && expected.integer)
            expected.text = std::to_string(*expected.integer);
        same = again.tokens[i].sameToken(expected);
    }
    if (!same) {
        print("read", Result{tokens, true, {}, 0});
        print("read back", again);
        std::fprintf(stderr, "written:\n%s\n", text.constData());
        std::fprintf(stderr, "\nBROKEN: the tokens written back %s read back the same\n", how);
        std::abort();
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char*>(data), qsizetype(size));
    const Result whole = readAll(input);

    // The same bytes from a pipe, 1 to 8 bytes a read (the size picks how many).
    TrickleDevice pipe(input, qint64(size % 8) + 1);
    pipe.open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    const Result trickled = readAll(pipe, input.size(), lineFeeds(input));
    if (trickled != whole) {
        print("read at once", whole);
        print("read a few bytes at a time", trickled);
        broken("a pipe's short reads give what one read gives");
    }

    if (!whole.ok)
        return 0;
    checkGrammar(whole.tokens);
    checkSkipValue(input, whole.tokens);
    checkReadsBack("as plain JSON", plainText(whole.tokens), whole.tokens, false);
    checkReadsBack("by JsonWriter", writerText(whole.tokens), whole.tokens, true);
    return 0;
}
