// What only a shared server has: the schema's types and collations as the vendor's, the
// session Accord sets up, the schema lock two admins' migrations share, roles that may
// not create tables, and (on MariaDB) the vendor's zero dates.
#include "services/userservice.h"
#include "storage/database.h"
#include "storage/sql.h"
#include "storage/userrepository.h"
#include "testsupport.h"

#include <QProcess>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

#include <thread>

using namespace accord;
using accord::test::TempDatabase;

namespace {

QVariant rawValue(const QSqlDatabase& db, const QString& sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql) || !q.next()) {
        qWarning("raw SQL failed: %s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        return {};
    }
    return q.value(0);
}

bool rawExec(const QSqlDatabase& db, const QString& sql)
{
    QSqlQuery q(db);
    if (!q.exec(sql)) {
        qWarning("raw SQL failed: %s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
        return false;
    }
    return true;
}

// The raw connection of a test, closed and removed at the end of its scope.
class Raw
{
public:
    Raw(const TempDatabase& t, const char* name)
        : m_name(QString::fromLatin1(name)), m_db(t.rawConnection(m_name))
    {
    }
    ~Raw()
    {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_name);
    }
    Raw(const Raw&) = delete;
    Raw& operator=(const Raw&) = delete;
    const QSqlDatabase& db() const { return m_db; }

private:
    QString m_name;
    QSqlDatabase m_db;
};

QStringList columnsOf(const QSqlDatabase& db, const QString& table)
{
    QSqlQuery q(db);
    QStringList out;
    q.prepare(QStringLiteral("SELECT column_name FROM information_schema.columns WHERE "
                             "table_schema = %1 AND table_name = ?")
                  .arg(db.driverName() == QLatin1String("QPSQL") ? QStringLiteral("'public'")
                                                                 : QStringLiteral("DATABASE()")));
    q.addBindValue(table);
    if (!q.exec())
        return {QStringLiteral("<error: %1>").arg(q.lastError().text())};
    while (q.next())
        out << q.value(0).toString();
    out.sort();
    return out;
}

} // namespace

class TestServerDatabase : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase_data() { accord::test::addServerEngineRows(); }
    void init()
    {
        accord::test::useRowEngine();
        qunsetenv("ACCORD_BUSY_TIMEOUT_MS");
    }

    void everyVendorColumnExistsAndNothingElse()
    {
        TempDatabase t(accord::test::currentEngine());
        Raw raw(t, "columns");
        auto list = [](const char* names) {
            return QString::fromLatin1(names).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        };
        const QHash<QString, QStringList> tables{
            {QStringLiteral("tblusers_clients"),
             list("auth_user_id client_id created_at id invite_id last_login owner permissions "
                  "updated_at")},
            {QStringLiteral("tbluser_invites"),
             list("accepted_at client_id created_at deleted_at email id invited_by "
                  "invited_by_admin permissions token updated_at")},
            {QStringLiteral("tblactivitylog"),
             list("admin_id date description id ipaddr user user_id userid")},
        };
        for (auto it = tables.cbegin(); it != tables.cend(); ++it)
            QCOMPARE(columnsOf(raw.db(), it.key()), it.value());
        QCOMPARE(columnsOf(raw.db(), QStringLiteral("tblusers")).size(), 21);
        QCOMPARE(columnsOf(raw.db(), QStringLiteral("tblclients")).size(), 57);
    }

    void mariaDbUsesTheVendorsCollationAndAccordsOwnIsBinary()
    {
        if (accord::test::currentEngine() != Engine::MySQL)
            return; // PostgreSQL has one collation per database; its keys are folded by Accord
        TempDatabase t(Engine::MySQL);
        Raw raw(t, "collations");
        QSqlQuery q(raw.db());
        QVERIFY(
            q.exec(QStringLiteral("SELECT table_name, table_collation FROM "
                                  "information_schema.tables WHERE table_schema = DATABASE()")));
        int vendor = 0, own = 0;
        while (q.next()) {
            const QString table = q.value(0).toString();
            const QString collation = q.value(1).toString();
            if (table.startsWith(QLatin1String("tbl"))) {
                ++vendor;
                QVERIFY2(collation == QLatin1String("utf8mb4_unicode_ci"), qPrintable(table));
            } else {
                QVERIFY2(table.startsWith(QLatin1String("accord_")), qPrintable(table));
                ++own;
                QVERIFY2(collation == QLatin1String("utf8mb4_bin"), qPrintable(table));
            }
        }
        QCOMPARE(vendor, 5);
        QVERIFY(own >= 5);
        // The vendor's unique email index refuses an email in another case.
        QVERIFY(rawExec(raw.db(), QStringLiteral("INSERT INTO tblusers (email) VALUES "
                                                 "('ann@example.com')")));
        QVERIFY(!QSqlQuery(raw.db()).exec(
            QStringLiteral("INSERT INTO tblusers (email) VALUES ('ANN@example.com')")));
    }

    void accordsSessionIsUtcStrictAndCountsMatchedRows()
    {
        TempDatabase t(accord::test::currentEngine());
        QSqlDatabase db = t.db->connection();
        if (t.engine == Engine::PostgreSQL) {
            QCOMPARE(rawValue(db, QStringLiteral("SHOW TimeZone")).toString(),
                     QStringLiteral("UTC"));
            QCOMPARE(rawValue(db, QStringLiteral("SHOW application_name")).toString(),
                     QStringLiteral("Accord"));
            QVERIFY(rawValue(db, QStringLiteral("SHOW lock_timeout")).toString() !=
                    QLatin1String("0"));
            QVERIFY(rawValue(db, QStringLiteral("SHOW statement_timeout")).toString() !=
                    QLatin1String("0"));
            return;
        }
        QCOMPARE(rawValue(db, QStringLiteral("SELECT @@session.time_zone")).toString(),
                 QStringLiteral("+00:00"));
        QCOMPARE(rawValue(db, QStringLiteral("SELECT @@character_set_connection")).toString(),
                 QStringLiteral("utf8mb4"));
        const QString mode = rawValue(db, QStringLiteral("SELECT @@session.sql_mode")).toString();
        QVERIFY2(mode.contains(QLatin1String("STRICT_ALL_TABLES")), qPrintable(mode));
        QCOMPARE(rawValue(db, QStringLiteral("SELECT @@session.tx_isolation")).toString(),
                 QStringLiteral("READ-COMMITTED"));
        // An optimistic save that writes the values a row already has still matched the
        // row: CLIENT_FOUND_ROWS makes "0 rows" mean "changed meanwhile", never "same".
        const qint64 id = accord::test::addUser(t.db, QStringLiteral("Ann"), QStringLiteral("Lee"),
                                                QStringLiteral("ann@example.com"));
        QSqlQuery q(db);
        QVERIFY(
            q.exec(QStringLiteral("UPDATE tblusers SET first_name = 'Ann' WHERE id = %1").arg(id)));
        QCOMPARE(q.numRowsAffected(), 1);
        // Text the vendor's utf8mb4 holds, beyond the Basic Multilingual Plane, round-trips.
        UserService users(t.db);
        auto loaded = users.find(id);
        QVERIFY(loaded);
        UserChanges changes;
        changes.firstName = QStringLiteral("Ann \U0001F600");
        QVERIFY(users.update(*loaded, changes));
        QCOMPARE(users.find(id)->firstName, QStringLiteral("Ann \U0001F600"));
    }

    void aRoleThatMayNotCreateTablesIsToldWhoMay()
    {
        TempDatabase t(accord::test::currentEngine(), TempDatabase::Schema::None);
        DatabaseLocation readOnly = t.location;
        readOnly.user =
            qEnvironmentVariable("ACCORD_TEST_READONLY_USER", QStringLiteral("support1"));
        if (t.engine == Engine::PostgreSQL) {
            // support1 may connect and read, as support staff may; not create.
            auto admin = Database::open(t.location, OpenOptions{true, false});
            QVERIFY(admin);
            accord::test::exec(**admin, QStringLiteral("GRANT CONNECT ON DATABASE %1 TO %2")
                                            .arg(t.location.name, readOnly.user));
        }
        auto opened = Database::open(readOnly, OpenOptions{true, true});
        QVERIFY(!opened);
        QCOMPARE(opened.error().kind, Error::Kind::ReadOnly);
        QVERIFY2(opened.error().message.contains(QLatin1String("may not create")),
                 qPrintable(opened.error().message));
        QVERIFY2(opened.error().message.contains(QLatin1String("init")),
                 qPrintable(opened.error().message));
        // Nothing half-made is left behind.
        Raw raw(t, "left");
        QVERIFY(!raw.db().tables().contains(QStringLiteral("accord_schema")));
        QVERIFY(!raw.db().tables().contains(QStringLiteral("tblusers")));
    }

    void twoAdminsMigratingTakeTurnsUnderTheSchemaLock()
    {
        TempDatabase t(accord::test::currentEngine(), TempDatabase::Schema::None);
        // Another admin's Accord holds the schema lock (as during its migration).
        Raw other(t, "holder");
        const QString take = t.engine == Engine::PostgreSQL
                                 ? QStringLiteral("SELECT pg_advisory_lock(%1)")
                                 : QStringLiteral("SELECT GET_LOCK('accord_schema', 5) + 0 * %1");
        const QString give = t.engine == Engine::PostgreSQL
                                 ? QStringLiteral("SELECT pg_advisory_unlock(%1)")
                                 : QStringLiteral("SELECT RELEASE_LOCK('accord_schema') + 0 * %1");
        // The key Accord's PostgreSQL dialect locks ("Accord" in ASCII); unused on MariaDB.
        const QString key = t.engine == Engine::PostgreSQL
                                ? QStringLiteral("x'4163636f7264'::bigint")
                                : QStringLiteral("0");
        QVERIFY(rawExec(other.db(), take.arg(key)));

        QProcess init;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PGPASSWORD"), qEnvironmentVariable("ACCORD_TEST_DB_PASSWORD"));
        env.insert(QStringLiteral("MYSQL_PWD"), qEnvironmentVariable("ACCORD_TEST_DB_PASSWORD"));
        env.insert(QStringLiteral("ACCORD_OPERATOR"), QStringLiteral("tester"));
        init.setProcessEnvironment(env);
        init.start(QStringLiteral(ACCORD_BINARY),
                   {QStringLiteral("--db"), t.url, QStringLiteral("init")});
        QVERIFY(init.waitForStarted());
        // It waits for the lock: after a while it has neither finished nor created a table.
        QVERIFY(!init.waitForFinished(2000));
        QVERIFY(!other.db().tables().contains(QStringLiteral("tblusers")));

        QVERIFY(rawExec(other.db(), give.arg(key)));
        QVERIFY(init.waitForFinished(60000));
        QCOMPARE(init.exitCode(), 0);
        QVERIFY2(init.readAllStandardError().isEmpty(), "init reported a problem");
        auto migrated = Database::open(t.location);
        QVERIFY(migrated);
        QCOMPARE((*migrated)->schemaVersion(), Database::latestSchemaVersion(t.engine));
    }

    void theVendorsZeroDatesReadAsNullAndNeverMakeAConflict()
    {
        if (accord::test::currentEngine() != Engine::MySQL)
            return; // PostgreSQL has no zero dates
        TempDatabase t(Engine::MySQL);
        qint64 id = 0;
        {
            // As the vendor's PHP leaves rows, in its own relaxed sql_mode.
            Raw vendor(t, "vendor");
            QVERIFY(rawExec(vendor.db(), QStringLiteral("SET SESSION sql_mode = ''")));
            QSqlQuery q(vendor.db());
            QVERIFY(q.exec(QStringLiteral(
                "INSERT INTO tblusers (first_name, last_name, email, last_login, "
                "email_verified_at, created_at, updated_at) VALUES ('Zed', 'Zero', 'zed@x.com', "
                "'0000-00-00 00:00:00', '0000-00-00 00:00:00', '0000-00-00 00:00:00', "
                "'0000-00-00 00:00:00')")));
            id = q.lastInsertId().toLongLong();
        }
        t.db = t.openAgain(); // the new row's search keys, as another program wrote it

        UserService users(t.db);
        auto user = users.find(id);
        QVERIFY2(user, qPrintable(user ? QString() : user.error().message));
        QVERIFY(user->lastLogin.isNull());
        QVERIFY(user->emailVerifiedAt.isNull());
        QVERIFY(user->createdAt.isNull());
        QVERIFY(user->updatedAt.isNull());

        UserChanges changes;
        changes.firstName = QStringLiteral("Zoe");
        auto saved = users.update(*user, changes);
        QVERIFY2(saved, qPrintable(saved ? QString() : saved.error().message));
        QCOMPARE(saved->firstName, QStringLiteral("Zoe"));
        // The dates nobody changed stay as the vendor left them.
        QCOMPARE(accord::test::storedText(
                     *t.db, "SELECT CAST(last_login AS CHAR) FROM tblusers WHERE id = ?", id),
                 QStringLiteral("0000-00-00 00:00:00"));
        // A second save on what the first handed back is not a conflict either.
        UserChanges more;
        more.lastName = QStringLiteral("Zed");
        auto again = users.update(*saved, more);
        QVERIFY2(again, qPrintable(again ? QString() : again.error().message));
    }

    // A list's worker threads take connections opened ahead of them (TLS and authentication
    // are not on the way to its first page), a reader's connection is kept for the next
    // thread when it is between transactions, and one the server has ended is never handed
    // out.
    void workerThreadsTakeConnectionsOpenedAheadThatStillWork()
    {
        TempDatabase t(accord::test::currentEngine());
        const bool pg = t.engine == Engine::PostgreSQL;
        const QString backendSql = pg ? QStringLiteral("SELECT pg_backend_pid()")
                                      : QStringLiteral("SELECT CONNECTION_ID()");
        Raw raw(t, "observer");
        const QString sessionsSql =
            pg ? QStringLiteral("SELECT pid FROM pg_stat_activity WHERE datname = '%1' AND "
                                "application_name = 'Accord' ORDER BY pid")
                     .arg(t.location.name)
               : QStringLiteral("SELECT id FROM information_schema.PROCESSLIST WHERE db = '%1' "
                                "AND id <> CONNECTION_ID() ORDER BY id")
                     .arg(t.location.name);
        auto sessions = [&] {
            QSet<qint64> ids;
            QSqlQuery q(raw.db());
            if (!q.exec(sessionsSql))
                qWarning("%s", qPrintable(q.lastError().text()));
            while (q.next())
                ids << q.value(0).toLongLong();
            return ids;
        };
        // One worker thread's use of the connection Database hands it: its backend's id.
        auto onWorker = [&](const DatabasePtr& db, ConnectionEnd end, bool inTransaction) {
            qint64 id = -1;
            std::thread worker([&] {
                QSqlDatabase c = db->connection();
                if (inTransaction)
                    QVERIFY(c.transaction());
                if (auto r = runSql(c, backendSql); r && r->next())
                    id = r->value(0).toLongLong();
                c = QSqlDatabase();
                db->releaseThreadConnection(end);
            });
            worker.join();
            return id;
        };
        const QSet<qint64> before = sessions(); // the TempDatabase's own

        {
            auto opened = Database::open(t.location, OpenOptions{false, false, kListWorkers});
            QVERIFY(opened);
            DatabasePtr db = *opened;
            // Its own connection and two more, opened without a thread asking.
            QTRY_COMPARE((sessions() - before).size(), 1 + kListWorkers);
            const QSet<qint64> ahead = sessions() - before;
            const qint64 first = onWorker(db, ConnectionEnd::Close, false);
            QVERIFY(ahead.contains(first));
            // The one taken is replaced in the background: two wait again.
            QTRY_VERIFY(!sessions().contains(first));
            QTRY_COMPARE((sessions() - before).size(), 1 + kListWorkers);
            QVERIFY(ahead.contains(onWorker(db, ConnectionEnd::Close, false)));
        }
        QTRY_COMPARE(sessions(), before); // closing the database closes them all

        auto opened = Database::open(t.location, OpenOptions{false, false, 0});
        QVERIFY(opened);
        DatabasePtr db = *opened;
        QTRY_COMPARE((sessions() - before).size(), 1); // nothing opened ahead
        const qint64 reader = onWorker(db, ConnectionEnd::KeepForNext, false);
        QCOMPARE(onWorker(db, ConnectionEnd::KeepForNext, false), reader);
        QCOMPARE(onWorker(db, ConnectionEnd::Close, false), reader);
        QTRY_VERIFY(!sessions().contains(reader));
        // A connection left inside a transaction is never kept for another thread.
        const qint64 inTransaction = onWorker(db, ConnectionEnd::KeepForNext, true);
        QVERIFY(inTransaction != reader);
        QTRY_VERIFY(!sessions().contains(inTransaction));
        // A kept connection the server has ended meanwhile: the next thread gets a new one.
        const qint64 kept = onWorker(db, ConnectionEnd::KeepForNext, false);
        QVERIFY(rawExec(raw.db(), pg ? QStringLiteral("SELECT pg_terminate_backend(%1)").arg(kept)
                                     : QStringLiteral("KILL %1").arg(kept)));
        QTRY_VERIFY(!sessions().contains(kept));
        const qint64 next = onWorker(db, ConnectionEnd::Close, false);
        QVERIFY(next > 0);
        QVERIFY(next != kept);
    }
};

QTEST_GUILESS_MAIN(TestServerDatabase)
#include "tst_serverdatabase.moc"
