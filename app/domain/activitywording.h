#pragma once

#include "permission.h"

#include <QList>
#include <QString>

namespace accord {

// The activity log's descriptions, in the vendor's wording (reference/vendor-schema.md).
namespace activity {

struct Change {
    QString label; // the vendor's field label, e.g. "Email Address"
    QString from;
    QString to;
};

QString userModified(qint64 userId, const QList<Change>& changes);
QString userModifiedNote(qint64 userId, const QString& note); // e.g. "Password Changed"
QString userCreated(qint64 userId, const QString& email);
QString userDeleted(qint64 userId);
QString clientModified(qint64 clientId, const QList<Change>& changes);
QString clientCreated(qint64 clientId);
QString relationshipCreated(const QString& userName, const Permissions& permissions,
                            qint64 clientId, qint64 userId, bool owner = false);
QString relationshipRemoved(const QString& userName, qint64 clientId, qint64 userId);
// parts such as "Account Ownership Granted", "Permissions changed from 'a' to 'b'".
QString relationshipModified(const QStringList& parts, qint64 clientId, qint64 userId);
QString permissionsChanged(const Permissions& from, const Permissions& to);
QString inviteCreated(const QString& email, const Permissions& permissions, qint64 clientId);
QString inviteCancelled(const QString& email, qint64 clientId);
QString inviteAccepted(const QString& email, qint64 clientId, qint64 userId);

// The Client Area's own lines, for what a signed-in user changes themselves.
// "User Profile Modified - First Name changed from 'a' to 'b', … - User ID: N"
QString userProfileModified(qint64 userId, const QList<Change>& changes);
// "Email Modified - Email Address changed from 'a' to 'b' - User ID: N": the login moved.
QString emailModified(qint64 userId, const QString& from, const QString& to);
// "Password Change Request - Password Changed - User ID: N"
QString passwordChangeRequest(qint64 userId);

} // namespace activity
} // namespace accord
