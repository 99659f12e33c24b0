// Connecting through a profile on the real servers: what "Test connection" says failed
// (host, authentication, TLS, database, schema) or found (a read-only role), TLS verified
// with the CA tests/services.sh made (a wrong CA refused, never plain text), and the
// password kept in the real keychain only: never in settings, log lines, activity rows or
// the process's arguments.
#include "keychaintesting.h"
#include "services/connectionservice.h"
#include "services/keychaincredentialstore.h"
#include "services/userservice.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QSettings>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTest>

using namespace accord;
using accord::test::TempDatabase;

class TestConnectionService : public QObject
{
    Q_OBJECT

    std::unique_ptr<TempDatabase> t;
    std::unique_ptr<KeychainCredentialStore> keychain;

    ConnectionProfile keeperProfile() const
    {
        ConnectionProfile p;
        p.location = test::keeperLocation(*t);
        return p;
    }
    ConnectionProfile verified(TlsMode mode, const QString& ca) const
    {
        ConnectionProfile p = keeperProfile();
        p.location.tls = mode;
        p.location.caFile = ca;
        return p;
    }
    TlsMode strictest() const { return Dialect::of(t->engine).tlsModes().last(); }

private slots:
    void initTestCase_data() { test::addServerEngineRows(); }
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        test::useRowEngine();
        QSettings().clear();
        t = std::make_unique<TempDatabase>();
        keychain = std::make_unique<KeychainCredentialStore>(
            QStringLiteral("Accord test %1").arg(QCoreApplication::applicationPid()));
    }
    void cleanup()
    {
        (void)keychain->remove(CredentialStore::keyOf(keeperProfile().location));
        t.reset();
    }

    void rememberedPasswordGoesToTheKeychainAndNowhereElse()
    {
        const QString password = test::keeperPassword();
        test::LogCapture log;
        ConnectionProfile p = verified(strictest(), test::trustedCa());
        p.rememberPassword = true;
        p.operatorName = QStringLiteral("Grace at the help desk");
        ConnectionService service(*keychain);
        QString problem;
        auto opened = service.connect(p, password, &problem);
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(keychain->read(CredentialStore::keyOf(p.location)).password, password);

        // A save through the connection: the activity row names the operator, not the password.
        const qint64 user =
            test::addUser(*opened, QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                          QStringLiteral("ada@example.com"));
        auto loaded = UserService(*opened).find(user);
        QVERIFY(loaded);
        UserChanges changes;
        changes.firstName = QStringLiteral("Augusta");
        QVERIFY(UserService(*opened).update(*loaded, changes));
        QSqlQuery rows((*opened)->connection());
        QVERIFY(rows.exec(QStringLiteral("SELECT * FROM tblactivitylog")));
        int count = 0;
        while (rows.next()) {
            ++count;
            for (int i = 0; i < rows.record().count(); ++i)
                QVERIFY2(!rows.value(i).toString().contains(password), "an activity row");
        }
        QVERIFY(count > 0);
        QCOMPARE(
            test::column(**opened,
                         QStringLiteral("SELECT %1 FROM tblactivitylog ORDER BY id DESC")
                             .arg((*opened)->dialect().quoteIdentifier(QStringLiteral("user"))))
                .toString(),
            QStringLiteral("Grace at the help desk"));

        // The profile is in settings, without the password.
        auto saved = ConnectionProfiles::find(p.key());
        QVERIFY(saved);
        QCOMPARE(saved->location.tls, p.location.tls);
        QCOMPARE(saved->location.caFile, test::trustedCa());
        QVERIFY(saved->rememberPassword);
        const QByteArray settings = test::settingsFileBytes();
        QVERIFY2(settings.contains(QByteArrayLiteral("rememberPassword")), settings.constData());
        QVERIFY2(!settings.contains(password.toUtf8()), "the settings file holds the password");
        QVERIFY(!test::ownCommandLine().contains(password.toUtf8()));
        for (const QString& line : log.lines())
            QVERIFY2(!line.contains(password), qPrintable(line));
    }

    void aPasswordNotRememberedIsNotKept()
    {
        ConnectionService service(*keychain);
        auto opened = service.connect(keeperProfile(), test::keeperPassword());
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        QCOMPARE(int(service.storedPassword(keeperProfile()).status),
                 int(StoredPassword::Status::NotFound));
    }

    void theKeychainsPasswordServesTheNextConnection()
    {
        ConnectionProfile p = keeperProfile();
        p.rememberPassword = true;
        ConnectionService service(*keychain);
        QVERIFY(service.connect(p, test::keeperPassword()));
        // Nothing typed: the keychain's entry opens it.
        auto again = service.connect(p, QString());
        QVERIFY2(again, qPrintable(again ? QString() : again.error().message));
    }

    void forgetPasswordDeletesTheEntry()
    {
        ConnectionProfile p = keeperProfile();
        p.rememberPassword = true;
        ConnectionService service(*keychain);
        QVERIFY(service.connect(p, test::keeperPassword()));
        QVERIFY(service.forgetPassword(p));
        QCOMPARE(int(service.storedPassword(p).status), int(StoredPassword::Status::NotFound));
        QVERIFY(!ConnectionProfiles::find(p.key())->rememberPassword);
        auto refused = service.test(p, QString());
        QVERIFY(!refused);
        QCOMPARE(refused.error().field, QStringLiteral("password"));
    }

    void aFailedConnectionStoresNothing()
    {
        ConnectionProfile p = keeperProfile();
        p.rememberPassword = true;
        ConnectionService service(*keychain);
        QVERIFY(!service.connect(p, QStringLiteral("not the password")));
        QCOMPARE(int(service.storedPassword(p).status), int(StoredPassword::Status::NotFound));
        QVERIFY(!ConnectionProfiles::find(p.key()));
    }

    void testSaysTheHostIsUnreachable()
    {
        ConnectionProfile p = keeperProfile();
        p.location.port = 1; // tcpmux: nothing listens there on loopback
        auto r = ConnectionService(*keychain).test(p, test::keeperPassword());
        QVERIFY(!r);
        QCOMPARE(r.error().field, QStringLiteral("host"));
        QVERIFY2(r.error().message.startsWith(QLatin1String("Host unreachable")),
                 qPrintable(r.error().message));
    }

    void testSaysAuthenticationFailed()
    {
        auto r = ConnectionService(*keychain).test(keeperProfile(), QStringLiteral("wrong"));
        QVERIFY(!r);
        QCOMPARE(r.error().field, QStringLiteral("password"));
        QVERIFY2(r.error().message.startsWith(QLatin1String("Authentication failed")),
                 qPrintable(r.error().message));
        QVERIFY(!r.error().message.contains(QLatin1String("wrong")));
    }

    void testSaysTheDatabaseIsMissing()
    {
        ConnectionProfile p = keeperProfile();
        p.location.name = QStringLiteral("accord_no_such_database");
        auto r = ConnectionService(*keychain).test(p, test::keeperPassword());
        QVERIFY(!r);
        QCOMPARE(r.error().field, QStringLiteral("database"));
    }

    void testSaysTheSchemaIsMissing()
    {
        TempDatabase empty(t->engine, TempDatabase::Schema::None);
        ConnectionProfile p;
        p.location = test::keeperLocation(empty);
        auto r = ConnectionService(*keychain).test(p, test::keeperPassword());
        QVERIFY(!r);
        QCOMPARE(r.error().field, QStringLiteral("database"));
        QVERIFY2(r.error().message.contains(QLatin1String("no Accord schema")),
                 qPrintable(r.error().message));
    }

    void testSaysTheRoleIsReadOnly()
    {
        const DatabasePtr readOnly = t->openAsReadOnlyRole(); // grants support1 its SELECT
        ConnectionProfile p;
        p.location = t->location;
        p.location.user = QStringLiteral("support1");
        p.location.password.clear();
        auto r =
            ConnectionService(*keychain).test(p, qEnvironmentVariable("ACCORD_TEST_DB_PASSWORD"));
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
        QVERIFY(!r->readOnlyReason.isEmpty());
        QVERIFY2(r->summary.contains(QLatin1String("Read-only: your database role may not change "
                                                   "data")),
                 qPrintable(r->summary));
    }

    void tlsWithTheRightCaIsEncryptedAndVerified()
    {
        for (TlsMode mode : Dialect::of(t->engine).tlsModes()) {
            if (mode == TlsMode::Off || mode == TlsMode::Require)
                continue;
            const ConnectionProfile p = verified(mode, test::trustedCa());
            ConnectionService service(*keychain);
            auto report = service.test(p, test::keeperPassword());
            QVERIFY2(report, qPrintable(report ? QString() : report.error().message));
            QVERIFY(report->encrypted);
            QVERIFY2(report->summary.contains(QLatin1String("certificate verified")),
                     qPrintable(report->summary));
            auto opened = service.connect(p, test::keeperPassword());
            QVERIFY(opened);
            // The server agrees: this session (and every other thread's) is encrypted.
            QVERIFY(test::encryptedOnServer(**opened));
        }
    }

    void tlsWithAWrongCaIsRefusedNotPlainText()
    {
        const ConnectionProfile p = verified(strictest(), test::wrongCa());
        auto r = ConnectionService(*keychain).test(p, test::keeperPassword());
        QVERIFY(!r);
        QCOMPARE(r.error().field, QStringLiteral("tls"));
        QVERIFY2(r.error().message.startsWith(QLatin1String("TLS failed")),
                 qPrintable(r.error().message));
    }

    void verifyingWithoutACaFileIsRefused()
    {
        auto r = ConnectionService(*keychain).test(verified(strictest(), QString()),
                                                   test::keeperPassword());
        QVERIFY(!r);
        QCOMPARE(r.error().field, QStringLiteral("caFile"));
    }

    void withoutTlsTheConnectionIsPlainOnMariaDb()
    {
        // The premise of the TLS tests: the servers also take plain connections, so an
        // encrypted session above is the profile's doing.
        if (t->engine != Engine::MySQL)
            return;
        auto opened = ConnectionService(*keychain).connect(keeperProfile(), test::keeperPassword());
        QVERIFY(opened);
        QVERIFY(!test::encryptedOnServer(**opened));
    }
};

QTEST_GUILESS_MAIN(TestConnectionService)
#include "tst_connectionservice.moc"
