#include "activitywording.h"

namespace accord::activity {

namespace {
QString quoted(const QString& s)
{
    return QLatin1Char('\'') + s + QLatin1Char('\'');
}
// Values are substituted in one multi-arg call: a value holding "%1" must stay as it is.
QString number(qint64 n)
{
    return QString::number(n);
}
QString ids(qint64 clientId, qint64 userId)
{
    return QStringLiteral(" - Client ID: %1 - User ID: %2").arg(clientId).arg(userId);
}
QString permissionList(const Permissions& p)
{
    return p.names().join(QLatin1Char(','));
}

QString changedFromTo(const QList<Change>& changes)
{
    QStringList parts;
    for (const Change& c : changes)
        parts << QStringLiteral("%1 changed from %2 to %3")
                     .arg(c.label, quoted(c.from), quoted(c.to));
    return parts.join(QLatin1String(", "));
}
} // namespace

QString userModified(qint64 userId, const QList<Change>& changes)
{
    return QStringLiteral("User Account Modified - %1 - User ID: %2")
        .arg(changedFromTo(changes), number(userId));
}

QString userModifiedNote(qint64 userId, const QString& note)
{
    return QStringLiteral("User Account Modified - %1 - User ID: %2").arg(note, number(userId));
}

QString userCreated(qint64 userId, const QString& email)
{
    return QStringLiteral("User Account Created - %1 - User ID: %2")
        .arg(quoted(email), number(userId));
}

QString userDeleted(qint64 userId)
{
    return QStringLiteral("User Deleted - ID: %1").arg(userId);
}

QString clientModified(qint64 clientId, const QList<Change>& changes)
{
    QStringList parts;
    for (const Change& c : changes)
        parts << QStringLiteral("%1: %2 to %3").arg(c.label, quoted(c.from), quoted(c.to));
    return QStringLiteral("Client Profile Modified - %1 - Client ID: %2")
        .arg(parts.isEmpty() ? QStringLiteral("No Changes") : parts.join(QLatin1String(", ")),
             number(clientId));
}

QString clientCreated(qint64 clientId)
{
    return QStringLiteral("Client Created - Client ID: %1").arg(clientId);
}

QString relationshipCreated(const QString& userName, const Permissions& permissions,
                            qint64 clientId, qint64 userId, bool owner)
{
    return QStringLiteral("User Account Relationship Created - %1 granted access with "
                          "permissions: %2")
               .arg(quoted(userName), permissionList(permissions)) +
           (owner ? QStringLiteral(" - Account Ownership Granted") : QString()) +
           ids(clientId, userId);
}

QString relationshipRemoved(const QString& userName, qint64 clientId, qint64 userId)
{
    return QStringLiteral("User Account Relationship Removed - %1 access removed")
               .arg(quoted(userName)) +
           ids(clientId, userId);
}

QString relationshipModified(const QStringList& parts, qint64 clientId, qint64 userId)
{
    return QStringLiteral("User Account Relationship Modified - %1")
               .arg(parts.join(QLatin1String(", "))) +
           ids(clientId, userId);
}

QString permissionsChanged(const Permissions& from, const Permissions& to)
{
    return QStringLiteral("Permissions changed from %1 to %2")
        .arg(quoted(permissionList(from)), quoted(permissionList(to)));
}

QString inviteCreated(const QString& email, const Permissions& permissions, qint64 clientId)
{
    return QStringLiteral("User Invite Sent - %1 invited with permissions: %2 - Client ID: %3")
        .arg(quoted(email), permissionList(permissions), number(clientId));
}

QString inviteCancelled(const QString& email, qint64 clientId)
{
    return QStringLiteral("User Invite Cancelled - %1 - Client ID: %2")
        .arg(quoted(email), number(clientId));
}

QString inviteAccepted(const QString& email, qint64 clientId, qint64 userId)
{
    return QStringLiteral("User Invite Accepted - %1").arg(quoted(email)) + ids(clientId, userId);
}

QString userProfileModified(qint64 userId, const QList<Change>& changes)
{
    return QStringLiteral("User Profile Modified - %1 - User ID: %2")
        .arg(changedFromTo(changes), number(userId));
}

QString emailModified(qint64 userId, const QString& from, const QString& to)
{
    return QStringLiteral("Email Modified - Email Address changed from %1 to %2 - User ID: %3")
        .arg(quoted(from), quoted(to), number(userId));
}

QString passwordChangeRequest(qint64 userId)
{
    return QStringLiteral("Password Change Request - Password Changed - User ID: %1")
        .arg(number(userId));
}

} // namespace accord::activity
