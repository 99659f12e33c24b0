// CsvWriter: RFC 4180 quoting, line ends, numbers, and a buffer flushed by the megabyte.
#include "storage/csvwriter.h"

#include <QBuffer>
#include <QTest>

#include <functional>
#include <limits>

using namespace accord;

namespace {

QByteArray written(const std::function<void(CsvWriter&)>& write,
                   CsvWriter::LineEnd end = CsvWriter::LineEnd::Lf)
{
    QByteArray bytes;
    QBuffer device(&bytes);
    device.open(QIODevice::WriteOnly);
    CsvWriter csv(device, end);
    write(csv);
    if (!csv.finish())
        qFatal("the buffer refused a write");
    return bytes;
}

// A device that refuses every write, as a full disk does.
class FullDevice : public QIODevice
{
protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char*, qint64) override { return -1; }
};

} // namespace

class TestCsvWriter : public QObject
{
    Q_OBJECT

private slots:
    void plainFieldsAreWrittenAsTheyAre()
    {
        const QByteArray csv = written([](CsvWriter& w) {
            w.text(std::string_view("ada"));
            w.text(QStringLiteral("lovelace"));
            w.number(42);
            w.token("true");
            w.endLine();
        });
        QCOMPARE(csv, QByteArray("ada,lovelace,42,true\n"));
    }

    void commasQuotesAndLineBreaksAreQuoted()
    {
        const QByteArray csv = written([](CsvWriter& w) {
            w.text(QStringLiteral("Smith, Ann"));
            w.text(QStringLiteral("say \"hi\""));
            w.text(QStringLiteral("two\nlines"));
            w.text(QStringLiteral("carriage\rreturn"));
            w.text(QStringLiteral("\r\n"));
            w.endLine();
        });
        QCOMPARE(csv, QByteArray("\"Smith, Ann\",\"say \"\"hi\"\"\",\"two\nlines\","
                                 "\"carriage\rreturn\",\"\r\n\"\n"));
    }

    void aLoneQuoteIsDoubledInsideQuotes()
    {
        const QByteArray csv = written([](CsvWriter& w) {
            w.text(std::string_view("\""));
            w.endLine();
        });
        QCOMPARE(csv, QByteArray("\"\"\"\"\n"));
    }

    void emptyFieldsKeepTheirPlace()
    {
        const QByteArray csv = written([](CsvWriter& w) {
            w.text(QString());
            w.text(std::string_view());
            w.text(QStringLiteral("x"));
            w.endLine();
            w.text(QString());
            w.endLine();
            w.endLine();
        });
        // A record of one empty field is "" (an empty line reads as no record); a line
        // with no field at all stays empty.
        QCOMPARE(csv, QByteArray(",,x\n\"\"\n\n"));
    }

    void textIsUtf8()
    {
        const QByteArray csv = written([](CsvWriter& w) {
            w.text(QStringLiteral("Élodie"));
            w.text(QStringLiteral("東京, 日本"));
            w.endLine();
        });
        QCOMPARE(csv, QStringLiteral("Élodie,\"東京, 日本\"\n").toUtf8());
    }

    void numbersAreDecimal()
    {
        const QByteArray csv = written([](CsvWriter& w) {
            w.number(0);
            w.number(-17);
            w.number(std::numeric_limits<qint64>::max());
            w.endLine();
        });
        QCOMPARE(csv, QByteArray("0,-17,9223372036854775807\n"));
    }

    void spreadsheetLineEndsAreCrLf()
    {
        const QByteArray csv = written(
            [](CsvWriter& w) {
                w.text(QStringLiteral("a"));
                w.endLine();
                w.text(QStringLiteral("b"));
                w.endLine();
            },
            CsvWriter::LineEnd::CrLf);
        QCOMPARE(csv, QByteArray("a\r\nb\r\n"));
    }

    void manyMegabytesArriveWholeAndInOrder()
    {
        const int lines = 200000; // about 5 MB: several flushes of the buffer
        qint64 counted = 0;
        const QByteArray csv = written([&](CsvWriter& w) {
            for (int i = 0; i < lines; ++i) {
                w.number(i);
                w.text(QStringLiteral("name, %1").arg(i));
                w.endLine();
            }
            counted = w.lines();
        });
        QCOMPARE(counted, qint64(lines));
        QVERIFY(csv.size() > qsizetype(3 * CsvWriter::flushAt));
        const QList<QByteArray> split = csv.split('\n');
        QCOMPARE(split.size(), lines + 1); // the last line end leaves an empty tail
        QCOMPARE(split.at(0), QByteArray("0,\"name, 0\""));
        QCOMPARE(split.at(123456), QByteArray("123456,\"name, 123456\""));
        QCOMPARE(split.at(lines - 1), QByteArray("199999,\"name, 199999\""));
    }

    void aRefusedWriteIsReported()
    {
        FullDevice device;
        device.open(QIODevice::WriteOnly);
        CsvWriter csv(device);
        csv.text(QStringLiteral("x"));
        csv.endLine();
        QVERIFY(csv.ok()); // still buffered
        QVERIFY(!csv.finish());
        QVERIFY(!csv.ok());
    }
};

QTEST_GUILESS_MAIN(TestCsvWriter)
#include "tst_csvwriter.moc"
