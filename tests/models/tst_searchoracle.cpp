// One search on every engine: the Clients list and `users --search` find exactly the
// records DESIGN's search rules name — computed here from the stored rows with Qt's own
// Unicode primitives (NFC, case folding), not Accord's helpers or SQL — for accents,
// Greek, Cyrillic, CJK, ß, the LIKE wildcards, ids, one- and two-character prefixes and a
// term in a quarter of all rows. (The Manage Users list's model is checked the same way in
// tst_lazylistmodel.) Every engine's answer equals the oracle, so the engines agree.
#include "models/clientlistquery.h"
#include "models/userlistquery.h"
#include "services/samplegenerator.h"
#include "services/userservice.h"
#include "storage/sql.h"
#include "testsupport.h"

#include <QTest>

#include <algorithm>

using namespace accord;

namespace {
QString fold(const QString& s)
{
    return s.normalized(QString::NormalizationForm_C)
        .toCaseFolded()
        .normalized(QString::NormalizationForm_C);
}

// A record as the test reads it: its id and the fields a search looks at (first, last,
// the rest) — a user's email, a client's company and email.
struct Record {
    qint64 id = 0;
    QString first, last;
    QStringList others;
    bool login = false; // a user's email: compared trimmed, as logins are (DESIGN)
};

bool designMatches(const Record& r, const QString& input)
{
    const QString q = input.trimmed().normalized(QString::NormalizationForm_C);
    if (q.isEmpty())
        return true;
    if (q.startsWith(QLatin1Char('#'))) {
        bool ok = false;
        const qint64 id = q.mid(1).toLongLong(&ok);
        if (ok && id > 0)
            return r.id == id;
    }
    const QString f = fold(q);
    if (q.toUcs4().size() >= 3) {
        if (fold(r.first).contains(f) || fold(r.last).contains(f) ||
            fold(r.first + QLatin1Char(' ') + r.last).contains(f))
            return true;
        return std::any_of(r.others.begin(), r.others.end(),
                           [&](const QString& o) { return fold(o).contains(f); });
    }
    // Prefixes: of the first name, the last name and the email, not the company.
    const QString email = r.login ? r.others.last().trimmed() : r.others.last();
    return fold(r.first).startsWith(f) || fold(r.last).startsWith(f) || fold(email).startsWith(f);
}

QList<qint64> expected(const QList<Record>& records, const QString& search)
{
    QList<qint64> ids;
    for (const Record& r : records)
        if (designMatches(r, search))
            ids << r.id;
    std::sort(ids.begin(), ids.end(), std::greater<>());
    return ids;
}

const char* const terms[] = {"example",
                             "EXAMPLE.CO",
                             "son",
                             "müller",
                             "MÜLLER",
                             "muller",
                             "weiß",
                             "WEISS",
                             "élodie",
                             "elodie",
                             "σοφία",
                             "ΣΟΦΊΑ",
                             "иван",
                             "ИВАН",
                             "д",
                             "伟",
                             "秀英",
                             "%",
                             "_",
                             "100%",
                             "a_b",
                             "%_s",
                             "#7",
                             "#1200",
                             "#abc",
                             "jo",
                             "J",
                             "ö",
                             "zq",
                             "ltd",
                             "gmbh",
                             "& co",
                             "user12",
                             "e\u0301lodie",
                             "nothing-matches-this"};
} // namespace

class TestSearchOracle : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::TempDatabase> m_data;
    QList<Record> m_clients, m_users;

    // The sample plus clients and users another program wrote straight into the tables
    // (wildcards, decomposed accents, ß, Greek and CJK companies), then opened again so
    // Accord folds their keys.
    void prepare()
    {
        const Engine engine = test::useRowEngine();
        if (m_data && m_data->engine == engine)
            return;
        m_data.reset();
        m_clients.clear();
        m_users.clear();
        m_data = std::make_unique<test::TempDatabase>(engine);
        QVERIFY(SampleGenerator(m_data->db).generate({1500, {}, 13}).ok());
        const QList<QStringList> unusual{
            {QStringLiteral("Percy"), QStringLiteral("Hundred"), QStringLiteral("100% Sure Ltd"),
             QStringLiteral("a_b@wild.test")},
            {QStringLiteral("E\u0301lodie"), QStringLiteral("Weiß"),
             QStringLiteral("Straße & Co GmbH"), QStringLiteral("ELODIE@X.TEST")},
            {QStringLiteral("Σοφία"), QStringLiteral("Иванова"), QStringLiteral("王伟 株式会社"),
             QStringLiteral("  Zq@Spaced.test ")},
        };
        for (const QStringList& u : unusual)
            test::exec(*m_data->db,
                       QStringLiteral("INSERT INTO tblclients (firstname, lastname, companyname, "
                                      "email, country) VALUES (?, ?, ?, ?, 'GB')"),
                       {u[0], u[1], u[2], u[3]});
        DatabasePtr again = m_data->openAgain(); // folds the new rows' keys
        auto rows = runSql(again->connection(),
                           QStringLiteral("SELECT id, firstname, lastname, companyname, email "
                                          "FROM tblclients"));
        QVERIFY(rows.ok());
        while (rows->next())
            m_clients << Record{rows->value(0).toLongLong(),
                                rows->value(1).toString(),
                                rows->value(2).toString(),
                                {rows->value(3).toString(), rows->value(4).toString()}};
        auto users =
            runSql(again->connection(),
                   QStringLiteral("SELECT id, first_name, last_name, email FROM tblusers"));
        QVERIFY(users.ok());
        while (users->next())
            m_users << Record{users->value(0).toLongLong(),
                              users->value(1).toString(),
                              users->value(2).toString(),
                              {users->value(3).toString()},
                              true};
        QCOMPARE(m_clients.size(), 1500 + unusual.size());
    }

private slots:
    void initTestCase_data() { test::addEngineRows(); }
    void init() { prepare(); }
    void cleanupTestCase() { m_data.reset(); }

    void clientsListFindsWhatTheRulesSay_data()
    {
        QTest::addColumn<QString>("search");
        for (const char* t : terms)
            QTest::newRow(t) << QString::fromUtf8(t);
    }
    void clientsListFindsWhatTheRulesSay()
    {
        QFETCH(QString, search);
        const ClientListQuery query;
        ListRequest request;
        request.search = search;
        request.limit = 100000;
        auto rows = query.fetch(m_data->db->connection(), request);
        QVERIFY(rows.ok());
        QList<qint64> shown;
        for (const ListRow& row : *rows)
            shown << row.id;
        const QList<qint64> want = expected(m_clients, search);
        QCOMPARE(shown, want);
        auto count = query.count(m_data->db->connection(), search);
        QVERIFY(count.ok());
        QCOMPARE(*count, qint64(want.size()));
    }

    void searchFollowsCommittedWritesOnly()
    {
        // More users than a MariaDB search reads from the keys before its n-gram index.
        test::TempDatabase t(test::useRowEngine());
        QVERIFY(SampleGenerator(t.db).generate({5000, {}, 17}).ok());
        const qint64 id =
            test::addUser(t.db, QStringLiteral("Quentin"), QStringLiteral("Zybrowski"),
                          QStringLiteral("quentin@x.test"));
        // Every way a list reads a search: by id, by last name, and the count.
        auto found = [&](const QString& term) {
            const UserListQuery query;
            QList<qint64> byId, byName;
            for (int column : {int(UserListQuery::Id), int(UserListQuery::LastName)}) {
                ListRequest r;
                r.search = term;
                r.sortColumn = column;
                r.limit = 1000;
                auto rows = query.fetch(t.db->connection(), r);
                if (!rows)
                    qFatal("%s", qPrintable(rows.error().message));
                for (const ListRow& row : *rows)
                    (column == UserListQuery::Id ? byId : byName) << row.id;
            }
            auto n = query.count(t.db->connection(), term);
            if (!n || *n != byId.size() || byName.size() != byId.size())
                return QList<qint64>{-1}; // the three ways disagree
            return byId;
        };
        QCOMPARE(found(QStringLiteral("zybrowski")), QList<qint64>{id});
        UserService users(t.db);
        UserChanges rename;
        rename.lastName = QStringLiteral("Yarborough");
        // A rename whose last step fails is rolled back: the search is as it was.
        test::injectFailure(*t.db, QStringLiteral("tblactivitylog"));
        QVERIFY(!users.update(*users.find(id), rename).ok());
        test::removeInjectedFailure(*t.db, QStringLiteral("tblactivitylog"));
        QCOMPARE(found(QStringLiteral("zybrowski")), QList<qint64>{id});
        QCOMPARE(found(QStringLiteral("yarborough")), QList<qint64>{});
        // A rename that commits is found at once, under its new name only.
        QVERIFY(users.update(*users.find(id), rename).ok());
        QCOMPARE(found(QStringLiteral("yarborough")), QList<qint64>{id});
        QCOMPARE(found(QStringLiteral("zybrowski")), QList<qint64>{});
        if (t.engine == Engine::MySQL) {
            // A commit whose n-gram text was never written (the process died between):
            // the queued record is searched in its keys, its stale text ignored.
            test::exec(*t.db,
                       QStringLiteral("UPDATE accord_user_keys SET search_key = "
                                      "REPLACE(search_key, 'yarborough', 'xanthopoulos') "
                                      "WHERE id = ?"),
                       {id});
            test::exec(*t.db,
                       QStringLiteral("INSERT INTO accord_search_queue (listed, id) VALUES (0, ?)"),
                       {id});
            QCOMPARE(found(QStringLiteral("xanthopoulos")), QList<qint64>{id});
            QCOMPARE(found(QStringLiteral("yarborough")), QList<qint64>{});
        }
        QVERIFY(users.remove(id).ok());
        QCOMPARE(found(QStringLiteral("yarborough")), QList<qint64>{});
        QCOMPARE(found(QStringLiteral("xanthopoulos")), QList<qint64>{});
    }

    void aLongerTermFindsWhatWasWrittenSinceTheShorterOne()
    {
        // Old records, past the newest ids a MariaDB search reads first: its n-gram index
        // answers, and the next keystroke looks among the ids it found.
        test::TempDatabase t(test::useRowEngine());
        QVERIFY(SampleGenerator(t.db).generate({5000, {}, 19}).ok());
        UserService users(t.db);
        auto rename = [&](qint64 id, const QString& first, const QString& last) {
            UserChanges c;
            c.firstName = first;
            c.lastName = last;
            auto done = users.update(*users.find(id), c);
            if (!done)
                qFatal("%s", qPrintable(done.error().message));
        };
        auto found = [&](const QString& term) {
            const UserListQuery query;
            ListRequest r;
            r.search = term;
            r.sortColumn = UserListQuery::Id;
            r.limit = 1000;
            auto rows = query.fetch(t.db->connection(), r);
            auto n = query.count(t.db->connection(), term);
            if (!rows || !n)
                qFatal("the search failed");
            QList<qint64> ids;
            for (const ListRow& row : *rows)
                ids << row.id;
            std::sort(ids.begin(), ids.end());
            if (*n != ids.size())
                return QList<qint64>{-1}; // the page and the count disagree
            return ids;
        };
        rename(10, QStringLiteral("Quillon"), QStringLiteral("Marsh"));
        rename(20, QStringLiteral("Quillon"), QStringLiteral("Marlow"));
        QCOMPARE(found(QStringLiteral("quillon ma")), (QList<qint64>{10, 20}));
        QCOMPARE(found(QStringLiteral("quillon mar")), (QList<qint64>{10, 20}));
        // Written between two keystrokes: found by the longer term.
        rename(30, QStringLiteral("Quillon"), QStringLiteral("Marten"));
        QCOMPARE(found(QStringLiteral("quillon mar")), (QList<qint64>{10, 20, 30}));
        // A record that no longer holds the term is not.
        rename(10, QStringLiteral("Quentin"), QStringLiteral("Marsh"));
        QCOMPARE(found(QStringLiteral("quillon ma")), (QList<qint64>{20, 30}));
        QCOMPARE(found(QStringLiteral("quillon mart")), (QList<qint64>{30}));
        if (t.engine == Engine::MySQL) {
            // A commit whose n-gram text was never written (the process died between):
            // found among the queued records.
            test::exec(*t.db,
                       QStringLiteral("UPDATE accord_user_keys SET search_key = CONCAT('quillon "
                                      "martell', CHAR(31 USING utf8mb4), 'q@x.test') WHERE id "
                                      "= 40"));
            test::exec(*t.db, QStringLiteral("INSERT INTO accord_search_queue (listed, id) VALUES "
                                             "(0, 40)"));
            QCOMPARE(found(QStringLiteral("quillon marte")), (QList<qint64>{30, 40}));
        }
        QCOMPARE(found(QStringLiteral("quillon marlowe")), QList<qint64>{});
    }

    void usersSearchCommandFindsWhatTheRulesSay_data() { clientsListFindsWhatTheRulesSay_data(); }
    void usersSearchCommandFindsWhatTheRulesSay()
    {
        QFETCH(QString, search);
        const test::Run run =
            test::runAccord({QStringLiteral("--db"), m_data->url, QStringLiteral("users"),
                             QStringLiteral("--search"), search, QStringLiteral("--format"),
                             QStringLiteral("csv")});
        QCOMPARE(run.exitCode, 0);
        QList<qint64> shown;
        const QStringList lines = run.outText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        for (qsizetype i = 1; i < lines.size(); ++i) // after the header row
            shown << lines[i].section(QLatin1Char(','), 0, 0).toLongLong();
        QCOMPARE(shown, expected(m_users, search));
    }
};

QTEST_GUILESS_MAIN(TestSearchOracle)
#include "tst_searchoracle.moc"
