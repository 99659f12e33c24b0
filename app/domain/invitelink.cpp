#include "invitelink.h"

#include <QRegularExpression>

namespace accord {

namespace {
const QString scheme = QStringLiteral("accord-invite:");
}

QString inviteLink(const QString& token)
{
    return scheme + token;
}

std::optional<QString> inviteTokenFrom(const QString& linkOrToken)
{
    QString text = linkOrToken.trimmed();
    if (text.startsWith(scheme, Qt::CaseInsensitive))
        text = text.mid(scheme.size()).trimmed();
    // Tokens are URL-safe base64 (PasswordHasher::randomToken); the vendor's are hex.
    static const QRegularExpression token(QStringLiteral("^[A-Za-z0-9_-]{16,100}$"));
    if (!token.match(text).hasMatch())
        return std::nullopt;
    return text;
}

} // namespace accord
