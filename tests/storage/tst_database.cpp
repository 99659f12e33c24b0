#include "domain/comparison.h"
#include "services/userservice.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/rowstore.h"
#include "storage/userrepository.h"
#include "testsupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace accord;
using accord::test::TempDatabase;

namespace {

// A plain QSQLITE connection (no Accord functions, no Accord pragmas) for raw SQL.
class RawConnection
{
public:
    explicit RawConnection(const QString& path) : m_name(QStringLiteral("raw-%1").arg(++s_count))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        if (!db.open())
            qFatal("cannot open %s raw", qPrintable(path));
    }
    ~RawConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }
    bool exec(const QString& sql) const
    {
        QSqlQuery q(db());
        if (!q.exec(sql)) {
            qWarning("raw SQL failed: %s: %s", qPrintable(sql), qPrintable(q.lastError().text()));
            return false;
        }
        return true;
    }
    QVariant value(const QString& sql) const
    {
        QSqlQuery q(db());
        if (!q.exec(sql) || !q.next())
            return {};
        return q.value(0);
    }
    QStringList column(const QString& sql, int index = 0) const
    {
        QStringList out;
        QSqlQuery q(db());
        if (!q.exec(sql))
            return {QStringLiteral("<error: %1>").arg(q.lastError().text())};
        while (q.next())
            out << q.value(index).toString();
        return out;
    }

private:
    static inline int s_count = 0;
    QString m_name;
};

QStringList columnsOf(const QSqlDatabase& db, const QString& table)
{
    QSqlQuery q(db);
    QStringList out;
    if (!q.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table)))
        return out;
    while (q.next())
        out << q.value(1).toString();
    return out;
}

QString typeOf(const QSqlDatabase& db, const QString& table, const QString& column)
{
    QSqlQuery q(db);
    if (!q.exec(QStringLiteral("PRAGMA table_info(%1)").arg(table)))
        return {};
    while (q.next())
        if (q.value(1).toString() == column)
            return q.value(2).toString().toLower();
    return {};
}

Result<DatabasePtr> openFile(const QString& path, bool create = false)
{
    auto location = DatabaseLocation::parse(path);
    if (!location)
        return location.error();
    return Database::open(*location, OpenOptions{create, true});
}

QStringList sorted(QStringList l)
{
    l.sort();
    return l;
}

const QStringList searchObjects{
    QStringLiteral("accord_users_fts"),       QStringLiteral("accord_clients_fts"),
    QStringLiteral("accord_user_keys_first"), QStringLiteral("accord_user_keys_email"),
    QStringLiteral("accord_users_ai"),        QStringLiteral("accord_clients_au"),
    QStringLiteral("accord_links_ai")};

// Turns a freshly created file back into what migration 1 alone leaves: the vendor tables
// and accord_counters at version 1, without migration 2's search objects.
void downgradeToVersion1(const RawConnection& raw)
{
    const QStringList triggers = raw.column(
        QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                       "'accord\\_%' ESCAPE '\\'"));
    for (const QString& t : triggers)
        QVERIFY(raw.exec(QStringLiteral("DROP TRIGGER %1").arg(t)));
    const QStringList indexes = raw.column(
        QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE "
                       "'accord\\_%' ESCAPE '\\' AND sql IS NOT NULL"));
    for (const QString& i : indexes)
        QVERIFY(raw.exec(QStringLiteral("DROP INDEX %1").arg(i)));
    QVERIFY(raw.exec(QStringLiteral("DROP TABLE accord_users_fts")));
    QVERIFY(raw.exec(QStringLiteral("DROP TABLE accord_clients_fts")));
    for (const char* table : {"accord_link_differences", "accord_intended_differences",
                              "accord_settings", "accord_user_stats", "accord_client_stats",
                              "accord_user_keys", "accord_client_keys", "accord_dirty_links"})
        QVERIFY(raw.exec(QStringLiteral("DROP TABLE %1").arg(QLatin1String(table))));
    QVERIFY(raw.exec(QStringLiteral("UPDATE accord_schema SET version = 1")));
}

} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT

private slots:
    void init() { qunsetenv("ACCORD_BUSY_TIMEOUT_MS"); }

    void newFileGetsWalModeAndTheLatestSchema()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("new.sqlite"));
        auto db = openFile(path, true);
        QVERIFY2(db.ok(), qPrintable(db ? QString() : db.error().message));
        QVERIFY(QFile::exists(path));
        const int latest = Database::latestSchemaVersion(Engine::SQLite);
        QVERIFY(latest >= 2);
        QCOMPARE((*db)->schemaVersion(), latest);
        QVERIFY((*db)->hasAccordTables());
        QVERIFY(!(*db)->isReadOnly());
        QVERIFY((*db)->backupPath().isEmpty()); // nothing to back up in a new file

        QSqlQuery q((*db)->connection());
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString().toLower(), QStringLiteral("wal"));
        QVERIFY(q.exec(QStringLiteral("SELECT version FROM accord_schema")) && q.next());
        QCOMPARE(q.value(0).toInt(), latest);
        QVERIFY(!q.next()); // exactly one version row

        RawConnection raw(path);
        QCOMPARE(raw.value(QStringLiteral("PRAGMA journal_mode")).toString().toLower(),
                 QStringLiteral("wal"));
        const QStringList objects = raw.column(QStringLiteral("SELECT name FROM sqlite_master"));
        for (const QString& name : searchObjects)
            QVERIFY2(objects.contains(name), qPrintable(name));
        QVERIFY(QDir(dir.path()).entryList({QStringLiteral("*.bak-*")}).isEmpty());
    }

    void reopeningTheLatestSchemaChangesNothing()
    {
        TempDatabase t;
        const QDir dir(t.dir.path());
        auto again = openFile(t.path);
        QVERIFY(again.ok());
        QCOMPARE((*again)->schemaVersion(), Database::latestSchemaVersion(Engine::SQLite));
        QVERIFY((*again)->backupPath().isEmpty());
        QVERIFY(dir.entryList({QStringLiteral("*.bak-*")}).isEmpty());
    }

    void newerSchemaVersionIsRefused()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("future.sqlite"));
        QVERIFY(openFile(path, true).ok());
        const int latest = Database::latestSchemaVersion(Engine::SQLite);
        {
            RawConnection raw(path);
            QVERIFY(
                raw.exec(QStringLiteral("UPDATE accord_schema SET version = %1").arg(latest + 1)));
        }
        auto db = openFile(path);
        QVERIFY(!db.ok());
        QCOMPARE(db.error().kind, Error::Kind::NewerSchema);
        QVERIFY2(db.error().message.contains(QString::number(latest + 1)),
                 qPrintable(db.error().message));
        // Refused means untouched: no backup, the version stays.
        QVERIFY(QDir(dir.path()).entryList({QStringLiteral("*.bak-*")}).isEmpty());
        RawConnection raw(path);
        QCOMPARE(raw.value(QStringLiteral("SELECT version FROM accord_schema")).toInt(),
                 latest + 1);
    }

    void olderSchemaIsBackedUpBeforeMigrating()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("old.sqlite"));
        {
            auto created = openFile(path, true);
            QVERIFY(created.ok());
            UserService users(*created);
            auto id = users.add({QStringLiteral("Ann"), QStringLiteral("Lee"),
                                 QStringLiteral("ann@x.com"), QString(), QString()});
            QVERIFY(id.ok());
        }
        {
            RawConnection raw(path);
            downgradeToVersion1(raw);
            if (QTest::currentTestFailed())
                return;
        }
        auto db = openFile(path);
        QVERIFY2(db.ok(), qPrintable(db ? QString() : db.error().message));
        const int latest = Database::latestSchemaVersion(Engine::SQLite);
        QCOMPARE((*db)->schemaVersion(), latest);
        const QString backup = path + QStringLiteral(".bak-1");
        QCOMPARE((*db)->backupPath(), backup);
        QVERIFY(QFile::exists(backup));

        // The backup is the file as it was: version 1, no search objects, the data kept.
        {
            RawConnection old(backup);
            QCOMPARE(old.value(QStringLiteral("SELECT version FROM accord_schema")).toInt(), 1);
            QCOMPARE(old.value(QStringLiteral("SELECT count(*) FROM sqlite_master WHERE name = "
                                              "'accord_users_fts'"))
                         .toInt(),
                     0);
            QCOMPARE(old.value(QStringLiteral("SELECT email FROM tblusers")).toString(),
                     QStringLiteral("ann@x.com"));
        }
        // The migrated file has everything again and kept its data.
        RawConnection raw(path);
        QCOMPARE(raw.value(QStringLiteral("SELECT version FROM accord_schema")).toInt(), latest);
        const QStringList objects = raw.column(QStringLiteral("SELECT name FROM sqlite_master"));
        for (const QString& name : searchObjects)
            QVERIFY2(objects.contains(name), qPrintable(name));
        QCOMPARE(raw.value(QStringLiteral("SELECT count(*) FROM tblusers")).toInt(), 1);
    }

    void migratingAnOlderSchemaIndexesTheRowsItAlreadyHolds()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("old.sqlite"));
        {
            auto created = openFile(path, true);
            QVERIFY(created.ok());
        }
        {
            RawConnection raw(path);
            downgradeToVersion1(raw);
            if (QTest::currentTestFailed())
                return;
            // Rows written while the file was at version 1 (no triggers then).
            QVERIFY(raw.exec(QStringLiteral(
                "INSERT INTO tblusers (first_name, last_name, email) VALUES ('Ann', 'Lee', "
                "'ann@x.com'), ('Bob', 'Ray', 'bob@x.com')")));
            QVERIFY(raw.exec(QStringLiteral(
                "INSERT INTO tblclients (firstname, lastname, email, companyname) VALUES "
                "('Ann', 'Leigh', 'ANN@x.com', 'Lee Ltd')")));
            QVERIFY(raw.exec(QStringLiteral(
                "INSERT INTO tblusers_clients (auth_user_id, client_id, owner) VALUES (1, 1, 1)")));
        }
        auto db = openFile(path);
        QVERIFY(db.ok());
        QSqlQuery q((*db)->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT name, value FROM accord_counters ORDER BY name")));
        QMap<QString, int> counters;
        while (q.next())
            counters.insert(q.value(0).toString(), q.value(1).toInt());
        QCOMPARE(counters.value(QStringLiteral("users")), 2);
        QCOMPARE(counters.value(QStringLiteral("clients")), 1);
        QCOMPARE(counters.value(QStringLiteral("links")), 1);
        // Each user's link count too (Manage Users sorts by it).
        QVERIFY(
            q.exec(QStringLiteral("SELECT id, client_count FROM accord_user_stats ORDER BY id")));
        QVERIFY(q.next());
        QCOMPARE(q.value(1).toInt(), 1);
        QVERIFY(q.next());
        QCOMPARE(q.value(1).toInt(), 0);
        QVERIFY(q.exec(QStringLiteral(
            "SELECT rowid FROM accord_users_fts WHERE accord_users_fts MATCH '\"bob\"'")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 2);
        QVERIFY(q.exec(QStringLiteral(
            "SELECT rowid FROM accord_clients_fts WHERE accord_clients_fts MATCH '\"lee ltd\"'")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        // The link's differences are compared once while migrating: the report knows them.
        QVERIFY(q.exec(QStringLiteral("SELECT user_id, client_id, owner, first_name_kind, "
                                      "last_name_kind, email_kind, language_kind, open FROM "
                                      "accord_link_differences")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QCOMPARE(q.value(1).toInt(), 1);
        QCOMPARE(q.value(2).toInt(), 1);
        QCOMPARE(q.value(3).toInt(), 0);                                              // Ann = Ann
        QCOMPARE(q.value(4).toInt(), differenceCode(FieldDifference::Kind::Differs)); // Lee/Leigh
        QCOMPARE(q.value(5).toInt(), differenceCode(FieldDifference::Kind::CaseOrSpace));
        QCOMPARE(q.value(6).toInt(), 0);
        QCOMPARE(q.value(7).toInt(), 1);
        QVERIFY(!q.next());
        // The uniqueness of folded logins holds for the old rows too.
        UserService users(*db);
        auto clash = users.add({QStringLiteral("A"), QStringLiteral("L"),
                                QStringLiteral("ANN@x.com"), QString(), QString()});
        QVERIFY(!clash.ok());
        QCOMPARE(clash.error().kind, Error::Kind::Clash);
    }

    void missingFileWithoutCreateIsNotFoundAndCreatesNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("sub/missing.sqlite"));
        auto db = openFile(path, false);
        QVERIFY(!db.ok());
        QCOMPARE(db.error().kind, Error::Kind::NotFound);
        QVERIFY(!QFile::exists(path));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("sub"))));
        QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot),
                 QStringList{});
    }

    void aFolderIsNotADatabase()
    {
        QTemporaryDir dir;
        auto db = openFile(dir.path(), false);
        QVERIFY(!db.ok());
        QCOMPARE(db.error().kind, Error::Kind::NotFound);
    }

    void busyDatabaseIsAClearBusyErrorNotAHang()
    {
        TempDatabase t;
        RawConnection other(t.path);
        QVERIFY(other.exec(QStringLiteral("BEGIN IMMEDIATE")));
        QVERIFY(other.exec(QStringLiteral("UPDATE accord_counters SET value = value")));

        qputenv("ACCORD_BUSY_TIMEOUT_MS", "200");
        auto db = openFile(t.path);
        QVERIFY2(db.ok(), qPrintable(db ? QString() : db.error().message));
        UserService users(*db);
        QElapsedTimer timer;
        timer.start();
        auto added = users.add({QStringLiteral("Ann"), QStringLiteral("Lee"),
                                QStringLiteral("ann@x.com"), QString(), QString()});
        QVERIFY(!added.ok());
        QCOMPARE(added.error().kind, Error::Kind::Busy);
        QVERIFY2(added.error().message.contains(QStringLiteral("busy")),
                 qPrintable(added.error().message));
        QVERIFY2(timer.elapsed() < 5000, "a locked database must not hang");

        // Once the other writer is done, the same session writes normally.
        QVERIFY(other.exec(QStringLiteral("COMMIT")));
        auto retried = users.add({QStringLiteral("Ann"), QStringLiteral("Lee"),
                                  QStringLiteral("ann@x.com"), QString(), QString()});
        QVERIFY2(retried.ok(), qPrintable(retried ? QString() : retried.error().message));
    }

    void zeroDatesReadAsNull()
    {
        QVERIFY(storedDate(QStringLiteral("0000-00-00 00:00:00")).isNull());
        QVERIFY(storedDate(QStringLiteral("0000-00-00")).isNull());
        QVERIFY(storedDate(QStringLiteral("")).isNull());
        QVERIFY(storedDate(QVariant()).isNull());
        QCOMPARE(storedDate(QStringLiteral("2024-02-29 13:14:15")),
                 QDateTime(QDate(2024, 2, 29), QTime(13, 14, 15), Qt::UTC));
        QCOMPARE(storedDate(QStringLiteral("2024-02-29T13:14:15Z")),
                 QDateTime(QDate(2024, 2, 29), QTime(13, 14, 15), Qt::UTC));
        QCOMPARE(storedDate(QStringLiteral("2024-02-29")),
                 QDateTime(QDate(2024, 2, 29), QTime(0, 0), Qt::UTC));
        QCOMPARE(storedDateText(QDateTime(QDate(2024, 2, 29), QTime(13, 14, 15), Qt::UTC)),
                 QStringLiteral("2024-02-29T13:14:15Z"));

        TempDatabase t;
        QSqlQuery q(t.db->connection());
        QVERIFY(q.exec(QStringLiteral(
            "INSERT INTO tblusers (first_name, last_name, email, last_login, email_verified_at, "
            "created_at, updated_at) VALUES ('Zed', 'Zero', 'zed@x.com', '0000-00-00 00:00:00', "
            "'0000-00-00 00:00:00', '0000-00-00 00:00:00', '2023-05-06 07:08:09')")));
        UserRepository repo(t.db->connection(), t.db->dialect());
        auto user = repo.find(q.lastInsertId().toLongLong());
        QVERIFY(user.ok());
        QVERIFY(user->lastLogin.isNull());
        QVERIFY(user->emailVerifiedAt.isNull());
        QVERIFY(user->createdAt.isNull());
        QCOMPARE(user->updatedAt, QDateTime(QDate(2023, 5, 6), QTime(7, 8, 9), Qt::UTC));
    }

    void everyVendorColumnExists_data()
    {
        QTest::addColumn<QString>("table");
        QTest::addColumn<QStringList>("columns");
        auto list = [](const char* names) {
            return QString::fromLatin1(names).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        };
        QTest::newRow("tblusers") << "tblusers"
                                  << list("id first_name last_name email password language "
                                          "second_factor second_factor_config remember_token "
                                          "reset_token security_question_id "
                                          "security_question_answer last_ip last_hostname "
                                          "last_login email_verification_token "
                                          "email_verification_token_expiry email_verified_at "
                                          "reset_token_expiry created_at updated_at");
        QTest::newRow("tblclients")
            << "tblclients"
            << list("id uuid firstname lastname companyname email address1 address2 city state "
                    "postcode country phonenumber tax_id password authmodule authdata currency "
                    "defaultgateway credit taxexempt latefeeoveride overideduenotices "
                    "separateinvoices disableautocc datecreated notes billingcid securityqid "
                    "securityqans groupid cardtype cardlastfour cardnum startdate expdate "
                    "issuenumber bankname banktype bankcode bankacct gatewayid lastlogin ip host "
                    "status language pwresetkey emailoptout marketing_emails_opt_in "
                    "overrideautoclose allow_sso email_verified email_preferences created_at "
                    "updated_at pwresetexpiry");
        QTest::newRow("tblusers_clients") << "tblusers_clients"
                                          << list("id auth_user_id client_id invite_id owner "
                                                  "permissions last_login created_at updated_at");
        QTest::newRow("tbluser_invites") << "tbluser_invites"
                                         << list("id token email client_id invited_by "
                                                 "invited_by_admin permissions accepted_at "
                                                 "created_at updated_at deleted_at");
        QTest::newRow("tblactivitylog")
            << "tblactivitylog" << list("id date description user userid user_id admin_id ipaddr");
    }
    void everyVendorColumnExists()
    {
        QFETCH(QString, table);
        QFETCH(QStringList, columns);
        TempDatabase t;
        // Exactly the vendor's columns: all of them, and nothing of Accord's added.
        QCOMPARE(sorted(columnsOf(t.db->connection(), table)), sorted(columns));
    }

    void sqliteTypesFollowTheDesign()
    {
        TempDatabase t;
        const QSqlDatabase db = t.db->connection();
        QCOMPARE(typeOf(db, QStringLiteral("tblclients"), QStringLiteral("credit")),
                 QStringLiteral("text")); // decimal: no float rounding
        QCOMPARE(typeOf(db, QStringLiteral("tblclients"), QStringLiteral("status")),
                 QStringLiteral("text"));
        QCOMPARE(typeOf(db, QStringLiteral("tblclients"), QStringLiteral("datecreated")),
                 QStringLiteral("text"));
        QCOMPARE(typeOf(db, QStringLiteral("tblusers"), QStringLiteral("created_at")),
                 QStringLiteral("text"));
        QCOMPARE(typeOf(db, QStringLiteral("tblusers_clients"), QStringLiteral("owner")),
                 QStringLiteral("integer"));
        QCOMPARE(typeOf(db, QStringLiteral("tblusers"), QStringLiteral("security_question_id")),
                 QStringLiteral("integer"));
    }

    void vendorTablesHaveNoForeignKeys()
    {
        TempDatabase t;
        for (const char* table :
             {"tblusers", "tblclients", "tblusers_clients", "tbluser_invites", "tblactivitylog"}) {
            QSqlQuery q(t.db->connection());
            QVERIFY(
                q.exec(QStringLiteral("PRAGMA foreign_key_list(%1)").arg(QLatin1String(table))));
            QVERIFY2(!q.next(), table);
        }
    }

    void vendorUniqueKeysExist()
    {
        TempDatabase t;
        QSqlQuery q(t.db->connection());
        QVERIFY(q.exec(QStringLiteral(
            "INSERT INTO tblusers_clients (auth_user_id, client_id) VALUES (1, 1)")));
        QVERIFY(!q.exec(QStringLiteral(
            "INSERT INTO tblusers_clients (auth_user_id, client_id) VALUES (1, 1)")));
        // invite_id = 0 and orphans are allowed: there are no foreign keys.
        QVERIFY(q.exec(QStringLiteral("INSERT INTO tblusers_clients (auth_user_id, client_id, "
                                      "invite_id) VALUES (999, 998, 0)")));
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
