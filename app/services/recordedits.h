#pragma once

#include "domain/activitywording.h"
#include "domain/clientaccount.h"
#include "domain/result.h"
#include "domain/user.h"

#include <QMap>
#include <QVariantMap>

#include <optional>

namespace accord {

struct WriteScope;

// A validated change to one user as loaded: the columns to write and the activity-log
// lines, ready to apply inside any write (a plain save, a match, keep-in-step).
struct UserEdit {
    User loaded;
    QVariantMap columns;
    QList<activity::Change> logged;
    std::optional<QString> newEmail; // the login changes: checked against other users
    bool newPassword = false;        // logged as its own line, as the vendor does
    bool isEmpty() const { return columns.isEmpty(); }
};

struct ClientEdit {
    ClientAccount loaded;
    QVariantMap columns;
    QList<activity::Change> logged;
    bool isEmpty() const { return columns.isEmpty(); }
};

// Validates the changes (only the changed fields; every problem at once, about the
// record) and works out what a save writes. A new password is hashed here, before any
// write lock is taken.
Result<UserEdit> planUserEdit(const User& loaded, const UserChanges& changes);
Result<ClientEdit> planClientEdit(const ClientAccount& loaded,
                                  const QMap<QString, QString>& changes);

// Writes an edit in the scope's transaction: optimistic on the row as loaded (a Conflict
// about the record if it changed), a new login refused as a Clash when another user has
// it, one log row (and one for a new password).
Result<void> applyUserEdit(WriteScope& w, const UserEdit& edit);
Result<void> applyClientEdit(WriteScope& w, const ClientEdit& edit);
// The same writes without their log rows, for a use case that words them its own way (the
// Client Area).
Result<void> storeUserEdit(WriteScope& w, const UserEdit& edit);
Result<void> storeClientEdit(WriteScope& w, const ClientEdit& edit);

} // namespace accord
