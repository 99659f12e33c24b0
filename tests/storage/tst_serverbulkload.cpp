// A million users on a server arrive in bulk (`init --sample`, ServerBulkLoad): the rows
// and keys in one transaction, the indexes built once each — on PostgreSQL several at
// once after the commit. What the admin must be able to rely on: the database ends with
// exactly the indexes a fresh schema has, a load stopped after its commit is completed by
// the next open, and a load the server refuses leaves nothing behind, never a silent loss.
#include "services/samplegenerator.h"
#include "storage/bulktable.h"
#include "storage/database.h"
#include "storage/dialect.h"
#include "storage/mroongatext.h"
#include "storage/pendingindexes.h"
#include "storage/serverbulkload.h"
#include "storage/sql.h"
#include "testsupport.h"

#include <QTest>

#include <future>

using namespace accord;

namespace {
// Every index of the database (table, name, what it covers and how) and every trigger
// (table, name, when, what it does; on PostgreSQL whether it fires, which the load turns
// off for its transaction).
QStringList indexesAndTriggers(Database& db)
{
    const bool pg = db.engine() == Engine::PostgreSQL;
    const QString indexes =
        pg ? QStringLiteral("SELECT tablename || ' ' || indexdef FROM pg_indexes WHERE "
                            "schemaname = current_schema() ORDER BY tablename, indexname")
           : QStringLiteral("SELECT concat(TABLE_NAME, ' ', INDEX_NAME, ' ', NON_UNIQUE, ' ', "
                            "INDEX_TYPE, ' ', GROUP_CONCAT(COLUMN_NAME ORDER BY SEQ_IN_INDEX)) "
                            "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = DATABASE() "
                            "GROUP BY TABLE_NAME, INDEX_NAME, NON_UNIQUE, INDEX_TYPE ORDER BY "
                            "TABLE_NAME, INDEX_NAME");
    const QString triggers =
        pg ? QStringLiteral(
                 "SELECT pg_get_triggerdef(oid) || ' ' || tgenabled::text FROM pg_trigger "
                 "WHERE NOT tgisinternal ORDER BY tgrelid::regclass::text, tgname")
           : QStringLiteral("SELECT concat(EVENT_OBJECT_TABLE, ' ', TRIGGER_NAME, ' ', "
                            "ACTION_TIMING, ' ', EVENT_MANIPULATION, ' ', ACTION_ORDER, ' ', "
                            "ACTION_STATEMENT) FROM information_schema.TRIGGERS WHERE "
                            "TRIGGER_SCHEMA = DATABASE() ORDER BY EVENT_OBJECT_TABLE, "
                            "TRIGGER_NAME");
    QStringList out;
    for (const QString& sql : {indexes, triggers}) {
        auto q = runSql(db.connection(), sql);
        if (!q)
            qFatal("%s", qPrintable(q.error().message));
        while (q->next())
            out << q->value(0).toString();
    }
    return out;
}

qint64 count(Database& db, const QString& sql, const QVariantList& params = {})
{
    return test::column(db, sql, params).toLongLong();
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
        const QStringList expected = indexesAndTriggers(*fresh.db);
        QVERIFY(expected.size() > 20);
        QCOMPARE(indexesAndTriggers(*loaded.db), expected);
        QCOMPARE(count(*loaded.db, QStringLiteral("SELECT count(*) FROM tblusers")), 3000);
        QCOMPARE(count(*loaded.db,
                       QStringLiteral("SELECT value FROM accord_counters WHERE name = 'users'")),
                 3000);
        QCOMPARE(count(*loaded.db, QStringLiteral("SELECT count(*) FROM accord_pending_indexes")),
                 0);
    }

    void aLoadStoppedAfterItsCommitIsCompletedByTheNextOpen()
    {
        // As a load that was killed after its commit leaves the database: the rows there,
        // the trigram (n-gram) indexes not yet built.
        test::TempDatabase t(test::currentEngine());
        QVERIFY(SampleGenerator(t.db).generate({1000, {}, 7}).ok());
        const QStringList complete = indexesAndTriggers(*t.db);
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
            // MariaDB's B-tree indexes are dropped (and recorded) before the load's
            // transaction, its n-gram indexes on a connection of their own.
            auto dropped = t.db->dialect().dropForBulkLoad(
                t.db->connection(),
                {QStringLiteral("accord_user_keys"), QStringLiteral("tblclients")});
            QVERIFY(dropped.ok());
            QCOMPARE(dropped->size(), 2); // one statement per table
            test::exec(*t.db,
                       MroongaText(Listed::Users, QStringLiteral("accord_user_keys")).dropIndex());
        }
        QVERIFY(indexesAndTriggers(*t.db) != complete);

        DatabasePtr reopened = t.openAgain();
        QVERIFY(reopened);
        QCOMPARE(indexesAndTriggers(*reopened), complete);
        QCOMPARE(count(*reopened, QStringLiteral("SELECT count(*) FROM accord_pending_indexes")),
                 0);
        // The triggers keep the books: a client written by another program counted.
        test::exec(*reopened, QStringLiteral("INSERT INTO tblclients (firstname, lastname, email) "
                                             "VALUES ('Ada', 'Lovelace', 'ada@example.org')"));
        QCOMPARE(count(*reopened,
                       QStringLiteral("SELECT value FROM accord_counters WHERE name = 'clients'")),
                 1001);
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

    void rowsOfManyBatchesFromTwoThreadsArriveWhole()
    {
        // More than one batch per table (32 MB each), sent in the background while the
        // next is made, two tables of one connection written from two threads at once (as
        // the keys of users and clients are): every row arrives once, intact.
        test::TempDatabase t(test::currentEngine());
        test::exec(*t.db, QStringLiteral("CREATE TABLE scratch_a (id bigint PRIMARY KEY, body "
                                         "text NOT NULL)"));
        test::exec(*t.db, QStringLiteral("CREATE TABLE scratch_b (id bigint PRIMARY KEY, body "
                                         "text NOT NULL)"));
        const QSqlDatabase db = t.db->connection();
        const Dialect& dialect = t.db->dialect();
        constexpr int rows = 40000; // 40 KB short of 80 MB per table
        auto fill = [](BulkTable& table, char mark) {
            for (int id = 1; id <= rows; ++id) {
                // A tab, a newline and a backslash in every row, to be escaped.
                std::string body(2000, mark);
                body.replace(7, 3, "\t\n\\");
                body[100] = '\t';
                body[200] = '\n';
                body[300] = '\\';
                table.integer(1, id);
                table.text(2, body);
                if (!table.step())
                    return table.finish();
            }
            return table.finish();
        };
        test::exec(*t.db, QStringLiteral("BEGIN"));
        auto a = dialect.bulkTable(db, QStringLiteral("scratch_a"),
                                   {QStringLiteral("id"), QStringLiteral("body")});
        auto b = dialect.bulkTable(db, QStringLiteral("scratch_b"),
                                   {QStringLiteral("id"), QStringLiteral("body")});
        auto other = std::async(std::launch::async, [&] { return fill(*b, 'b'); });
        const Result<void> mine = fill(*a, 'a');
        const Result<void> theirs = other.get();
        QVERIFY2(mine.ok(), qPrintable(mine.ok() ? QString() : mine.error().message));
        QVERIFY2(theirs.ok(), qPrintable(theirs.ok() ? QString() : theirs.error().message));
        test::exec(*t.db, QStringLiteral("COMMIT"));
        for (const char* table : {"scratch_a", "scratch_b"}) {
            const QString name = QLatin1String(table);
            QCOMPARE(count(*t.db, QStringLiteral("SELECT count(*) FROM %1").arg(name)), rows);
            QCOMPARE(count(*t.db, QStringLiteral("SELECT count(DISTINCT id) + max(id) - "
                                                 "min(id) + 1 FROM %1")
                                      .arg(name)),
                     2 * rows);
            // Every body whole: its length, and its tab, newline and backslash in place.
            QCOMPARE(count(*t.db,
                           QStringLiteral("SELECT count(*) FROM %1 WHERE "
                                          "char_length(body) = 2000 AND "
                                          "substr(body, 101, 1) = ? AND substr(body, "
                                          "201, 1) = ? AND substr(body, 301, 1) = ? AND "
                                          "substr(body, 8, 3) = ? AND substr(body, 2000, "
                                          "1) = ?")
                               .arg(name),
                           {QStringLiteral("\t"), QStringLiteral("\n"), QStringLiteral("\\"),
                            QStringLiteral("\t\n\\"),
                            QString(QLatin1Char(name.endsWith(QLatin1Char('a')) ? 'a' : 'b'))}),
                     rows);
        }
    }

    void aLoadTheServerRefusesLeavesNothing()
    {
        // Two users with one login: the unique email index refuses them, whether it is
        // built before the commit (PostgreSQL) or kept as the rows arrive (MariaDB).
        test::TempDatabase fresh(test::currentEngine());
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
            // The texts of the users written beside the rows (as the generator does).
            load.startTexts(Listed::Users, 2, [](qint64 i) {
                return QStringList{QStringLiteral("Ada"),
                                   i == 0 ? QStringLiteral("Lovelace") : QStringLiteral("Byron"),
                                   i == 0 ? QStringLiteral("ada@example.org")
                                          : QStringLiteral("ADA@example.org")};
            });
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
        if (t.engine == Engine::MySQL) // (no texts name a row that is not there)
            QCOMPARE(count(*t.db, QStringLiteral("SELECT count(*) FROM accord_user_text")), 0);
        // Every index there again (MariaDB's were dropped before the transaction).
        QCOMPARE(indexesAndTriggers(*t.db), indexesAndTriggers(*fresh.db));
        QCOMPARE(count(*t.db, QStringLiteral("SELECT count(*) FROM accord_pending_indexes")), 0);
        QCOMPARE(
            count(*t.db, QStringLiteral("SELECT value FROM accord_counters WHERE name = 'users'")),
            0);
        // The session is itself again: a write of one user kept, its bookkeeping done.
        QVERIFY(test::addUser(t.db, QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                              QStringLiteral("ada@example.org")) > 0);
        QCOMPARE(count(*t.db, QStringLiteral("SELECT count(*) FROM tblusers")), 1);
        QCOMPARE(
            count(*t.db, QStringLiteral("SELECT value FROM accord_counters WHERE name = 'users'")),
            1);
    }
};

QTEST_GUILESS_MAIN(TestServerBulkLoad)
#include "tst_serverbulkload.moc"
