#include "output.h"

#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QLocale>

#include <algorithm>
#include <cstdio>

#ifdef Q_OS_UNIX
#include <unistd.h>
#endif

namespace accord::cli {

QTextStream& out()
{
    static QTextStream stream(stdout);
    return stream;
}

QTextStream& err()
{
    static QTextStream stream(stderr);
    return stream;
}

void flushStreams()
{
    out().flush();
    err().flush();
    std::fflush(stdout);
}

QIODevice& rawOut()
{
    static QFile device;
    out().flush();
    // Unbuffered: bytes go to stdout's own buffer at once, in order with out()'s.
    if (!device.isOpen())
        device.open(stdout, QIODevice::WriteOnly | QIODevice::Unbuffered);
    return device;
}

QString number(qint64 n)
{
    return QLocale::c().toString(n);
}

QJsonValue jsonDate(const QDateTime& date)
{
    return date.isValid() ? QJsonValue(isoDate(date)) : QJsonValue(QJsonValue::Null);
}

QString isoDate(const QDateTime& date)
{
    return date.isValid() ? date.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ"))
                          : QString();
}

QString localDate(const QDateTime& date)
{
    return date.isValid() ? date.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"))
                          : QString();
}

TableWriter::TableWriter(QStringList headers, QTextStream& stream)
    : m_headers(std::move(headers)), m_out(stream)
{
}

void TableWriter::add(QStringList cells)
{
    // A table is one line per row: embedded line breaks would break the columns.
    for (QString& c : cells)
        c.replace(QLatin1Char('\n'), QLatin1Char(' ')).replace(QLatin1Char('\r'), QLatin1Char(' '));
    ++m_rows;
    if (m_streaming) {
        writeLine(cells);
        return;
    }
    m_pending << cells;
    if (m_pending.size() >= measuredRows)
        fixWidths();
}

void TableWriter::finish()
{
    if (!m_streaming)
        fixWidths();
}

void TableWriter::fixWidths()
{
    m_widths.clear();
    for (const QString& h : std::as_const(m_headers))
        m_widths << int(h.size());
    for (const QStringList& row : std::as_const(m_pending))
        for (int i = 0; i < row.size() && i < m_widths.size(); ++i)
            m_widths[i] = std::max(m_widths[i], int(row[i].size()));
    m_streaming = true;
    writeLine(m_headers);
    QStringList rule;
    for (int w : std::as_const(m_widths))
        rule << QString(w, QLatin1Char('-'));
    writeLine(rule);
    for (const QStringList& row : std::as_const(m_pending))
        writeLine(row);
    m_pending.clear();
}

void TableWriter::writeLine(const QStringList& cells)
{
    QString line;
    for (int i = 0; i < cells.size(); ++i) {
        if (i > 0)
            line += QLatin1String("  ");
        const bool last = i == cells.size() - 1;
        line += last ? cells[i] : cells[i].leftJustified(m_widths.value(i));
    }
    m_out << line << '\n';
}

void JsonArrayWriter::add(const QJsonObject& element)
{
    m_out << (m_any ? ",\n  " : "[\n  ")
          << QString::fromUtf8(QJsonDocument(element).toJson(QJsonDocument::Compact));
    m_any = true;
}

void JsonArrayWriter::finish()
{
    m_out << (m_any ? "\n]\n" : "[]\n");
}

ProgressLine::ProgressLine(QString what) : m_what(std::move(what))
{
#ifdef Q_OS_UNIX
    m_terminal = ::isatty(STDERR_FILENO) == 1;
#endif
    m_started.start();
}

bool ProgressLine::due()
{
    if (!m_terminal)
        return false;
    const qint64 now = m_started.elapsed();
    if (m_lastDrawn >= 0 && now - m_lastDrawn < 200)
        return false;
    m_lastDrawn = now;
    return true;
}

void ProgressLine::draw(const QString& line)
{
    err() << '\r' << line << QStringLiteral("\x1b[K");
    err().flush();
    m_shown = true;
}

bool ProgressLine::rows(qint64 done, qint64 total)
{
    if (!due())
        return true;
    const double seconds = std::max(1e-3, double(m_started.elapsed()) / 1000);
    QString line =
        total > 0
            ? QCoreApplication::translate("accord::cli", "%1: %2 of %3 rows")
                  .arg(m_what, number(done), number(total))
            : QCoreApplication::translate("accord::cli", "%1: %2 rows").arg(m_what, number(done));
    line += QCoreApplication::translate("accord::cli", ", %1 rows/s")
                .arg(number(qint64(double(done) / seconds)));
    draw(line);
    return true;
}

bool ProgressLine::phase(const QString& what, qint64 done, qint64 total)
{
    if (!due())
        return true;
    QString line = what;
    if (total > 0 && done <= total)
        line += QStringLiteral(": %1%").arg(done * 100 / total);
    else if (done > 0)
        line += QStringLiteral(": ") + number(done);
    draw(line);
    return true;
}

void ProgressLine::done()
{
    if (!m_shown)
        return;
    err() << '\r' << QStringLiteral("\x1b[K");
    err().flush();
    m_shown = false;
}

void printJson(const QJsonObject& object)
{
    out() << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
}

void printFields(const QList<std::pair<QString, QString>>& fields)
{
    int width = 0;
    for (const auto& f : fields)
        width = std::max(width, int(f.first.size()));
    for (const auto& f : fields)
        out() << (f.first + QLatin1Char(':')).leftJustified(width + 3) << f.second << '\n';
}

} // namespace accord::cli
