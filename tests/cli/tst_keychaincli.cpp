// Headless commands on a server URL, as an admin's shell runs them: the password comes from
// the keychain entry of the same profile (the real gnome-keyring of the test session), else
// the engine's own variable, else the command exits 1 saying where to put it; TLS named in
// the URL is verified (a wrong CA refused). The password is never in an argument or output.
#include "keychaintesting.h"
#include "services/connectionprofile.h"
#include "services/keychaincredentialstore.h"
#include "testsupport.h"

#include <QFile>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace accord;
using accord::test::TempDatabase;

class TestKeychainCli : public QObject
{
    Q_OBJECT

    std::unique_ptr<TempDatabase> t;
    QTemporaryDir home;

    QString key() const { return CredentialStore::keyOf(test::keeperLocation(*t)); }

    // The environment of an admin's shell without the engines' password variables, and a
    // home of its own (no ~/.pgpass, no saved profiles).
    QProcessEnvironment shell() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("PGPASSWORD"));
        env.remove(QStringLiteral("MYSQL_PWD"));
        env.remove(QStringLiteral("PGPASSFILE"));
        env.insert(QStringLiteral("HOME"), home.path());
        env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.filePath(QStringLiteral("config")));
        return env;
    }

    test::Run run(const QStringList& args, const QProcessEnvironment& env) const
    {
        const test::Run r = test::runAccordWithEnvironment(args, env);
        const QByteArray password = test::keeperPassword().toUtf8();
        if (args.join(QLatin1Char(' ')).toUtf8().contains(password) || r.out.contains(password) ||
            r.err.contains(password))
            qFatal("the password showed in an argument or the output");
        return r;
    }

private slots:
    void initTestCase_data() { test::addServerEngineRows(); }
    void init()
    {
        test::useRowEngine();
        t = std::make_unique<TempDatabase>();
        test::addUser(t->db, QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                      QStringLiteral("ada@example.com"));
    }
    void cleanup()
    {
        (void)KeychainCredentialStore().remove(key());
        t.reset();
    }

    void theKeychainEntryOfTheProfileServes()
    {
        QVERIFY(KeychainCredentialStore().write(key(), test::keeperPassword()));
        const test::Run r = run(
            {QStringLiteral("--db"), test::keeperLocation(*t).display(), QStringLiteral("users")},
            shell());
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.outText().contains(QLatin1String("ada@example.com")));
    }

    void theEnginesOwnVariableServesWithoutAnEntry()
    {
        QProcessEnvironment env = shell();
        env.insert(Dialect::of(t->engine).passwordVariable(), test::keeperPassword());
        const test::Run r = run(
            {QStringLiteral("--db"), test::keeperLocation(*t).display(), QStringLiteral("users")},
            env);
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    void pgpassServesPostgreSqlWithoutAnEntry()
    {
        if (t->engine != Engine::PostgreSQL)
            return; // (MariaDB has no such file; MYSQL_PWD is tested above)
        const DatabaseLocation l = test::keeperLocation(*t);
        QFile pgpass(home.filePath(QStringLiteral(".pgpass")));
        QVERIFY(pgpass.open(QIODevice::WriteOnly));
        pgpass.write(QStringLiteral("%1:%2:%3:%4:%5\n")
                         .arg(l.host)
                         .arg(l.port)
                         .arg(l.name, l.user, test::keeperPassword())
                         .toUtf8());
        pgpass.close();
        QVERIFY(pgpass.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        const test::Run r =
            run({QStringLiteral("--db"), l.display(), QStringLiteral("users")}, shell());
        pgpass.remove();
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.outText().contains(QLatin1String("ada@example.com")));
    }

    void withoutAPasswordAnywhereItSaysWhereToPutIt()
    {
        const test::Run r = run(
            {QStringLiteral("--db"), test::keeperLocation(*t).display(), QStringLiteral("users")},
            shell());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.errText().contains(QLatin1String("keychain")), r.err.constData());
        QVERIFY2(r.errText().contains(Dialect::of(t->engine).passwordVariable()),
                 r.err.constData());
        if (t->engine == Engine::PostgreSQL)
            QVERIFY2(r.errText().contains(QLatin1String(".pgpass")), r.err.constData());
    }

    // diff takes URLs without --db: the same rule for its password.
    void diffOnServerUrlsTakesTheKeychainsPassword()
    {
        const QString url = test::keeperLocation(*t).display();
        const test::Run refused = run({QStringLiteral("diff"), url, url}, shell());
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.errText().contains(QLatin1String("keychain")), refused.err.constData());
        QVERIFY(KeychainCredentialStore().write(key(), test::keeperPassword()));
        const test::Run r = run({QStringLiteral("diff"), url, url}, shell());
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    void tlsInTheUrlIsVerified()
    {
        QVERIFY(KeychainCredentialStore().write(key(), test::keeperPassword()));
        const QString mode = tlsModeName(Dialect::of(t->engine).tlsModes().last());
        const QString base = test::keeperLocation(*t).display() + QStringLiteral("?sslmode=") +
                             mode + QStringLiteral("&sslrootcert=");
        const test::Run good =
            run({QStringLiteral("--db"),
                 base + QString::fromUtf8(QUrl::toPercentEncoding(test::trustedCa())),
                 QStringLiteral("users")},
                shell());
        QVERIFY2(good.exitCode == 0, good.err.constData());
        const test::Run wrong =
            run({QStringLiteral("--db"),
                 base + QString::fromUtf8(QUrl::toPercentEncoding(test::wrongCa())),
                 QStringLiteral("users")},
                shell());
        QCOMPARE(wrong.exitCode, 1);
        QVERIFY2(wrong.errText().contains(QLatin1String("TLS failed")), wrong.err.constData());
        QVERIFY(!wrong.outText().contains(QLatin1String("ada@example.com")));
    }
};

QTEST_GUILESS_MAIN(TestKeychainCli)
#include "tst_keychaincli.moc"
