// A million users on a server arrive in bulk (`init --sample`, ServerBulkLoad): the rows
// and keys in one transaction, the indexes built once each — on PostgreSQL several at
// once after the commit. What the admin must be able to rely on: the database ends with
// exactly the indexes a fresh schema has, a load stopped after its commit is completed by
// the next open, and a load the server refuses leaves nothing behind, never a silent loss.
#include "services/samplegenerator.h"
#include "storage/database.h"
#include "storage/mroongatext.h"
#include "storage/pendingindexes.h"
#include "storage/serverbulkload.h"
#include "storage/sql.h"
#include "testsupport.h"

#include <QTest>

using namespace accord;

namespace {
// Every index of the database: table, name, what it covers and how.
QStringList indexes(Database& db)
{
    const QString sql =
        db.engine() == Engine::PostgreSQL
            ? QStringLiteral("SELECT tablename || ' ' || indexdef FROM pg_indexes WHERE "
                             "schemaname = current_schema() ORDER BY tablename, indexname")
            : QStringLiteral("SELECT concat(TABLE_NAME, ' ', INDEX_NAME, ' ', NON_UNIQUE, ' ', "
                             "INDEX_TYPE, ' ', GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX)) "
                             "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                             "GROUP BY TABLE_NAME, INDEX_NAME, NON_UNIQUE, INDEX_TYPE ORDER BY "
                             "TABLE_NAME, INDEX_NAME");
    auto q = runSql(db.connection(), sql);
    if (!q)
        qFatal("%s", qPrintable(q.error().message));
    QStringList out;
    while (q->next())
        out << q->value(0).toString();
    return out;
}

qint64 count(Database& db, const QString& sql)
{
    return test::column(db, sql).toLongLong();
}
} // namespace

class TestServerBulkLoad : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { test::addServerEngineRows(); }
    void init() { test::useRowEngine(); }

    void aSampleLoadEndsWithEveryIndexOfAFreshSchema()
    {
        test::TempDatabase fresh(test::currentEngine());
        test::TempDatabase loaded(test::currentEngine());
        auto stats = SampleGenerator(loaded.db).generate({3000, {}, 5});
        QVERIFY2(stats.ok(), qPrintable(stats.ok() ? QString() : stats.error().message));
        const QStringList expected = indexes(*fresh.db);
        QVERIFY(expected.size() > 20);
        QCOMPARE(indexes(*loaded.db), expected);
        QCOMPARE(count(*loaded.db, QStringLiteral("SELECT count(*) FROM tblusers")), 3000);
        QCOMPARE(count(*loaded.db,
                       QStringLiteral("SELECT value FROM accord_counters WHERE name = 'users'")),
                 3000);
        if (loaded.engine == Engine::PostgreSQL)
            QCOMPARE(count(*loaded.db, QStringLiteral("SELECT count(*) FROM "
                                                      "accord_pending_indexes")),
                     0);
    }

    void aLoadStoppedAfterItsCommitIsCompletedByTheNextOpen()
    {
        // As a load that was killed after its commit leaves the database: the rows there,
        // the trigram (n-gram) indexes not yet built.
        test::TempDatabase t(test::currentEngine());
        QVERIFY(SampleGenerator(t.db).generate({1000, {}, 7}).ok());
        const QStringList complete = indexes(*t.db);
        if (t.engine == Engine::PostgreSQL) {
            test::exec(*t.db, QStringLiteral("BEGIN"));
            QStringList definitions;
            for (const char* name : {"accord_user_keys_search", "accord_client_keys_last"})
                definitions << test::column(*t.db,
                                            QStringLiteral("SELECT "
                                                           "pg_get_indexdef(?::regclass)"),
                                            {QLatin1String(name)})
                                   .toString();
            for (const char* name : {"accord_user_keys_search", "accord_client_keys_last"})
                test::exec(*t.db, QStringLiteral("DROP INDEX %1").arg(QLatin1String(name)));
            QVERIFY(PendingIndexes::record(t.db->connection(), definitions).ok());
            test::exec(*t.db, QStringLiteral("COMMIT"));
        } else {
            test::exec(*t.db,
                       MroongaText(Listed::Users, QStringLiteral("accord_user_keys")).dropIndex());
        }
        QVERIFY(indexes(*t.db) != complete);

        DatabasePtr reopened = t.openAgain();
        QVERIFY(reopened);
        QCOMPARE(indexes(*reopened), complete);
        if (t.engine == Engine::PostgreSQL)
            QCOMPARE(count(*reopened, QStringLiteral("SELECT count(*) FROM "
                                                     "accord_pending_indexes")),
                     0);
        if (t.engine == Engine::MySQL) {
            // The n-gram index finds what a scan of the keys finds.
            const qint64 scanned = count(*reopened, QStringLiteral("SELECT count(*) FROM "
                                                                   "accord_user_keys WHERE "
                                                                   "search_key LIKE '%son%'"));
            QVERIFY(scanned > 10);
            QCOMPARE(count(*reopened, QStringLiteral("SELECT count(*) FROM accord_user_text WHERE "
                                                     "MATCH(search_text) AGAINST ('\"son\"' IN "
                                                     "BOOLEAN MODE)")),
                     scanned);
        }
    }

    void aLoadTheServerRefusesLeavesNothing()
    {
        // Two users with one login: the unique email index refuses them, whether it is
        // built before the commit (PostgreSQL) or sorted as the rows arrive (MariaDB's bulk
        // insert into an empty table, without unique checks).
        test::TempDatabase t(test::currentEngine());
        {
            ServerBulkLoad load(
                *t.db, {QStringList{QStringLiteral("id"), QStringLiteral("first_name"),
                                    QStringLiteral("last_name"), QStringLiteral("email")},
                        QStringList{QStringLiteral("id"), QStringLiteral("firstname"),
                                    QStringLiteral("lastname"), QStringLiteral("email")},
                        QStringList{QStringLiteral("auth_user_id"), QStringLiteral("client_id")},
                        QStringList{QStringLiteral("client_id"), QStringLiteral("user_id")}});
            QVERIFY(load.begin().ok());
            for (int id : {1, 2}) {
                load.users().integer(1, id);
                load.users().text(2, "Ada");
                load.users().text(3, id == 1 ? "Lovelace" : "Byron");
                load.users().text(4, id == 1 ? "ada@example.org" : "ADA@example.org");
                QVERIFY(load.users().step());
            }
            auto committed = load.commit(2, 0, 0, [](Listed, qint64 i) {
                ServerBulkLoad::Record r;
                r.values = {QStringLiteral("Ada"),
                            i == 0 ? QStringLiteral("Lovelace") : QStringLiteral("Byron"),
                            i == 0 ? QStringLiteral("ada@example.org")
                                   : QStringLiteral("ADA@example.org")};
                return r;
            });
            QVERIFY(!committed.ok());
            // PostgreSQL names the clash; MariaDB's bulk insert says "Got error 1 during
            // COMMIT" of the statement that sent the rows.
            QCOMPARE(committed.error().kind,
                     t.engine == Engine::PostgreSQL ? Error::Kind::Clash : Error::Kind::Storage);
        }
        QCOMPARE(count(*t.db, QStringLiteral("SELECT count(*) FROM tblusers")), 0);
        QCOMPARE(count(*t.db, QStringLiteral("SELECT count(*) FROM accord_user_keys")), 0);
        QCOMPARE(
            count(*t.db, QStringLiteral("SELECT value FROM accord_counters WHERE name = 'users'")),
            0);
        // The session is itself again: its checks on, a write of one user kept.
        if (t.engine == Engine::MySQL)
            QCOMPARE(count(*t.db, QStringLiteral("SELECT @@unique_checks + @@foreign_key_checks")),
                     2);
        QVERIFY(test::addUser(t.db, QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                              QStringLiteral("ada@example.org")) > 0);
        QCOMPARE(count(*t.db, QStringLiteral("SELECT count(*) FROM tblusers")), 1);
    }
};

QTEST_GUILESS_MAIN(TestServerBulkLoad)
#include "tst_serverbulkload.moc"
