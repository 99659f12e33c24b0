#include "totp.h"

#include <QMessageAuthenticationCode>

namespace accord::totp {

namespace {
QCryptographicHash::Algorithm hashOf(Algorithm a)
{
    switch (a) {
    case Algorithm::Sha256:
        return QCryptographicHash::Sha256;
    case Algorithm::Sha512:
        return QCryptographicHash::Sha512;
    case Algorithm::Sha1:
        break;
    }
    return QCryptographicHash::Sha1;
}

bool constantTimeEquals(const QString& a, const QString& b)
{
    if (a.size() != b.size())
        return false;
    ushort diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= ushort(a.at(i).unicode() ^ b.at(i).unicode());
    return diff == 0;
}
} // namespace

std::optional<QByteArray> plainSecret(const QString& stored)
{
    QString text = stored;
    text.remove(QLatin1Char(' '));
    while (text.endsWith(QLatin1Char('=')))
        text.chop(1);
    if (text.size() < 16)
        return std::nullopt;
    // One letter case throughout: base64 (how an encrypted secret is usually kept) mixes both.
    const bool upper = text == text.toUpper();
    const bool lower = text == text.toLower();
    if (!upper && !lower)
        return std::nullopt;
    QByteArray out;
    quint32 buffer = 0;
    int bits = 0;
    for (QChar c : text) {
        const char16_t u = QChar::toUpper(c.unicode());
        int value = -1;
        if (u >= u'A' && u <= u'Z')
            value = u - u'A';
        else if (u >= u'2' && u <= u'7')
            value = 26 + (u - u'2');
        if (value < 0)
            return std::nullopt;
        buffer = (buffer << 5) | quint32(value);
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            out.append(char((buffer >> bits) & 0xff));
        }
    }
    return out;
}

QString code(const QByteArray& key, qint64 unixTime, const Parameters& p)
{
    const quint64 step = quint64(unixTime < 0 ? 0 : unixTime / p.period);
    QByteArray counter(8, '\0');
    for (int i = 7; i >= 0; --i)
        counter[i] = char((step >> (8 * (7 - i))) & 0xff);
    const QByteArray mac = QMessageAuthenticationCode::hash(counter, key, hashOf(p.algorithm));
    // RFC 4226 dynamic truncation.
    const int offset = mac.at(mac.size() - 1) & 0x0f;
    const quint32 binary = (quint32(quint8(mac.at(offset)) & 0x7f) << 24) |
                           (quint32(quint8(mac.at(offset + 1))) << 16) |
                           (quint32(quint8(mac.at(offset + 2))) << 8) |
                           quint32(quint8(mac.at(offset + 3)));
    quint64 modulo = 1;
    for (int i = 0; i < p.digits; ++i)
        modulo *= 10;
    return QStringLiteral("%1").arg(quint64(binary) % modulo, p.digits, 10, QLatin1Char('0'));
}

bool accepts(const QByteArray& key, const QString& typed, qint64 unixTime, const Parameters& p)
{
    QString entered = typed;
    entered.remove(QLatin1Char(' '));
    if (entered.size() != p.digits || key.isEmpty())
        return false;
    bool any = false;
    for (qint64 drift : {-p.period, qint64(0), p.period})
        any |= constantTimeEquals(code(key, unixTime + drift, p), entered);
    return any;
}

} // namespace accord::totp
