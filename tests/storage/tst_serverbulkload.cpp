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
#include <optional>

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

    void everyKindOfValueArrivesAsWritten()
    {
        // Each column type a load writes, at its edges, through the engine's bulk form (on
        // PostgreSQL each value in its binary form; a table with a type it does not send so,
        // here a decimal, in the text form): what is read back is what was written.
        test::TempDatabase t(test::currentEngine());
        const bool pg = t.engine == Engine::PostgreSQL;
        test::exec(*t.db,
                   pg ? QStringLiteral("CREATE TABLE scratch_kinds (id bigint PRIMARY KEY, small "
                                       "smallint, medium integer, flag boolean, body text, "
                                       "born date, signed_in_at timestamp(0) with time zone)")
                      : QStringLiteral("CREATE TABLE scratch_kinds (id bigint PRIMARY KEY, small "
                                       "smallint, medium int, flag boolean, body text, born "
                                       "date, signed_in_at datetime)"));
        test::exec(*t.db, pg ? QStringLiteral("CREATE TABLE scratch_money (id bigint PRIMARY "
                                              "KEY, credit numeric(16,2), at timestamp(0) with "
                                              "time zone)")
                             : QStringLiteral("CREATE TABLE scratch_money (id bigint PRIMARY "
                                              "KEY, credit decimal(16,2), at datetime)"));
        struct Row {
            qint64 id;
            std::optional<int> small, medium;
            std::optional<bool> flag;
            std::optional<std::string> body, born, signedIn;
            // What is read back: days and seconds since 2000-01-01.
            std::optional<qint64> bornDays, signedInSeconds;
        };
        const std::vector<Row> rows{
            {1, -32768, -2147483647 - 1, true, "tab\there, new\nline, back\\slash", "1999-12-31",
             "1969-12-31T23:59:59Z", -1, -946684801},
            {9007199254740993, 32767, 2147483647, false, "Zoë 日本 ß", "2000-01-01",
             "2000-01-01T00:00:00Z", 0, 0},
            {3, 0, 0, std::nullopt, "", "2024-02-29", "2038-01-19 03:14:08", 8825, 1200798848},
            {4, std::nullopt, std::nullopt, true, std::nullopt, std::nullopt,
             "2024-02-29T12:00:00+00:00", std::nullopt, 762523200},
        };
        const QSqlDatabase db = t.db->connection();
        test::exec(*t.db, QStringLiteral("BEGIN"));
        auto kinds = t.db->dialect().bulkTable(db, QStringLiteral("scratch_kinds"),
                                               {QStringLiteral("id"), QStringLiteral("small"),
                                                QStringLiteral("medium"), QStringLiteral("flag"),
                                                QStringLiteral("body"), QStringLiteral("born"),
                                                QStringLiteral("signed_in_at")});
        for (const Row& r : rows) {
            kinds->integer(1, r.id);
            r.small ? kinds->integer(2, *r.small) : kinds->null(2);
            r.medium ? kinds->integer(3, *r.medium) : kinds->null(3);
            r.flag ? kinds->integer(4, *r.flag ? 1 : 0) : kinds->null(4);
            r.body ? kinds->text(5, *r.body) : kinds->null(5);
            r.born ? kinds->text(6, *r.born) : kinds->null(6);
            r.signedIn ? kinds->text(7, *r.signedIn) : kinds->null(7);
            QVERIFY(kinds->step());
        }
        auto money = t.db->dialect().bulkTable(
            db, QStringLiteral("scratch_money"),
            {QStringLiteral("id"), QStringLiteral("credit"), QStringLiteral("at")});
        money->integer(1, 1);
        money->text(2, "1234567.89");
        money->text(3, "2024-05-01T10:20:30Z");
        QVERIFY(money->step());
        for (BulkTable* table : {kinds.get(), money.get()}) {
            const Result<void> sent = table->finish();
            QVERIFY2(sent.ok(), qPrintable(sent.ok() ? QString() : sent.error().message));
        }
        test::exec(*t.db, QStringLiteral("COMMIT"));

        const QString days = pg ? QStringLiteral("born - date '2000-01-01'")
                                : QStringLiteral("datediff(born, '2000-01-01')");
        const QString seconds =
            pg ? QStringLiteral("CAST(extract(epoch FROM signed_in_at - timestamptz "
                                "'2000-01-01 00:00:00+00') AS bigint)")
               : QStringLiteral("timestampdiff(SECOND, '2000-01-01 00:00:00', signed_in_at)");
        auto q = runSql(db, QStringLiteral("SELECT id, small, medium, flag, body, %1, %2 FROM "
                                           "scratch_kinds ORDER BY id")
                                .arg(days, seconds));
        QVERIFY(q.ok());
        std::vector<Row> sorted = rows;
        std::sort(sorted.begin(), sorted.end(),
                  [](const Row& a, const Row& b) { return a.id < b.id; });
        for (const Row& r : sorted) {
            QVERIFY(q->next());
            QCOMPARE(q->value(0).toLongLong(), r.id);
            auto same = [&](int at, const auto& expected) {
                if (!expected)
                    return q->value(at).isNull();
                return !q->value(at).isNull() && q->value(at) == QVariant::fromValue(*expected);
            };
            QVERIFY2(same(1, r.small), qPrintable(q->value(1).toString()));
            QVERIFY2(same(2, r.medium), qPrintable(q->value(2).toString()));
            QCOMPARE(q->value(3).isNull(), !r.flag);
            if (r.flag)
                QCOMPARE(q->value(3).toBool(), *r.flag);
            QCOMPARE(q->value(4).isNull(), !r.body);
            if (r.body)
                QCOMPARE(q->value(4).toString(), QString::fromStdString(*r.body));
            QCOMPARE(q->value(5).isNull(), !r.bornDays);
            if (r.bornDays)
                QCOMPARE(q->value(5).toLongLong(), *r.bornDays);
            QCOMPARE(q->value(6).toLongLong(), *r.signedInSeconds);
        }
        QVERIFY(!q->next());
        QCOMPARE(test::column(*t.db, QStringLiteral("SELECT CAST(credit AS CHAR(20)) FROM "
                                                    "scratch_money"))
                     .toString()
                     .trimmed(),
                 QStringLiteral("1234567.89"));

        // A date the column cannot hold: refused, naming the column, and nothing kept.
        test::exec(*t.db, QStringLiteral("BEGIN"));
        auto bad =
            t.db->dialect().bulkTable(db, QStringLiteral("scratch_kinds"),
                                      {QStringLiteral("id"), QStringLiteral("signed_in_at")});
        bad->integer(1, 10);
        bad->text(2, "2024-13-01T00:00:00Z");
        bad->step();
        const Result<void> refused = bad->finish();
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().message.contains(QLatin1String("signed_in_at")),
                 qPrintable(refused.error().message));
        test::exec(*t.db, QStringLiteral("ROLLBACK"));
        QCOMPARE(count(*t.db, QStringLiteral("SELECT count(*) FROM scratch_kinds")), 4);
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
