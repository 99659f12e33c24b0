// libFuzzer target: CsvReader on any bytes. Besides "no crash" it checks that the reader moves
// forward (bytesRead() and line() only grow, the end stays the end), that reading the bytes a
// few at a time from a pipe-like device gives what reading them at once gives (the same
// records, or the same error on the same line), and that records it accepted, written back
// with CsvWriter, read back as the same fields; abort() when a check fails.
#include "storage/csvreader.h"
#include "storage/csvwriter.h"
#include "trickledevice.h"

#include <QBuffer>
#include <QByteArray>
#include <QIODevice>
#include <QString>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

using namespace accord;

namespace {

using Record = std::vector<std::string>;

struct Result {
    std::vector<Record> records;
    bool ok = false;
    QString error;
    qint64 errorLine = 0;
    char separator = ',';
    friend bool operator==(const Result&, const Result&) = default;
};

[[noreturn]] void broken(const char* what, std::size_t record)
{
    std::fprintf(stderr, "\nBROKEN: %s (record %zu)\n", what, record);
    std::abort();
}

void expect(bool holds, const char* what, std::size_t record)
{
    if (!holds)
        broken(what, record);
}

// Every record up to the end or an error, checking what holds while reading.
Result readAll(QIODevice& device, qint64 inputSize, qint64 lineBreakBytes)
{
    CsvReader csv(device);
    Result result;
    qint64 bytesRead = csv.bytesRead();
    qint64 line = 0;
    // Lines end at CR, LF or CRLF: each takes at least one of those bytes (in UTF-16 too).
    const qint64 maxLine = lineBreakBytes + 1;
    // Every record takes at least one byte: more means the reader stopped moving.
    for (qint64 n = 0; n <= inputSize + 1; ++n) {
        const bool more = csv.next();
        const std::size_t i = result.records.size();
        expect(csv.bytesRead() >= bytesRead, "bytesRead() never decreases", i);
        expect(csv.bytesRead() <= inputSize, "bytesRead() is at most the input's size", i);
        bytesRead = csv.bytesRead();
        expect(csv.separator() == ',' || csv.separator() == ';', "the separator is , or ;", i);
        if (!more) {
            result.ok = csv.ok();
            result.separator = csv.separator();
            expect(csv.fieldCount() == 0, "no fields after the end or an error", i);
            if (!result.ok) {
                result.error = csv.error();
                result.errorLine = csv.line();
                expect(!result.error.isEmpty(), "an error comes with a message", i);
                expect(csv.line() >= 1 && csv.line() <= maxLine, "an error's line is a line", i);
            }
            expect(!csv.next() && csv.ok() == result.ok, "the end (or the error) stays", i);
            return result;
        }
        expect(csv.ok(), "ok() while records come", i);
        expect(csv.line() > line, "each record starts on a later line", i);
        expect(csv.line() <= maxLine, "a record starts on a line the input has", i);
        line = csv.line();
        expect(csv.fieldCount() >= 1, "a record has a field", i);
        expect(csv.field(-1).empty() && csv.field(csv.fieldCount()).empty(),
               "a field outside the record is empty", i);
        Record r;
        for (int f = 0; f < csv.fieldCount(); ++f)
            r.emplace_back(csv.field(f));
        result.records.push_back(std::move(r));
    }
    broken("the reader returned more records than the input has bytes", result.records.size());
}

Result readAll(const QByteArray& bytes)
{
    const qint64 lineBreakBytes =
        std::count_if(bytes.begin(), bytes.end(), [](char c) { return c == '\n' || c == '\r'; });
    QByteArray copy = bytes;
    QBuffer device(&copy);
    device.open(QIODevice::ReadOnly);
    return readAll(device, bytes.size(), lineBreakBytes);
}

// The header row written before the records read back: one plain field, so that the reader
// keeps ',' as the separator (it would choose ';' for a first record with more unquoted ';'
// than fields, as a spreadsheet's export has) and no record starts the file (a first field
// that begins with U+FEFF would be taken for a BOM). Exports always start with a header.
constexpr std::string_view header = "record";

QByteArray written(const std::vector<Record>& records, CsvWriter::LineEnd lineEnd)
{
    QByteArray bytes;
    QBuffer device(&bytes);
    device.open(QIODevice::WriteOnly);
    CsvWriter csv(device, lineEnd);
    csv.text(header);
    csv.endLine();
    for (const Record& r : records) {
        for (const std::string& field : r)
            csv.text(std::string_view(field));
        csv.endLine();
    }
    if (!csv.finish())
        broken("a QBuffer refused a write", 0);
    expect(csv.lines() == qint64(records.size()) + 1, "CsvWriter counts its lines", 0);
    return bytes;
}

void print(const char* title, const std::vector<Record>& records)
{
    std::fprintf(stderr, "%s:\n", title);
    for (const Record& r : records) {
        std::fprintf(stderr, "  [");
        for (const std::string& f : r)
            std::fprintf(stderr, " <%s>", f.c_str());
        std::fprintf(stderr, " ]\n");
    }
}

void printResult(const char* title, const Result& r)
{
    print(title, r.records);
    std::fprintf(stderr, "  ok %d, separator '%c', error on line %lld: %s\n", int(r.ok),
                 r.separator, static_cast<long long>(r.errorLine), qPrintable(r.error));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const QByteArray input(reinterpret_cast<const char*>(data), qsizetype(size));
    const Result whole = readAll(input);

    // The same bytes from a pipe, 1 to 8 bytes a read (the size picks how many).
    TrickleDevice pipe(input, qint64(size % 8) + 1);
    pipe.open(QIODevice::ReadOnly | QIODevice::Unbuffered);
    const qint64 lineBreakBytes =
        std::count_if(input.begin(), input.end(), [](char c) { return c == '\n' || c == '\r'; });
    const Result trickled = readAll(pipe, input.size(), lineBreakBytes);
    if (trickled != whole) {
        printResult("read at once", whole);
        printResult("read a few bytes at a time", trickled);
        broken("a pipe's short reads give what one read gives", 0);
    }

    if (!whole.ok)
        return 0;
    const auto lineEnd = size % 2 == 0 ? CsvWriter::LineEnd::Lf : CsvWriter::LineEnd::CrLf;
    const QByteArray again = written(whole.records, lineEnd);
    Result reread = readAll(again);
    const bool headerBack =
        !reread.records.empty() && reread.records.front() == Record{std::string(header)};
    if (headerBack)
        reread.records.erase(reread.records.begin());
    if (!reread.ok || reread.separator != ',' || !headerBack || reread.records != whole.records) {
        print("read", whole.records);
        printResult("read back (without the header row)", reread);
        std::fprintf(stderr, "written:\n%s\n", again.constData());
        broken("records written back with CsvWriter read back the same", 0);
    }
    return 0;
}
