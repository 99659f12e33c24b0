// Every sortable column of the Manage Users and Clients lists is read in order from an
// index (no sort of the whole table per page), and the maintained per-user and per-client
// link counts those orders use stay equal to the links.
#include "models/clientlistquery.h"
#include "models/userlistquery.h"
#include "services/accessservice.h"
#include "services/clientservice.h"
#include "services/samplegenerator.h"
#include "services/userservice.h"
#include "storage/sql.h"
#include "testsupport.h"

#include <QTest>

using namespace accord;

namespace {
// Whether the engine walks an index for the query's order rather than sorting the rows,
// and the plan as the engine printed it.
std::pair<bool, QString> readsInIndexOrder(Database& db, const QString& sql, bool byId)
{
    QStringList steps;
    auto collect = [&](const QString& explain, int column) {
        auto q = runSql(db.connection(), explain);
        if (!q)
            qFatal("%s", qPrintable(q.error().message));
        while (q->next())
            steps << q->value(column).toString();
    };
    switch (db.engine()) {
    case Engine::SQLite: {
        collect(QStringLiteral("EXPLAIN QUERY PLAN ") + sql, 3);
        const QString all = steps.join(QLatin1String(" | "));
        // An index on the key, or the table itself in id order; never a sort.
        return {!all.contains(QLatin1String("TEMP B-TREE")) &&
                    (all.contains(QLatin1String("INDEX")) ||
                     (byId && all.contains(QLatin1String("SCAN ")))),
                all};
    }
    case Engine::PostgreSQL: {
        // A few hundred rows are cheaper to sort: the planner is asked for the plan it has
        // without a sort, which has one only when no index gives the order.
        test::exec(db, QStringLiteral("SET enable_sort = off"));
        collect(QStringLiteral("EXPLAIN ") + sql, 0);
        test::exec(db, QStringLiteral("RESET enable_sort"));
        const QString all = steps.join(QLatin1String(" | "));
        return {!all.contains(QLatin1String("Sort")) && all.contains(QLatin1String("Index")), all};
    }
    case Engine::MySQL: {
        auto q = runSql(db.connection(), QStringLiteral("EXPLAIN ") + sql);
        if (!q)
            qFatal("%s", qPrintable(q.error().message));
        bool sorted = false, indexed = false;
        while (q->next()) {
            const QString extra = q->value(QStringLiteral("Extra")).toString();
            const QString key = q->value(QStringLiteral("key")).toString();
            steps << QStringLiteral("%1 key=%2 %3")
                         .arg(q->value(QStringLiteral("table")).toString(), key, extra);
            sorted = sorted || extra.contains(QLatin1String("filesort"));
            indexed = indexed || !key.isEmpty();
        }
        return {!sorted && indexed, steps.join(QLatin1String(" | "))};
    }
    }
    return {false, {}};
}

// (id, count) of every row whose maintained count disagrees with the links.
QStringList staleCounts(Database& db)
{
    QStringList out;
    for (const auto& [stats, column, table, link] :
         {std::tuple{"accord_user_stats", "client_count", "tblusers", "auth_user_id"},
          std::tuple{"accord_client_stats", "user_count", "tblclients", "client_id"}}) {
        auto q = runSql(db.connection(),
                        QStringLiteral("SELECT t.id, s.%2, (SELECT count(*) FROM tblusers_clients "
                                       "l WHERE l.%4 = t.id) FROM %3 t LEFT JOIN %1 s ON s.id = "
                                       "t.id")
                            .arg(QLatin1String(stats), QLatin1String(column), QLatin1String(table),
                                 QLatin1String(link)));
        if (!q)
            qFatal("%s", qPrintable(q.error().message));
        while (q->next())
            if (q->value(1).isNull() || q->value(1).toInt() != q->value(2).toInt())
                out << QStringLiteral("%1 %2: %3 vs %4")
                           .arg(QLatin1String(table))
                           .arg(q->value(0).toLongLong())
                           .arg(q->value(1).toString(), q->value(2).toString());
    }
    return out;
}
} // namespace

class TestSortIndexes : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { test::addEngineRows(); }
    void init() { test::useRowEngine(); }
    void everySortableColumnIsReadFromAnIndex_data()
    {
        QTest::addColumn<QString>("list");
        QTest::addColumn<int>("column");
        for (int c = 0; c < UserListQuery::ColumnCount; ++c)
            QTest::addRow("users %d", c) << QStringLiteral("users") << c;
        for (int c = 0; c < ClientListQuery::ColumnCount; ++c)
            QTest::addRow("clients %d", c) << QStringLiteral("clients") << c;
    }
    void everySortableColumnIsReadFromAnIndex()
    {
        QFETCH(QString, list);
        QFETCH(int, column);
        test::TempDatabase t;
        QVERIFY(SampleGenerator(t.db).generate({200, {}, 3}).ok());
        std::unique_ptr<ListQuery> query;
        if (list == QLatin1String("users"))
            query = std::make_unique<UserListQuery>();
        else
            query = std::make_unique<ClientListQuery>();
        QVERIFY(query->isSortable(column)); // every visible column sorts
        const SortSource s = query->sortSource(t.db->dialect(), column);
        QVERIFY(!s.table.isEmpty());
        for (const char* dir : {"ASC", "DESC"}) {
            const auto [indexed, plan] = readsInIndexOrder(
                *t.db,
                QStringLiteral("SELECT %1, %2.id FROM %3 %2 ORDER BY %1 %4, %2.id %4 LIMIT 100")
                    .arg(s.key, s.alias, s.table, QLatin1String(dir)),
                s.key.endsWith(QLatin1String(".id")));
            QVERIFY2(indexed, qPrintable(plan));
        }
    }

    void linkCountsFollowEveryWrite()
    {
        test::TempDatabase t;
        QVERIFY(SampleGenerator(t.db).generate({300, {}, 5}).ok());
        QCOMPARE(staleCounts(*t.db), QStringList());
        UserService users(t.db);
        ClientService clients(t.db);
        AccessService access(t.db);
        auto u = users.add(
            {QStringLiteral("Ann"), QStringLiteral("Lee"), QStringLiteral("ann.lee@x.com"), {}, {}},
            7, Permissions::fromStored(QStringLiteral("tickets")));
        QVERIFY(u);
        QVERIFY(access.grant(*u, 8, Permissions::fromStored(QStringLiteral("invoices"))));
        QVERIFY(access.makeOwner(*u, 9));
        auto c = clients.add({{QStringLiteral("firstname"), QStringLiteral("Bo")},
                              {QStringLiteral("lastname"), QStringLiteral("Ray")},
                              {QStringLiteral("email"), QStringLiteral("bo.ray@x.com")},
                              {QStringLiteral("country"), QStringLiteral("GB")}});
        QVERIFY(c);
        QCOMPARE(staleCounts(*t.db), QStringList());
        QVERIFY(access.remove(*u, 7));
        QVERIFY(access.remove(*u, 8));
        QCOMPARE(staleCounts(*t.db), QStringList());
        const qint64 lonely = *users.add(
            {QStringLiteral("Cy"), QStringLiteral("Day"), QStringLiteral("cy.day@x.com"), {}, {}});
        QVERIFY(users.remove(lonely));
        QCOMPARE(staleCounts(*t.db), QStringList());
    }

    void clientsSortByStatusAndUserCountWhileSearching_data()
    {
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("search");
        QTest::newRow("user count, all") << int(ClientListQuery::UserCount) << QString();
        QTest::newRow("user count, prefix") << int(ClientListQuery::UserCount) << "m";
        QTest::newRow("status, substring") << int(ClientListQuery::Status) << "son";
    }
    void clientsSortByStatusAndUserCountWhileSearching()
    {
        QFETCH(int, column);
        QFETCH(QString, search);
        test::TempDatabase t;
        QVERIFY(SampleGenerator(t.db).generate({400, {}, 9}).ok());
        // Every page in turn through the keyset, as the loader reads them.
        ClientListQuery query;
        ListRequest request;
        request.search = search;
        request.sortColumn = column;
        request.order = Qt::DescendingOrder;
        request.limit = 37;
        QList<std::pair<QString, qint64>> shown;
        for (;;) {
            auto rows = query.fetch(t.db->connection(), request);
            QVERIFY(rows);
            for (const ListRow& r : *rows)
                shown << std::pair{r.cells.value(column).toString(), r.id};
            if (rows->size() < request.limit)
                break;
            request.after = std::pair{rows->last().key, rows->last().id};
        }
        QCOMPARE(qint64(shown.size()), *query.count(t.db->connection(), search));
        QVERIFY(!shown.isEmpty());
        QList<std::pair<QString, qint64>> sorted = shown;
        std::sort(sorted.begin(), sorted.end(), [&](const auto& a, const auto& b) {
            const auto ka = std::pair{column == ClientListQuery::UserCount
                                          ? a.first.rightJustified(6, QLatin1Char('0'))
                                          : a.first,
                                      a.second};
            const auto kb = std::pair{column == ClientListQuery::UserCount
                                          ? b.first.rightJustified(6, QLatin1Char('0'))
                                          : b.first,
                                      b.second};
            return kb < ka;
        });
        QCOMPARE(shown, sorted);
    }
};

QTEST_GUILESS_MAIN(TestSortIndexes)
#include "tst_sortindexes.moc"
