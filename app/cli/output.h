#pragma once

#include <QDateTime>
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

void printJson(const QJsonObject& object);
// "Label   value" lines, labels padded to one width.
void printFields(const QList<std::pair<QString, QString>>& fields);

} // namespace accord::cli
