// Every list search is answered from an index on every engine: the statements the list
// queries send for a substring, a prefix and an id, as they sent them, explained by the
// engine — FTS5 on SQLite, pg_trgm on PostgreSQL, Mroonga's n-gram index on MariaDB, the
// folded keys' B-trees for prefixes — and none of them reads a whole table.
#include "models/clientlistquery.h"
#include "models/userlistquery.h"
#include "services/samplegenerator.h"
#include "services/userservice.h"
#include "storage/sql.h"
#include "testsupport.h"

#include <QTest>

using namespace accord;

namespace {
struct Statement {
    QString sql;
    QVariantList params;
};

// The plan of one statement, and whether it reads any table whole.
std::pair<bool, QString> scansATable(Database& db, const Statement& s)
{
    QStringList steps;
    bool scan = false;
    auto run = [&](const QString& sql) {
        auto q = runSql(db.connection(), sql, s.params);
        if (!q)
            qFatal("%s: %s", qPrintable(sql), qPrintable(q.error().message));
        return std::move(*q);
    };
    switch (db.engine()) {
    case Engine::SQLite: {
        auto q = run(QStringLiteral("EXPLAIN QUERY PLAN ") + s.sql);
        while (q.next()) {
            const QString step = q.value(3).toString();
            steps << step;
            // "SCAN t" alone reads every row; an index walk says USING, FTS5 VIRTUAL TABLE.
            if (step.startsWith(QLatin1String("SCAN ")) && !step.contains(QLatin1String("USING")) &&
                !step.contains(QLatin1String("VIRTUAL TABLE")) &&
                !step.contains(QLatin1String("CONSTANT ROW")))
                scan = true;
        }
        break;
    }
    case Engine::PostgreSQL: {
        // Small tables are cheaper to scan: the planner is asked for its plan without one,
        // which still has one only when no index can answer.
        test::exec(db, QStringLiteral("SET enable_seqscan = off"));
        auto q = run(QStringLiteral("EXPLAIN ") + s.sql);
        while (q.next()) {
            steps << q.value(0).toString().trimmed();
            scan = scan || steps.last().contains(QLatin1String("Seq Scan"));
        }
        test::exec(db, QStringLiteral("RESET enable_seqscan"));
        break;
    }
    case Engine::MySQL: {
        auto q = run(QStringLiteral("EXPLAIN ") + s.sql);
        while (q.next()) {
            const QString type = q.value(QStringLiteral("type")).toString();
            steps << QStringLiteral("%1 type=%2 key=%3 %4")
                         .arg(q.value(QStringLiteral("table")).toString(), type,
                              q.value(QStringLiteral("key")).toString(),
                              q.value(QStringLiteral("Extra")).toString());
            // "index" walks a whole index in its order: a page's walk of its sort key, stopped
            // by its LIMIT, reads an index; a count over one reads the table's worth.
            const bool walk = type == QLatin1String("index") &&
                              s.sql.contains(QLatin1String(" LIMIT "), Qt::CaseInsensitive);
            // <derived2>, <union2,3>: the statement's own results, not a table.
            const bool own =
                q.value(QStringLiteral("table")).toString().startsWith(QLatin1Char('<'));
            scan = scan || (!own && (type == QLatin1String("ALL") ||
                                     (type == QLatin1String("index") && !walk)));
        }
        break;
    }
    }
    return {scan, steps.join(QLatin1String(" | "))};
}
} // namespace

class TestSearchPlans : public QObject
{
    Q_OBJECT

    // One sample per engine, larger than the newest ids a MariaDB or PostgreSQL search
    // looks at first (4,000 / 20,000), so that every engine plans for a table it should not
    // scan; and a name only two users have, one among the newest ids, one far before them.
    static constexpr int sampleUsers = 24000;
    static constexpr qint64 rareNewer = sampleUsers - 10, rareOlder = 5;
    std::unique_ptr<test::TempDatabase> m_data;

    test::TempDatabase& data()
    {
        const Engine engine = test::useRowEngine();
        if (!m_data || m_data->engine != engine) {
            m_data.reset();
            m_data = std::make_unique<test::TempDatabase>(engine);
            if (!SampleGenerator(m_data->db).generate({sampleUsers, {}, 11}))
                qFatal("the sample data could not be written");
            UserService users(m_data->db);
            for (qint64 id : {rareNewer, rareOlder}) {
                auto user = users.find(id);
                UserChanges changes;
                changes.lastName = QStringLiteral("Quillfeather");
                if (!user || !users.update(*user, changes))
                    qFatal("the rare name could not be written");
            }
        }
        return *m_data;
    }

private slots:
    void initTestCase_data() { test::addEngineRows(); }
    void init() { test::useRowEngine(); }
    void cleanupTestCase() { m_data.reset(); }

    void everySearchOfEveryListReadsAnIndex_data()
    {
        QTest::addColumn<QString>("list");
        QTest::addColumn<QString>("search");
        QTest::addColumn<int>("column");
        for (const char* list : {"users", "clients"})
            for (const char* search : {"son", "müller", "example", "jo", "m", "#17", "illfeat"})
                for (int column : {0, 2}) // by id, by last name
                    QTest::addRow("%s %s col %d", list, search, column)
                        << QString::fromLatin1(list) << QString::fromUtf8(search) << column;
    }
    void everySearchOfEveryListReadsAnIndex()
    {
        QFETCH(QString, list);
        QFETCH(QString, search);
        QFETCH(int, column);
        test::TempDatabase& t = data();
        std::unique_ptr<ListQuery> query;
        if (list == QLatin1String("users"))
            query = std::make_unique<UserListQuery>();
        else
            query = std::make_unique<ClientListQuery>();
        QList<Statement> sent;
        observeSql([&](const QString& sql, const QVariantList& params) {
            if (sql.trimmed().startsWith(QLatin1String("SELECT"), Qt::CaseInsensitive))
                sent.append({sql, params});
        });
        ListRequest request;
        request.search = search;
        request.sortColumn = column;
        request.order = column == 0 ? Qt::DescendingOrder : Qt::AscendingOrder;
        const QSqlDatabase conn = t.db->connection();
        auto page = query->fetch(conn, request);
        const int parts = query->countParts(t.db->dialect(), search);
        for (int part = 0; part < parts; ++part)
            QVERIFY(query->countPart(conn, search, part, parts).ok());
        observeSql({});
        QVERIFY(page.ok());
        if (search == QLatin1String("illfeat") && list == QLatin1String("clients"))
            return;                // (a user's name: no client has it)
        QVERIFY(!page->isEmpty()); // every term finds someone in the sample
        QVERIFY(!sent.isEmpty());
        for (const Statement& s : sent) {
            const auto [scan, plan] = scansATable(*t.db, s);
            QVERIFY2(!scan, qPrintable(s.sql + QStringLiteral("\n  plan: ") + plan));
        }
    }

    // A term too rare to fill a page among the newest ids is still found before them, in
    // order, newest first and oldest first.
    void aRareTermIsFoundAmongTheNewestIdsAndFarBeforeThem()
    {
        test::TempDatabase& t = data();
        const UserListQuery query;
        const QSqlDatabase conn = t.db->connection();
        for (const auto order : {Qt::DescendingOrder, Qt::AscendingOrder}) {
            ListRequest request;
            request.search = QStringLiteral("illfeat");
            request.sortColumn = UserListQuery::Id;
            request.order = order;
            auto page = query.fetch(conn, request);
            QVERIFY(page.ok());
            QList<qint64> ids;
            for (const ListRow& row : *page)
                ids << row.id;
            const QList<qint64> expected = order == Qt::DescendingOrder
                                               ? QList<qint64>{rareNewer, rareOlder}
                                               : QList<qint64>{rareOlder, rareNewer};
            QCOMPARE(ids, expected);
        }
        auto count = query.count(conn, QStringLiteral("illfeat"));
        QVERIFY(count.ok());
        QCOMPARE(*count, 2);
    }
};

QTEST_GUILESS_MAIN(TestSearchPlans)
#include "tst_searchplans.moc"
