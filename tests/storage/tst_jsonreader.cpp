// JsonReader: RFC 8259 token by token, strictly, across chunk boundaries and on any input.
#include "storage/jsonreader.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryFile>
#include <QTest>

#include <cstring>
#include <limits>
#include <string>

using namespace accord;
using Token = JsonReader::Token;

namespace {

QString spelled(const JsonReader& json, Token token)
{
    const QString text = QString::fromUtf8(json.text().data(), qsizetype(json.text().size()));
    switch (token) {
    case Token::BeginObject:
        return QStringLiteral("{");
    case Token::EndObject:
        return QStringLiteral("}");
    case Token::BeginArray:
        return QStringLiteral("[");
    case Token::EndArray:
        return QStringLiteral("]");
    case Token::Key:
        return text + QLatin1Char(':');
    case Token::String:
        return QStringLiteral("\"%1\"").arg(text);
    case Token::Number:
    case Token::True:
    case Token::False:
    case Token::Null:
        return text;
    case Token::End:
        return QStringLiteral("end");
    case Token::Error:
        return QStringLiteral("error@%1").arg(json.line());
    }
    return QString();
}

// The tokens still to come, spelled: "{", "key:", "\"text\"", "42", ..., then "end" or
// "error@<line>".
QStringList rest(JsonReader& json)
{
    QStringList read;
    for (;;) {
        const Token token = json.next();
        read.append(spelled(json, token));
        if (token == Token::End || token == Token::Error)
            return read;
    }
}

// A row name: bytes outside printable ASCII as \xNN.
QString printable(const QByteArray& bytes)
{
    QString name;
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte < 0x7F)
            name += QLatin1Char(c);
        else
            name += QStringLiteral("\\x%1").arg(int(byte), 2, 16, QLatin1Char('0'));
    }
    return name.isEmpty() ? QStringLiteral("(empty)") : name;
}

QStringList spellings(std::initializer_list<const char*> utf8)
{
    QStringList list;
    for (const char* spelling : utf8)
        list.append(QString::fromUtf8(spelling));
    return list;
}

QStringList tokens(const QByteArray& document)
{
    QBuffer device;
    device.setData(document);
    device.open(QIODevice::ReadOnly);
    JsonReader json(device);
    return rest(json);
}

struct Outcome {
    bool ok = false;
    qint64 line = 0;
    QString error;
};

// Reads a whole document (through a fresh reader) and says how it ended.
Outcome readWhole(const QByteArray& document)
{
    QBuffer device;
    device.setData(document);
    device.open(QIODevice::ReadOnly);
    JsonReader json(device);
    Token token;
    do {
        token = json.next();
    } while (token != Token::End && token != Token::Error);
    return {json.ok(), json.line(), json.error()};
}

// The document as QJsonDocument holds it, built from the tokens; null on an error.
QJsonDocument built(const QByteArray& document)
{
    QBuffer device;
    device.setData(document);
    device.open(QIODevice::ReadOnly);
    JsonReader json(device);
    struct Level {
        bool object = false;
        QJsonObject members;
        QJsonArray elements;
        QString key; // in the level around it
    };
    QList<Level> levels;
    QString key;
    QJsonDocument result;
    for (;;) {
        const Token token = json.next();
        const QString text = QString::fromUtf8(json.text().data(), qsizetype(json.text().size()));
        QJsonValue value;
        switch (token) {
        case Token::BeginObject:
        case Token::BeginArray:
            levels.append({token == Token::BeginObject, {}, {}, key});
            continue;
        case Token::Key:
            key = text;
            continue;
        case Token::EndObject:
        case Token::EndArray: {
            const Level level = levels.takeLast();
            key = level.key;
            if (levels.isEmpty()) {
                result =
                    level.object ? QJsonDocument(level.members) : QJsonDocument(level.elements);
                continue;
            }
            value = level.object ? QJsonValue(level.members) : QJsonValue(level.elements);
            break;
        }
        case Token::String:
            value = text;
            break;
        case Token::Number:
            if (const auto integer = json.integer())
                value = *integer;
            else
                value = std::stod(std::string(json.text()));
            break;
        case Token::True:
        case Token::False:
            value = token == Token::True;
            break;
        case Token::Null:
            value = QJsonValue::Null;
            break;
        case Token::End:
            return result;
        case Token::Error:
            return QJsonDocument();
        }
        if (levels.isEmpty())
            return QJsonDocument(); // a scalar at the top: QJsonDocument cannot hold it
        if (levels.last().object)
            levels.last().members.insert(key, value);
        else
            levels.last().elements.append(value);
    }
}

// A pipe that hands out a few bytes at a time, and between them often has nothing yet.
class TrickleDevice : public QIODevice
{
public:
    TrickleDevice(QByteArray bytes, qint64 step) : m_bytes(std::move(bytes)), m_step(step) {}
    bool isSequential() const override { return true; }
    bool waitForReadyRead(int) override
    {
        ++waits;
        return m_at < m_bytes.size();
    }
    int waits = 0;

protected:
    qint64 readData(char* data, qint64 maxSize) override
    {
        if (m_calls++ % 3 != 0)
            return 0; // nothing yet: a short read, and then a wait
        const qint64 count = std::min({maxSize, m_step, qint64(m_bytes.size()) - m_at});
        std::memcpy(data, m_bytes.constData() + m_at, std::size_t(count));
        m_at += count;
        return count;
    }
    qint64 writeData(const char*, qint64) override { return -1; }

private:
    QByteArray m_bytes;
    qint64 m_step;
    qint64 m_at = 0;
    qint64 m_calls = 0;
};

// A device whose reads fail, as a disk with a bad sector does.
class FailingDevice : public QIODevice
{
protected:
    qint64 readData(char*, qint64) override
    {
        setErrorString(QStringLiteral("Input/output error"));
        return -1;
    }
    qint64 writeData(const char*, qint64) override { return -1; }
};

const QByteArray exportDocument = "{\n"
                                  "  \"manifest\": {\"source\": \"accord.sqlite\", "
                                  "\"schema_version\": 9, \"secrets_included\": false},\n"
                                  "  \"users\": [\n"
                                  "    {\"id\": 1, \"first_name\": \"Ada\", \"email\": "
                                  "\"ada@example.com\", \"language\": null},\n"
                                  "    {\"id\": 2, \"first_name\": \"\\u00c9mile\", \"email\": "
                                  "\"emile@example.com\", \"language\": \"fr\"}\n"
                                  "  ],\n"
                                  "  \"clients\": [],\n"
                                  "  \"links\": [{\"auth_user_id\": 1, \"client_id\": 7, "
                                  "\"owner\": true, \"permissions\": [\"profile\"]}]\n"
                                  "}\n";

} // namespace

class TestJsonReader : public QObject
{
    Q_OBJECT

private slots:
    void readsAnExportShapedDocumentTokenByToken()
    {
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write(exportDocument);
        file.close();
        QVERIFY(file.open());
        JsonReader json(file);

        QStringList read;
        QList<qint64> keyLines;
        int idDepth = 0;
        for (Token token = json.next(); token != Token::End; token = json.next()) {
            QVERIFY2(token != Token::Error, qPrintable(json.error()));
            read.append(spelled(json, token));
            if (token == Token::Key && json.depth() == 1)
                keyLines.append(json.line());
            if (token == Token::Key && json.text() == "id")
                idDepth = json.depth();
        }
        const QStringList expected = spellings({
            "{",
            "manifest:",
            "{",
            "source:",
            "\"accord.sqlite\"",
            "schema_version:",
            "9",
            "secrets_included:",
            "false",
            "}",
            "users:",
            "[",
            "{",
            "id:",
            "1",
            "first_name:",
            "\"Ada\"",
            "email:",
            "\"ada@example.com\"",
            "language:",
            "null",
            "}",
            "{",
            "id:",
            "2",
            "first_name:",
            "\"Émile\"",
            "email:",
            "\"emile@example.com\"",
            "language:",
            "\"fr\"",
            "}",
            "]",
            "clients:",
            "[",
            "]",
            "links:",
            "[",
            "{",
            "auth_user_id:",
            "1",
            "client_id:",
            "7",
            "owner:",
            "true",
            "permissions:",
            "[",
            "\"profile\"",
            "]",
            "}",
            "]",
            "}",
        });
        QCOMPARE(read, expected);
        QCOMPARE(keyLines, (QList<qint64>{2, 3, 7, 8}));
        QCOMPARE(idDepth, 3);
        QCOMPARE(json.depth(), 0);
        QVERIFY(json.ok());
        QCOMPARE(json.bytesRead(), file.size());
        QCOMPARE(json.next(), Token::End); // and End again
    }

    void scalarsMayStandAtTheTop()
    {
        QCOMPARE(tokens("\"lone\""), (spellings({"\"lone\"", "end"})));
        QCOMPARE(tokens(" 42 \n"), (spellings({"42", "end"})));
        QCOMPARE(tokens("true"), (spellings({"true", "end"})));
        QCOMPARE(tokens("\r\n\tnull"), (spellings({"null", "end"})));
    }

    void unescapesEscapesAndSurrogatePairs_data()
    {
        QTest::addColumn<QByteArray>("string");
        QTest::addColumn<QByteArray>("utf8");
        QTest::newRow("short escapes") << QByteArray("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"")
                                       << QByteArray("\" \\ / \b \f \n \r \t");
        QTest::newRow("\\u in one to three bytes")
            << QByteArray("\"\\u0041\\u00e9\\u20AC\\uFFFF\"")
            << QByteArray("A\xC3\xA9\xE2\x82\xAC\xEF\xBF\xBF");
        QTest::newRow("a surrogate pair")
            << QByteArray("\"\\ud83d\\ude00\"") << QByteArray("\xF0\x9F\x98\x80");
        QTest::newRow("the last code point")
            << QByteArray("\"\\uDBFF\\uDFFF\"") << QByteArray("\xF4\x8F\xBF\xBF");
        QTest::newRow("an escaped NUL") << QByteArray("\"a\\u0000b\"") << QByteArray("a\0b", 3);
        QTest::newRow("escapes among plain text")
            << QByteArray("\"line one\\nline two \\u00e9t\\u00e9 \\ud83d\\ude00!\"")
            << QByteArray("line one\nline two \xC3\xA9t\xC3\xA9 \xF0\x9F\x98\x80!");
        QTest::newRow("UTF-8 as it is")
            << QByteArray("\"\xCE\xA9mega \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x98\x80\"")
            << QByteArray("\xCE\xA9mega \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x98\x80");
        QTest::newRow("empty") << QByteArray("\"\"") << QByteArray();
    }

    void unescapesEscapesAndSurrogatePairs()
    {
        QFETCH(QByteArray, string);
        QFETCH(QByteArray, utf8);
        for (const bool asKey : {false, true}) {
            QBuffer device;
            device.setData(asKey ? "{" + string + ": 0}" : "[" + string + "]");
            device.open(QIODevice::ReadOnly);
            JsonReader json(device);
            json.next();
            QCOMPARE(json.next(), asKey ? Token::Key : Token::String);
            QCOMPARE(QByteArray(json.text().data(), qsizetype(json.text().size())), utf8);
            json.skipValue();
            QCOMPARE(json.next(), asKey ? Token::EndObject : Token::EndArray);
            QCOMPARE(json.next(), Token::End);
        }
    }

    void unpairedSurrogateIsAnError_data()
    {
        QTest::addColumn<QByteArray>("document");
        QTest::newRow("high, then the string ends") << QByteArray("[\"\\ud83d\"]");
        QTest::newRow("high, then a letter") << QByteArray("[\"\\ud83dx\"]");
        QTest::newRow("high, then another escape") << QByteArray("[\"\\ud83d\\n\"]");
        QTest::newRow("high, then no low") << QByteArray("[\"\\ud83d\\u0041\"]");
        QTest::newRow("two highs") << QByteArray("[\"\\ud83d\\ud83d\"]");
        QTest::newRow("a low alone") << QByteArray("[\"\\ude00\"]");
        QTest::newRow("low, then high") << QByteArray("[\"\\ude00\\ud83d\"]");
        QTest::newRow("high at the end of the input") << QByteArray("[\"\\ud83d");
    }

    void unpairedSurrogateIsAnError()
    {
        QFETCH(QByteArray, document);
        const Outcome outcome = readWhole(document);
        QVERIFY(!outcome.ok);
        QVERIFY2(outcome.error.contains(u"surrogate"), qPrintable(outcome.error));
    }

    void trailingCommaIsAnErrorOnItsLine_data()
    {
        QTest::addColumn<QByteArray>("document");
        QTest::addColumn<qint64>("line");
        QTest::newRow("array, one line") << QByteArray("[1, 2,]") << qint64(1);
        QTest::newRow("array, bracket below") << QByteArray("[\n1,\n2,\n]") << qint64(3);
        QTest::newRow("object, brace below") << QByteArray("{\n\"a\": 1,\n\n}") << qint64(2);
        QTest::newRow("nested") << QByteArray("{\"a\": [\n[1,\n]]}") << qint64(2);
    }

    void trailingCommaIsAnErrorOnItsLine()
    {
        QFETCH(QByteArray, document);
        QFETCH(qint64, line);
        const Outcome outcome = readWhole(document);
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.line, line);
        QVERIFY2(outcome.error.contains(u"comma"), qPrintable(outcome.error));
    }

    void structuralErrorsNameTheirLine_data()
    {
        QTest::addColumn<QByteArray>("document");
        QTest::addColumn<qint64>("line");
        QTest::newRow("empty") << QByteArray() << qint64(1);
        QTest::newRow("only whitespace") << QByteArray(" \n\t\r\n ") << qint64(3);
        QTest::newRow("missing comma") << QByteArray("{\n\"a\": 1\n\"b\": 2\n}") << qint64(3);
        QTest::newRow("missing colon") << QByteArray("{\"a\"\n1}") << qint64(2);
        QTest::newRow("mismatched bracket") << QByteArray("[1,\n2\n}") << qint64(3);
        QTest::newRow("mismatched brace") << QByteArray("{\"a\": [}") << qint64(1);
        QTest::newRow("a number as key") << QByteArray("{\n\"a\": 1,\n2: 3}") << qint64(3);
        QTest::newRow("a single-quoted key") << QByteArray("{'a': 1}") << qint64(1);
        QTest::newRow("a bare key") << QByteArray("{a: 1}") << qint64(1);
        QTest::newRow("a second value") << QByteArray("[]\n\n[]") << qint64(3);
        QTest::newRow("garbage after") << QByteArray("{}\nx") << qint64(2);
        QTest::newRow("unclosed") << QByteArray("{\"a\": [1,\n2") << qint64(2);
        QTest::newRow("close only") << QByteArray("]") << qint64(1);
        QTest::newRow("double comma") << QByteArray("[1,,2]") << qint64(1);
        QTest::newRow("leading comma") << QByteArray("[,1]") << qint64(1);
        QTest::newRow("key without value") << QByteArray("{\"a\"}") << qint64(1);
        QTest::newRow("key, colon, no value") << QByteArray("{\"a\":}") << qint64(1);
        QTest::newRow("unclosed string") << QByteArray("[\"abc") << qint64(1);
        QTest::newRow("unknown escape") << QByteArray("[\"\\x41\"]") << qint64(1);
        QTest::newRow("octal escape") << QByteArray("[\"\\017\"]") << qint64(1);
        QTest::newRow("short \\u") << QByteArray("[\"\\u12\"]") << qint64(1);
        QTest::newRow("\\u not hex") << QByteArray("[\"\\u12G4\"]") << qint64(1);
        QTest::newRow("form feed is no whitespace") << QByteArray("[\f1]") << qint64(1);
        QTest::newRow("vertical tab is no whitespace") << QByteArray("[\v1]") << qint64(1);
        QTest::newRow("no-break space is no whitespace") << QByteArray("\xC2\xA0[]") << qint64(1);
        QTest::newRow("a comment") << QByteArray("[1] // one") << qint64(1);
        QTest::newRow("capitalised word") << QByteArray("[True]") << qint64(1);
        QTest::newRow("truncated word") << QByteArray("[nul]") << qint64(1);
        QTest::newRow("word run on") << QByteArray("[nullx]") << qint64(1);
        QTest::newRow("a BOM in the middle") << QByteArray("[]\xEF\xBB\xBF") << qint64(1);
        QTest::newRow("half a BOM") << QByteArray("\xEF\xBB[]") << qint64(1);
    }

    void structuralErrorsNameTheirLine()
    {
        QFETCH(QByteArray, document);
        QFETCH(qint64, line);
        const Outcome outcome = readWhole(document);
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.line, line);
        QVERIFY(!outcome.error.isEmpty());
        QVERIFY2(outcome.error.endsWith(u'.'), qPrintable(outcome.error)); // a sentence
    }

    void aByteOrderMarkAtTheStartIsSkipped()
    {
        QCOMPARE(tokens("\xEF\xBB\xBF[1]"), (spellings({"[", "1", "]", "end"})));
        QCOMPARE(tokens("\xEF\xBB\xBF"), (spellings({"error@1"})));
    }

    void anErrorStaysAnError()
    {
        QBuffer device;
        device.setData("[1,,2]");
        device.open(QIODevice::ReadOnly);
        JsonReader json(device);
        QCOMPARE(json.next(), Token::BeginArray);
        QCOMPARE(json.next(), Token::Number);
        QCOMPARE(json.next(), Token::Error);
        const QString error = json.error();
        QCOMPARE(json.next(), Token::Error);
        QVERIFY(!json.skipValue());
        QCOMPARE(json.next(), Token::Error);
        QCOMPARE(json.error(), error);
        QVERIFY(json.text().empty());
    }

    void controlCharactersInStringsAreErrors_data()
    {
        QTest::addColumn<QByteArray>("document");
        QTest::newRow("NUL") << QByteArray("[\"a\0b\"]", 7);
        QTest::newRow("U+0001") << QByteArray("[\"\x01\"]");
        QTest::newRow("U+001F") << QByteArray("[\"\x1F\"]");
        QTest::newRow("a raw tab") << QByteArray("[\"tab\there\"]");
        QTest::newRow("a raw line feed") << QByteArray("[\"line\nbreak\"]");
        QTest::newRow("a raw carriage return") << QByteArray("[\"line\rbreak\"]");
        QTest::newRow("in a key") << QByteArray("{\"a\tb\": 1}");
    }

    void controlCharactersInStringsAreErrors()
    {
        QFETCH(QByteArray, document);
        const Outcome outcome = readWhole(document);
        QVERIFY(!outcome.ok);
        QVERIFY2(outcome.error.contains(u"control character"), qPrintable(outcome.error));
        QCOMPARE(outcome.line, qint64(1)); // the line the string starts on
    }

    void escapedControlCharactersAndDeleteAreFine()
    {
        QCOMPARE(tokens("[\"\\u0001\\u001f\\t\"]"),
                 (spellings({"[", "\"\x01\x1f\t\"", "]", "end"})));
        QCOMPARE(tokens("[\"\x7F\"]"), (spellings({"[", "\"\x7F\"", "]", "end"})));
    }

    void invalidUtf8IsAnError_data()
    {
        QTest::addColumn<QByteArray>("document");
        QTest::newRow("a lone continuation byte") << QByteArray("[\"\x80\"]");
        QTest::newRow("a continuation byte after text") << QByteArray("[\"abc\xBF\"]");
        QTest::newRow("overlong two bytes (C0)") << QByteArray("[\"\xC0\x80\"]");
        QTest::newRow("overlong two bytes (C1)") << QByteArray("[\"\xC1\xBF\"]");
        QTest::newRow("overlong three bytes") << QByteArray("[\"\xE0\x80\x80\"]");
        QTest::newRow("overlong four bytes") << QByteArray("[\"\xF0\x80\x80\x80\"]");
        QTest::newRow("an encoded surrogate") << QByteArray("[\"\xED\xA0\x80\"]");
        QTest::newRow("past U+10FFFF (F4)") << QByteArray("[\"\xF4\x90\x80\x80\"]");
        QTest::newRow("past U+10FFFF (F5)") << QByteArray("[\"\xF5\x80\x80\x80\"]");
        QTest::newRow("FE") << QByteArray("[\"\xFE\"]");
        QTest::newRow("FF") << QByteArray("[\"\xFF\"]");
        QTest::newRow("cut short by the quote") << QByteArray("[\"\xE2\x82\"]");
        QTest::newRow("cut short by ASCII") << QByteArray("[\"\xE2x\x82\"]");
        QTest::newRow("Latin-1") << QByteArray("[\"caf\xE9\"]");
        QTest::newRow("in a key") << QByteArray("{\"\xFF\": 1}");
    }

    void invalidUtf8IsAnError()
    {
        QFETCH(QByteArray, document);
        const Outcome outcome = readWhole(document);
        QVERIFY(!outcome.ok);
        QVERIFY2(outcome.error.contains(u"UTF-8"), qPrintable(outcome.error));
    }

    void utf8AtTheEdgesOfItsRangesIsFine()
    {
        const QByteArray edges("\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80\xEF\xBF\xBF"
                               "\xF0\x90\x80\x80\xF4\x8F\xBF\xBF");
        QCOMPARE(tokens("[\"" + edges + "\"]"),
                 (QStringList{QStringLiteral("["),
                              QStringLiteral("\"%1\"").arg(QString::fromUtf8(edges)),
                              QStringLiteral("]"), QStringLiteral("end")}));
    }

    void numbersFollowTheGrammar_data()
    {
        QTest::addColumn<QByteArray>("number");
        QTest::addColumn<bool>("valid");
        for (const char* valid :
             {"0", "-0", "7", "-7", "10", "1234567890", "0.5", "-0.5", "1e5", "1E5", "1e+5", "1e-5",
              "0e0", "1.25e-10", "-0.0E+00", "123456789012345678901234567890", "1E400"})
            QTest::newRow(valid) << QByteArray(valid) << true;
        for (const char* invalid :
             {"01",       "-01",       "00",    "+1",  ".5",   "1.",    "1.e5",  "1e",
              "1e+",      "-",         "--1",   "-.5", "0x10", "1.5.2", "1e5e5", "NaN",
              "Infinity", "-Infinity", "1_000", "5a",  "0.5f", "- 1"})
            QTest::newRow(invalid) << QByteArray(invalid) << false;
    }

    void numbersFollowTheGrammar()
    {
        QFETCH(QByteArray, number);
        QFETCH(bool, valid);
        const QString text = QString::fromLatin1(number);
        if (valid) {
            QCOMPARE(tokens(number), (QStringList{text, QStringLiteral("end")}));
            QCOMPARE(tokens("[" + number + "]"),
                     (QStringList{QStringLiteral("["), text, QStringLiteral("]"),
                                  QStringLiteral("end")}));
            QCOMPARE(tokens("{\"n\":" + number + "}"),
                     (QStringList{QStringLiteral("{"), QStringLiteral("n:"), text,
                                  QStringLiteral("}"), QStringLiteral("end")}));
        } else {
            QVERIFY(!readWhole(number).ok);
            QVERIFY(!readWhole("[" + number + "]").ok);
            QVERIFY(!readWhole("{\"n\":" + number + "}").ok);
        }
    }

    void aMalformedNumberOrWordIsNamedWhole()
    {
        for (const char* written : {"01", "1.5.2", "-12abc", "truex", "Infinity"}) {
            const Outcome outcome = readWhole(QByteArray("[") + written + "]");
            QVERIFY(!outcome.ok);
            QVERIFY2(outcome.error.contains(QStringLiteral("“%1”").arg(QLatin1String(written))),
                     qPrintable(outcome.error));
        }
    }

    void integerFitsOrIsEmpty_data()
    {
        QTest::addColumn<QByteArray>("number");
        QTest::addColumn<bool>("fits");
        QTest::addColumn<qint64>("value");
        QTest::newRow("zero") << QByteArray("0") << true << qint64(0);
        QTest::newRow("minus zero") << QByteArray("-0") << true << qint64(0);
        QTest::newRow("an id") << QByteArray("1048576") << true << qint64(1048576);
        QTest::newRow("negative") << QByteArray("-17") << true << qint64(-17);
        QTest::newRow("the largest")
            << QByteArray("9223372036854775807") << true << std::numeric_limits<qint64>::max();
        QTest::newRow("the smallest")
            << QByteArray("-9223372036854775808") << true << std::numeric_limits<qint64>::min();
        QTest::newRow("one past the largest")
            << QByteArray("9223372036854775808") << false << qint64(0);
        QTest::newRow("one past the smallest")
            << QByteArray("-9223372036854775809") << false << qint64(0);
        QTest::newRow("far past") << QByteArray("123456789012345678901234567890") << false
                                  << qint64(0);
        QTest::newRow("a fraction") << QByteArray("1.0") << false << qint64(0);
        QTest::newRow("an exponent") << QByteArray("1e3") << false << qint64(0);
    }

    void integerFitsOrIsEmpty()
    {
        QFETCH(QByteArray, number);
        QFETCH(bool, fits);
        QFETCH(qint64, value);
        QBuffer device;
        device.setData("[" + number + ", \"" + number + "\"]");
        device.open(QIODevice::ReadOnly);
        JsonReader json(device);
        QVERIFY(!json.integer()); // before any token
        json.next();
        QCOMPARE(json.next(), Token::Number);
        QCOMPARE(json.integer().has_value(), fits);
        if (fits)
            QCOMPARE(*json.integer(), value);
        QCOMPARE(json.next(), Token::String);
        QVERIFY(!json.integer()); // only a number has one
    }

    void skipValueSkipsNestedValues()
    {
        QBuffer device;
        device.setData(
            "{\"skip\": {\"a\": [1, {\"b\": [[], {}]}], \"c\": \"}]\"}, \"keep\": 42,\n            "
            "              \"list\": [[1, [2]], \"x\", {\"y\": null}, 3], \"last\": \"z\"}");
        device.open(QIODevice::ReadOnly);
        JsonReader json(device);
        QCOMPARE(json.next(), Token::BeginObject);
        QCOMPARE(json.next(), Token::Key);
        QVERIFY(json.skipValue());
        QCOMPARE(json.depth(), 1);
        QCOMPARE(json.next(), Token::Key);
        QCOMPARE(json.text(), "keep");
        QCOMPARE(json.next(), Token::Number);
        QCOMPARE(json.next(), Token::Key);
        QCOMPARE(json.next(), Token::BeginArray);
        QVERIFY(json.skipValue()); // [1, [2]]
        QCOMPARE(json.next(), Token::String);
        QCOMPARE(json.text(), "x");
        QVERIFY(json.skipValue());  // {"y": null}
        QVERIFY(json.skipValue());  // 3
        QVERIFY(!json.skipValue()); // the array ends: nothing is consumed, and that is no error
        QVERIFY(json.ok());
        QCOMPARE(json.next(), Token::EndArray);
        QVERIFY(!json.skipValue()); // a key comes, not a value
        QVERIFY(json.ok());
        QCOMPARE(json.next(), Token::Key);
        QCOMPARE(json.text(), "last");
        QVERIFY(json.skipValue());
        QCOMPARE(json.next(), Token::EndObject);
        QVERIFY(!json.skipValue());
        QCOMPARE(json.next(), Token::End);
    }

    void skipValueSkipsTheWholeDocumentAndStopsAtErrors()
    {
        QBuffer whole;
        whole.setData(exportDocument);
        whole.open(QIODevice::ReadOnly);
        JsonReader json(whole);
        QVERIFY(json.skipValue());
        QCOMPARE(json.next(), Token::End);

        QBuffer broken;
        broken.setData("{\"a\": {\"b\": [1, 2,]}, \"c\": 3}");
        broken.open(QIODevice::ReadOnly);
        JsonReader brokenJson(broken);
        brokenJson.next();
        brokenJson.next();
        QVERIFY(!brokenJson.skipValue());
        QVERIFY(!brokenJson.ok());
        QCOMPARE(brokenJson.next(), Token::Error);
    }

    void deepNestingIsAnErrorNotACrash()
    {
        const int deepest = JsonReader::maxDepth;
        const Outcome deepEnough = readWhole(QByteArray(deepest, '[') + QByteArray(deepest, ']'));
        QVERIFY2(deepEnough.ok, qPrintable(deepEnough.error));

        const Outcome tooDeep =
            readWhole(QByteArray(deepest + 1, '[') + QByteArray(deepest + 1, ']'));
        QVERIFY(!tooDeep.ok);
        QVERIFY2(tooDeep.error.contains(QString::number(deepest)), qPrintable(tooDeep.error));

        QVERIFY(!readWhole(QByteArray(1000000, '[')).ok);
        QVERIFY(!readWhole(QByteArray("{\"a\":").repeated(100000)).ok);

        QBuffer device;
        device.setData(QByteArray(1000000, '['));
        device.open(QIODevice::ReadOnly);
        JsonReader json(device);
        QVERIFY(!json.skipValue());
        QCOMPARE(json.depth(), deepest);
    }

    void tokensSpanningChunkBoundariesReadWhole_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("escapes and UTF-8")
            << QByteArray("\"\\u00e9t\\u00e9 \\ud83d\\ude00 "
                          "\xCE\xA9\xE6\x9D\xB1\xF0\x9F\x98\x80\\n\"")
            << spellings({"\"été 😀 Ω東😀\n\""});
        QTest::newRow("a plain string")
            << QByteArray("\"plain ascii text\"") << spellings({"\"plain ascii text\""});
        QTest::newRow("a number") << QByteArray("-12345.678e+90") << spellings({"-12345.678e+90"});
        QTest::newRow("an integer")
            << QByteArray("9007199254740993") << spellings({"9007199254740993"});
        QTest::newRow("words") << QByteArray("true,false,null")
                               << spellings({"true", "false", "null"});
        QTest::newRow("a key") << QByteArray("{\"k\\u00e9y\\\"\":[-0.5]}")
                               << spellings({"{", "kéy\":", "[", "-0.5", "]", "}"});
        QTest::newRow("whitespace") << QByteArray(" \r\n\t\n 7") << spellings({"7"});
    }

    void tokensSpanningChunkBoundariesReadWhole()
    {
        QFETCH(QByteArray, value);
        QFETCH(QStringList, expected);
        expected << QStringLiteral("]") << QStringLiteral("end");
        const qsizetype edge = qsizetype(JsonReader::chunkSize);
        // The value starts `before` bytes ahead of the first chunk's end: the edge falls once
        // before each of its bytes and once after its last.
        for (qsizetype before = 0; before <= value.size(); ++before) {
            const QByteArray padding(edge - before - 5, 'p');
            QBuffer device;
            device.setData("[\"" + padding + "\", " + value + "]");
            QCOMPARE(device.data().indexOf(value), edge - before);
            device.open(QIODevice::ReadOnly);
            JsonReader json(device);
            QCOMPARE(json.next(), Token::BeginArray);
            QCOMPARE(json.next(), Token::String);
            QCOMPARE(qsizetype(json.text().size()), padding.size());
            QCOMPARE(rest(json), expected);
            QCOMPARE(json.bytesRead(), device.size());
        }
    }

    void aStringLongerThanTheBufferReadsWhole()
    {
        QByteArray escaped;
        QByteArray plain;
        for (int i = 0; i < 200000; ++i) {
            escaped += "name \\u00e9\\t" + QByteArray::number(i) + "\xE6\x9D\xB1";
            plain += "name \xC3\xA9\t" + QByteArray::number(i) + "\xE6\x9D\xB1";
        }
        QVERIFY(escaped.size() > qsizetype(3 * JsonReader::chunkSize));
        QTemporaryFile file;
        QVERIFY(file.open());
        file.write("{\"long\": \"" + escaped + "\", \"after\": 1}");
        file.close();
        QVERIFY(file.open());
        JsonReader json(file);
        QCOMPARE(json.next(), Token::BeginObject);
        QCOMPARE(json.next(), Token::Key);
        QCOMPARE(json.next(), Token::String);
        QVERIFY(QByteArray(json.text().data(), qsizetype(json.text().size())) == plain);
        QCOMPARE(rest(json), (spellings({"after:", "1", "}", "end"})));
    }

    void aPipeHandingOutFewBytesReadsTheSame()
    {
        const QStringList whole = tokens(exportDocument);
        for (const qint64 step : {1, 2, 3, 7}) {
            TrickleDevice device(exportDocument, step);
            device.open(QIODevice::ReadOnly | QIODevice::Unbuffered);
            JsonReader json(device);
            QCOMPARE(rest(json), whole);
            QVERIFY(device.waits >= exportDocument.size() / step);
        }
    }

    void bytesReadFollowsTheTokens()
    {
        QBuffer device;
        device.setData("[1, \"two\", 3]  ");
        device.open(QIODevice::ReadOnly);
        JsonReader json(device);
        QCOMPARE(json.bytesRead(), qint64(0));
        QList<qint64> passed;
        while (json.next() != Token::End)
            passed.append(json.bytesRead());
        QCOMPARE(passed, (QList<qint64>{1, 2, 9, 12, 13}));
        QCOMPARE(json.bytesRead(), qint64(15));
    }

    void aFailingDeviceIsAnError()
    {
        FailingDevice device;
        device.open(QIODevice::ReadOnly);
        JsonReader json(device);
        QCOMPARE(json.next(), Token::Error);
        QVERIFY2(json.error().contains(u"Input/output error"), qPrintable(json.error()));
    }

    void agreesWithQJsonDocument_data()
    {
        QTest::addColumn<QByteArray>("document");
        // Qt is laxer than RFC 8259 in places (it takes "[1.]", "[.5]", a raw tab in a string,
        // a lone surrogate, "\x41"), so those are left to the grammar tables above.
        const char* documents[] = {
            // valid
            "{}",
            "[]",
            " [ ] ",
            "{\"a\":1}",
            "[1, -2.5, 3e2, 1E-2, true, false, null, \"x\"]",
            "{\"a\":{\"b\":[{\"c\":[]}, {}]}, \"d\": [[[]]]}",
            "[\"\\u00e9\\ud83d\\ude00\\n\\\"\\\\\\/\\b\\f\\r\\t\"]",
            "[\"\xCE\xA9mega \xE6\x9D\xB1\"]",
            "{\"users\":[{\"id\":1,\"email\":\"a@b.c\",\"language\":null}],\"links\":[]}",
            "\r\n\t[1]\r\n\t",
            "[123456789012345678901234567890, 9223372036854775807, -0.0]",
            "[0, 10, 0.5e+3]",
            "\xEF\xBB\xBF{\"bom\": true}",
            // invalid
            "",
            "   ",
            "[",
            "]",
            "{",
            "}",
            "[1,]",
            "{\"a\":1,}",
            "[01]",
            "{a:1}",
            "{'a':1}",
            "[1 2]",
            "{\"a\" 1}",
            "{\"a\":1 \"b\":2}",
            "{\"a\"}",
            "{\"a\":}",
            "[}",
            "{]",
            "{\"a\":",
            "[] []",
            "[] x",
            "[nul]",
            "[True]",
            "[NaN]",
            "[\"\\u12\"]",
            "[+1]",
            "[-]",
            "[1e]",
            "[\"abc",
            "[,1]",
            "{,}",
            "[1,,2]",
            "[1]]",
            "[[1]",
            "{\"a\":[}]",
            "[\"a\"\"b\"]",
            "[1] x",
            "[\x01]",
            "[\f1]",
            "[-01]",
            "[1.5.2]",
            "[1e5e5]",
            "[Infinity]",
            "[\"\xFF\"]",
            "[\"\xC0\x80\"]",
            "[\"\xED\xA0\x80\"]",
        };
        for (const char* document : documents)
            QTest::newRow(qPrintable(printable(document))) << QByteArray(document);
    }

    void agreesWithQJsonDocument()
    {
        QFETCH(QByteArray, document);
        QJsonParseError qtError;
        const QJsonDocument qt = QJsonDocument::fromJson(document, &qtError);
        const Outcome outcome = readWhole(document);
        QCOMPARE(outcome.ok, qtError.error == QJsonParseError::NoError);
        if (outcome.ok)
            QCOMPARE(built(document).toJson(QJsonDocument::Compact),
                     qt.toJson(QJsonDocument::Compact));
    }
};

QTEST_GUILESS_MAIN(TestJsonReader)
#include "tst_jsonreader.moc"
