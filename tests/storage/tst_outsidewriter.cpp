// An Accord SQLite file stays an ordinary SQLite file: Python's sqlite3 module (as any
// sync script, DB Browser or the sqlite3 shell) inserts, changes and deletes users, clients
// and links in it without Accord's SQL functions, and Accord, when it next opens the file,
// searches, counts and reports exactly the new state. A login another program stored
// twice after folding (Bob@X.com beside bob@x.com) is reported, never fails the open, and
// no save keeps it; the servers' refresh of dirty keys reports one the same way.
#include "models/clientlistquery.h"
#include "models/userlistquery.h"
#include "services/userservice.h"
#include "storage/mismatchreader.h"
#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace accord;
using accord::test::runAccord;
using accord::test::TempDatabase;

namespace {

// Runs a Python script on the file with Python's own sqlite3 module (no Accord functions);
// returns Python's stderr, empty when the script and its commit succeeded.
QString python(const QString& file, const QString& script)
{
    QProcess p;
    p.start(QStringLiteral("python3"),
            {QStringLiteral("-c"),
             QStringLiteral("import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\n") + script +
                 QStringLiteral("\nc.commit()\nc.close()\n"),
             file});
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit)
        return QStringLiteral("python3 did not finish");
    const QString err = QString::fromUtf8(p.readAllStandardError());
    return p.exitCode() == 0 ? QString() : err + QStringLiteral(" (exit %1)").arg(p.exitCode());
}

// The ids a list query finds for a search, as the lists and `users --search` page them.
QList<qint64> listed(Database& db, const ListQuery& query, const QString& search)
{
    ListRequest request;
    request.search = search;
    request.limit = 1000;
    auto rows = query.fetch(db.connection(), request);
    if (!rows)
        qFatal("%s", qPrintable(rows.error().message));
    QList<qint64> ids;
    for (const ListRow& row : *rows)
        ids << row.id;
    std::sort(ids.begin(), ids.end());
    return ids;
}

qint64 counted(Database& db, const ListQuery& query, const QString& search)
{
    auto n = query.count(db.connection(), search);
    if (!n)
        qFatal("%s", qPrintable(n.error().message));
    return *n;
}

// The mismatch report over all links: "user:client field kind" lines, in report order,
// from Accord's maintained table (or, `live`, by comparing every link now).
QStringList report(Database& db, bool live = false)
{
    MismatchFilter all;
    all.allLinks = true;
    MismatchReader::Page page;
    page.limit = 1000;
    auto rows = MismatchReader(db.connection(), db.dialect(), !live).page(all, page);
    if (!rows)
        qFatal("%s", qPrintable(rows.error().message));
    QStringList lines;
    for (const MismatchRow& row : *rows)
        for (const FieldDifference& d : row.differences())
            lines << QStringLiteral("%1:%2 %3 %4")
                         .arg(row.userId)
                         .arg(row.clientId)
                         .arg(d.field, FieldDifference::kindName(d.kind));
    return lines;
}

} // namespace

class TestOutsideWriter : public QObject
{
    Q_OBJECT

    std::unique_ptr<TempDatabase> t;
    qint64 ann = 0, bob = 0, carl = 0, annsClient = 0, bobsClient = 0;

private slots:
    void init()
    {
        t = std::make_unique<TempDatabase>(Engine::SQLite);
        ann = test::addUser(t->db, QStringLiteral("Ann"), QStringLiteral("Lee"),
                            QStringLiteral("ann@x.com"));
        bob = test::addUser(t->db, QStringLiteral("Bob"), QStringLiteral("Ray"),
                            QStringLiteral("bob@x.com"));
        carl = test::addUser(t->db, QStringLiteral("Carl"), QStringLiteral("Doe"),
                             QStringLiteral("carl@x.com"));
        annsClient = test::addClient(t->db, ann, QStringLiteral("Ann"), QStringLiteral("Lee"),
                                     QStringLiteral("ann@x.com"));
        bobsClient = test::addClient(t->db, bob, QStringLiteral("Bob"), QStringLiteral("Ray"),
                                     QStringLiteral("bob@x.com"));
        QVERIFY(report(*t->db).isEmpty());
        t->db.reset(); // Accord is closed while the other program writes
    }

    void cleanup() { t.reset(); }

    void noObjectOfTheFileCallsAccordsFunctions()
    {
        QSqlDatabase raw = t->rawConnection(QStringLiteral("outside-objects"));
        {
            QSqlQuery q(raw);
            QVERIFY(q.exec(QStringLiteral("SELECT name, sql FROM sqlite_master WHERE sql IS NOT "
                                          "NULL")));
            int objects = 0;
            while (q.next()) {
                ++objects;
                QVERIFY2(!q.value(1).toString().contains(QLatin1String("accord_fold")) &&
                             !q.value(1).toString().contains(QLatin1String("accord_nfc")) &&
                             !q.value(1).toString().contains(QLatin1String("accord_compare")),
                         qPrintable(q.value(0).toString()));
            }
            QVERIFY(objects > 40);
        }
        raw.close();
    }

    void rowsWrittenWithPythonAreSearchedCountedAndCompared()
    {
        // Each statement alone succeeds (before schema 5: "no such function: accord_nfc").
        const QString error = python(
            t->path,
            QStringLiteral(
                "c.execute(\"INSERT INTO tblusers (id, first_name, last_name, email) VALUES "
                "(4, 'Zo\u00eb', 'Quill', 'ZOE@Q.org')\")\n"
                "c.execute(\"INSERT INTO tblclients (id, firstname, lastname, companyname, email, "
                "country) VALUES (3, 'Zoe', 'Quill', 'Quillworks', 'zoe@q.org', 'GB')\")\n"
                "c.execute(\"INSERT INTO tblusers_clients (auth_user_id, client_id, owner, "
                "permissions) VALUES (4, 3, 1, '')\")\n"
                "c.execute(\"UPDATE tblusers SET first_name = 'Annabel', email = "
                "'annabel@x.com' WHERE id = %1\")\n"
                "c.execute(\"UPDATE tblclients SET firstname = 'Robert' WHERE id = %2\")\n"
                "c.execute(\"DELETE FROM tblusers WHERE id = %3\")")
                .arg(ann)
                .arg(bobsClient)
                .arg(carl));
        QVERIFY2(error.isEmpty(), qPrintable(error));

        t->db = t->openAgain();
        QVERIFY(t->db);
        Database& db = *t->db;
        QVERIFY(db.loginClashes().isEmpty());
        const UserListQuery users;
        const ClientListQuery clients;
        // Search: the new values are found, the old and the deleted are not.
        QCOMPARE(listed(db, users, QStringLiteral("annab")), QList<qint64>{ann});
        QCOMPARE(listed(db, users, QStringLiteral("ann@x")), QList<qint64>{});
        QCOMPARE(listed(db, users, QStringLiteral("carl")), QList<qint64>{});
        QCOMPARE(listed(db, users, QStringLiteral("QUILL")), QList<qint64>{4});
        QCOMPARE(listed(db, users, QStringLiteral("zo\u00eb q")), QList<qint64>{4});
        QCOMPARE(listed(db, users, QStringLiteral("Zo")), QList<qint64>{4});
        QCOMPARE(listed(db, users, QStringLiteral("an")), QList<qint64>{ann});
        QCOMPARE(listed(db, clients, QStringLiteral("quillw")), QList<qint64>{3});
        QCOMPARE(listed(db, clients, QStringLiteral("rober")), QList<qint64>{bobsClient});
        QCOMPARE(listed(db, clients, QStringLiteral("Ro")), QList<qint64>{bobsClient});
        QCOMPARE(listed(db, clients, QStringLiteral("bo")), QList<qint64>{bobsClient});
        // Counts: the whole lists and a search.
        QCOMPARE(counted(db, users, QString()), 3);
        QCOMPARE(counted(db, clients, QString()), 3);
        QCOMPARE(counted(db, users, QStringLiteral("x.com")), 2);
        QCOMPARE(counted(db, users, QStringLiteral("q")), 1);
        // `users --search` and each user's client count.
        const auto run = runAccord({QStringLiteral("--db"), t->path, QStringLiteral("users"),
                                    QStringLiteral("--search"), QStringLiteral("quill"),
                                    QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(run.exitCode == 0, run.err);
        QVERIFY2(run.err.isEmpty(), run.err);
        const QJsonArray found = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(found.size(), 1);
        QCOMPARE(found.at(0)[QLatin1String("id")].toInteger(), 4);
        QCOMPARE(found.at(0)[QLatin1String("email")].toString(), QStringLiteral("ZOE@Q.org"));
        QCOMPARE(found.at(0)[QLatin1String("client_count")].toInteger(), 1);
        QCOMPARE(test::column(db, QStringLiteral("SELECT value FROM accord_counters WHERE name = "
                                                 "'links'"))
                     .toInt(),
                 3);
        // The mismatch report: the new link and both changed sides, nothing else.
        QCOMPARE(report(db),
                 (QStringList{
                     QStringLiteral("%1:%2 first_name differs").arg(ann).arg(annsClient),
                     QStringLiteral("%1:%2 email differs").arg(ann).arg(annsClient),
                     QStringLiteral("%1:%2 first_name differs").arg(bob).arg(bobsClient),
                     QStringLiteral("4:3 first_name differs"),
                     QStringLiteral("4:3 email case_or_space"),
                 }));
        QCOMPARE(report(db), report(db, true));
        // Nothing is left to refresh, and Accord's own writes keep the file plain.
        QCOMPARE(test::column(db, QStringLiteral("SELECT count(*) FROM accord_user_keys WHERE "
                                                 "dirty <> 0"))
                     .toInt(),
                 0);
        QCOMPARE(
            test::column(db, QStringLiteral("SELECT count(*) FROM accord_dirty_links")).toInt(), 0);

        // A deleted link, a client renamed back and a link between two records Accord has
        // already folded: the report follows on the next open.
        t->db.reset();
        const QString again = python(
            t->path,
            QStringLiteral("c.execute('DELETE FROM tblusers_clients WHERE auth_user_id = 4')\n"
                           "c.execute(\"UPDATE tblclients SET firstname = 'Bob' WHERE id = %1\")\n"
                           "c.execute(\"INSERT INTO tblusers_clients (auth_user_id, client_id, "
                           "owner, permissions) VALUES (%2, %3, 0, 'profile')\")")
                .arg(bobsClient)
                .arg(bob)
                .arg(annsClient));
        QVERIFY2(again.isEmpty(), qPrintable(again));
        t->db = t->openAgain();
        QCOMPARE(report(*t->db),
                 (QStringList{
                     QStringLiteral("%1:%2 first_name differs").arg(ann).arg(annsClient),
                     QStringLiteral("%1:%2 email differs").arg(ann).arg(annsClient),
                     QStringLiteral("%1:%2 first_name differs").arg(bob).arg(annsClient),
                     QStringLiteral("%1:%2 last_name differs").arg(bob).arg(annsClient),
                     QStringLiteral("%1:%2 email differs").arg(bob).arg(annsClient),
                 }));
        QCOMPARE(report(*t->db), report(*t->db, true));
        QCOMPARE(counted(*t->db, UserListQuery(), QStringLiteral("zoe@q")), 1);
        QCOMPARE(test::column(*t->db, QStringLiteral("SELECT client_count FROM accord_user_stats "
                                                     "WHERE id = 4"))
                     .toInt(),
                 0);
        QCOMPARE(listed(*t->db, ClientListQuery(), QStringLiteral("rober")), QList<qint64>{});
    }

    void theSqliteShellWritesTheFileToo()
    {
        QProcess shell;
        shell.start(QStringLiteral("sqlite3"),
                    {t->path, QStringLiteral("UPDATE tblusers SET last_name = 'Shell' WHERE id = "
                                             "%1;")
                                  .arg(bob)});
        QVERIFY(shell.waitForFinished(30000));
        QVERIFY2(shell.exitCode() == 0, shell.readAllStandardError().constData());
        t->db = t->openAgain();
        QCOMPARE(listed(*t->db, UserListQuery(), QStringLiteral("bob shell")), QList<qint64>{bob});
    }

    void aFoldedDuplicateLoginIsReportedAndNoSaveKeepsIt()
    {
        const QString error = python(t->path, QStringLiteral("c.execute(\"INSERT INTO tblusers "
                                                             "(id, first_name, last_name, email) "
                                                             "VALUES (7, 'Bobby', 'Ray', "
                                                             "'Bob@X.com')\")"));
        QVERIFY2(error.isEmpty(), qPrintable(error));

        // Headless: the command runs and says which users and which login, on stderr.
        const auto run = runAccord({QStringLiteral("--db"), t->path, QStringLiteral("users"),
                                    QStringLiteral("--search"), QStringLiteral("bob")});
        QVERIFY2(run.exitCode == 0, run.err);
        QVERIFY2(run.errText().contains(QLatin1String("warning")), run.err);
        QVERIFY2(run.errText().contains(QStringLiteral("user %1 (bob@x.com)").arg(bob)), run.err);
        QVERIFY2(run.errText().contains(QLatin1String("user 7 (Bob@X.com)")), run.err);
        QVERIFY2(run.outText().contains(QLatin1String("Bob@X.com")), run.out);

        t->db = t->openAgain();
        QVERIFY(t->db);
        QCOMPARE(t->db->loginClashes().size(), 1);
        QCOMPARE(t->db->loginClashes().first().login, QStringLiteral("bob@x.com"));
        QCOMPARE(t->db->loginClashes().first().userIds, (QList<qint64>{bob, 7}));
        QCOMPARE(t->db->loginClashWarnings().size(), 1);
        // Both are found by search, but neither may be saved keeping that login.
        QCOMPARE(listed(*t->db, UserListQuery(), QStringLiteral("bo")), (QList<qint64>{bob, 7}));
        const UserService service(t->db);
        for (const auto& [id, other] : {std::pair{qint64(7), bob}, std::pair{bob, qint64(7)}}) {
            auto loaded = service.find(id);
            QVERIFY(loaded);
            UserChanges rename;
            rename.lastName = QStringLiteral("Renamed");
            auto saved = service.update(*loaded, rename);
            QVERIFY(!saved);
            QCOMPARE(saved.error().kind, Error::Kind::Clash);
            QVERIFY2(saved.error().message.contains(QStringLiteral("user %1").arg(other)),
                     qPrintable(saved.error().message));
            QCOMPARE(service.find(id)->lastName, QStringLiteral("Ray"));
        }
        const auto refused = runAccord({QStringLiteral("--db"), t->path, QStringLiteral("user"),
                                        QStringLiteral("set"), QStringLiteral("7"),
                                        QStringLiteral("--first-name"), QStringLiteral("Robert")});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.errText().contains(QStringLiteral("user %1").arg(bob)), refused.err);
        // A login of its own ends the clash; a new user cannot take it again.
        UserChanges own;
        own.email = QStringLiteral("bobby@x.com");
        QVERIFY(service.update(*service.find(7), own));
        NewUser again;
        again.firstName = QStringLiteral("Bo");
        again.lastName = QStringLiteral("Bo");
        again.email = QStringLiteral("BOB@x.com");
        auto added = service.add(again);
        QVERIFY(!added);
        QCOMPARE(added.error().kind, Error::Kind::Clash);
        t->db.reset();
        t->db = t->openAgain();
        QVERIFY(t->db->loginClashes().isEmpty());
        const auto clean = runAccord({QStringLiteral("--db"), t->path, QStringLiteral("users")});
        QVERIFY2(clean.exitCode == 0 && clean.err.isEmpty(), clean.err);
    }

    void serversReportAFoldedDuplicateTheirRefreshFinds()
    {
        for (Engine engine : test::testEngines()) {
            if (engine == Engine::SQLite)
                continue;
            TempDatabase server(engine);
            const qint64 first = test::addUser(server.db, QStringLiteral("Bob"),
                                               QStringLiteral("Ray"), QStringLiteral("bob@x.com"));
            server.db.reset();
            // Another program's insert: the schema's triggers mark its keys dirty. (A vendor
            // MariaDB's collation already refuses Bob@X.com there; a leading space it keeps.)
            const QString duplicate = engine == Engine::MySQL ? QStringLiteral(" bob@x.com")
                                                              : QStringLiteral("Bob@X.com");
            {
                QSqlDatabase raw =
                    server.rawConnection(QStringLiteral("outside-") + test::engineName(engine));
                QSqlQuery q(raw);
                QVERIFY2(q.exec(QStringLiteral("INSERT INTO tblusers (first_name, last_name, "
                                               "email) VALUES ('Bobby', 'Ray', '%1')")
                                    .arg(duplicate)),
                         qPrintable(q.lastError().text()));
                raw.close();
            }
            auto reopened = server.openAgain();
            QVERIFY(reopened);
            QCOMPARE(reopened->loginClashes().size(), 1);
            QCOMPARE(reopened->loginClashes().first().login, QStringLiteral("bob@x.com"));
            QCOMPARE(reopened->loginClashes().first().userIds.size(), 2);
            QCOMPARE(reopened->loginClashes().first().userIds.first(), first);
            QVERIFY(reopened->loginClashWarnings().first().contains(duplicate));
            // Found again at the next open, until one of them changes.
            reopened.reset();
            QCOMPARE(server.openAgain()->loginClashes().size(), 1);
        }
    }
};

QTEST_GUILESS_MAIN(TestOutsideWriter)
#include "tst_outsidewriter.moc"
