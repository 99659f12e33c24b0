// RFC 6238 time-based one-time passwords: the Appendix B test vectors on all three hashes,
// and what counts as a plain TOTP secret (RFC 4648 base32) the preview can use.
#include "domain/totp.h"

#include <QTest>

using namespace accord;

namespace {
// Appendix B's seeds: the ASCII digits "1234567890" repeated to the hash's key length.
QByteArray seed(int length)
{
    QByteArray out;
    while (out.size() < length)
        out += "1234567890";
    return out.left(length);
}
} // namespace

class TestTotp : public QObject
{
    Q_OBJECT

private slots:
    void rfc6238AppendixBVectors_data()
    {
        QTest::addColumn<qint64>("time");
        QTest::addColumn<int>("algorithm");
        QTest::addColumn<QString>("expected");
        const struct {
            qint64 time;
            const char* sha1;
            const char* sha256;
            const char* sha512;
        } vectors[] = {
            {59, "94287082", "46119246", "90693936"},
            {1111111109, "07081804", "68084774", "25091201"},
            {1111111111, "14050471", "67062674", "99943326"},
            {1234567890, "89005924", "91819424", "93441116"},
            {2000000000, "69279037", "90698825", "38618901"},
            {20000000000, "65353130", "77737706", "47863826"},
        };
        for (const auto& v : vectors) {
            QTest::addRow("SHA1 %lld", v.time)
                << v.time << int(totp::Algorithm::Sha1) << QString::fromLatin1(v.sha1);
            QTest::addRow("SHA256 %lld", v.time)
                << v.time << int(totp::Algorithm::Sha256) << QString::fromLatin1(v.sha256);
            QTest::addRow("SHA512 %lld", v.time)
                << v.time << int(totp::Algorithm::Sha512) << QString::fromLatin1(v.sha512);
        }
    }
    void rfc6238AppendixBVectors()
    {
        QFETCH(qint64, time);
        QFETCH(int, algorithm);
        QFETCH(QString, expected);
        const auto a = totp::Algorithm(algorithm);
        const QByteArray key = seed(a == totp::Algorithm::Sha1     ? 20
                                    : a == totp::Algorithm::Sha256 ? 32
                                                                   : 64);
        const totp::Parameters eightDigits{a, 8, 30};
        QCOMPARE(totp::code(key, time, eightDigits), expected);
        QVERIFY(totp::accepts(key, expected, time, eightDigits));
    }

    void sixDigitCodesAreTheLastSixOfTheEightDigitOnes()
    {
        // What authenticator apps show: SHA-1, 30 s, 6 digits (the same truncation).
        QCOMPARE(totp::code(seed(20), 59), QStringLiteral("287082"));
        QCOMPARE(totp::code(seed(20), 1111111109), QStringLiteral("081804"));
    }

    void aCodeOneStepEitherSideIsAcceptedButNotTwo()
    {
        const QByteArray key = seed(20);
        const QString now = totp::code(key, 1111111111);
        QVERIFY(totp::accepts(key, now, 1111111111));
        QVERIFY(totp::accepts(key, now, 1111111111 + 30)); // the phone is a step behind
        QVERIFY(totp::accepts(key, now, 1111111111 - 30)); // or ahead
        QVERIFY(!totp::accepts(key, now, 1111111111 + 90));
        QVERIFY(totp::accepts(key, now.left(3) + QLatin1Char(' ') + now.mid(3), 1111111111));
        QVERIFY(!totp::accepts(key, now.left(5), 1111111111));
        QVERIFY(!totp::accepts(key, QString(), 1111111111));
    }

    void base32SecretsDecodeAsRfc4648Says()
    {
        // "12345678901234567890" in base32, as an authenticator app's QR code carries it.
        const auto secret = totp::plainSecret(QStringLiteral("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
        QVERIFY(secret.has_value());
        QCOMPARE(*secret, seed(20));
        // Lower case, groups of four and padding are the same secret.
        QCOMPARE(totp::plainSecret(QStringLiteral("gezd gnbv gy3t qojq gezd gnbv gy3t qojq")),
                 secret);
        QCOMPARE(totp::plainSecret(QStringLiteral("MFRGGZDFMZTWQ2LK====")),
                 std::optional<QByteArray>(QByteArray("abcdefghij")));
    }

    void anythingButAPlainBase32SecretIsNotOne_data()
    {
        QTest::addColumn<QString>("stored");
        QTest::newRow("empty") << QString();
        QTest::newRow("the module's name") << QStringLiteral("totp");
        QTest::newRow("too short") << QStringLiteral("GEZDGNBVGY3TQOJ");
        QTest::newRow("not base32 (0, 1, 8, 9)") << QStringLiteral("GEZDGNBVGY3TQOJQ0189");
        QTest::newRow("base64 of an encrypted secret")
            << QStringLiteral("eyJpdiI6IkR4bUJ0c1NvaTZ3PT0iLCJ2YWx1ZSI6Ik1hY3Zib3JkIn0=");
        QTest::newRow("mixed case") << QStringLiteral("GezdGnbvGy3tQojqGezdGnbv");
        QTest::newRow("JSON") << QStringLiteral("{\"secret\":\"GEZDGNBVGY3TQOJQ\"}");
    }
    void anythingButAPlainBase32SecretIsNotOne()
    {
        QFETCH(QString, stored);
        QVERIFY(!totp::plainSecret(stored).has_value());
    }
};

QTEST_APPLESS_MAIN(TestTotp)
#include "tst_totp.moc"
