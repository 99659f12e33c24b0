// Export writes what the list shows: every row of the current search, in the current
// order, not only the pages loaded so far.
#include "models/lazylistmodel.h"
#include "models/userlistquery.h"
#include "services/samplegenerator.h"
#include "storage/sql.h"
#include "testsupport.h"

#include <QFile>
#include <QSignalSpy>
#include <QTest>

using namespace accord;

class TestListExporter : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { test::addEngineRows(); }
    void init() { test::useRowEngine(); }
    void exportsEveryMatchingRowInTheShownOrder()
    {
        test::TempDatabase data;
        QVERIFY(SampleGenerator(data.db).generate({5000, {}, 7}).ok());
        LazyListModel model(data.db, std::make_shared<UserListQuery>());
        QTRY_VERIFY(model.isCountExact());
        model.setSearch(QStringLiteral("exa")); // more rows than a few pages
        QTRY_VERIFY(model.isCountExact());
        QVERIFY(model.matchCount() > 3 * LazyListModel::pageSize);
        QVERIFY(model.cachedRowCount() < model.matchCount());

        const QString path = data.dir.filePath(QStringLiteral("users.csv"));
        auto written = model.exportCsv(path);
        QVERIFY(written.ok());
        QCOMPARE(*written, model.matchCount());

        QFile f(path);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = f.readAll().split('\n');
        QVERIFY(lines.first().startsWith("ID,First Name,Last Name,Email"));
        // Header + rows + the empty piece after the last line break.
        QCOMPARE(lines.size(), int(model.matchCount()) + 2);
        // Id descending, exactly the ids the test finds itself in the stored rows.
        auto q = runSql(data.db->connection(),
                        QStringLiteral("SELECT id, first_name, last_name, email FROM tblusers "
                                       "ORDER BY id DESC"));
        QVERIFY(q);
        int line = 1;
        while (q->next()) {
            const QString name = q->value(1).toString() + QLatin1Char(' ') + q->value(2).toString();
            if (!name.toCaseFolded().contains(QLatin1String("exa")) &&
                !q->value(3).toString().toCaseFolded().contains(QLatin1String("exa")))
                continue;
            QCOMPARE(lines.at(line++).split(',').first().toLongLong(), q->value(0).toLongLong());
        }
        QCOMPARE(line, lines.size() - 1);
    }
};

QTEST_MAIN(TestListExporter)
#include "tst_listexporter.moc"
