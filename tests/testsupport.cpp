#include "testsupport.h"

#include <QProcess>
#include <QTest>

namespace accord::test {

TempDatabase::TempDatabase()
{
    path = dir.filePath(QStringLiteral("accord.sqlite"));
    auto location = DatabaseLocation::parse(path);
    auto opened = Database::open(*location, OpenOptions{true, true});
    if (!opened)
        qFatal("cannot create a test database: %s", qPrintable(opened.error().message));
    db = *opened;
    db->setOperatorName(QStringLiteral("tester"));
}

DatabasePtr TempDatabase::openAgain() const
{
    auto opened = Database::open(*DatabaseLocation::parse(path));
    if (!opened)
        qFatal("cannot reopen the test database: %s", qPrintable(opened.error().message));
    (*opened)->setOperatorName(QStringLiteral("other"));
    return *opened;
}

Run runAccord(const QStringList& args, const QByteArray& input)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ACCORD_OPERATOR"), QStringLiteral("tester"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(ACCORD_BINARY), args);
    if (!p.waitForStarted())
        qFatal("cannot start %s", ACCORD_BINARY);
    if (!input.isNull())
        p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(120000);
    Run r;
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

} // namespace accord::test
