// The real keychain: QtKeychain against the gnome-keyring (Secret Service) the test session
// runs, and the same store in a process that has no Secret Service to talk to.
#include "services/keychaincredentialstore.h"

#include <QCoreApplication>
#include <QProcess>
#include <QTest>

using namespace accord;

namespace {
QString serviceName()
{
    return QStringLiteral("Accord test %1").arg(QCoreApplication::applicationPid());
}
const QString key = QStringLiteral("postgresql://keeper1@db.example.com:5432/accord");
} // namespace

class TestKeychainCredentialStore : public QObject
{
    Q_OBJECT

private slots:
    void cleanup()
    {
        if (qEnvironmentVariableIsEmpty("ACCORD_TEST_NO_KEYCHAIN_CHILD"))
            (void)KeychainCredentialStore(serviceName()).remove(key);
    }

    void aMissingEntryIsNotFound()
    {
        KeychainCredentialStore store(serviceName());
        const StoredPassword stored = store.read(key + QStringLiteral("-never-written"));
        QCOMPARE(int(stored.status), int(StoredPassword::Status::NotFound));
        QVERIFY(stored.password.isEmpty());
    }

    void aWrittenPasswordReadsBackInAnotherStore()
    {
        const QString password = QStringLiteral("s3cret, with ünïcode and ; = '");
        QVERIFY(KeychainCredentialStore(serviceName()).write(key, password));
        // A second store (as the next start of Accord, or a headless command) finds it.
        const StoredPassword stored = KeychainCredentialStore(serviceName()).read(key);
        QCOMPARE(int(stored.status), int(StoredPassword::Status::Found));
        QCOMPARE(stored.password, password);
    }

    void writingAgainReplacesIt()
    {
        KeychainCredentialStore store(serviceName());
        QVERIFY(store.write(key, QStringLiteral("first")));
        QVERIFY(store.write(key, QStringLiteral("second")));
        QCOMPARE(store.read(key).password, QStringLiteral("second"));
    }

    void removingForgetsIt()
    {
        KeychainCredentialStore store(serviceName());
        QVERIFY(store.write(key, QStringLiteral("to be forgotten")));
        QVERIFY(store.remove(key));
        QCOMPARE(int(store.read(key).status), int(StoredPassword::Status::NotFound));
        QVERIFY(store.remove(key)); // forgetting twice is no error
    }

    void entriesOfOtherProfilesStayApart()
    {
        KeychainCredentialStore store(serviceName());
        const QString other = QStringLiteral("mysql://keeper1@db.example.com:3306/accord");
        QVERIFY(store.write(key, QStringLiteral("pg")));
        QVERIFY(store.write(other, QStringLiteral("my")));
        QCOMPARE(store.read(key).password, QStringLiteral("pg"));
        QCOMPARE(store.read(other).password, QStringLiteral("my"));
        QVERIFY(store.remove(other));
    }

    // Without a Secret Service (no session bus to find one on) the store says so, and
    // writes are refused rather than kept anywhere else.
    void withoutASecretServiceItIsUnavailable()
    {
        if (!qEnvironmentVariableIsEmpty("ACCORD_TEST_NO_KEYCHAIN_CHILD")) {
            KeychainCredentialStore store(serviceName());
            const StoredPassword stored = store.read(key);
            QCOMPARE(int(stored.status), int(StoredPassword::Status::Unavailable));
            QVERIFY2(!stored.reason.isEmpty(), "the reason is shown in the Connect dialog");
            auto written = store.write(key, QStringLiteral("nowhere"));
            QVERIFY(!written);
            QVERIFY2(written.error().message.contains(QLatin1String("keychain")),
                     qPrintable(written.error().message));
            return;
        }
        QProcess child;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("ACCORD_TEST_NO_KEYCHAIN_CHILD"), QStringLiteral("1"));
        env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                   QStringLiteral("unix:path=/nonexistent/accord-no-bus"));
        env.remove(QStringLiteral("DISPLAY"));
        child.setProcessEnvironment(env);
        child.setProcessChannelMode(QProcess::MergedChannels);
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("withoutASecretServiceItIsUnavailable")});
        QVERIFY(child.waitForFinished(60000));
        QVERIFY2(child.exitCode() == 0, child.readAll().constData());
    }
};

QTEST_GUILESS_MAIN(TestKeychainCredentialStore)
#include "tst_keychaincredentialstore.moc"
