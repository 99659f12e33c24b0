#pragma once

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QStringList>
#include <QTextStream>

#include <utility>

namespace accord::cli {

enum class Format { Table, Csv, Json };

// Standard output and standard error as UTF-8 text.
QTextStream& out();
QTextStream& err();
void flushStreams();
// Standard output as a byte device, for writers that stream bytes (CsvWriter); what was
// printed through out() before comes first.
QIODevice& rawOut();

// A count as the tables and messages write it: 1,000,000.
QString number(qint64 n);

// Dates as scripts read them: "YYYY-MM-DDTHH:MM:SSZ", or null / "" when unset.
QJsonValue jsonDate(const QDateTime& date);
QString isoDate(const QDateTime& date);
// Dates as people read them in tables: local time, "" when unset.
QString localDate(const QDateTime& date);

// A text table. Column widths come from the first rows, then rows stream, so a list of a
// million users never sits in memory.
class TableWriter
{
public:
    TableWriter(QStringList headers, QTextStream& stream);
    void add(QStringList cells);
    void finish();
    int rowCount() const { return m_rows; }

private:
    void writeLine(const QStringList& cells);
    void fixWidths();

    static constexpr int measuredRows = 1000;
    QStringList m_headers;
    QList<QStringList> m_pending;
    QList<int> m_widths;
    QTextStream& m_out;
    bool m_streaming = false;
    int m_rows = 0;
};

// A JSON array written one element per line (constant memory for any length).
class JsonArrayWriter
{
public:
    explicit JsonArrayWriter(QTextStream& stream) : m_out(stream) {}
    void add(const QJsonObject& element);
    void finish();

private:
    QTextStream& m_out;
    bool m_any = false;
};

// Progress of long headless work ("Exporting: 120,000 rows, 95,000 rows/s") on stderr,
// redrawn at most five times a second, only when stderr is a terminal: a script's stderr
// gets nothing but errors.
class ProgressLine
{
public:
    explicit ProgressLine(QString what);
    ~ProgressLine() { done(); }
    ProgressLine(const ProgressLine&) = delete;
    ProgressLine& operator=(const ProgressLine&) = delete;
    // Rows done so far (of `total` when known, else -1); returns true (go on).
    bool rows(qint64 done, qint64 total = -1);
    // A phase of the work and how far it is ("Reading users.csv: 40%", or its count when
    // the total is unknown); returns true (go on).
    bool phase(const QString& what, qint64 done, qint64 total = -1);
    void done(); // clears the line

private:
    bool due(); // a terminal, and no line drawn in the last 200 ms
    void draw(const QString& line);
    QString m_what;
    QElapsedTimer m_started;
    qint64 m_lastDrawn = -1;
    bool m_terminal = false;
    bool m_shown = false;
};

void printJson(const QJsonObject& object);
// "Label   value" lines, labels padded to one width.
void printFields(const QList<std::pair<QString, QString>>& fields);

} // namespace accord::cli
