// Signing in to the Client Area preview as a user: the vendor's hashes, one generic refusal
// and the same work for an unknown email, repeated failures slowed down for every session
// of the database (a clock of the test's own, never a wait), TOTP two-factor codes, and
// what a sign-in writes — or, for `login` and an admin's preview, does not.
#include "domain/totp.h"
#include "services/passwordhasher.h"
#include "services/signinservice.h"
#include "services/userservice.h"
#include "storage/rowstore.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QSysInfo>
#include <QTest>
#include <QTimeZone>

using namespace accord;
using accord::test::column;
using accord::test::exec;
using accord::test::TempDatabase;

namespace {
const QString password = QStringLiteral("correct horse battery");
const QString phpHash =
    QStringLiteral("$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a");
const QDateTime t0 = QDateTime(QDate(2030, 6, 1), QTime(9, 0), QTimeZone::utc());
// "12345678901234567890", RFC 6238's SHA-1 seed, as an authenticator app's base32.
const QString totpSecret = QStringLiteral("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");

QString md5(const QByteArray& s)
{
    return QString::fromLatin1(QCryptographicHash::hash(s, QCryptographicHash::Md5).toHex());
}
} // namespace

class TestSignInService : public QObject
{
    Q_OBJECT

    std::unique_ptr<TempDatabase> t;
    QDateTime m_now;

    Clock clock()
    {
        return [this] { return m_now; };
    }
    SignInService service() { return SignInService(t->db, clock()); }
    qint64 addUser(const QString& email, const QString& pw = password)
    {
        auto id = UserService(t->db).add(
            {QStringLiteral("Ann"), QStringLiteral("Lee"), email, QString(), pw});
        if (!id)
            qFatal("cannot add %s: %s", qPrintable(email), qPrintable(id.error().message));
        return *id;
    }
    void setPassword(qint64 id, const QString& stored)
    {
        exec(*t->db, QStringLiteral("UPDATE tblusers SET password = ? WHERE id = ?"), {stored, id});
    }
    QString stored(const char* column, qint64 id)
    {
        return test::storedText(*t->db,
                                QStringLiteral("SELECT %1 FROM tblusers WHERE id = ?")
                                    .arg(QLatin1String(column))
                                    .toUtf8()
                                    .constData(),
                                id);
    }
    QVariantMap row(qint64 id) { return UserService(t->db).find(id)->loaded; }
    QDateTime nextAllowed(const QString& email)
    {
        return storedDate(column(*t->db,
                                 QStringLiteral("SELECT next_allowed_at FROM "
                                                "accord_sign_in_failures WHERE login_key = ?"),
                                 {SignInService::loginKey(email)}));
    }
    int storedFailures(const QString& email)
    {
        return column(*t->db,
                      QStringLiteral("SELECT failures FROM accord_sign_in_failures WHERE "
                                     "login_key = ?"),
                      {SignInService::loginKey(email)})
            .toInt();
    }
    void fail(const QString& email, int times)
    {
        for (int i = 0; i < times; ++i) {
            auto r = service().check(email, QStringLiteral("a wrong guess"));
            QVERIFY(!r.ok());
            QCOMPARE(r.error().field, QStringLiteral("password"));
        }
    }

private slots:
    void initTestCase_data() { test::addEngineRows(); }
    void init()
    {
        test::useRowEngine();
        t = std::make_unique<TempDatabase>();
        m_now = t0;
    }
    void cleanup() { t.reset(); }

    void phpPasswordHashSignsInAndWritesLastLoginIpAndHost()
    {
        const qint64 id = addUser(QStringLiteral("rasmus@php.net"));
        setPassword(id, phpHash);
        auto who = service().signIn(
            {QStringLiteral(" RASMUS@php.NET "), QStringLiteral("rasmuslerdorf"), QString()});
        QVERIFY2(who.ok(), qPrintable(who ? QString() : who.error().message));
        QCOMPARE(who->userId, id);
        QVERIFY(!who->adminPreview);
        QCOMPARE(who->actor, QStringLiteral("rasmus@php.net"));
        const User after = *UserService(t->db).find(id);
        QCOMPARE(after.lastLogin, t0);
        QCOMPARE(stored("last_ip", id), QStringLiteral("127.0.0.1"));
        QCOMPARE(stored("last_hostname", id), QSysInfo::machineHostName());
        QCOMPARE(stored("password", id), phpHash); // bcrypt stays as it is
    }

    void legacyMd5HashIsReHashedToBcryptOnSignIn_data()
    {
        QTest::addColumn<QString>("legacy");
        QTest::newRow("plain MD5") << md5("old secret 1");
        QTest::newRow("salted MD5") << md5("x7!Qold secret 1") + QStringLiteral(":x7!Q");
    }
    void legacyMd5HashIsReHashedToBcryptOnSignIn()
    {
        QFETCH(QString, legacy);
        const qint64 id = addUser(QStringLiteral("old@x.com"));
        setPassword(id, legacy);
        // `login` checks and changes nothing...
        QVERIFY(service().check(QStringLiteral("old@x.com"), QStringLiteral("old secret 1")).ok());
        QCOMPARE(stored("password", id), legacy);
        // ...the Client Area's sign-in re-hashes.
        QVERIFY(service()
                    .signIn({QStringLiteral("old@x.com"), QStringLiteral("old secret 1"), {}})
                    .ok());
        const QString now = stored("password", id);
        QVERIFY2(now.startsWith(QLatin1String("$2y$10$")), qPrintable(now));
        QCOMPARE(PasswordHasher::verify(QStringLiteral("old secret 1"), now).verdict,
                 PasswordHasher::Verdict::Match);
        QVERIFY(service()
                    .signIn({QStringLiteral("old@x.com"), QStringLiteral("old secret 1"), {}})
                    .ok());
        QVERIFY(!service()
                     .signIn({QStringLiteral("old@x.com"), QStringLiteral("old secret 2"), {}})
                     .ok());
    }

    void hmacSha256HashIsReportedAsUnsupportedAndNothingIsWritten()
    {
        const qint64 id = addUser(QStringLiteral("hmac@x.com"));
        setPassword(id, QString(64, QLatin1Char('b')));
        const QVariantMap before = row(id);
        auto r = service().signIn({QStringLiteral("hmac@x.com"), QStringLiteral("whatever1"), {}});
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(QLatin1String("HMAC-SHA256")),
                 qPrintable(r.error().message));
        QCOMPARE(row(id), before);
    }

    void anUnknownEmailGetsTheSameRefusalAfterTheSameWork()
    {
        const qint64 bcrypt = addUser(QStringLiteral("ann@x.com"));
        const qint64 legacy = addUser(QStringLiteral("md5@x.com"));
        setPassword(legacy, md5("old secret 1"));
        const qint64 none = addUser(QStringLiteral("none@x.com"), QString());
        Q_UNUSED(bcrypt);
        Q_UNUSED(none);
        QString message;
        for (const char* email : {"ann@x.com", "nobody@x.com", "md5@x.com", "none@x.com"}) {
            const int before = PasswordHasher::bcryptVerifications();
            auto r = service().check(QLatin1String(email), QStringLiteral("a wrong guess"));
            // One bcrypt verification each: a real hash, or the dummy one.
            QCOMPARE(PasswordHasher::bcryptVerifications() - before, 1);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().kind, Error::Kind::Refused);
            QCOMPARE(r.error().field, QStringLiteral("password"));
            if (message.isEmpty())
                message = r.error().message;
            QCOMPARE(r.error().message, message);
            QVERIFY(r.error().record.isNone()); // nothing says which user, or whether one
        }
        QCOMPARE(message, QStringLiteral("The email address or password is not correct."));
    }

    void repeatedFailuresAreSlowedDownForEverySessionOfTheDatabase()
    {
        const qint64 id = addUser(QStringLiteral("ann@x.com"));
        fail(QStringLiteral("ann@x.com"), FailedSignIns::freeFailures);
        QCOMPARE(storedFailures(QStringLiteral("ann@x.com")), 3);
        QCOMPARE(nextAllowed(QStringLiteral("ann@x.com")), t0.addSecs(1));

        // Even the right password is not checked until then — here, or in another session
        // of the database (another window, another admin's Accord).
        const int before = PasswordHasher::bcryptVerifications();
        auto slowed = service().check(QStringLiteral("ANN@x.com"), password);
        QVERIFY(!slowed.ok());
        QCOMPARE(slowed.error().field, QStringLiteral("email"));
        QVERIFY2(slowed.error().message.contains(QLatin1String("Try again in 1 second")),
                 qPrintable(slowed.error().message));
        QCOMPARE(PasswordHasher::bcryptVerifications(), before);
        auto elsewhere =
            SignInService(t->openAgain(), clock()).check(QStringLiteral("ann@x.com"), password);
        QVERIFY(!elsewhere.ok());
        QCOMPARE(elsewhere.error().field, QStringLiteral("email"));

        // At the next allowed time a wrong guess doubles the wait; the right password then
        // signs in and clears the count.
        m_now = t0.addSecs(1);
        fail(QStringLiteral("ann@x.com"), 1);
        QCOMPARE(nextAllowed(QStringLiteral("ann@x.com")), m_now.addSecs(2));
        m_now = m_now.addSecs(2);
        auto signedIn = service().signIn({QStringLiteral("ann@x.com"), password, {}});
        QVERIFY(signedIn.ok());
        QCOMPARE(signedIn->userId, id);
        QCOMPARE(
            column(*t->db, QStringLiteral("SELECT count(*) FROM accord_sign_in_failures")).toInt(),
            0);
    }

    void unknownEmailsAreSlowedDownAlikeAndOtherEmailsAreNot()
    {
        addUser(QStringLiteral("ann@x.com"));
        fail(QStringLiteral("nobody@x.com"), 3);
        auto r = service().check(QStringLiteral("nobody@x.com"), password);
        QCOMPARE(r.error().field, QStringLiteral("email")); // no hint that nobody has it
        QVERIFY(service().check(QStringLiteral("ann@x.com"), password).ok());
        // The counters keep no address: only a hash of the folded email.
        const QString key = column(*t->db, QStringLiteral("SELECT login_key FROM "
                                                          "accord_sign_in_failures"))
                                .toString();
        QCOMPARE(key, SignInService::loginKey(QStringLiteral("NOBODY@x.com ")));
        QVERIFY(!key.contains(QLatin1String("nobody")));
        QCOMPARE(key.size(), 64);
    }

    void aQuietDayForgetsTheFailures()
    {
        addUser(QStringLiteral("ann@x.com"));
        fail(QStringLiteral("ann@x.com"), 3);
        m_now = t0.addSecs(FailedSignIns::forgetAfterSeconds);
        fail(QStringLiteral("ann@x.com"), 1);
        QCOMPARE(storedFailures(QStringLiteral("ann@x.com")), 1);
        QVERIFY(service().check(QStringLiteral("ann@x.com"), password).ok());
    }

    void checkingChangesNoUserData()
    {
        const qint64 id = addUser(QStringLiteral("ann@x.com"));
        const QVariantMap before = row(id);
        QVERIFY(service().check(QStringLiteral("ann@x.com"), password).ok());
        QVERIFY(!service().check(QStringLiteral("ann@x.com"), QStringLiteral("nope nope")).ok());
        QCOMPARE(row(id), before);
    }

    void aTwoFactorUserWithAPlainTotpSecretIsAskedForTheCode()
    {
        const qint64 id = addUser(QStringLiteral("totp@x.com"));
        exec(*t->db,
             QStringLiteral("UPDATE tblusers SET second_factor = 'totp', second_factor_config = ? "
                            "WHERE id = ?"),
             {totpSecret, id});
        const QByteArray key = *totp::plainSecret(totpSecret);
        // RFC 6238's SHA-1 vector at 1111111111 s: 14050471, of which the app shows 050471.
        m_now = QDateTime::fromSecsSinceEpoch(1111111111, QTimeZone::utc());
        QCOMPARE(totp::code(key, m_now.toSecsSinceEpoch()), QStringLiteral("050471"));

        auto asked = service().signIn({QStringLiteral("totp@x.com"), password, QString()});
        QVERIFY(!asked.ok());
        QCOMPARE(asked.error().kind, Error::Kind::Validation);
        QCOMPARE(asked.error().field, QStringLiteral("code"));
        QVERIFY(!UserService(t->db).find(id)->lastLogin.isValid());

        auto wrong =
            service().signIn({QStringLiteral("totp@x.com"), password, QStringLiteral("123456")});
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().field, QStringLiteral("code"));
        QCOMPARE(storedFailures(QStringLiteral("totp@x.com")), 1); // a wrong code counts

        auto right =
            service().signIn({QStringLiteral("totp@x.com"), password, QStringLiteral("050 471")});
        QVERIFY2(right.ok(), qPrintable(right ? QString() : right.error().message));
        QCOMPARE(UserService(t->db).find(id)->lastLogin, m_now);
    }

    void wrongCodesAfterTheRightPasswordAreSlowedDownToo()
    {
        // Knowing the password must not make guessing the six digits free: the count is
        // cleared only by a whole sign-in, not by the password alone.
        const qint64 id = addUser(QStringLiteral("guess@x.com"));
        exec(*t->db,
             QStringLiteral("UPDATE tblusers SET second_factor = 'totp', second_factor_config = ? "
                            "WHERE id = ?"),
             {totpSecret, id});
        const QByteArray key = *totp::plainSecret(totpSecret);
        m_now = QDateTime::fromSecsSinceEpoch(1111111111, QTimeZone::utc());
        const QString right = totp::code(key, m_now.toSecsSinceEpoch());
        const QString wrong =
            right == QLatin1String("000000") ? QStringLiteral("111111") : QStringLiteral("000000");
        for (int i = 1; i <= FailedSignIns::freeFailures; ++i) {
            auto r = service().signIn({QStringLiteral("guess@x.com"), password, wrong});
            QCOMPARE(r.error().field, QStringLiteral("code"));
            QCOMPARE(storedFailures(QStringLiteral("guess@x.com")), i);
        }
        // The next try, even with the right code, waits for the stored next-allowed time.
        auto slowed = service().signIn({QStringLiteral("guess@x.com"), password, right});
        QVERIFY(!slowed.ok());
        QCOMPARE(slowed.error().field, QStringLiteral("email"));
        QVERIFY(!UserService(t->db).find(id)->lastLogin.isValid());
        m_now = m_now.addSecs(FailedSignIns::delayAfter(FailedSignIns::freeFailures));
        const QString now = totp::code(key, m_now.toSecsSinceEpoch());
        auto in = service().signIn({QStringLiteral("guess@x.com"), password, now});
        QVERIFY2(in.ok(), qPrintable(in ? QString() : in.error().message));
        QCOMPARE(storedFailures(QStringLiteral("guess@x.com")), 0);
    }

    void aTwoFactorUserWhoseSecretIsNotPlainCannotBeSignedIn()
    {
        const qint64 id = addUser(QStringLiteral("vault@x.com"));
        exec(*t->db,
             QStringLiteral("UPDATE tblusers SET second_factor = 'totp', second_factor_config = ? "
                            "WHERE id = ?"),
             {QStringLiteral("eyJpdiI6IkR4bUJ0c1NvaTZ3PT0iLCJ2YWx1ZSI6Ik1hY3Zib3JkIn0="), id});
        const QVariantMap before = row(id);
        auto r = service().signIn({QStringLiteral("vault@x.com"), password, QStringLiteral("1")});
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(QLatin1String("preview cannot sign in this user")),
                 qPrintable(r.error().message));
        QVERIFY(r.error().record.isUser(id));
        QCOMPARE(row(id), before);
    }

    void anAdminPreviewNeedsNoPasswordAndWritesNoSignInData()
    {
        const qint64 id = addUser(QStringLiteral("ann@x.com"));
        setPassword(id, md5("old secret 1")); // not re-hashed by a preview either
        const QVariantMap before = row(id);
        auto who = service().preview(id);
        QVERIFY(who.ok());
        QCOMPARE(who->userId, id);
        QVERIFY(who->adminPreview);
        QCOMPARE(who->actor, QStringLiteral("tester (preview of User ID %1)").arg(id));
        QCOMPARE(row(id), before);
        QCOMPARE(service().preview(id + 100).error().kind, Error::Kind::NotFound);
    }

    void onAReadOnlyRoleSignInWorksAndWritesNothing()
    {
        const qint64 id = addUser(QStringLiteral("ann@x.com"));
        const QVariantMap before = row(id);
        if (!t->isServer()) {
            // A file is read-only by its permissions, which root ignores: the headless suite
            // covers it by an unprivileged process. Here, the same database written to.
            QVERIFY(service().signIn({QStringLiteral("ann@x.com"), password, {}}).ok());
            QVERIFY(row(id) != before);
            return;
        }
        DatabasePtr support = t->openAsReadOnlyRole();
        QVERIFY(support->isReadOnly());
        SignInService readOnly(support, clock());
        auto who = readOnly.signIn({QStringLiteral("ann@x.com"), password, {}});
        QVERIFY2(who.ok(), qPrintable(who ? QString() : who.error().message));
        QCOMPARE(row(id), before);
        // Failures are still slowed down, in this process's memory.
        for (int i = 0; i < 3; ++i)
            QVERIFY(!readOnly.check(QStringLiteral("ann@x.com"), QStringLiteral("nope nope")).ok());
        QCOMPARE(readOnly.check(QStringLiteral("ann@x.com"), password).error().field,
                 QStringLiteral("email"));
    }
};

QTEST_GUILESS_MAIN(TestSignInService)
#include "tst_signinservice.moc"
