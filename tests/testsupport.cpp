#include "testsupport.h"

#include "services/clientservice.h"
#include "services/userservice.h"

#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <unistd.h>

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

namespace {
QSqlQuery prepared(Database& db, const QString& sql, const QVariantList& params)
{
    QSqlQuery q(db.connection());
    q.prepare(sql);
    for (const QVariant& p : params)
        q.addBindValue(p);
    if (!q.exec())
        qFatal("statement failed: %s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
    return q;
}

Run runProgram(const QString& program, const QStringList& args, const QByteArray& input)
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ACCORD_OPERATOR"), QStringLiteral("tester"));
    p.setProcessEnvironment(env);
    p.start(program, args);
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
} // namespace

QString storedText(Database& db, const char* sql, qint64 id)
{
    return column(db, QLatin1String(sql), {id}).toString();
}

qint64 addUser(const DatabasePtr& db, const QString& first, const QString& last,
               const QString& email, const QString& language)
{
    auto id = UserService(db).add({first, last, email, language, QString()});
    if (!id)
        qFatal("cannot add a user: %s", qPrintable(id.error().message));
    return *id;
}

qint64 addClient(const DatabasePtr& db, qint64 owner, const QString& first, const QString& last,
                 const QString& email, const QString& language)
{
    auto id = ClientService(db).add({{QStringLiteral("firstname"), first},
                                     {QStringLiteral("lastname"), last},
                                     {QStringLiteral("email"), email},
                                     {QStringLiteral("language"), language},
                                     {QStringLiteral("country"), QStringLiteral("GB")}},
                                    owner);
    if (!id)
        qFatal("cannot add a client: %s", qPrintable(id.error().message));
    return *id;
}

QVariant column(Database& db, const QString& sql, const QVariantList& params)
{
    QSqlQuery q = prepared(db, sql, params);
    return q.next() ? q.value(0) : QVariant();
}

void exec(Database& db, const QString& sql, const QVariantList& params)
{
    prepared(db, sql, params);
}

QStringList descriptions(Database& db)
{
    QSqlQuery q =
        prepared(db, QStringLiteral("SELECT description FROM tblactivitylog ORDER BY id"), {});
    QStringList out;
    while (q.next())
        out << q.value(0).toString();
    return out;
}

Run runAccord(const QStringList& args, const QByteArray& input)
{
    return runProgram(QStringLiteral(ACCORD_BINARY), args, input);
}

Run runAccordUnprivileged(const QStringList& args, const QByteArray& input)
{
    if (geteuid() != 0)
        return runAccord(args, input);
    return runProgram(QStringLiteral("setpriv"),
                      QStringList{QStringLiteral("--reuid=65534"), QStringLiteral("--regid=65534"),
                                  QStringLiteral("--clear-groups"), QStringLiteral(ACCORD_BINARY)} +
                          args,
                      input);
}

} // namespace accord::test
