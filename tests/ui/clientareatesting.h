#pragma once

// What the Client Area's widget suites share: a database with an owner, a client and a
// user with a few permissions, and signing in by typing as a user does.
#include "clientareawindow.h"
#include "services/accessservice.h"
#include "services/clientservice.h"
#include "services/userservice.h"
#include "signinpage.h"
#include "testsupport.h"
#include "uitesting.h"

#include <QLineEdit>
#include <QPushButton>
#include <QTest>

namespace accord::test {

inline const QString clientAreaPassword = QStringLiteral("client-area-pass-1");

inline qint64 addClientAreaUser(const DatabasePtr& db, const QString& first, const QString& email)
{
    auto id =
        UserService(db).add({first, QStringLiteral("Lee"), email, QString(), clientAreaPassword});
    if (!id)
        qFatal("cannot add %s: %s", qPrintable(email), qPrintable(id.error().message));
    return *id;
}

inline Permissions permissionsOf(std::initializer_list<Permission> chosen)
{
    Permissions out;
    for (Permission p : chosen)
        out.set(p);
    return out;
}

inline void link(const DatabasePtr& db, qint64 userId, qint64 clientId,
                 std::initializer_list<Permission> chosen)
{
    if (!AccessService(db).grant(userId, clientId, permissionsOf(chosen)))
        qFatal("cannot link user %lld to client %lld", userId, clientId);
}

// Types the email and password into the sign-in page and presses Enter, as a user does.
inline void typeSignIn(ui::ClientAreaWindow& window, const QString& email,
                       const QString& password = clientAreaPassword)
{
    ui::SignInPage* page = window.signInPage();
    retype(page->email(), email);
    retype(page->password(), password);
    QTest::keyClick(page->password(), Qt::Key_Return);
}

} // namespace accord::test
