// Scrolling a real view through a million users: the model's cache stays bounded (the
// bound does not grow with the rows scrolled), every screen shows the right rows, and the
// GUI thread never queries.

#include "models/lazylistmodel.h"
#include "models/userlistquery.h"
#include "storage/sql.h"
#include "testsupport.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QHeaderView>
#include <QScrollBar>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTest>
#include <QTimer>

using namespace accord;

namespace {
// Runs the event loop until `ready`, waking on every event (QTest::qWaitFor sleeps in
// 10 ms steps, which over twenty thousand screens is minutes of nothing).
template <typename F>
bool waitFor(F ready, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    QTimer wake;
    wake.start(5);
    while (!ready()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    return true;
}

// Reads each cell the view paints, as the default delegate does, without rendering text:
// the model sees exactly a real view's requests, and twenty thousand screens take seconds.
class ReadingDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter*, const QStyleOptionViewItem&, const QModelIndex& index) const override
    {
        (void)index.data(Qt::DisplayRole);
    }
};
} // namespace

class TestMillionRowScroll : public QObject
{
    Q_OBJECT

private:
    static constexpr qint64 users = 1000000;
    test::TempDatabase m_data;

private slots:
    void initTestCase()
    {
        // A direct bulk insert (about a second) instead of the sample generator (a minute):
        // this test scrolls in id order and never searches, so the user trigger (which adds
        // search keys to fold) and the last-login index are dropped first and the maintained row
        // counter is set by hand.
        QElapsedTimer took;
        took.start();
        const QSqlDatabase db = m_data.db->connection();
        for (const char* sql :
             {"DROP TRIGGER accord_users_ai", "DROP INDEX accord_users_last_login", "BEGIN",
              "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000) "
              "INSERT INTO tblusers (id, first_name, last_name, email, last_login) SELECT i, "
              "'First' || (i % 997), 'Last' || (i % 991), 'user' || i || '@example.test', "
              "CASE WHEN i % 3 THEN '2025-01-01T10:00:00Z' END FROM n",
              "UPDATE accord_counters SET value = (SELECT count(*) FROM tblusers) WHERE name = "
              "'users'",
              "COMMIT"})
            QVERIFY2(runSql(db, QString::fromLatin1(sql)).ok(), sql);
        m_data.db->forbidQueriesOnThread(QThread::currentThread());
        qInfo("%lld users inserted in %lld ms", users, took.elapsed());
    }

    void scrollingTopToBottomKeepsTheCacheBounded()
    {
        LazyListModel model(m_data.db, std::make_shared<UserListQuery>());
        QTableView view;
        view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        view.verticalHeader()->hide();
        view.resize(320, 1600); // tall: many rows a screen; narrow: little to paint
        view.setModel(&model);
        ReadingDelegate delegate;
        view.setItemDelegate(&delegate);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QTRY_COMPARE(model.matchCount(), users);
        QCOMPARE(model.rowCount(), int(users));

        const int bound = LazyListModel::maxCachedPages * LazyListModel::pageSize;
        QScrollBar* bar = view.verticalScrollBar();
        int maxCached = 0;
        QElapsedTimer took;
        took.start();
        int screens = 0;
        for (;;) {
            const int top = view.rowAt(0);
            int bottom = view.rowAt(view.viewport()->height() - 1);
            if (bottom < 0)
                bottom = model.rowCount() - 1;
            // Every row on screen becomes real data, and it is the right row.
            QVERIFY(waitFor([&] { return model.isRowLoaded(top) && model.isRowLoaded(bottom); },
                            10000));
            QCOMPARE(model.idAt(top), users - top);
            QCOMPARE(model.idAt(bottom), users - bottom);
            maxCached = std::max(maxCached, model.cachedRowCount());
            QVERIFY2(model.cachedRowCount() <= bound,
                     qPrintable(QStringLiteral("%1 rows cached at row %2")
                                    .arg(model.cachedRowCount())
                                    .arg(top)));
            ++screens;
            if (bar->value() >= bar->maximum())
                break;
            bar->setValue(bar->value() + bar->pageStep()); // Page Down
        }
        QCOMPARE(model.idAt(model.rowCount() - 1), qint64(1));
        QVERIFY(screens > int(users / 100)); // it really went through every screen
        QVERIFY(maxCached <= bound);
        qInfo("%d screens in %lld ms, at most %d rows cached (bound %d)", screens, took.elapsed(),
              maxCached, bound);
    }
};

QTEST_MAIN(TestMillionRowScroll)
#include "tst_millionrowscroll.moc"
