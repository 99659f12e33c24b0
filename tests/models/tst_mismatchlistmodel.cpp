// The Mismatches list: the lazy model over accord_link_differences (or a live comparison),
// checked by QAbstractItemModelTester while pages arrive, against the report read whole.
#include "models/lazylistmodel.h"
#include "models/mismatchlistquery.h"
#include "services/matchservice.h"
#include "services/samplegenerator.h"
#include "storage/mismatchreader.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QHeaderView>
#include <QScrollBar>
#include <QTableView>
#include <QTest>

using namespace accord;

namespace {
using Pair = std::pair<qint64, qint64>; // (user, client)

MismatchFilter filterOf(const QString& text)
{
    return MismatchFilter::fromText(text);
}
} // namespace

class TestMismatchListModel : public QObject
{
    Q_OBJECT

    static constexpr int sampleUsers = 3000;
    std::unique_ptr<test::TempDatabase> m_fixture; // of the current engine row
    DatabasePtr m_reader;                          // the test's own reads, on another opening

    // The report read whole, in (client, user) order.
    QList<Pair> expected(const QString& filter, bool maintained = true) const
    {
        QList<Pair> out;
        auto r = MismatchReader(m_reader->connection(), m_reader->dialect(), maintained)
                     .forEach(filterOf(filter), [&](const MismatchRow& row) {
                         out << Pair{row.userId, row.clientId};
                         return true;
                     });
        if (!r)
            qFatal("%s", qPrintable(r.error().message));
        return out;
    }

    // Every row of the model, loading each page as a view would.
    static QList<Pair> rowsOf(LazyListModel& model)
    {
        QList<Pair> out;
        for (int row = 0; row < model.rowCount(); ++row) {
            const QModelIndex index = model.index(row, 0);
            model.data(index); // asks for the page
            if (!model.isRowLoaded(row)) {
                QElapsedTimer t;
                t.start();
                while (!model.isRowLoaded(row) && t.elapsed() < 10000)
                    QTest::qWait(5);
            }
            out << Pair{model.data(index, MismatchListQuery::UserIdRole).toLongLong(),
                        model.data(index, MismatchListQuery::ClientIdRole).toLongLong()};
        }
        return out;
    }

private slots:
    void initTestCase_data() { test::addEngineRows(); }
    void init()
    {
        // The sample data of the row's engine, made once per engine.
        const Engine engine = test::useRowEngine();
        if (m_fixture && m_fixture->engine == engine)
            return;
        m_reader.reset();
        m_fixture = std::make_unique<test::TempDatabase>(engine);
        auto stats = SampleGenerator(m_fixture->db).generate({sampleUsers, {}, 11});
        QVERIFY(stats.ok());
        m_reader = m_fixture->openAgain();
        m_fixture->db->forbidQueriesOnThread(QThread::currentThread());
    }

    void modelTesterPassesWhileAViewScrollsFiltersAndSorts_data()
    {
        QTest::addColumn<bool>("useFetchMore");
        QTest::newRow("with fetchMore") << true;
        QTest::newRow("without fetchMore") << false;
    }
    void modelTesterPassesWhileAViewScrollsFiltersAndSorts()
    {
        QFETCH(bool, useFetchMore);
        LazyListModel model(m_fixture->db, std::make_shared<MismatchListQuery>(true));
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        tester.setUseFetchMore(useFetchMore);
        QTableView view;
        view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        view.resize(800, 500);
        view.setModel(&model);
        view.setSortingEnabled(true);
        view.sortByColumn(MismatchListQuery::ClientIdColumn, Qt::AscendingOrder);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_VERIFY(model.isCountExact());
        QCOMPARE(model.matchCount(), qint64(expected({}).size()));
        for (const QString& filter : {QStringLiteral("all"), QStringLiteral("all;field=email"),
                                      QStringLiteral("kind=case_or_space"),
                                      QStringLiteral("all;field=language;kind=empty_side")}) {
            model.setSearch(filter);
            QTRY_VERIFY(model.isCountExact());
            QCOMPARE(model.matchCount(), qint64(expected(filter).size()));
            view.scrollToBottom();
            QTRY_VERIFY(model.rowCount() == 0 || model.isRowLoaded(model.rowCount() - 1));
            view.sortByColumn(MismatchListQuery::UserIdColumn, Qt::DescendingOrder);
            QTRY_VERIFY(model.isCountExact());
            view.scrollToTop();
            QTRY_VERIFY(model.rowCount() == 0 || model.isRowLoaded(0));
            view.sortByColumn(MismatchListQuery::ClientIdColumn, Qt::AscendingOrder);
        }
        QVERIFY(model.cachedRowCount() <= LazyListModel::maxCachedPages * LazyListModel::pageSize);
    }

    void everyRowArrivesInOrderForEachFilter_data()
    {
        QTest::addColumn<QString>("filter");
        for (const char* f : {"", "all", "field=email", "kind=differs", "all;kind=case_or_space",
                              "all;field=last_name;kind=differs", "field=language;kind=empty_side"})
            QTest::newRow(f) << QString::fromLatin1(f);
    }
    void everyRowArrivesInOrderForEachFilter()
    {
        QFETCH(QString, filter);
        const QList<Pair> want = expected(filter);
        QVERIFY(!want.isEmpty());
        LazyListModel model(m_fixture->db, std::make_shared<MismatchListQuery>(true));
        model.setSearch(filter);
        QTRY_VERIFY(model.isCountExact());
        QCOMPARE(rowsOf(model), want);

        // By user id, both ways: the same rows in that order.
        QList<Pair> byUser = want;
        std::sort(byUser.begin(), byUser.end(), [](const Pair& a, const Pair& b) {
            return a.first != b.first ? a.first < b.first : a.second < b.second;
        });
        model.sort(MismatchListQuery::UserIdColumn, Qt::AscendingOrder);
        QTRY_VERIFY(model.isCountExact());
        QCOMPARE(rowsOf(model), byUser);
        std::reverse(byUser.begin(), byUser.end());
        model.sort(MismatchListQuery::UserIdColumn, Qt::DescendingOrder);
        QTRY_VERIFY(model.isCountExact());
        QCOMPARE(rowsOf(model), byUser);
    }

    void aDatabaseWithoutTheTableComparesLiveToTheSameRows()
    {
        for (const QString& filter : {QString(), QStringLiteral("all;field=email")}) {
            QCOMPARE(expected(filter, false), expected(filter, true));
            LazyListModel live(m_fixture->db, std::make_shared<MismatchListQuery>(false));
            live.setSearch(filter);
            QTRY_VERIFY(live.isCountExact());
            QCOMPARE(rowsOf(live), expected(filter));
        }
    }

    void perFieldCountsAddUpToTheRows()
    {
        MismatchReader reader(m_reader->connection(), m_reader->dialect(), true);
        auto counts = reader.countsPerField({});
        QVERIFY(counts);
        std::array<qint64, 4> mine{};
        QSet<Pair> rows;
        auto r = reader.forEach({}, [&](const MismatchRow& row) {
            for (std::size_t i = 0; i < 4; ++i)
                mine[i] += row.kinds[i] ? 1 : 0;
            return true;
        });
        QVERIFY(r);
        QCOMPARE(*counts, mine);
        auto live =
            MismatchReader(m_reader->connection(), m_reader->dialect(), false).countsPerField({});
        QCOMPARE(*live, mine);
    }

    void aMatchTakesTheRowOutAfterARefresh()
    {
        LazyListModel model(m_fixture->db, std::make_shared<MismatchListQuery>(true));
        QTRY_VERIFY(model.isCountExact());
        const qint64 before = model.matchCount();
        QTRY_VERIFY(model.isRowLoaded(0));
        const qint64 user =
            model.data(model.index(0, 0), MismatchListQuery::UserIdRole).toLongLong();
        const qint64 client =
            model.data(model.index(0, 0), MismatchListQuery::ClientIdRole).toLongLong();
        {
            // The service reads and writes on this thread: allow it for the write only.
            m_fixture->db->forbidQueriesOnThread(nullptr);
            MatchService match(m_fixture->db);
            auto plan = match.plan({MatchRequest{user, client, MatchFrom::User, {}}});
            QVERIFY(plan);
            auto written = match.apply(*plan);
            QVERIFY2(written, written ? "" : qPrintable(written.error().message));
            m_fixture->db->forbidQueriesOnThread(QThread::currentThread());
        }
        model.refresh();
        QTRY_VERIFY(model.isCountExact() && !model.isStale());
        QTRY_COMPARE(model.matchCount(), before - 1);
        QTRY_VERIFY(model.isRowLoaded(0));
        QVERIFY(model.data(model.index(0, 0), MismatchListQuery::ClientIdRole).toLongLong() !=
                client);
    }
};

QTEST_MAIN(TestMismatchListModel)
#include "tst_mismatchlistmodel.moc"
