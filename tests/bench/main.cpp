// accord-bench [--users N] [--cache DIR] [--no-generator] [--snapshots-only] [--bulk-only]
//              [--engine sqlite|postgresql|mysql]
// Measures DESIGN's performance figures for Accord beside a naive QSqlTableModel baseline.
// Internally it re-runs itself as `--contender NAME --measure WHAT --db FILE`, one process
// per figure and contender, and reads that child's JSON from stdout.

#include "benchrun.h"
#include "measurements.h"
#include "storage/sqlitefunctions.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonDocument>

#include <cstdio>
#include <memory>

using namespace accord::bench;

namespace {
// ACCORD_BENCH_TRACE=1: every event that takes over a millisecond, on stderr.
class TracingApplication : public QApplication
{
public:
    using QApplication::QApplication;
    const bool m_trace = qEnvironmentVariableIsSet("ACCORD_BENCH_TRACE");
    bool notify(QObject* receiver, QEvent* event) override
    {
        QElapsedTimer t;
        t.start();
        const int type = event->type();
        const bool r = QApplication::notify(receiver, event);
        if (m_trace && t.nsecsElapsed() > 1000000)
            std::fprintf(stderr, "trace event %d to %s %s: %.1f ms\n", type,
                         receiver->metaObject()->className(), qPrintable(receiver->objectName()),
                         t.nsecsElapsed() / 1e6);
        return r;
    }
};
} // namespace

int main(int argc, char** argv)
{
    accord::configureSqliteLibrary(); // as the application does
    bool isChild = false;
    for (int i = 1; i < argc; ++i)
        isChild = isChild || qstrcmp(argv[i], "--contender") == 0;
    if (isChild && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    std::unique_ptr<QCoreApplication> app;
    if (isChild)
        app = std::make_unique<TracingApplication>(argc, argv);
    else
        app = std::make_unique<QCoreApplication>(argc, argv);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Accord's performance figures beside a baseline"));
    parser.addHelpOption();
    const QCommandLineOption users(QStringLiteral("users"),
                                   QStringLiteral("Users in the data set."), QStringLiteral("N"),
                                   QStringLiteral("1000000"));
    const QCommandLineOption cache(
        QStringLiteral("cache"), QStringLiteral("Folder of cached data sets."),
        QStringLiteral("DIR"), QStringLiteral(ACCORD_SOURCE_DIR "/bench-cache"));
    const QCommandLineOption noGenerator(QStringLiteral("no-generator"),
                                         QStringLiteral("Skip timing the sample generator."));
    const QCommandLineOption snapshotsOnly(
        QStringLiteral("snapshots-only"),
        QStringLiteral("Only the snapshot figures (export, verify, diff)."));
    const QCommandLineOption bulkOnly(
        QStringLiteral("bulk-only"),
        QStringLiteral("Only the headless figures (users, search, export, import) on SQLite."));
    const QCommandLineOption engine(
        QStringLiteral("engine"),
        QStringLiteral("sqlite (a cached file), postgresql or mysql (a server on loopback, or "
                       "the one ACCORD_TEST_PG_URL / ACCORD_TEST_MYSQL_URL names)."),
        QStringLiteral("ENGINE"), QStringLiteral("sqlite"));
    const QCommandLineOption contender(QStringLiteral("contender"),
                                       QStringLiteral("(internal) accord or baseline."),
                                       QStringLiteral("NAME"));
    const QCommandLineOption measure(QStringLiteral("measure"),
                                     QStringLiteral("(internal) open, typing, sorting, "
                                                    "scrolling or generate."),
                                     QStringLiteral("WHAT"));
    const QCommandLineOption db(QStringLiteral("db"), QStringLiteral("(internal) data set."),
                                QStringLiteral("FILE"));
    parser.addOptions(
        {users, cache, noGenerator, snapshotsOnly, bulkOnly, engine, contender, measure, db});
    if (!parser.parse(app->arguments())) {
        std::fprintf(stderr, "%s\n", qPrintable(parser.errorText()));
        return 2;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        std::printf("%s", qPrintable(parser.helpText()));
        return 0;
    }
    bool ok = false;
    const int n = parser.value(users).toInt(&ok);
    if (!ok || n < 1) {
        std::fprintf(stderr, "--users takes a positive number\n");
        return 2;
    }

    if (isChild) {
        const QString who = parser.value(contender);
        const QString what = parser.value(measure);
        const QString file = parser.value(db);
        QJsonObject result;
        if (what == QLatin1String("open"))
            result = measureOpen(who, file);
        else if (what == QLatin1String("typing"))
            result = measureTyping(who, file);
        else if (what == QLatin1String("sorting"))
            result = measureSorting(who, file);
        else if (what == QLatin1String("scrolling"))
            result = measureScrolling(who, file);
        else if (what == QLatin1String("report"))
            result = measureReport(who, file);
        else if (what == QLatin1String("queries"))
            result = measureQueries(file);
        else if (what == QLatin1String("generate"))
            result = measureGenerator(n);
        else
            return 2;
        std::printf("%s\n", QJsonDocument(result).toJson(QJsonDocument::Compact).constData());
        return 0;
    }
    const QString engineName = parser.value(engine);
    accord::Engine chosen = accord::Engine::SQLite;
    if (engineName == QLatin1String("postgresql"))
        chosen = accord::Engine::PostgreSQL;
    else if (engineName == QLatin1String("mysql"))
        chosen = accord::Engine::MySQL;
    else if (engineName != QLatin1String("sqlite")) {
        std::fprintf(stderr, "--engine takes sqlite, postgresql or mysql\n");
        return 2;
    }
    return BenchRun({n, parser.value(cache), parser.isSet(noGenerator), parser.isSet(snapshotsOnly),
                     chosen, parser.isSet(bulkOnly)})
        .run();
}
