// The headless `login` shares the Client Area's failure counters with every other process
// on the database: failures in one `accord login` slow down the next, in another process,
// and the GUI's sign-in alike. The time comes from ACCORD_CLOCK (the binary's fixed clock)
// and the test's own clock, never from waiting.
#include "clitesting.h"
#include "services/signinservice.h"
#include "services/userservice.h"
#include "storage/rowstore.h"
#include "testsupport.h"

#include <QFile>
#include <QFileInfo>
#include <QTest>
#include <QTimeZone>

using namespace accord;
using accord::test::Run;

namespace {
const QString password = QStringLiteral("headless-pass-1");
const QDateTime t0 = QDateTime(QDate(2031, 3, 4), QTime(5, 6, 7), QTimeZone::utc());

QString iso(const QDateTime& utc)
{
    return utc.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ssZ"));
}

QProcessEnvironment at(const QDateTime& when)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("ACCORD_OPERATOR"), QStringLiteral("tester"));
    const QString serverPassword = env.value(QStringLiteral("ACCORD_TEST_DB_PASSWORD"));
    env.insert(QStringLiteral("PGPASSWORD"), serverPassword);
    env.insert(QStringLiteral("MYSQL_PWD"), serverPassword);
    env.insert(QStringLiteral("ACCORD_CLOCK"), iso(when));
    return env;
}
} // namespace

class TestLoginCommand : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::TempDatabase> t;
    qint64 id = 0;

    Run login(const QString& email, const QString& typed, const QDateTime& when,
              const QString& db = {})
    {
        return test::runAccordWithEnvironment(
            {QStringLiteral("--db"), db.isEmpty() ? t->url : db, QStringLiteral("login"), email},
            at(when), (typed + QLatin1Char('\n')).toUtf8());
    }
    QDateTime storedNextAllowed()
    {
        return storedDate(test::column(*t->db,
                                       QStringLiteral("SELECT next_allowed_at FROM "
                                                      "accord_sign_in_failures WHERE login_key "
                                                      "= ?"),
                                       {SignInService::loginKey(QStringLiteral("ada@x.com"))}));
    }

private slots:
    void initTestCase_data() { test::addEngineRows(); }
    void init()
    {
        test::useRowEngine();
        t = std::make_unique<test::TempDatabase>();
        auto added = UserService(t->db).add({QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                                             QStringLiteral("ada@x.com"), QString(), password});
        QVERIFY(added.ok());
        id = *added;
    }
    void cleanup() { t.reset(); }

    void failuresInOneProcessSlowDownTheNext()
    {
        for (int i = 0; i < 3; ++i) {
            const Run wrong =
                login(QStringLiteral("ada@x.com"), QStringLiteral("guess-%1").arg(i), t0);
            EXPECT_EXIT(wrong, 1);
            QVERIFY2(wrong.errText().contains(QLatin1String("password: The email address or "
                                                            "password is not correct.")),
                     qPrintable(wrong.errText()));
        }
        // The next allowed time is stored in the database, for every process to see...
        QCOMPARE(storedNextAllowed(), t0.addSecs(1));
        // ...so another process refuses even the right password until then,
        const Run slowed = login(QStringLiteral("ADA@x.com"), password, t0);
        EXPECT_EXIT(slowed, 1);
        QVERIFY2(slowed.errText().contains(QLatin1String("email: Too many failed sign-ins")),
                 qPrintable(slowed.errText()));
        QVERIFY(slowed.errText().contains(QLatin1String("Try again in 1 second")));
        // ...as does this process's own sign-in service.
        auto inProcess =
            SignInService(t->db, [] { return t0; }).check(QStringLiteral("ada@x.com"), password);
        QCOMPARE(inProcess.error().field, QStringLiteral("email"));

        // Once the time has come, it signs in and the counters are cleared.
        const Run later = login(QStringLiteral("ada@x.com"), password, t0.addSecs(1));
        EXPECT_EXIT(later, 0);
        QVERIFY(!storedNextAllowed().isValid());
        EXPECT_EXIT(login(QStringLiteral("ada@x.com"), QStringLiteral("guess-x"), t0.addSecs(2)),
                    1);
        EXPECT_EXIT(login(QStringLiteral("ada@x.com"), password, t0.addSecs(2)), 0);
    }

    void theWaitDoublesWithEachFailureAfterTheFreeOnes()
    {
        QDateTime when = t0;
        for (int i = 0; i < 3; ++i)
            EXPECT_EXIT(login(QStringLiteral("ada@x.com"), QStringLiteral("nope"), when), 1);
        for (int expected : {1, 2, 4}) {
            QCOMPARE(storedNextAllowed(), when.addSecs(expected));
            when = when.addSecs(expected);
            EXPECT_EXIT(login(QStringLiteral("ada@x.com"), QStringLiteral("nope"), when), 1);
        }
        QCOMPARE(storedNextAllowed(), when.addSecs(8));
    }

    void loginChangesNoUserData()
    {
        const QVariantMap before = UserService(t->db).find(id)->loaded;
        EXPECT_EXIT(login(QStringLiteral("ada@x.com"), password, t0), 0);
        EXPECT_EXIT(login(QStringLiteral("ada@x.com"), QStringLiteral("nope"), t0), 1);
        QCOMPARE(UserService(t->db).find(id)->loaded, before);
    }

    void aReadOnlyDatabaseStillChecksPasswords()
    {
        if (t->isServer()) {
            // Support staff's role: the check works; counters stay in the process.
            const QString readOnly = t->readOnlyUrl();
            (void)t->openAsReadOnlyRole(); // grants the role its SELECT
            EXPECT_EXIT(login(QStringLiteral("ada@x.com"), password, t0, readOnly), 0);
            EXPECT_EXIT(login(QStringLiteral("ada@x.com"), QStringLiteral("nope"), t0, readOnly),
                        1);
            QCOMPARE(
                test::column(*t->db, QStringLiteral("SELECT count(*) FROM accord_sign_in_failures"))
                    .toInt(),
                0);
            return;
        }
        // A file the admin may only read (run unprivileged: root ignores permissions).
        t->db.reset();
        const QFile::Permissions readable =
            QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther;
        QVERIFY(QFile::setPermissions(t->path, readable));
        QVERIFY(QFile::setPermissions(QFileInfo(t->path).absolutePath(),
                                      readable | QFileDevice::ExeOwner | QFileDevice::ExeGroup |
                                          QFileDevice::ExeOther));
        const QStringList args{QStringLiteral("--db"), t->path, QStringLiteral("login"),
                               QStringLiteral("ada@x.com")};
        EXPECT_EXIT(test::runAccordUnprivileged(args, (password + QLatin1Char('\n')).toUtf8()), 0);
        EXPECT_EXIT(test::runAccordUnprivileged(args, "nope\n"), 1);
        QVERIFY(QFile::setPermissions(QFileInfo(t->path).absolutePath(),
                                      QFileDevice::ReadOwner | QFileDevice::WriteOwner |
                                          QFileDevice::ExeOwner));
    }
};

QTEST_GUILESS_MAIN(TestLoginCommand)
#include "tst_logincommand.moc"
