#include "timedcommand.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QProcess>

#include <cstdio>

namespace accord::bench {

void warm(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return;
    QByteArray chunk(1 << 20, Qt::Uninitialized);
    while (f.read(chunk.data(), chunk.size()) > 0) {
    }
}

Timed run(const QString& program, const QStringList& args, const QString& warmFile,
          const QProcessEnvironment& extra, const QString& stdoutFile)
{
    if (!warmFile.isEmpty())
        warm(warmFile);
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& key : extra.keys())
        env.insert(key, extra.value(key));
    if (!env.contains(QStringLiteral("PGPASSWORD")) &&
        env.contains(QStringLiteral("ACCORD_TEST_DB_PASSWORD")))
        env.insert(QStringLiteral("PGPASSWORD"),
                   env.value(QStringLiteral("ACCORD_TEST_DB_PASSWORD")));
    p.setProcessEnvironment(env);
    if (!stdoutFile.isEmpty())
        p.setStandardOutputFile(stdoutFile);
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    p.waitForFinished(-1);
    Timed out;
    const double s = double(t.nsecsElapsed()) / 1e9;
    out.out = p.readAllStandardOutput();
    out.err = p.readAllStandardError();
    if (p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0)
        out.seconds = s;
    else
        std::fprintf(stderr, "warning: %s %s failed: %s\n", qPrintable(program),
                     qPrintable(args.join(QLatin1Char(' '))), out.err.left(400).constData());
    std::printf("  %-8s %-60s %s\n", qPrintable(QFileInfo(program).fileName()),
                qPrintable(args.join(QLatin1Char(' ')).right(60)),
                out.seconds
                    ? qPrintable(QString::number(*out.seconds, 'f', 2) + QLatin1String(" s"))
                    : "failed");
    std::fflush(stdout);
    return out;
}

QString sqlite3Shell()
{
    return QStringLiteral("sqlite3");
}

QString accord()
{
    return QStringLiteral(ACCORD_BINARY);
}

} // namespace accord::bench
