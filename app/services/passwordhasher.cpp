#include "passwordhasher.h"

#include <QByteArray>
#include <QCryptographicHash>
#include <QRandomGenerator>

#include <crypt.h>

#include <array>
#include <atomic>
#include <cstring>

namespace accord {

namespace {
bool constantTimeEquals(const QByteArray& a, const QByteArray& b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i] ^ b[i]);
    return diff == 0;
}

std::atomic<int> bcryptRuns{0};

bool bcryptMatches(const QByteArray& utf8, const QByteArray& stored)
{
    ++bcryptRuns;
    crypt_data data;
    std::memset(&data, 0, sizeof data);
    const char* out = crypt_r(utf8.constData(), stored.constData(), &data);
    return out && out[0] != '*' && constantTimeEquals(QByteArray(out), stored);
}

// Any cost-10 bcrypt hash serves as the dummy (this one is PHP's documented example).
const QByteArray dummyHash("$2y$10$.vGA1O9wmRjrwAVXD98HNOgsNpDczlqm3Jq7KnEd1rVAGv3Fykk1a");
} // namespace

bool PasswordHasher::isBcrypt(const QString& stored)
{
    return stored.startsWith(QLatin1String("$2y$")) || stored.startsWith(QLatin1String("$2a$")) ||
           stored.startsWith(QLatin1String("$2b$"));
}

void PasswordHasher::verifyNothing(const QString& plain)
{
    (void)bcryptMatches(plain.toUtf8(), dummyHash);
}

int PasswordHasher::bcryptVerifications()
{
    return bcryptRuns.load();
}

QString PasswordHasher::hash(const QString& plain)
{
    std::array<char, CRYPT_GENSALT_OUTPUT_SIZE> salt{};
    if (!crypt_gensalt_rn("$2y$", 10, nullptr, 0, salt.data(), int(salt.size())))
        return {};
    crypt_data data;
    std::memset(&data, 0, sizeof data);
    const QByteArray utf8 = plain.toUtf8();
    const char* out = crypt_r(utf8.constData(), salt.data(), &data);
    if (!out || out[0] == '*')
        return {};
    return QString::fromLatin1(out);
}

PasswordHasher::Check PasswordHasher::verify(const QString& plain, const QString& stored)
{
    const QByteArray s = stored.toLatin1();
    const QByteArray utf8 = plain.toUtf8();
    if (isBcrypt(stored))
        return {bcryptMatches(utf8, s) ? Verdict::Match : Verdict::NoMatch, false};
    auto md5 = [](const QByteArray& in) {
        return QCryptographicHash::hash(in, QCryptographicHash::Md5).toHex();
    };
    if (s.size() == 32 && !s.contains(':')) // plain MD5
        return {constantTimeEquals(md5(utf8), s.toLower()) ? Verdict::Match : Verdict::NoMatch,
                true};
    if (const qsizetype colon = s.indexOf(':'); colon == 32) { // salted MD5: md5(salt . pw):salt
        const QByteArray salt = s.mid(33);
        return {constantTimeEquals(md5(salt + utf8), s.left(32).toLower()) ? Verdict::Match
                                                                           : Verdict::NoMatch,
                true};
    }
    if (s.size() == 64 || s.startsWith("sha256:")) // HMAC-SHA256 needs the install's secret
        return {Verdict::Unsupported, false};
    return {Verdict::NoMatch, false};
}

QString PasswordHasher::generate(int length)
{
    static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    QString out;
    auto* rng = QRandomGenerator::system();
    for (int i = 0; i < length; ++i)
        out += QLatin1Char(alphabet[rng->bounded(int(sizeof alphabet - 1))]);
    return out;
}

QString PasswordHasher::randomToken(int bytes)
{
    QByteArray raw(bytes, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(raw.data()), bytes / 4);
    return QString::fromLatin1(
        raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

} // namespace accord
