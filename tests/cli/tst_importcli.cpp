// `accord import` as a shell user meets it, on every engine: the exit status and what
// stdout and stderr say, all or nothing, a folder export and a SQLite file moving into
// another database, and an import killed (SIGKILL) at any moment leaving the database as
// it was, after which the same import runs whole.
#include "clitesting.h"
#include "testsupport.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <memory>

using accord::Engine;
using accord::test::Run;
using accord::test::TempDatabase;

namespace {

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

// `n` new users without ids, user i on line i + 2 (the header is line 1); line `badLine`
// has an email that is none.
QByteArray newUsersCsv(int n, int badLine = 0)
{
    QByteArray out = "first_name,last_name,email,language\n";
    for (int i = 0; i < n; ++i) {
        const QString email = i + 2 == badLine ? QStringLiteral("pat%1.at.example.com").arg(i)
                                               : QStringLiteral("pat%1@new.example").arg(i);
        out += QStringLiteral("Pat%1,Newman,%2,english\n").arg(i).arg(email).toUtf8();
    }
    return out;
}

// Four letters that differ from record to record, so that names and emails vary as real
// ones do (one name on every row would make the search indexes' work unlike a real file's).
QString letters(quint32 i)
{
    QString out;
    for (int k = 0; k < 4; ++k, i /= 26)
        out += QLatin1Char(char('a' + i % 26));
    return out;
}

// A folder of `n` users, `n` clients and their `n` owner links, with ids from `firstId`
// (above any id of the test's own records).
void writeRecordsFolder(const QString& folder, int n, qint64 firstId)
{
    static const char* const first[] = {"Ada",  "Bob",  "Cleo", "Dmitri", "Eva",  "Farid",
                                        "Gwen", "Hiro", "Ines", "Jon",    "Kasia"};
    static const char* const last[] = {"Nakamura", "Okafor", "Lindqvist", "Moreau", "Kowalski",
                                       "Haddad",   "Silva",  "Brennan",   "Ivanova"};
    QDir().mkpath(folder);
    QByteArray users = "id,first_name,last_name,email,language\n";
    QByteArray clients = "id,firstname,lastname,email,country\n";
    QByteArray links = "auth_user_id,client_id,owner,permissions\n";
    for (int i = 0; i < n; ++i) {
        const QString id = QString::number(firstId + i);
        const QString person =
            QStringLiteral("%1,%2%3,bulk%4.%5@import.example")
                .arg(QLatin1String(first[i % 11]), QLatin1String(last[i % 9]),
                     letters(quint32(i) * 7919u), QString::number(i), letters(quint32(i)));
        users += (id + QLatin1Char(',') + person + QStringLiteral(",english\n")).toUtf8();
        clients += (id + QLatin1Char(',') + person + QStringLiteral(",GB\n")).toUtf8();
        links += (id + QLatin1Char(',') + id + QStringLiteral(",true,\n")).toUtf8();
    }
    writeFile(folder + QStringLiteral("/users.csv"), users);
    writeFile(folder + QStringLiteral("/clients.csv"), clients);
    writeFile(folder + QStringLiteral("/links.csv"), links);
}

// What the built accord runs with (the servers' password as an admin's shell has it), and
// the import's test hook when `hold` is set.
QProcessEnvironment accordEnvironment(const QString& hold = {})
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ACCORD_OPERATOR"), QStringLiteral("tester"));
    const QString password = env.value(QStringLiteral("ACCORD_TEST_DB_PASSWORD"));
    if (!password.isEmpty()) {
        env.insert(QStringLiteral("PGPASSWORD"), password);
        env.insert(QStringLiteral("MYSQL_PWD"), password);
    }
    env.remove(QStringLiteral("ACCORD_IMPORT_HOLD"));
    if (!hold.isEmpty())
        env.insert(QStringLiteral("ACCORD_IMPORT_HOLD"), hold);
    return env;
}

// The first column of every row of `sql`, on the test's own connection (not Accord's).
QStringList rawColumn(const TempDatabase& t, const QString& sql)
{
    static int n = 0;
    const QString name = QStringLiteral("import-cli-%1").arg(++n);
    QStringList out;
    {
        QSqlDatabase raw = t.rawConnection(name);
        QSqlQuery q(raw);
        if (!q.exec(sql))
            qFatal("%s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        while (q.next())
            out << q.value(0).toString();
        q.finish();
        raw.close();
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

// The rows of the vendor tables and of the activity log.
QList<qint64> counts(const TempDatabase& t)
{
    QList<qint64> out;
    for (const char* table : {"tblusers", "tblclients", "tblusers_clients", "tblactivitylog"})
        out << rawColumn(t, QStringLiteral("SELECT count(*) FROM ") + QLatin1String(table))
                   .value(0)
                   .toLongLong();
    return out;
}

} // namespace

class TestImportCli : public QObject
{
    Q_OBJECT

    std::unique_ptr<TempDatabase> m_t; // imported into; made by `accord init`

    Engine engine() const { return m_t->engine; }
    QString scratch(const char* name) const { return m_t->dir.filePath(QLatin1String(name)); }

    static Run accordOn(const QString& db, const QStringList& args)
    {
        return accord::test::runAccord(QStringList{QStringLiteral("--db"), db} + args);
    }
    Run accord(const QStringList& args) const { return accordOn(m_t->url, args); }
    Run import(const QStringList& args) const
    {
        return accord(QStringList{QStringLiteral("import")} + args);
    }
    // A database of this row's engine (or `engine`) of its own, made by `accord init`, with
    // `sample` generated users when > 0.
    static std::unique_ptr<TempDatabase> initialised(Engine engine, int sample = 0)
    {
        auto t = std::make_unique<TempDatabase>(engine, TempDatabase::Schema::None);
        QStringList args{QStringLiteral("init")};
        if (sample > 0)
            args << QStringLiteral("--sample") << QString::number(sample);
        const Run r = accordOn(t->url, args);
        if (r.exitCode != 0)
            qFatal("init: %s", r.err.constData());
        return t;
    }
    // Two users, a client and its owner (a third user), as an admin adds them.
    void addSomeRecords() const
    {
        for (const char* email : {"kept1@example.com", "kept2@example.com"})
            QCOMPARE(accord({QStringLiteral("user"), QStringLiteral("add"),
                             QStringLiteral("--email"), QLatin1String(email),
                             QStringLiteral("--first-name"), QStringLiteral("Kept"),
                             QStringLiteral("--last-name"), QStringLiteral("Before")})
                         .exitCode,
                     0);
        QCOMPARE(
            accord({QStringLiteral("client"), QStringLiteral("add"), QStringLiteral("--firstname"),
                    QStringLiteral("Kept"), QStringLiteral("--lastname"), QStringLiteral("Client"),
                    QStringLiteral("--email"), QStringLiteral("kept3@example.com"),
                    QStringLiteral("--country"), QStringLiteral("GB")})
                .exitCode,
            0);
    }
    // `users --format csv` of a database (every user, what a script reads back).
    static QByteArray usersCsv(const QString& db, const QStringList& extra = {})
    {
        const Run r = accordOn(db, QStringList{QStringLiteral("users"), QStringLiteral("--format"),
                                               QStringLiteral("csv")} +
                                       extra);
        if (r.exitCode != 0)
            qWarning("users: exit %d: %s", r.exitCode, r.err.constData());
        return r.exitCode == 0 ? r.out : QByteArray("(users failed)");
    }
    static QByteArray mismatchesCsv(const QString& db, bool allLinks)
    {
        QStringList args{QStringLiteral("mismatches"), QStringLiteral("--format"),
                         QStringLiteral("csv")};
        if (allLinks)
            args << QStringLiteral("--all-links");
        const Run r = accordOn(db, args);
        if (r.exitCode != 0)
            qWarning("mismatches: exit %d: %s", r.exitCode, r.err.constData());
        return r.exitCode == 0 ? r.out : QByteArray("(mismatches failed)");
    }
    // The ids (first column) of a CSV listing, its header left out.
    static QStringList idsOf(const QByteArray& csv)
    {
        QStringList ids;
        const QList<QByteArray> lines = csv.split('\n');
        for (qsizetype i = 1; i < lines.size(); ++i)
            if (!lines.at(i).isEmpty())
                ids << QString::fromUtf8(lines.at(i).left(lines.at(i).indexOf(',')));
        return ids;
    }

    // Records per table for an import into a database that holds some, where each row goes
    // through Accord's own inserts and bookkeeping: enough for over a second on each engine,
    // so that a plain delay kills it part-way.
    int recordsPerTable() const
    {
        switch (engine()) {
        case Engine::PostgreSQL:
            return 300;
        case Engine::MySQL:
            return 400;
        case Engine::SQLite:
            break;
        }
        return 1200;
    }

    // Starts `accord import ARGS`, kills it with SIGKILL once it holds at `hold` (the
    // service's ACCORD_IMPORT_HOLD) or, with no hold, after a random 150-600 ms; then the
    // database is as it was (it opens, the same users, counts, SQLite's integrity), and the
    // same import then runs whole, adding `perTable` records to each table.
    void killThenImportWhole(const QStringList& args, const QString& hold, qint64 perTable)
    {
        const QList<qint64> before = counts(*m_t);
        const QByteArray usersBefore = usersCsv(m_t->url);
        QProcess p;
        p.setProcessEnvironment(accordEnvironment(hold));
        p.start(QStringLiteral(ACCORD_BINARY),
                QStringList{QStringLiteral("--db"), m_t->url, QStringLiteral("import")} + args);
        QVERIFY2(p.waitForStarted(), "cannot start accord (being relinked?)");
        QByteArray err;
        if (!hold.isEmpty()) {
            QElapsedTimer waited;
            waited.start();
            while (!err.contains("accord: import holding at ") && p.state() == QProcess::Running &&
                   waited.elapsed() < 60000) {
                p.waitForFinished(20);
                err += p.readAllStandardError();
            }
            QVERIFY2(err.contains("accord: import holding at " + hold.toUtf8()), err.constData());
        } else {
            const int delay = int(QRandomGenerator::global()->bounded(150, 600));
            qInfo("killing the import after %d ms", delay);
            p.waitForFinished(delay);
            err += p.readAllStandardError();
        }
        QVERIFY2(p.state() == QProcess::Running,
                 qPrintable(QStringLiteral("the import ended before it was killed (a larger "
                                           "input is needed): %1")
                                .arg(QString::fromUtf8(err + p.readAllStandardOutput()))));
        QVERIFY2(p.readAllStandardOutput().isEmpty(), "it said it imported");
        p.kill();
        QVERIFY(p.waitForFinished(30000));
        QCOMPARE(p.exitStatus(), QProcess::CrashExit);

        // Reopened by the next command a user runs: the same users, as before.
        QCOMPARE(usersCsv(m_t->url), usersBefore);
        if (engine() == Engine::SQLite)
            QCOMPARE(rawColumn(*m_t, QStringLiteral("PRAGMA integrity_check")),
                     QStringList{QStringLiteral("ok")});
        QCOMPARE(counts(*m_t), before);

        // Nothing left behind (a lock, a journal, a half-built index) stops the same import.
        QProcess whole;
        whole.setProcessEnvironment(accordEnvironment());
        whole.start(QStringLiteral(ACCORD_BINARY),
                    QStringList{QStringLiteral("--db"), m_t->url, QStringLiteral("import")} + args);
        QVERIFY2(whole.waitForStarted(), "cannot start accord (being relinked?)");
        QVERIFY2(whole.waitForFinished(120000), "the import after the kill did not end (blocked?)");
        const QString out = QString::fromUtf8(whole.readAllStandardOutput());
        const QString wholeErr = QString::fromUtf8(whole.readAllStandardError());
        QVERIFY2(
            whole.exitStatus() == QProcess::NormalExit && whole.exitCode() == 0,
            qPrintable(QStringLiteral("exit %1: %2%3").arg(whole.exitCode()).arg(out, wholeErr)));
        QVERIFY2(out.startsWith(
                     QStringLiteral("Imported %1 users, %1 clients, %1 links.\n").arg(perTable)),
                 qPrintable(out));
        QCOMPARE(counts(*m_t), (QList<qint64>{before.at(0) + perTable, before.at(1) + perTable,
                                              before.at(2) + perTable, before.at(3) + 3}));
        if (engine() == Engine::SQLite) {
            QCOMPARE(rawColumn(*m_t, QStringLiteral("PRAGMA integrity_check")),
                     QStringList{QStringLiteral("ok")});
            QCOMPARE(rawColumn(*m_t, QStringLiteral("PRAGMA journal_mode")),
                     QStringList{QStringLiteral("wal")});
        }
    }

private slots:
    void initTestCase_data() { accord::test::addEngineRows(); }
    void init() { m_t = initialised(accord::test::useRowEngine()); }
    void cleanup() { m_t.reset(); }

    // ---- what the shell user sees ----

    void aBadEmailOnLine402ImportsNothingAndIsNamed()
    {
        addSomeRecords();
        const QList<qint64> before = counts(*m_t);
        const QByteArray usersBefore = usersCsv(m_t->url);
        const QString file = scratch("users.csv");
        writeFile(file, newUsersCsv(600, 402));
        const Run r = import({QStringLiteral("--format"), QStringLiteral("csv"), file});
        EXPECT_EXIT(r, 1);
        QVERIFY2(r.out.isEmpty(), r.out.constData());
        const QStringList lines = r.errText().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 3); // the problem, the summary and the final line break
        QVERIFY2(lines.at(0).startsWith(QStringLiteral("users.csv:402: email: ")),
                 qPrintable(lines.at(0)));
        QVERIFY2(lines.at(0).contains(QStringLiteral("not a valid email")),
                 qPrintable(lines.at(0)));
        QCOMPARE(lines.at(1), QStringLiteral("1 problems; nothing imported"));
        QCOMPARE(lines.at(2), QString());
        QCOMPARE(counts(*m_t), before);
        QCOMPARE(usersCsv(m_t->url), usersBefore);
        // A dry run of the same file finds the same problem.
        const Run dry = import(
            {QStringLiteral("--format"), QStringLiteral("csv"), QStringLiteral("--dry-run"), file});
        EXPECT_EXIT(dry, 1);
        QCOMPARE(dry.err, r.err);
    }

    void aDryRunSaysSoAndWritesNothing()
    {
        addSomeRecords();
        const QList<qint64> before = counts(*m_t);
        const QString file = scratch("users.csv");
        writeFile(file, newUsersCsv(600));
        const Run r = import(
            {QStringLiteral("--dry-run"), QStringLiteral("--format"), QStringLiteral("csv"), file});
        EXPECT_EXIT(r, 0);
        QCOMPARE(r.outText(), QStringLiteral("Dry run: 600 users, 0 clients, 0 links would be "
                                             "imported; nothing was written.\n"));
        QVERIFY2(r.err.isEmpty(), r.err.constData());
        QCOMPARE(counts(*m_t), before);
        QVERIFY(!usersCsv(m_t->url).contains("pat1@new.example"));
    }

    void anExportedFolderImportsWhole()
    {
        const auto source = initialised(engine(), 200);
        const QString folder = scratch("export");
        // With the secrets: a user's second factor (two_factor in the listing) is one.
        const Run exported = accordOn(
            source->url, {QStringLiteral("export"), QStringLiteral("--format"),
                          QStringLiteral("csv"), QStringLiteral("--include-secrets"), folder});
        EXPECT_EXIT(exported, 0);
        const QList<qint64> sourceCounts = counts(*source);

        const Run r = import({QStringLiteral("--format"), QStringLiteral("csv"), folder});
        EXPECT_EXIT(r, 0);
        const QStringList out = r.outText().split(QLatin1Char('\n'));
        QCOMPARE(out.size(), 3);
        QCOMPARE(out.at(0), QStringLiteral("Imported %1 users, %2 clients, %3 links.")
                                .arg(sourceCounts.at(0))
                                .arg(sourceCounts.at(1))
                                .arg(sourceCounts.at(2)));
        QVERIFY2(out.at(1).startsWith(QStringLiteral("Validated in ")), qPrintable(out.at(1)));
        QVERIFY2(r.err.isEmpty(), r.err.constData()); // stderr is no terminal: no progress
        QCOMPARE(counts(*m_t).mid(0, 3), sourceCounts.mid(0, 3));

        // Right away, a search finds the same users in both, and the reports agree.
        const QByteArray all = usersCsv(source->url);
        const QString surname = QString::fromUtf8(all.split('\n').value(1).split(',').value(2));
        QVERIFY(!surname.isEmpty());
        const QStringList search{QStringLiteral("--search"), surname};
        const QStringList found = idsOf(usersCsv(source->url, search));
        QVERIFY2(!found.isEmpty(), qPrintable(surname));
        QCOMPARE(idsOf(usersCsv(m_t->url, search)), found);
        QCOMPARE(usersCsv(m_t->url), all);
        const QByteArray owners = mismatchesCsv(source->url, false);
        QVERIFY(owners.count('\n') > 1); // the sample has differences
        QCOMPARE(mismatchesCsv(m_t->url, false), owners);
        QCOMPARE(mismatchesCsv(m_t->url, true), mismatchesCsv(source->url, true));

        // The same folder again: every id exists now, nothing is added.
        const QList<qint64> after = counts(*m_t);
        const Run again = import({QStringLiteral("--format"), QStringLiteral("csv"), folder});
        EXPECT_EXIT(again, 1);
        static const QRegularExpression exists(
            QStringLiteral("^users\\.csv:[0-9]+: id: user [0-9]+ exists already"));
        QVERIFY2(exists.match(again.errText()).hasMatch(), qPrintable(again.errText()));
        QVERIFY2(again.errText().endsWith(QStringLiteral("; nothing imported\n")),
                 qPrintable(again.errText()));
        QCOMPARE(counts(*m_t), after);
    }

    void aSqliteFileMovesIn()
    {
        // An old SQLite database moving to this engine (on the SQLite row: to another file).
        const auto old = initialised(Engine::SQLite, 200);
        const Run r = import({QStringLiteral("--format"), QStringLiteral("sqlite"), old->path});
        EXPECT_EXIT(r, 0);
        QVERIFY2(
            r.outText().startsWith(QStringLiteral("Imported 200 users, 200 clients, 300 links.\n")),
            qPrintable(r.outText()));
        const QByteArray users = usersCsv(old->url);
        QCOMPARE(users.count('\n'), 201);
        QCOMPARE(usersCsv(m_t->url), users);
        QCOMPARE(mismatchesCsv(m_t->url, true), mismatchesCsv(old->url, true));
    }

    void usageErrorsAndMissingInputs()
    {
        addSomeRecords();
        const QList<qint64> before = counts(*m_t);
        const QString folder = scratch("export");
        writeRecordsFolder(folder, 3, 1000000);

        const Run noFormat = import({folder});
        EXPECT_EXIT(noFormat, 2);
        QVERIFY2(
            noFormat.errText().contains(QStringLiteral("--format csv|json|sqlite is required")),
            qPrintable(noFormat.errText()));
        const Run xml = import({QStringLiteral("--format"), QStringLiteral("xml"), folder});
        EXPECT_EXIT(xml, 2);
        QVERIFY2(xml.errText().contains(QStringLiteral("'xml'")), qPrintable(xml.errText()));
        EXPECT_EXIT(import({QStringLiteral("--format"), QStringLiteral("csv")}), 2);
        EXPECT_EXIT(import({QStringLiteral("--format"), QStringLiteral("csv"),
                            QStringLiteral("--colour"), folder}),
                    2);
        for (const Run& r : {noFormat, xml}) {
            QCOMPARE(r.errText().count(QLatin1Char('\n')), 1);
            QVERIFY(r.out.isEmpty());
        }

        // A missing file is named, on one line; so is a folder without the files.
        for (const char* format : {"csv", "json", "sqlite"}) {
            const QString missing = scratch("missing.data");
            const Run r = import({QStringLiteral("--format"), QLatin1String(format), missing});
            EXPECT_EXIT(r, 1);
            QCOMPARE(r.errText(),
                     QStringLiteral("accord: %1: no such file or folder.\n").arg(missing));
            QVERIFY(r.out.isEmpty());
        }
        const QString empty = scratch("empty");
        QVERIFY(QDir().mkpath(empty));
        const Run none = import({QStringLiteral("--format"), QStringLiteral("csv"), empty});
        EXPECT_EXIT(none, 1);
        QVERIFY2(none.errText().contains(QStringLiteral("holds none of users.csv")),
                 qPrintable(none.errText()));
        // One missing file among good ones imports nothing.
        const Run partly = import({QStringLiteral("--format"), QStringLiteral("csv"),
                                   folder + QStringLiteral("/users.csv"), scratch("missing.csv")});
        EXPECT_EXIT(partly, 1);
        QCOMPARE(counts(*m_t), before);
    }

    // ---- SIGKILL at any moment ----

    void aKilledImportLeavesTheDatabaseAsItWas_data()
    {
        QTest::addColumn<QString>("hold"); // ACCORD_IMPORT_HOLD; empty: a plain delay
        QTest::newRow("rows half-way") << QStringLiteral("rows");
        QTest::newRow("before the commit") << QStringLiteral("indexes");
        QTest::newRow("after a delay") << QString();
    }
    void aKilledImportLeavesTheDatabaseAsItWas()
    {
        QFETCH(QString, hold);
        addSomeRecords();
        const int n = recordsPerTable();
        const QString folder = scratch("records");
        writeRecordsFolder(folder, n, 1000000);
        if (hold == QLatin1String("rows"))
            hold += QStringLiteral(":%1").arg(3 * n / 2); // among the clients
        killThenImportWhole({QStringLiteral("--format"), QStringLiteral("csv"), folder}, hold, n);
    }

    // Into an empty database. On SQLite the rows then go in bulk, the indexes set aside and
    // built at the end, in the same transaction and in a rollback journal.
    void aKilledImportLeavesAnEmptyDatabaseEmpty_data()
    {
        aKilledImportLeavesTheDatabaseAsItWas_data();
    }
    void aKilledImportLeavesAnEmptyDatabaseEmpty()
    {
        QFETCH(QString, hold);
        const int n = engine() == Engine::SQLite ? 15000 : recordsPerTable();
        const QString folder = scratch("records");
        writeRecordsFolder(folder, n, 1);
        if (hold == QLatin1String("rows"))
            hold += QStringLiteral(":%1").arg(3 * n / 2);
        killThenImportWhole({QStringLiteral("--format"), QStringLiteral("csv"), folder}, hold, n);
        if (engine() != Engine::SQLite)
            return;
        // The indexes and triggers set aside are all back.
        const QStringList schema = rawColumn(
            *m_t, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE type IN ('index', "
                                 "'trigger')"));
        const auto fresh = initialised(Engine::SQLite);
        QCOMPARE(schema,
                 rawColumn(*fresh, QStringLiteral("SELECT count(*) FROM sqlite_master WHERE "
                                                  "type IN ('index', 'trigger')")));
    }
};

QTEST_GUILESS_MAIN(TestImportCli)
#include "tst_importcli.moc"
