// The lazy list model behind every big list: checked by QAbstractItemModelTester while the
// loader thread delivers pages, driven through a real QTableView, with its search compared
// against an independent reading of DESIGN's search rules, and its cancellation proved.

#include "models/lazylistmodel.h"
#include "models/userlistquery.h"
#include "services/samplegenerator.h"
#include "storage/rowstore.h"
#include "storage/sql.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTableView>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <memory>

using namespace accord;

namespace {

// A user as the test reads it straight from the table, for the independent computation.
struct Person {
    qint64 id = 0;
    QString first;
    QString last;
    QString email;
    QString lastLogin = {}; // as stored, '' for never
};

// DESIGN's folding, written here from Qt's primitives rather than Accord's helpers.
QString fold(const QString& s)
{
    return s.normalized(QString::NormalizationForm_C)
        .toCaseFolded()
        .normalized(QString::NormalizationForm_C);
}

// DESIGN's search rules, read independently of SearchTerm and the SQL.
bool designMatches(const Person& p, const QString& input)
{
    const QString q = input.trimmed().normalized(QString::NormalizationForm_C);
    if (q.isEmpty())
        return true;
    if (q.startsWith(QLatin1Char('#'))) {
        bool ok = false;
        const qint64 id = q.mid(1).toLongLong(&ok);
        if (ok && id > 0)
            return p.id == id;
    }
    const QString f = fold(q);
    if (q.toUcs4().size() >= 3)
        return fold(p.first).contains(f) || fold(p.last).contains(f) ||
               fold(p.first + QLatin1Char(' ') + p.last).contains(f) || fold(p.email).contains(f);
    return fold(p.first).startsWith(f) || fold(p.last).startsWith(f) ||
           fold(p.email.trimmed()).startsWith(f);
}

// Unusual rows the sample data lacks: wildcards, decomposed accents, case pairs that only
// Unicode folding joins, a name that only matches as "first last".
const QList<Person> unusualPeople{
    {0, QStringLiteral("Percy"), QStringLiteral("Hundred"), QStringLiteral("100%_sure@wild.test")},
    {0, QStringLiteral("Under"), QStringLiteral("Score"), QStringLiteral("a_b@wild.test")},
    {0, QStringLiteral("Axb"), QStringLiteral("Plain"), QStringLiteral("axb@wild.test")},
    {0, QStringLiteral("E\u0301lise"), QStringLiteral("Nfd"), QStringLiteral("elise.nfd@x.test")},
    {0, QStringLiteral("\u00C9lise"), QStringLiteral("Nfc"), QStringLiteral("elise.nfc@x.test")},
    {0, QStringLiteral("Elise"), QStringLiteral("Noaccent"), QStringLiteral("elise.plain@x.test")},
    {0, QStringLiteral("ÖMER"), QStringLiteral("ÇELİK"), QStringLiteral("OMER@X.TEST")},
    {0, QStringLiteral("Δήμητρα"), QStringLiteral("ΑΝΤΩΝΊΟΥ"), QStringLiteral("dimitra@x.test")},
    {0, QStringLiteral("Zed"), QStringLiteral("Quux"), QStringLiteral("  Zq@Spaced.test ")},
};

class SearchSpy
{
public:
    explicit SearchSpy(LazyListModel& model) : m_model(model) {}

    // Every id the model shows, in order, read through the model as a view would.
    bool readAll(QList<qint64>& ids, int timeoutMs = 20000) const
    {
        ids.clear();
        if (!QTest::qWaitFor([&] { return m_model.isCountExact(); }, timeoutMs))
            return false;
        for (int row = 0; row < m_model.rowCount(); ++row) {
            if (!m_model.isRowLoaded(row)) {
                m_model.data(m_model.index(row, 0));
                if (!QTest::qWaitFor([&] { return m_model.isRowLoaded(row); }, timeoutMs))
                    return false;
            }
            ids << m_model.idAt(row);
        }
        return true;
    }

private:
    LazyListModel& m_model;
};

// A users list whose search "slow" runs a page query, and "slowcount" a count query, that
// would take minutes unless cancelled; it records how they ended. A slow page that ever
// completed would show a row with id -1, a slow count would say 1 per part.
class SlowUserQuery : public UserListQuery
{
public:
    Result<QList<ListRow>> fetch(const QSqlDatabase& db, const ListRequest& request) const override
    {
        if (request.search == QLatin1String("slow"))
            return runSlow(db);
        if (request.search == QLatin1String("slowcount") ||
            request.search == QLatin1String("failcount")) {
            ListRequest all = request; // a full first page, so the count is asked for
            all.search.clear();
            return UserListQuery::fetch(db, all);
        }
        return UserListQuery::fetch(db, request);
    }
    // The slow count is split in two like a substring count, each part on its own loader.
    int countParts(const Dialect& dialect, const QString& search) const override
    {
        if (search == QLatin1String("slowcount") || search == QLatin1String("failcount"))
            return 2;
        return UserListQuery::countParts(dialect, search);
    }
    Result<qint64> countPart(const QSqlDatabase& db, const QString& search, int part,
                             int parts) const override
    {
        if (search == QLatin1String("failcount"))
            return Error::make(Error::Kind::Storage,
                               QStringLiteral("part %1 of %2 failed").arg(part + 1).arg(parts));
        if (search != QLatin1String("slowcount"))
            return UserListQuery::countPart(db, search, part, parts);
        auto rows = runSlow(db);
        if (!rows)
            return rows.error();
        return qint64(rows->size());
    }

    mutable std::atomic<int> started{0};
    mutable std::atomic<int> interrupted{0};
    mutable std::atomic<int> completed{0};

private:
    Result<QList<ListRow>> runSlow(const QSqlDatabase& db) const
    {
        ++started;
        // Minutes of work in one statement (MariaDB stops a recursive query after 1,000
        // rounds unless told otherwise).
        if (Dialect::of(db).engine() == Engine::MySQL)
            if (auto r = runSql(db, QStringLiteral("SET SESSION max_recursive_iterations = "
                                                   "4294967295"));
                !r)
                return r.error();
        auto q =
            runSql(db, QStringLiteral("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 "
                                      "FROM c WHERE x < 2000000000) SELECT count(*) FROM c"));
        if (!q) {
            if (q.error().message.contains(QLatin1String("interrupt"), Qt::CaseInsensitive))
                ++interrupted;
            return q.error();
        }
        q->next();
        ++completed;
        return QList<ListRow>{ListRow{-1, -1, {qint64(-1)}}};
    }
};

} // namespace

class TestLazyListModel : public QObject
{
    Q_OBJECT

private:
    // Enough that a common term matches over 3000 users, where sorted search changes plan.
    static constexpr int sampleUsers = 8000;
    std::unique_ptr<test::TempDatabase> m_fixture; // of the current engine row
    DatabasePtr m_reader; // a second opening for the test's own GUI-thread queries
    QList<Person> m_people;
    std::unique_ptr<LazyListModel> m_model;
    std::unique_ptr<QAbstractItemModelTester> m_tester; // outlives every change of the model
    std::unique_ptr<QTableView> m_view;

    QList<qint64> expectedIds(const QString& search) const
    {
        QList<qint64> ids;
        for (const Person& p : m_people)
            if (designMatches(p, search))
                ids << p.id;
        std::sort(ids.begin(), ids.end(), std::greater<>());
        return ids;
    }

    // How many rows the filter matches, counted here from the rows as read (DESIGN's rules
    // applied by the test, no SQL of Accord's).
    qint64 countStar(const QString& search) const { return expectedIds(search).size(); }

    void makeModel(bool useFetchMore)
    {
        m_view.reset();
        m_tester.reset();
        m_model = std::make_unique<LazyListModel>(m_fixture->db, std::make_shared<UserListQuery>());
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_model.get(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_tester->setUseFetchMore(useFetchMore);
    }

    bool viewportHoldsRealRows() const
    {
        const int top = m_view->rowAt(0);
        int bottom = m_view->rowAt(m_view->viewport()->height() - 1);
        if (bottom < 0)
            bottom = m_model->rowCount() - 1;
        if (top < 0)
            return m_model->isCountExact() && m_model->rowCount() == 0;
        for (int row = top; row <= bottom; ++row)
            if (!m_model->isRowLoaded(row))
                return false;
        return true;
    }

    // The sample data of the row's engine, made once per engine: the users, and the
    // unusual rows written straight into the table as another program would (Accord folds
    // their search keys when it next opens the database).
    void prepareFixture()
    {
        const Engine engine = test::useRowEngine();
        if (m_fixture && m_fixture->engine == engine)
            return;
        m_reader.reset();
        m_people.clear();
        m_fixture = std::make_unique<test::TempDatabase>(engine);
        test::TempDatabase& m_data = *m_fixture;
        auto stats = SampleGenerator(m_data.db).generate({sampleUsers, {}, 7});
        QVERIFY2(stats.ok(), qPrintable(stats.ok() ? QString() : stats.error().message));
        for (const Person& p : unusualPeople)
            QVERIFY(runSql(m_data.db->connection(),
                           QStringLiteral("INSERT INTO tblusers (first_name, last_name, email) "
                                          "VALUES (?, ?, ?)"),
                           {p.first, p.last, p.email})
                        .ok());
        m_reader = m_data.openAgain(); // (opening folds the new rows' search keys)
        auto rows = runSql(m_reader->connection(),
                           QStringLiteral("SELECT id, first_name, last_name, email, last_login "
                                          "FROM tblusers"));
        QVERIFY(rows.ok());
        while (rows->next())
            m_people << Person{rows->value(0).toLongLong(), rows->value(1).toString(),
                               rows->value(2).toString(), rows->value(3).toString(),
                               storedDateText(storedDate(rows->value(4)))};
        QCOMPARE(m_people.size(), sampleUsers + unusualPeople.size());
        // From here on any query on this thread through the model's database is fatal.
        m_data.db->forbidQueriesOnThread(QThread::currentThread());
    }

private slots:
    void initTestCase_data() { test::addEngineRows(); }
    void init() { prepareFixture(); }

    void cleanup()
    {
        m_view.reset();
        m_tester.reset();
        m_model.reset();
    }

    void modelTesterPassesWhileAViewScrollsSearchesAndSorts_data()
    {
        QTest::addColumn<bool>("useFetchMore");
        QTest::newRow("with fetchMore") << true;
        QTest::newRow("without fetchMore") << false;
    }

    void modelTesterPassesWhileAViewScrollsSearchesAndSorts()
    {
        QFETCH(bool, useFetchMore);
        makeModel(useFetchMore);
        m_view = std::make_unique<QTableView>();
        m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        m_view->resize(700, 500);
        m_view->setModel(m_model.get());
        m_view->setSortingEnabled(true);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        QTRY_VERIFY(viewportHoldsRealRows());
        QTRY_COMPARE(m_model->matchCount(), qint64(m_people.size()));

        // Pages arrive while the view scrolls down, to the middle and back.
        for (int step = 0; step < 6; ++step) {
            m_view->verticalScrollBar()->setValue(m_view->verticalScrollBar()->value() +
                                                  m_view->verticalScrollBar()->pageStep() * 7);
            QTRY_VERIFY(viewportHoldsRealRows());
        }
        m_view->scrollToBottom();
        QTRY_VERIFY(viewportHoldsRealRows());
        QCOMPARE(m_model->idAt(m_model->rowCount() - 1), qint64(1));

        for (const QString& search : {QStringLiteral("o"), QStringLiteral("ol"),
                                      QStringLiteral("oli"), QStringLiteral("olivx")}) {
            m_model->setSearch(search);
            QTRY_VERIFY(m_model->isCountExact());
            QTRY_VERIFY(viewportHoldsRealRows());
            QCOMPARE(m_model->matchCount(), qint64(expectedIds(search).size()));
        }
        m_model->setSearch(QStringLiteral("son"));
        m_view->sortByColumn(UserListQuery::LastName, Qt::AscendingOrder);
        QTRY_VERIFY(m_model->isCountExact());
        QTRY_VERIFY(viewportHoldsRealRows());
        m_view->scrollToBottom();
        QTRY_VERIFY(viewportHoldsRealRows());
        QVERIFY(m_model->cachedRowCount() <=
                LazyListModel::maxCachedPages * LazyListModel::pageSize);
    }

    void fetchMorePagesOnBeforeTheCountArrives()
    {
        makeModel(true);
        // Until the count comes, the first full page tells the view there may be more.
        QTRY_VERIFY(m_model->rowCount() > 0);
        if (!m_model->isCountExact()) {
            // (Unless the next page is already on its way: a view reading ahead asked.)
            QVERIFY(m_model->canFetchMore({}) || m_model->pagesLoading() > 0);
            m_model->fetchMore({});
        }
        QTRY_VERIFY(m_model->isCountExact());
        QVERIFY(!m_model->canFetchMore({}));
        QCOMPARE(m_model->rowCount(), m_people.size());
    }

    void searchFollowsDesignAgainstAnIndependentReading_data()
    {
        QTest::addColumn<QString>("search");
        for (const char* s : {"",
                              "o",
                              "O",
                              "ol",
                              "é",
                              "É",
                              "Jo",
                              "jö",
                              "zq",
                              "д",
                              "Д",
                              "σ",
                              "1",
                              "#",
                              "%",
                              "_",
                              "son",
                              "SON",
                              "smith",
                              "oliver smith",
                              "r s",
                              "élise",
                              "ÉLISE",
                              "elise",
                              "e\u0301lise",
                              "100%",
                              "%_s",
                              "a_b",
                              "a%b",
                              "axb",
                              "_b@",
                              "ömer",
                              "ÇELİK",
                              "çeli̇k",
                              "δήμητρα",
                              "ΔΉΜΗΤΡΑ",
                              "αντωνίου",
                              "@wild",
                              "example.co",
                              "user1",
                              "zq@spaced",
                              "   son  ",
                              "#1",
                              "#8003",
                              "#999999",
                              "#abc",
                              "#-3",
                              "müller",
                              "MÜLLER",
                              "MULLER",
                              "伟",
                              "王伟",
                              "Σοφία",
                              "ΣΟΦΊΑ",
                              "ΒΛΆΧΟΣ",
                              "βλάχος",
                              "WEISS",
                              "weiß",
                              "łukasz",
                              "ŁUKASZ",
                              "nothing-matches-this"})
            QTest::newRow(s) << QString::fromUtf8(s);
    }

    void searchFollowsDesignAgainstAnIndependentReading()
    {
        QFETCH(QString, search);
        makeModel(false);
        m_model->setSearch(search);
        QList<qint64> shown;
        QVERIFY(SearchSpy(*m_model).readAll(shown));
        QCOMPARE(shown, expectedIds(search));
        QCOMPARE(m_model->matchCount(), qint64(shown.size()));
    }

    void countShownEqualsCountStarOfTheSameFilter_data()
    {
        QTest::addColumn<QString>("search");
        for (const char* s :
             {"", "j", "ma", "é", "son", "mül", "example", "user12", "#17", "100%", "a_b", "zzzz"})
            QTest::newRow(s) << QString::fromUtf8(s);
    }

    void countShownEqualsCountStarOfTheSameFilter()
    {
        QFETCH(QString, search);
        makeModel(false);
        m_model->setSearch(search);
        QTRY_VERIFY(m_model->isCountExact());
        const qint64 star = countStar(search);
        QCOMPARE(m_model->matchCount(), star);
        QCOMPARE(qint64(m_model->rowCount()), star);
    }

    void aSubstringCountSplitsIntoPartsThatAddUp()
    {
        // On SQLite the two halves of the ids each count their own matches (a term in a
        // quarter of all emails takes one core over 100 ms); a server counts in one
        // statement (PostgreSQL's parallel bitmap scan, MariaDB's n-gram index).
        const UserListQuery query;
        const int split = m_fixture->engine == Engine::SQLite ? 2 : 1;
        for (const QString& search : {QStringLiteral("example"), QStringLiteral("son")}) {
            QCOMPARE(query.countParts(m_reader->dialect(), search), split);
            qint64 sum = 0;
            for (int part = 0; part < split; ++part) {
                const qint64 n = *query.countPart(m_reader->connection(), search, part, split);
                QVERIFY2(n > 0, qPrintable(search));
                sum += n;
            }
            QCOMPARE(sum, countStar(search));
            QCOMPARE(sum, *query.count(m_reader->connection(), search));
        }
        QCOMPARE(query.countParts(m_reader->dialect(), QStringLiteral("ex")),
                 1); // a prefix: one indexed lookup
        QCOMPARE(query.countParts(m_reader->dialect(), QStringLiteral("#17")), 1);
    }

    void sortingAColumnWhileSearchingFollowsTheFoldedOrder_data()
    {
        QTest::addColumn<QString>("search");
        QTest::addColumn<int>("column");
        QTest::addColumn<Qt::SortOrder>("order");
        QTest::newRow("last name asc, son")
            << "son" << int(UserListQuery::LastName) << Qt::AscendingOrder;
        QTest::newRow("first name desc, prefix m")
            << "m" << int(UserListQuery::FirstName) << Qt::DescendingOrder;
        QTest::newRow("email asc, all") << "" << int(UserListQuery::Email) << Qt::AscendingOrder;
        // Over 3000 matches: the sort column's index is walked against the set of matches.
        QTest::newRow("last name asc, mpl (walk)")
            << "mpl" << int(UserListQuery::LastName) << Qt::AscendingOrder;
        QTest::newRow("email desc, mpl (walk)")
            << "mpl" << int(UserListQuery::Email) << Qt::DescendingOrder;
        QTest::newRow("last login desc, u (walk)")
            << "u" << int(UserListQuery::LastLogin) << Qt::DescendingOrder;
        QTest::newRow("email desc, elise")
            << "elise" << int(UserListQuery::Email) << Qt::DescendingOrder;
        QTest::newRow("two factor desc, all")
            << "" << int(UserListQuery::TwoFactor) << Qt::DescendingOrder;
        QTest::newRow("client accounts desc, son")
            << "son" << int(UserListQuery::ClientCount) << Qt::DescendingOrder;
        QTest::newRow("client accounts asc, all")
            << "" << int(UserListQuery::ClientCount) << Qt::AscendingOrder;
    }

    void sortingAColumnWhileSearchingFollowsTheFoldedOrder()
    {
        QFETCH(QString, search);
        QFETCH(int, column);
        QFETCH(Qt::SortOrder, order);
        makeModel(false);
        m_model->sort(column, order);
        m_model->setSearch(search);
        QList<qint64> shown;
        QVERIFY(SearchSpy(*m_model).readAll(shown));

        QHash<qint64, QByteArray> key;
        // 2FA and link counts straight from the tables, as zero-padded text keys.
        QHash<qint64, int> twoFactor, links;
        {
            auto q = runSql(m_reader->connection(),
                            QStringLiteral("SELECT id, second_factor FROM tblusers"));
            QVERIFY(q);
            while (q->next())
                twoFactor.insert(q->value(0).toLongLong(),
                                 q->value(1).toString().isEmpty() ? 0 : 1);
            auto l = runSql(m_reader->connection(),
                            QStringLiteral("SELECT auth_user_id FROM tblusers_clients"));
            QVERIFY(l);
            while (l->next())
                ++links[l->value(0).toLongLong()];
        }
        for (const Person& p : m_people) {
            QByteArray k;
            switch (column) {
            case UserListQuery::FirstName:
                k = fold(p.first).toUtf8();
                break;
            case UserListQuery::LastName:
                k = fold(p.last).toUtf8();
                break;
            case UserListQuery::Email:
                k = fold(p.email.trimmed()).toUtf8();
                break;
            case UserListQuery::TwoFactor:
                k = QByteArray::number(twoFactor.value(p.id));
                break;
            case UserListQuery::ClientCount:
                k = QByteArray::number(links.value(p.id)).rightJustified(6, '0');
                break;
            default:
                k = p.lastLogin.toUtf8();
            }
            key.insert(p.id, k);
        }
        QList<qint64> expected = expectedIds(search);
        // SQLite compares text bytewise (UTF-8); id breaks ties in the same direction.
        std::sort(expected.begin(), expected.end(), [&](qint64 a, qint64 b) {
            const auto ka = std::make_pair(key.value(a), a);
            const auto kb = std::make_pair(key.value(b), b);
            return order == Qt::AscendingOrder ? ka < kb : kb < ka;
        });
        QCOMPARE(shown, expected);
    }

    void typingANewCharacterCancelsTheQueryInFlight_data()
    {
        QTest::addColumn<QString>("slowSearch");
        QTest::addColumn<int>("statements");
        QTest::newRow("page query") << "slow" << 1;
        QTest::newRow("count query in two parts") << "slowcount" << 2;
    }

    void typingANewCharacterCancelsTheQueryInFlight()
    {
        QFETCH(QString, slowSearch);
        QFETCH(int, statements);
        auto query = std::make_shared<SlowUserQuery>();
        LazyListModel model(m_fixture->db, query);
        QTRY_VERIFY(model.isCountExact());
        QSignalSpy failures(&model, &LazyListModel::loadFailed);
        bool staleRowSeen = false;
        connect(&model, &LazyListModel::pageLoaded, this,
                [&] { staleRowSeen = staleRowSeen || model.idAt(0) == -1; });

        model.setSearch(slowSearch);
        // The (minutes-long) statements are running on their loaders' connections.
        QTRY_COMPARE(query->started.load(), statements);
        QTest::qWait(50);
        QElapsedTimer sinceKey;
        sinceKey.start();
        model.setSearch(QStringLiteral("slox"));
        QTRY_VERIFY(model.isCountExact());
        const qint64 answered = sinceKey.elapsed();
        QVERIFY2(answered < 3000, qPrintable(QString::number(answered)));
        QCOMPARE(model.matchCount(), qint64(expectedIds(QStringLiteral("slox")).size()));

        // The statements ended by sqlite3_interrupt through their loaders...
        QTRY_COMPARE(query->interrupted.load(), statements);
        QCOMPARE(query->completed.load(), 0);
        QTRY_COMPARE(model.interruptedQueries(), statements);
        // ...and its stale failure, rows or count never reached the model.
        QTest::qWait(100);
        QCOMPARE(failures.count(), 0);
        QVERIFY(!staleRowSeen);
        for (int row = 0; row < model.rowCount(); ++row)
            QVERIFY(model.idAt(row) != -1);
        QCOMPARE(model.matchCount(), qint64(expectedIds(QStringLiteral("slox")).size()));
    }

    void aCountWhosePartsFailIsDroppedAndReportedOnce()
    {
        auto query = std::make_shared<SlowUserQuery>();
        LazyListModel model(m_fixture->db, query);
        QTRY_VERIFY(model.isCountExact());
        QSignalSpy failures(&model, &LazyListModel::loadFailed);
        model.setSearch(QStringLiteral("failcount")); // both parts fail
        QTRY_COMPARE(failures.count(), 1);
        QTest::qWait(200);
        QCOMPARE(failures.count(), 1);  // one message, not one per part
        QVERIFY(!model.isCountExact()); // no count made of what one part said
        QVERIFY(failures.first().first().toString().contains(QLatin1String("failed")));
    }

    void aQueryCancelledBeforeItStartedIsDroppedToo()
    {
        // The next keystroke may come between the loader taking a job and SQLite starting
        // it (sqlite3_interrupt then has nothing to stop): the progress check stops it.
        auto query = std::make_shared<SlowUserQuery>();
        LazyListModel model(m_fixture->db, query);
        QTRY_VERIFY(model.isCountExact());
        for (int i = 0; i < 20; ++i) {
            model.setSearch(QStringLiteral("slow"));
            model.setSearch(QString::number(i % 2 ? 17 : 23)); // a 2-character prefix
        }
        QTRY_VERIFY(model.isCountExact());
        QTRY_COMPARE(query->interrupted.load(), query->started.load());
        QCOMPARE(query->completed.load(), 0);
        QCOMPARE(model.matchCount(), qint64(expectedIds(QStringLiteral("23")).size()));
    }
};

QTEST_MAIN(TestLazyListModel)
#include "tst_lazylistmodel.moc"
