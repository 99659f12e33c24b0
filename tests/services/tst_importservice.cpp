// `import` on every engine: CSV (RFC 4180, BOM, UTF-16, ';'), JSON and another SQLite file,
// validated whole first by the domain's rules and DESIGN's id rules, then written all or
// nothing with the search keys, counters, link counts, differences and one activity-log
// row per table; the vendor's pre-8 client list gets an owner user per distinct email.
#include "domain/permission.h"
#include "domain/searchterm.h"
#include "services/diffservice.h"
#include "services/importservice.h"
#include "services/samplegenerator.h"
#include "services/snapshotservice.h"
#include "storage/differencestore.h"
#include "storage/searchindex.h"
#include "storage/transaction.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QSqlQuery>
#include <QStringConverter>
#include <QTest>

using namespace accord;
using accord::test::TempDatabase;

namespace {

const QByteArray usersHeader = "first_name,last_name,email,language\n";

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(bytes) != bytes.size())
        qFatal("cannot write %s", qPrintable(path));
}

// `rows` users (lines 2 .. rows + 1), user i "First<i> Last<i>" <user<i>@example.com>.
QByteArray usersCsv(int rows)
{
    QByteArray out = usersHeader;
    for (int i = 1; i <= rows; ++i)
        out += QStringLiteral("First%1,Last%1,user%1@example.com,english\n").arg(i).toUtf8();
    return out;
}

qint64 count(Database& db, const char* table)
{
    return test::column(db, QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table)))
        .toLongLong();
}

QStringList problemTexts(const ImportOutcome& o)
{
    QStringList out;
    for (const ImportProblem& p : o.problems)
        out << p.text();
    return out;
}

// Every row of accord_link_differences, in key order, as text.
QStringList differenceRows(Database& db)
{
    QStringList out;
    auto q = QSqlQuery(db.connection());
    q.exec(QStringLiteral("SELECT client_id, user_id, owner, first_name_kind, last_name_kind, "
                          "email_kind, language_kind FROM accord_link_differences ORDER BY "
                          "client_id, user_id"));
    while (q.next()) {
        QStringList row;
        for (int i = 0; i < 7; ++i)
            row << q.value(i).toString();
        out << row.join(QLatin1Char(','));
    }
    return out;
}

} // namespace

class TestImportService : public QObject
{
    Q_OBJECT

    std::unique_ptr<TempDatabase> t;

    QString file(const QString& name) const { return t->dir.filePath(name); }

    Result<ImportOutcome> import(const QStringList& inputs, BulkFormat format = BulkFormat::Csv,
                                 bool dryRun = false)
    {
        ImportRequest request;
        request.format = format;
        request.inputs = inputs;
        request.dryRun = dryRun;
        return ImportService(t->db).run(request);
    }
    ImportOutcome imported(const QStringList& inputs, BulkFormat format = BulkFormat::Csv)
    {
        auto o = import(inputs, format);
        if (!o) {
            QTest::qFail(qPrintable(QStringLiteral("import failed: ") + o.error().message),
                         __FILE__, __LINE__);
            return {};
        }
        if (o->problemCount)
            QTest::qFail(qPrintable(QStringLiteral("import refused: ") +
                                    problemTexts(*o).join(QLatin1Char('\n'))),
                         __FILE__, __LINE__);
        return *o;
    }
    // The problems of an import that must be refused, after checking it wrote nothing.
    QStringList refused(const QStringList& inputs, BulkFormat format = BulkFormat::Csv)
    {
        const qint64 users = count(*t->db, "tblusers"), clients = count(*t->db, "tblclients"),
                     links = count(*t->db, "tblusers_clients"),
                     log = count(*t->db, "tblactivitylog");
        auto o = import(inputs, format);
        if (!o) {
            QTest::qFail(qPrintable(QStringLiteral("import failed: ") + o.error().message),
                         __FILE__, __LINE__);
            return {};
        }
        if (o->applied || !o->problemCount)
            QTest::qFail("import was not refused", __FILE__, __LINE__);
        if (count(*t->db, "tblusers") != users || count(*t->db, "tblclients") != clients ||
            count(*t->db, "tblusers_clients") != links || count(*t->db, "tblactivitylog") != log)
            QTest::qFail("a refused import changed the database", __FILE__, __LINE__);
        return problemTexts(*o);
    }
    qint64 searchCount(const QString& text)
    {
        auto n = t->db->dialect().searchIndex().count(t->db->connection(), Listed::Users,
                                                      SearchTerm::parse(text));
        return n ? *n : -1;
    }
    // Counters, link counts and differences agree with the rows, as after a rebuild.
    void checkBookkeeping()
    {
        Database& db = *t->db;
        QCOMPARE(test::column(db, QStringLiteral("SELECT value FROM accord_counters WHERE name = "
                                                 "'users'"))
                     .toLongLong(),
                 count(db, "tblusers"));
        QCOMPARE(test::column(db, QStringLiteral("SELECT value FROM accord_counters WHERE name = "
                                                 "'clients'"))
                     .toLongLong(),
                 count(db, "tblclients"));
        QCOMPARE(test::column(db, QStringLiteral("SELECT value FROM accord_counters WHERE name = "
                                                 "'links'"))
                     .toLongLong(),
                 count(db, "tblusers_clients"));
        QCOMPARE(
            test::column(
                db, QStringLiteral("SELECT count(*) FROM tblusers u LEFT JOIN accord_user_stats s "
                                   "ON s.id = u.id WHERE coalesce(s.client_count, -1) <> (SELECT "
                                   "count(*) FROM tblusers_clients l WHERE l.auth_user_id = u.id)"))
                .toLongLong(),
            qint64(0));
        QCOMPARE(
            test::column(db, QStringLiteral(
                                 "SELECT count(*) FROM tblclients c LEFT JOIN accord_client_stats "
                                 "s ON s.id = c.id WHERE coalesce(s.user_count, -1) <> (SELECT "
                                 "count(*) FROM tblusers_clients l WHERE l.client_id = c.id)"))
                .toLongLong(),
            qint64(0));
        const QStringList kept = differenceRows(db);
        Transaction rebuild(db);
        QVERIFY(rebuild.begin().ok());
        QVERIFY(DifferenceStore(rebuild.connection(), db.dialect()).rebuildAll().ok());
        QCOMPARE(kept, differenceRows(db));
        rebuild.rollback();
    }

private slots:
    void initTestCase_data() { test::addEngineRows(); }
    void init()
    {
        test::useRowEngine();
        t = std::make_unique<TempDatabase>();
    }
    void cleanup() { t.reset(); }

    void newUsersWithoutIdsImportOnTheirOwn()
    {
        writeFile(file(QStringLiteral("users.csv")), usersCsv(3));
        const ImportOutcome o = imported({file(QStringLiteral("users.csv"))});
        QVERIFY(o.applied);
        QCOMPARE(o.users, qint64(3));
        QCOMPARE(count(*t->db, "tblusers"), qint64(3));
        QCOMPARE(test::storedText(*t->db, "SELECT email FROM tblusers WHERE id = ?", 2),
                 QStringLiteral("user2@example.com"));
        QCOMPARE(test::storedText(*t->db, "SELECT language FROM tblusers WHERE id = ?", 2),
                 QStringLiteral("english"));
        // The vendor's defaults for the rest; the times of creation as Accord's own writes.
        QCOMPARE(test::storedText(*t->db, "SELECT password FROM tblusers WHERE id = ?", 2),
                 QString());
        QVERIFY(
            !test::storedText(*t->db, "SELECT created_at FROM tblusers WHERE id = ?", 2).isEmpty());
        QCOMPARE(test::descriptions(*t->db),
                 QStringList{QStringLiteral("Bulk Import - tblusers: 3 rows added from "
                                            "'users.csv'")});
        QCOMPARE(searchCount(QStringLiteral("user2@exa")), qint64(1));
        checkBookkeeping();
    }

    void aBadRowImportsNothingAndIsNamed()
    {
        // 600 lines: the header and 599 users, line 402 with an email that is none.
        QByteArray csv = usersHeader;
        for (int line = 2; line <= 600; ++line)
            csv += (line == 402 ? QStringLiteral("Bad,Row,not-an-email,\n")
                                : QStringLiteral("F%1,L%1,u%1@example.com,\n").arg(line))
                       .toUtf8();
        writeFile(file(QStringLiteral("users.csv")), csv);
        const QStringList problems = refused({file(QStringLiteral("users.csv"))});
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().startsWith(QStringLiteral("users.csv:402: email: ")),
                 qPrintable(problems.first()));
        QCOMPARE(count(*t->db, "tblusers"), qint64(0));
    }

    void theFirstHundredProblemsAreListedAndAllCounted()
    {
        QByteArray csv = usersHeader;
        for (int i = 0; i < 150; ++i)
            csv += "A,B,broken,\n";
        writeFile(file(QStringLiteral("users.csv")), csv);
        auto o = import({file(QStringLiteral("users.csv"))});
        QVERIFY(o.ok());
        QCOMPARE(o->problemCount, qint64(150));
        QCOMPARE(o->problems.size(), 100);
        QCOMPARE(o->problems.at(99).line, qint64(101));
    }

    // ... in the files' order also when the database is what refuses them.
    void theDatabasesProblemsAreListedInFileOrder()
    {
        QByteArray csv = "id,first_name,last_name,email\n";
        for (int i = 1; i <= 150; ++i)
            csv += QStringLiteral("%1,A,B,a%1@example.com\n").arg(i).toUtf8();
        writeFile(file(QStringLiteral("users.csv")), csv);
        imported({file(QStringLiteral("users.csv"))});
        auto o = import({file(QStringLiteral("users.csv"))});
        QVERIFY(o.ok());
        QCOMPARE(o->problemCount, qint64(300)); // each id and each email is taken
        QCOMPARE(o->problems.size(), 100);
        // The taken ids come first (lines 2 to 101 of 151), then the taken emails.
        for (int i = 0; i < 100; ++i) {
            QCOMPARE(o->problems.at(i).line, qint64(2 + i));
            QCOMPARE(o->problems.at(i).field, QStringLiteral("id"));
        }
    }

    void quotedFieldsFollowRfc4180()
    {
        writeFile(file(QStringLiteral("users.csv")),
                  usersHeader + "\"Ann, Jr.\",\"O\"\"Neil\",ann@example.com,\n"
                                "\"Two\nLines\",Lee,two@example.com,\n"
                                "Bo,Bad,bad email,\n");
        // A name may not hold a line break (the domain's rule); the record after it starts
        // on line 5.
        const QStringList problems = refused({file(QStringLiteral("users.csv"))});
        QCOMPARE(problems.size(), 2);
        QVERIFY2(problems.at(0).startsWith(QStringLiteral("users.csv:3: first_name: ")),
                 qPrintable(problems.at(0)));
        QVERIFY2(problems.at(1).startsWith(QStringLiteral("users.csv:5: email: ")),
                 qPrintable(problems.at(1)));
        writeFile(file(QStringLiteral("users.csv")),
                  usersHeader + "\"Ann, Jr.\",\"O\"\"Neil\",ann@example.com,\n");
        // A client's notes may: quoted, with a separator and a doubled quote inside.
        writeFile(file(QStringLiteral("clients.csv")),
                  "id,firstname,lastname,email,country,notes\r\n"
                  "7,Ann,Lee,ann@example.com,GB,\"first line\r\nsecond, \"\"quoted\"\"\"\r\n");
        imported({file(QStringLiteral("users.csv")), file(QStringLiteral("clients.csv"))});
        QCOMPARE(test::storedText(*t->db, "SELECT first_name FROM tblusers WHERE id = ?", 1),
                 QStringLiteral("Ann, Jr."));
        QCOMPARE(test::storedText(*t->db, "SELECT last_name FROM tblusers WHERE id = ?", 1),
                 QStringLiteral("O\"Neil"));
        QCOMPARE(test::storedText(*t->db, "SELECT notes FROM tblclients WHERE id = ?", 7),
                 QStringLiteral("first line\r\nsecond, \"quoted\""));
    }

    void spreadsheetCsvImports_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        const QString text = QStringLiteral("first_name;last_name;email;language\n"
                                            "Élodie;Lefèvre;elodie@exemple.fr;french\n");
        QTest::newRow("utf-8 with BOM, ';'") << (QByteArray("\xEF\xBB\xBF") + text.toUtf8());
        QStringEncoder utf16(QStringEncoder::Utf16LE, QStringConverter::Flag::WriteBom);
        QTest::newRow("utf-16 with BOM, ';'") << QByteArray(utf16.encode(text));
        QString comma = text;
        comma.replace(QLatin1Char(';'), QLatin1Char(','));
        QTest::newRow("utf-8 with BOM, ','") << (QByteArray("\xEF\xBB\xBF") + comma.toUtf8());
    }
    void spreadsheetCsvImports()
    {
        QFETCH(QByteArray, bytes);
        writeFile(file(QStringLiteral("users.csv")), bytes);
        imported({file(QStringLiteral("users.csv"))});
        QCOMPARE(test::storedText(*t->db, "SELECT first_name FROM tblusers WHERE id = ?", 1),
                 QStringLiteral("Élodie"));
        QCOMPARE(test::storedText(*t->db, "SELECT email FROM tblusers WHERE id = ?", 1),
                 QStringLiteral("elodie@exemple.fr"));
    }

    void aPre8ClientListGetsAnOwnerPerEmail()
    {
        const qint64 existing = test::addUser(t->db, QStringLiteral("Kim"), QStringLiteral("Park"),
                                              QStringLiteral("kim@example.com"));
        writeFile(file(QStringLiteral("clients.csv")),
                  "firstname,lastname,companyname,email,country\n"
                  "Ann,Lee,Lee Ltd,ann@example.com,GB\n"
                  "Ann,Lee,Lee Two,ANN@Example.com,GB\n"
                  "Kim,Park,,Kim@example.com,DE\n"
                  "Bo,Berg,,bo@example.com,SE\n");
        const ImportOutcome o = imported({file(QStringLiteral("clients.csv"))});
        QCOMPARE(o.clients, qint64(4));
        QCOMPARE(o.users, qint64(2)); // ann and bo; kim is a user already
        QCOMPARE(count(*t->db, "tblusers"), qint64(3));
        QCOMPARE(count(*t->db, "tblusers_clients"), qint64(4));
        QCOMPARE(test::column(*t->db, QStringLiteral("SELECT count(*) FROM tblusers_clients "
                                                     "WHERE owner = 1"))
                     .toLongLong(),
                 qint64(4));
        // Both of Ann's clients are owned by one new user made from the first.
        const qint64 ann =
            test::column(*t->db, QStringLiteral("SELECT id FROM tblusers WHERE email = "
                                                "'ann@example.com'"))
                .toLongLong();
        QVERIFY(ann > 0);
        QCOMPARE(test::column(*t->db,
                              QStringLiteral("SELECT count(*) FROM tblusers_clients WHERE "
                                             "auth_user_id = ? AND owner = 1"),
                              {ann})
                     .toLongLong(),
                 qint64(2));
        QCOMPARE(test::storedText(*t->db, "SELECT first_name FROM tblusers WHERE id = ?", ann),
                 QStringLiteral("Ann"));
        // The client with Kim's email is owned by Kim.
        QCOMPARE(test::column(*t->db,
                              QStringLiteral("SELECT c.email FROM tblusers_clients l "
                                             "JOIN tblclients c ON c.id = l.client_id "
                                             "WHERE l.auth_user_id = ?"),
                              {existing})
                     .toString(),
                 QStringLiteral("Kim@example.com"));
        QCOMPARE(test::storedText(*t->db,
                                  "SELECT permissions FROM tblusers_clients WHERE auth_user_id = ?",
                                  existing),
                 Permissions::all().toStored());
        const QStringList log = test::descriptions(*t->db);
        QVERIFY(log.contains(
            QStringLiteral("Bulk Import - tblclients: 4 rows added from 'clients.csv'")));
        QVERIFY(log.contains(
            QStringLiteral("Bulk Import - tblusers: 2 rows added from 'clients.csv'")));
        QVERIFY(log.contains(
            QStringLiteral("Bulk Import - tblusers_clients: 4 rows added from 'clients.csv'")));
        checkBookkeeping();
    }

    void aFoldedEmailTwiceInTheFilesIsRefused()
    {
        writeFile(file(QStringLiteral("users.csv")),
                  usersHeader + "Bob,One,Bob@X.com,\nBob,Two,bob@x.com,\n");
        const QStringList problems = refused({file(QStringLiteral("users.csv"))});
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().startsWith(QStringLiteral("users.csv:3: email: ")),
                 qPrintable(problems.first()));
        QVERIFY(problems.first().contains(QStringLiteral("line 2")));
    }

    void anEmailAUserHasIsRefused()
    {
        test::addUser(t->db, QStringLiteral("Élodie"), QStringLiteral("L"),
                      QStringLiteral("ÉLODIE@x.com"));
        writeFile(file(QStringLiteral("users.csv")), usersHeader + "E,L,élodie@X.com,\n");
        const QStringList problems = refused({file(QStringLiteral("users.csv"))});
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().startsWith(QStringLiteral("users.csv:2: email: ")),
                 qPrintable(problems.first()));
    }

    void anIdThatExistsIsRefusedByName()
    {
        const qint64 id = test::addUser(t->db, QStringLiteral("Ann"), QStringLiteral("Lee"),
                                        QStringLiteral("ann@x.com"));
        writeFile(file(QStringLiteral("users.csv")),
                  QStringLiteral("id,first_name,last_name,email\n%1,Bo,Berg,bo@x.com\n%2,Cy,Dee,"
                                 "cy@x.com\n")
                      .arg(id)
                      .arg(id + 10)
                      .toUtf8());
        const QStringList problems = refused({file(QStringLiteral("users.csv"))});
        QCOMPARE(problems,
                 QStringList{QStringLiteral("users.csv:2: id: user %1 exists already (an import "
                                            "adds records; it never overwrites one).")
                                 .arg(id)});
    }

    void anUnknownColumnIsRefusedByName()
    {
        writeFile(file(QStringLiteral("users.csv")),
                  "first_name,last_name,email,shoe_size\nA,B,a@x.com,44\n");
        const QStringList problems = refused({file(QStringLiteral("users.csv"))});
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().startsWith(QStringLiteral("users.csv:1: shoe_size: unknown")),
                 qPrintable(problems.first()));
    }

    void linksAreCheckedAgainstTheFilesAndTheDatabase()
    {
        const qint64 kim = test::addUser(t->db, QStringLiteral("Kim"), QStringLiteral("Park"),
                                         QStringLiteral("kim@x.com"));
        const qint64 owned = test::addClient(t->db, kim, QStringLiteral("Kim"),
                                             QStringLiteral("Park"), QStringLiteral("kim@x.com"));
        QDir(t->dir.path()).mkdir(QStringLiteral("in"));
        writeFile(file(QStringLiteral("in/users.csv")),
                  "id,first_name,last_name,email\n100,Ann,Lee,ann@x.com\n101,Bo,Berg,bo@x.com\n");
        writeFile(file(QStringLiteral("in/clients.csv")),
                  "id,firstname,lastname,email,country\n200,Ann,Lee,ann@x.com,GB\n");
        // Line 2 fine; 3 an unknown permission; 4 a second owner of 200; 5 a user that is
        // nowhere; 6 a second owner of a client that has one; 7 no permission at all.
        writeFile(file(QStringLiteral("in/links.csv")),
                  QStringLiteral("auth_user_id,client_id,owner,permissions\n"
                                 "100,200,true,\n"
                                 "101,%1,false,\"invoices,teleport\"\n"
                                 "101,200,true,\n"
                                 "999,200,false,tickets\n"
                                 "100,%1,true,\n"
                                 "%2,200,false,\n")
                      .arg(owned)
                      .arg(kim)
                      .toUtf8());
        const QStringList problems = refused({file(QStringLiteral("in"))});
        auto has = [&](const QString& start) {
            for (const QString& p : problems)
                if (p.startsWith(start))
                    return true;
            return false;
        };
        QVERIFY2(has(QStringLiteral("links.csv:3: permissions: unknown permission 'teleport'")),
                 qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY2(has(QStringLiteral("links.csv:4: owner: client 200 has two owners")),
                 qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY2(has(QStringLiteral("links.csv:5: auth_user_id: user 999 is neither")),
                 qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY2(
            has(QStringLiteral("links.csv:6: owner: client %1 has an owner already").arg(owned)),
            qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY2(has(QStringLiteral("links.csv:7: permissions: a link needs at least one")),
                 qPrintable(problems.join(QLatin1Char('\n'))));
        QCOMPARE(problems.size(), 5);
    }

    void jsonProblemsNameTheLine_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("expected");
        QTest::newRow("cut off") << QByteArray("{\"users\": [\n{\"first_name\": \"Ann\",\n")
                                 << QStringLiteral("users.json:3: ");
        QTest::newRow("not a record") << QByteArray("{\"users\": [\n\n42\n]}")
                                      << QStringLiteral("users.json:3: each element of \"users\"");
        QTest::newRow("unknown key") << QByteArray("{\"manifest\": {},\n\"people\": []}")
                                     << QStringLiteral("users.json:2: unknown key \"people\"");
        QTest::newRow("an object as a value")
            << QByteArray("{\"users\": [\n{\"first_name\": {\"a\": 1}}]}")
            << QStringLiteral("users.json:2: first_name: a value is text");
        QTest::newRow("a bad value")
            << QByteArray("{\"clients\": [],\n \"users\": [\n{\"first_name\": \"Ann\", "
                          "\"last_name\": \"Lee\", \"email\": \"ann@x.org\"},\n"
                          "{\"first_name\": \"Bo\", \"last_name\": \"Berg\", \"email\": "
                          "\"no\"}]}")
            << QStringLiteral("users.json:4: email: ");
    }
    void jsonProblemsNameTheLine()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, expected);
        writeFile(file(QStringLiteral("users.json")), json);
        const QStringList problems =
            refused({file(QStringLiteral("users.json"))}, BulkFormat::Json);
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().startsWith(expected), qPrintable(problems.first()));
    }

    void aBlobThatIsNotBase64IsRefused()
    {
        writeFile(file(QStringLiteral("clients.csv")),
                  "id,firstname,lastname,email,country,cardnum\n"
                  "1,Ann,Lee,ann@example.com,GB,AP8Q\n"
                  "2,Bo,Berg,bo@example.com,SE,not*base64\n");
        const QStringList problems = refused({file(QStringLiteral("clients.csv"))});
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems.first().startsWith(QStringLiteral("clients.csv:3: cardnum: not base64")),
                 qPrintable(problems.first()));
    }

    void aDryRunChangesNothing()
    {
        writeFile(file(QStringLiteral("users.csv")), usersCsv(5));
        auto o = import({file(QStringLiteral("users.csv"))}, BulkFormat::Csv, true);
        QVERIFY(o.ok());
        QVERIFY(!o->applied);
        QCOMPARE(o->problemCount, qint64(0));
        QCOMPARE(o->users, qint64(5));
        QCOMPARE(count(*t->db, "tblusers"), qint64(0));
        QCOMPARE(count(*t->db, "tblactivitylog"), qint64(0));
    }

    void aCancelledImportLeavesNothing()
    {
        test::addUser(t->db, QStringLiteral("Kim"), QStringLiteral("Park"),
                      QStringLiteral("kim@x.com"));
        writeFile(file(QStringLiteral("users.csv")), usersCsv(50));
        ImportRequest request;
        request.inputs = {file(QStringLiteral("users.csv"))};
        auto o = ImportService(t->db).run(
            request, [](const ImportProgress& p) { return p.phase != QLatin1String("Indexes"); });
        QVERIFY(o.ok());
        QVERIFY(o->cancelled);
        QVERIFY(!o->applied);
        QCOMPARE(count(*t->db, "tblusers"), qint64(1));
        QCOMPARE(count(*t->db, "tblactivitylog"), qint64(1));
    }

    // An Accord SQLite file (here with generated data, drifting details and every vendor
    // column the generator fills, plus some it does not) moves onto this engine whole.
    // ... and so does an export of it as a CSV folder or a JSON file (secrets in, blobs in
    // base64): export then import reproduces every vendor column.
    void aFileMovesWithEveryVendorColumn_data()
    {
        QTest::addColumn<BulkFormat>("format");
        QTest::addColumn<bool>("intoEmpty");
        for (const auto& [name, format] :
             {std::pair("sqlite", BulkFormat::Sqlite), std::pair("csv", BulkFormat::Csv),
              std::pair("json", BulkFormat::Json)}) {
            QTest::addRow("%s into an empty database", name) << format << true;
            QTest::addRow("%s beside records", name) << format << false;
        }
    }
    void aFileMovesWithEveryVendorColumn()
    {
        QFETCH(BulkFormat, format);
        QFETCH(bool, intoEmpty);
        TempDatabase source(Engine::SQLite);
        SampleOptions sample;
        sample.users = 120;
        QVERIFY(SampleGenerator(source.db).generate(sample).ok());
        test::exec(*source.db,
                   QStringLiteral("UPDATE tblclients SET notes = 'line1\nline2', credit = '12.50', "
                                  "currency = 2, lastlogin = '2024-02-03T04:05:06Z', "
                                  "email_preferences = NULL WHERE id % 7 = 0"));
        test::exec(*source.db, QStringLiteral("UPDATE tblusers SET second_factor_config = "
                                              "'{\"a\":1}', security_question_id = 3 WHERE id % "
                                              "5 = 0"));
        // Binary columns with bytes no text could hold.
        test::exec(*source.db, QStringLiteral("UPDATE tblclients SET cardnum = x'00ff10', "
                                              "bankacct = x'c328' WHERE id % 3 = 0"));
        qint64 base = 0;
        if (!intoEmpty) {
            // Records of the target's own, with ids above the file's: the file's keep theirs.
            test::exec(*t->db, QStringLiteral("INSERT INTO tblusers (id, first_name, last_name, "
                                              "email) VALUES (500, 'Own', 'User', "
                                              "'own@x.org')"));
            base = 1;
        }
        QString path = source.path;
        if (format != BulkFormat::Sqlite) {
            SnapshotOptions options;
            options.includeSecrets = true;
            options.target = file(format == BulkFormat::Csv ? QStringLiteral("export")
                                                            : QStringLiteral("export.json"));
            auto written = SnapshotService(source.db).exportBulk(
                options, format == BulkFormat::Csv ? BulkExportRequest::Format::Csv
                                                   : BulkExportRequest::Format::Json);
            QVERIFY2(written.ok(), qPrintable(written.ok() ? QString() : written.error().message));
            path = options.target;
        }
        const ImportOutcome o = imported({path}, format);
        QCOMPARE(o.users, count(*source.db, "tblusers"));
        QCOMPARE(count(*t->db, "tblusers"), count(*source.db, "tblusers") + base);
        QCOMPARE(count(*t->db, "tblclients"), count(*source.db, "tblclients"));
        QCOMPARE(count(*t->db, "tblusers_clients"), count(*source.db, "tblusers_clients"));
        if (!intoEmpty)
            test::exec(*t->db, QStringLiteral("DELETE FROM tblusers WHERE id = 500"));
        // Every vendor column equal, row by row (the diff compares them all, secrets too).
        auto diff = DiffService(source.db, t->db).diff();
        QVERIFY2(diff.ok(), qPrintable(diff.ok() ? QString() : diff.error().message));
        QStringList changes;
        for (const RecordChange& c : diff->changes)
            changes << RecordChange::changeName(c.change) + QLatin1Char(' ') + c.targetText();
        QCOMPARE(changes, QStringList());
        QVERIFY(diff->secretsCompared);
        checkBookkeeping();
        QCOMPARE(differenceRows(*t->db), differenceRows(*source.db));
        // Searchable at once, and new records numbered after the imported ones.
        const QString someone =
            test::storedText(*source.db, "SELECT email FROM tblusers WHERE id = ?", 77);
        QCOMPARE(searchCount(someone), qint64(1));
        const qint64 next = test::addUser(t->db, QStringLiteral("New"), QStringLiteral("One"),
                                          QStringLiteral("new.one@x.org"));
        QVERIFY(next > 120);
    }
};

QTEST_GUILESS_MAIN(TestImportService)
#include "tst_importservice.moc"
