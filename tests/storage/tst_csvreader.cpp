// CsvReader: RFC 4180 as spreadsheets write it, the header's separator, BOMs and UTF-16,
// line numbers, errors, and records that straddle the device's chunks.
#include "storage/csvreader.h"
#include "storage/csvwriter.h"

#include <QBuffer>
#include <QRandomGenerator>
#include <QTemporaryFile>
#include <QTest>

#include <algorithm>
#include <cstring>

using namespace accord;

namespace {

using Record = QList<QByteArray>;

struct Outcome {
    QList<Record> records;
    QList<qint64> lines; // where each record starts
    bool ok = true;
    QString error;
    qint64 errorLine = 0;
    char separator = ',';
    qint64 bytesRead = 0;
};

Outcome readAll(QIODevice& device)
{
    Outcome outcome;
    CsvReader csv(device);
    while (csv.next()) {
        Record record;
        for (int i = 0; i < csv.fieldCount(); ++i) {
            const std::string_view field = csv.field(i);
            record.append(QByteArray(field.data(), qsizetype(field.size())));
        }
        outcome.records.append(record);
        outcome.lines.append(csv.line());
    }
    outcome.ok = csv.ok();
    outcome.error = csv.error();
    outcome.errorLine = csv.line();
    outcome.separator = csv.separator();
    outcome.bytesRead = csv.bytesRead();
    if (csv.next())
        qFatal("next() found a record after the end or an error");
    return outcome;
}

Outcome readAll(QByteArray bytes)
{
    QBuffer device(&bytes);
    device.open(QIODevice::ReadOnly);
    return readAll(device);
}

// The bytes of text as UTF-16 with a BOM.
QByteArray utf16(QStringView text, bool bigEndian)
{
    QByteArray bytes = bigEndian ? QByteArray("\xFE\xFF") : QByteArray("\xFF\xFE");
    for (const QChar c : text) {
        const char high = char(c.unicode() >> 8);
        const char low = char(c.unicode() & 0xFF);
        bytes.append(bigEndian ? high : low);
        bytes.append(bigEndian ? low : high);
    }
    return bytes;
}

// A sequential device that hands over at most `piece` bytes per read, as a pipe may.
class TrickleDevice : public QIODevice
{
public:
    TrickleDevice(QByteArray bytes, qint64 piece) : m_bytes(std::move(bytes)), m_piece(piece) {}
    bool isSequential() const override { return true; }
    qint64 reads() const { return m_reads; }

protected:
    qint64 readData(char* data, qint64 maxSize) override
    {
        const qint64 size = std::min({maxSize, m_piece, qint64(m_bytes.size()) - m_at});
        std::memcpy(data, m_bytes.constData() + m_at, std::size_t(size));
        m_at += size;
        ++m_reads;
        return size;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QByteArray m_bytes;
    qint64 m_piece;
    qint64 m_at = 0;
    qint64 m_reads = 0;
};

// A device whose reads fail after the first, as a disk or a network share may.
class FailingDevice : public QIODevice
{
protected:
    qint64 readData(char* data, qint64 maxSize) override
    {
        if (m_failed) {
            setErrorString(QStringLiteral("Input/output error"));
            return -1;
        }
        m_failed = true;
        const QByteArray first("a,b\n1,2\n3,");
        const qint64 size = std::min(maxSize, qint64(first.size()));
        std::memcpy(data, first.constData(), std::size_t(size));
        return size;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    bool m_failed = false;
};

QByteArray randomField(QRandomGenerator& random)
{
    static const QList<QByteArray> pieces = {"a",  "Smith", " ",    ",", ";",    "\"", "\"\"",
                                             "\n", "\r",    "\r\n", "é", "東京", "😀",  "0"};
    QByteArray field;
    const int length = random.bounded(6); // empty fields too
    for (int i = 0; i < length; ++i)
        field += pieces.at(random.bounded(qsizetype(pieces.size())));
    return field;
}

} // namespace

class TestCsvReader : public QObject
{
    Q_OBJECT

private slots:
    void plainRecordsSplitAtCommas()
    {
        const Outcome read = readAll("id,first_name,email\n1,Ada,ada@example.com\n2,Alan,\n");
        QVERIFY(read.ok);
        QCOMPARE(read.separator, ',');
        QCOMPARE(read.records, (QList<Record>{{"id", "first_name", "email"},
                                              {"1", "Ada", "ada@example.com"},
                                              {"2", "Alan", ""}}));
        QCOMPARE(read.lines, (QList<qint64>{1, 2, 3}));
    }

    void quotedFieldsHoldSeparatorsQuotesAndNewlines()
    {
        const Outcome read = readAll("a,b,c,d\n"
                                     "\"Smith, Ann\",\"say \"\"hi\"\"\",\"two\nlines\",\"\"\r\n"
                                     "\"\"\"\",\"cr\rand crlf\r\n\",x,\"\"\"a,b\"\"\"\n");
        QVERIFY2(read.ok, qPrintable(read.error));
        QCOMPARE(read.records, (QList<Record>{{"a", "b", "c", "d"},
                                              {"Smith, Ann", "say \"hi\"", "two\nlines", ""},
                                              {"\"", "cr\rand crlf\r\n", "x", "\"a,b\""}}));
    }

    void emptyFieldsKeepTheirPlace()
    {
        const Outcome read = readAll("a,b,c\n,,x\nx,,\n\"\"\n,\n");
        QVERIFY(read.ok);
        QCOMPARE(read.records,
                 (QList<Record>{{"a", "b", "c"}, {"", "", "x"}, {"x", "", ""}, {""}, {"", ""}}));
    }

    void theLastRecordMayLackALineEnd()
    {
        QCOMPARE(readAll("a,b\n1,2").records, (QList<Record>{{"a", "b"}, {"1", "2"}}));
        QCOMPARE(readAll("a,b\n1,").records, (QList<Record>{{"a", "b"}, {"1", ""}}));
        QCOMPARE(readAll("a,b\n1,\"2\"").records, (QList<Record>{{"a", "b"}, {"1", "2"}}));
    }

    void crLfAndALoneCrEndRecords()
    {
        const Outcome read = readAll("a,b\r\n1,2\r3,4\n5,6\r\n");
        QVERIFY(read.ok);
        QCOMPARE(read.records, (QList<Record>{{"a", "b"}, {"1", "2"}, {"3", "4"}, {"5", "6"}}));
        QCOMPARE(read.lines, (QList<qint64>{1, 2, 3, 4}));
    }

    void emptyLinesAreSkippedButCounted()
    {
        const Outcome read = readAll("\n\r\na,b\n\n\r\n\r1,2\n\n");
        QVERIFY(read.ok);
        QCOMPARE(read.records, (QList<Record>{{"a", "b"}, {"1", "2"}}));
        QCOMPARE(read.lines, (QList<qint64>{3, 7}));
    }

    void lineNumbersCountTheLineBreaksInsideQuotes()
    {
        // CRLF is one line break, a lone CR or LF one each, inside quotes as outside.
        const Outcome read = readAll("a,b\n1,\"x\ny\nz\"\n2,\"p\r\nq\rr\"\n3,c\n"
                                     "4,\"s\rt\nu\"\r5,\"\nv\"\n6\n");
        QVERIFY(read.ok);
        QCOMPARE(read.records.size(), 7);
        QCOMPARE(read.records.at(4), (Record{"4", "s\rt\nu"}));
        QCOMPARE(read.lines, (QList<qint64>{1, 2, 5, 8, 9, 12, 14}));
    }

    void emptyInputHasNoRecords()
    {
        for (const QByteArray& bytes : {QByteArray(), QByteArray("\n\r\n"),
                                        QByteArray("\xEF\xBB\xBF"), QByteArray("\xFF\xFE")}) {
            const Outcome read = readAll(bytes);
            QVERIFY2(read.ok, qPrintable(read.error));
            QVERIFY(read.records.isEmpty());
            QCOMPARE(read.separator, ',');
        }
    }

    void semicolonHeaderSwitchesTheSeparator()
    {
        const Outcome read = readAll("first_name;last_name;note\nAnn;Smith;1,5\n\"a;b\";c,d;\n");
        QVERIFY(read.ok);
        QCOMPARE(read.separator, ';');
        QCOMPARE(read.records, (QList<Record>{{"first_name", "last_name", "note"},
                                              {"Ann", "Smith", "1,5"},
                                              {"a;b", "c,d", ""}}));
    }

    void theHeaderDecidesTheSeparatorOnce_data()
    {
        QTest::addColumn<QByteArray>("csv");
        QTest::addColumn<char>("separator");
        QTest::newRow("commas only") << QByteArray("a,b\nc;d;e\n") << ',';
        QTest::newRow("no separator at all") << QByteArray("a\n;;\n") << ',';
        QTest::newRow("more semicolons") << QByteArray("a;b;c,d\n") << ';';
        QTest::newRow("more commas") << QByteArray("a;b,c,d\n") << ',';
        QTest::newRow("as many of each") << QByteArray("a;b,c\n") << ',';
        QTest::newRow("semicolons inside quotes do not count")
            << QByteArray("\"a;b;c\",d\n") << ',';
        QTest::newRow("commas inside quotes do not count") << QByteArray("\"a,b,c\";d\n") << ';';
        QTest::newRow("a quoted line break is inside the header")
            << QByteArray("\"a\nb\";c\nx,y,z\n") << ';';
        QTest::newRow("empty lines before the header") << QByteArray("\n\r\na;b\n") << ';';
        QTest::newRow("after a BOM") << QByteArray("\xEF\xBB\xBF"
                                                   "a;b\n")
                                     << ';';
    }

    void theHeaderDecidesTheSeparatorOnce()
    {
        QFETCH(QByteArray, csv);
        QFETCH(char, separator);
        QCOMPARE(readAll(csv).separator, separator);
    }

    void aUtf8BomIsStripped()
    {
        const Outcome read = readAll("\xEF\xBB\xBF"
                                     "email,name\n\"x@y\",Zoë\n");
        QVERIFY(read.ok);
        QCOMPARE(read.records, (QList<Record>{{"email", "name"}, {"x@y", "Zoë"}}));
        // Only the first three bytes are a BOM; one further on is text.
        QCOMPARE(readAll("a\n\xEF\xBB\xBF\n").records.at(1).at(0), QByteArray("\xEF\xBB\xBF"));
    }

    void utf16WithBomReadsAsUtf8_data()
    {
        QTest::addColumn<bool>("bigEndian");
        QTest::newRow("little endian") << false;
        QTest::newRow("big endian") << true;
    }

    void utf16WithBomReadsAsUtf8()
    {
        QFETCH(bool, bigEndian);
        const QString text = QStringLiteral("name;city\r\n\"Zoë; \"\"Z\"\"\";東京 😀\r\n");
        const Outcome read = readAll(utf16(text, bigEndian));
        QVERIFY2(read.ok, qPrintable(read.error));
        QCOMPARE(read.separator, ';');
        QCOMPARE(read.records, (QList<Record>{{"name", "city"},
                                              {QStringLiteral("Zoë; \"Z\"").toUtf8(),
                                               QStringLiteral("東京 😀").toUtf8()}}));
        QCOMPARE(read.bytesRead, qint64(utf16(text, bigEndian).size()));
    }

    void brokenUtf16IsAnErrorOnItsLine_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("error");
        const QByteArray start = utf16(u"a\nb\n", false);
        const QString invalid = QStringLiteral("the text is not valid UTF-16");
        QTest::newRow("odd trailing byte") << start + "c" << invalid;
        QTest::newRow("lone high surrogate") << start + QByteArray("\x3D\xD8x\0", 4) << invalid;
        QTest::newRow("high surrogate at the end") << start + QByteArray("\x3D\xD8") << invalid;
        QTest::newRow("lone low surrogate") << start + QByteArray("\x00\xDE", 2) << invalid;
        QTest::newRow("NUL") << start + QByteArray("\0\0", 2)
                             << QStringLiteral("the text holds a NUL byte");
    }

    void brokenUtf16IsAnErrorOnItsLine()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, error);
        const Outcome read = readAll(bytes);
        QVERIFY(!read.ok);
        QCOMPARE(read.error, error);
        QCOMPARE(read.errorLine, qint64(3));
        QCOMPARE(read.records, (QList<Record>{{"a"}, {"b"}}));
    }

    void invalidUtf8IsAnErrorOnItsLine_data()
    {
        QTest::addColumn<QByteArray>("bad");
        QTest::newRow("lone continuation byte") << QByteArray("\x80");
        QTest::newRow("overlong") << QByteArray("\xC0\xAF");
        QTest::newRow("overlong three bytes") << QByteArray("\xE0\x80\xAF");
        QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80");
        QTest::newRow("past U+10FFFF") << QByteArray("\xF4\x90\x80\x80");
        QTest::newRow("not a lead byte") << QByteArray("\xF8\x88\x80\x80\x80");
        QTest::newRow("cut short") << QByteArray("\xE6\x9D,x");
        QTest::newRow("cut off by the end") << QByteArray("\xE6\x9D");
        QTest::newRow("Latin-1") << QByteArray("Zo\xEB");
    }

    void invalidUtf8IsAnErrorOnItsLine()
    {
        QFETCH(QByteArray, bad);
        const Outcome read = readAll("name,city\n\"Zoë\",東京\n\"x\ny\"," + bad);
        QVERIFY(!read.ok);
        QCOMPARE(read.error, QStringLiteral("the text is not valid UTF-8"));
        QCOMPARE(read.errorLine, qint64(4));
        QCOMPARE(read.records.size(), 2);
    }

    void aNulByteIsAnError()
    {
        const Outcome read = readAll(QByteArray("a,b\n1,2\n3,x\0y\n", 14));
        QVERIFY(!read.ok);
        QCOMPARE(read.error, QStringLiteral("the text holds a NUL byte"));
        QCOMPARE(read.errorLine, qint64(3));
        QCOMPARE(read.records.size(), 2);
    }

    void unclosedQuoteIsAnErrorOnItsLine()
    {
        const Outcome read = readAll("a,b\n1,2\n3,\"four\n\nfive,6\n7,8\n");
        QVERIFY(!read.ok);
        QCOMPARE(read.error, QStringLiteral("a quoted field is not closed"));
        QCOMPARE(read.errorLine, qint64(3));
        QCOMPARE(read.records, (QList<Record>{{"a", "b"}, {"1", "2"}}));
    }

    void aQuoteInsideAnUnquotedFieldIsAnError()
    {
        const Outcome read = readAll("a,b\n1,2\n3,4\"5\n");
        QVERIFY(!read.ok);
        QCOMPARE(read.error, QStringLiteral("a quote appears inside a field that is not quoted"));
        QCOMPARE(read.errorLine, qint64(3));
        QCOMPARE(read.records.size(), 2);
    }

    void textAfterAClosingQuoteIsAnError()
    {
        for (const QByteArray& bytes :
             {QByteArray("a,b\n\"x\ny\" z,1\n"), QByteArray("a,b\n\"x\ny\";1\n")}) {
            const Outcome read = readAll(bytes);
            QVERIFY(!read.ok);
            QCOMPARE(read.error, QStringLiteral("a quoted field is followed by more than a "
                                                "separator or a line end"));
            QCOMPARE(read.errorLine, qint64(3));
            QCOMPARE(read.records.size(), 1);
        }
    }

    void aReadErrorIsReported()
    {
        FailingDevice device;
        device.open(QIODevice::ReadOnly | QIODevice::Unbuffered);
        const Outcome read = readAll(device);
        QVERIFY(!read.ok);
        QCOMPARE(read.error, QStringLiteral("the file could not be read (Input/output error)"));
        QCOMPARE(read.errorLine, qint64(3));
        QCOMPARE(read.records, (QList<Record>{{"a", "b"}, {"1", "2"}}));
    }

    void fieldsOutsideTheRecordAreEmpty()
    {
        QByteArray bytes("a,b\n");
        QBuffer device(&bytes);
        device.open(QIODevice::ReadOnly);
        CsvReader csv(device);
        QVERIFY(csv.next());
        QCOMPARE(csv.fieldCount(), 2);
        QVERIFY(csv.field(-1).empty());
        QVERIFY(csv.field(2).empty());
        QVERIFY(!csv.next());
        QVERIFY(csv.ok());
        QCOMPARE(csv.fieldCount(), 0);
    }

    void roundTripsWhatCsvWriterWrites_data()
    {
        QTest::addColumn<CsvWriter::LineEnd>("lineEnd");
        QTest::newRow("LF") << CsvWriter::LineEnd::Lf;
        QTest::newRow("CRLF") << CsvWriter::LineEnd::CrLf;
    }

    void roundTripsWhatCsvWriterWrites()
    {
        QFETCH(CsvWriter::LineEnd, lineEnd);
        QRandomGenerator random(20240601);
        // A header of column names (CsvWriter leaves `;` unquoted, so a header of
        // semicolons would be read as choosing them), then random records.
        QList<Record> records{{"id", "name", "note"}};
        for (int i = 0; i < 3000; ++i) {
            Record record;
            const int fields = 1 + random.bounded(6);
            for (int f = 0; f < fields; ++f)
                record.append(randomField(random));
            // A lone empty field is written as an empty line, which is no record.
            if (fields == 1 && record.at(0).isEmpty())
                record[0] = "x";
            records.append(record);
        }

        QTemporaryFile file;
        QVERIFY(file.open());
        CsvWriter writer(file, lineEnd);
        for (const Record& record : records) {
            for (const QByteArray& field : record)
                writer.text(std::string_view(field.constData(), std::size_t(field.size())));
            writer.endLine();
        }
        QVERIFY(writer.finish());
        QVERIFY(file.seek(0));

        const Outcome read = readAll(file);
        QVERIFY2(read.ok, qPrintable(read.error));
        QCOMPARE(read.records.size(), records.size());
        for (qsizetype i = 0; i < records.size(); ++i)
            QCOMPARE(read.records.at(i), records.at(i));
        QCOMPARE(read.bytesRead, file.size());
    }

    void recordsSpanningChunkBoundariesReadWhole()
    {
        // Filler records up to just before a 1 MB boundary, then one the boundary cuts.
        QByteArray bytes;
        QList<Record> records;
        QList<qint64> lines;
        qint64 line = 1;
        const auto add = [&](const QByteArray& raw, const Record& record) {
            bytes += raw;
            records.append(record);
            lines.append(line);
            line += raw.count('\n');
        };
        const auto fillTo = [&](qint64 offset) {
            while (offset - bytes.size() > 100)
                add("f," + QByteArray(48, 'x') + "\n", {"f", QByteArray(48, 'x')});
            const QByteArray xs(offset - bytes.size() - 3, 'x');
            add("f," + xs + "\n", {"f", xs});
        };
        const qint64 chunk = CsvReader::chunkSize;
        add("id,text\n", {"id", "text"});
        fillTo(chunk - 5); // `1,"a` and the first byte of 東
        add("1,\"a東b\"\n", {"1", "a東b"});
        fillTo(2 * chunk - 5); // `2,"x"`, the first of a doubled quote
        add("2,\"x\"\"y\nz\"\n", {"2", "x\"y\nz"});
        fillTo(3 * chunk - 4); // `3,z` and the CR of a CRLF
        add("3,z\r\n", {"3", "z"});
        fillTo(4 * chunk - 5); // `4,"q"` up to its closing quote
        add("4,\"q\",\"\"\n", {"4", "q", ""});
        const QByteArray big(chunk + 12345, 'b'); // a field longer than a chunk
        add("big," + big + "\n", {"big", big});
        add("last,1", {"last", "1"});

        QCOMPARE(bytes.at(chunk - 1), '\xE6');
        QCOMPARE(bytes.mid(2 * chunk - 1, 2), QByteArray("\"\""));
        QCOMPARE(bytes.mid(3 * chunk - 1, 2), QByteArray("\r\n"));
        QCOMPARE(bytes.mid(4 * chunk - 1, 2), QByteArray("\","));

        QTemporaryFile file;
        QVERIFY(file.open());
        QCOMPARE(file.write(bytes), bytes.size());
        QVERIFY(file.seek(0));
        const Outcome read = readAll(file);
        QVERIFY2(read.ok, qPrintable(read.error));
        QCOMPARE(read.records.size(), records.size());
        for (qsizetype i = 0; i < records.size(); ++i) {
            QCOMPARE(read.records.at(i), records.at(i));
            QCOMPARE(read.lines.at(i), lines.at(i));
        }
        QCOMPARE(read.bytesRead, bytes.size());
    }

    void aDeviceHandingOverFewBytesAtATimeReadsTheSame_data()
    {
        QTest::addColumn<int>("piece");
        for (const int piece : {1, 2, 3, 5, 64})
            QTest::newRow(qPrintable(QString::number(piece))) << piece;
    }

    void aDeviceHandingOverFewBytesAtATimeReadsTheSame()
    {
        QFETCH(int, piece);
        const QString text =
            QStringLiteral("name;city\r\n\r\n\"Zoë; \"\"Z\"\"\";東京 😀\r\"a\r\nb\";\n");
        const QList<QByteArray> inputs{text.toUtf8(), "\xEF\xBB\xBF" + text.toUtf8(),
                                       utf16(text, false), utf16(text, true)};
        for (const QByteArray& bytes : inputs) {
            const Outcome whole = readAll(bytes);
            QVERIFY2(whole.ok, qPrintable(whole.error));
            QCOMPARE(whole.records.size(), 3);
            TrickleDevice device(bytes, piece);
            device.open(QIODevice::ReadOnly | QIODevice::Unbuffered);
            const Outcome trickled = readAll(device);
            QVERIFY2(trickled.ok, qPrintable(trickled.error));
            QCOMPARE(trickled.records, whole.records);
            QCOMPARE(trickled.lines, whole.lines);
            QCOMPARE(trickled.separator, ';');
            QCOMPARE(trickled.bytesRead, bytes.size());
            QVERIFY(device.reads() >= bytes.size() / piece); // the reader did get it in pieces
        }
    }
};

QTEST_GUILESS_MAIN(TestCsvReader)
#include "tst_csvreader.moc"
