#pragma once

#include <QString>

namespace accord {

// Who is signed in to the Client Area preview, and how: with their password (the user acts
// and the activity log names them), or opened by an admin from Manage User without it (an
// admin preview: marked on every page, no password change, no sign-in data written, and
// the log names the admin "(preview of User ID N)").
struct ClientAreaIdentity {
    qint64 userId = 0;
    bool adminPreview = false;
    QString actor; // the activity log's `user` for what this session writes

    bool isSignedIn() const { return userId != 0; }
    // The user acting for themselves: their login.
    static ClientAreaIdentity user(qint64 id, const QString& email)
    {
        return {id, false, email.trimmed()};
    }
    // An admin previewing a user: "ann (preview of User ID 7)".
    static ClientAreaIdentity preview(qint64 id, const QString& operatorName)
    {
        return {id, true, QStringLiteral("%1 (preview of User ID %2)").arg(operatorName).arg(id)};
    }
    friend bool operator==(const ClientAreaIdentity&, const ClientAreaIdentity&) = default;
};

} // namespace accord
