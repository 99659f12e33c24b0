// The Client Area window driven as a user does: signing in (and refused), the next page by
// how many accounts the user has, the Hello menu offering what the user's link allows,
// Switch Account listing exactly the linked accounts, Sign Out, an admin's "Preview as this
// user" from Manage User, and a read-only database.
#include "accountchooserpage.h"
#include "accountdetailspage.h"
#include "accounthomepage.h"
#include "changepasswordpage.h"
#include "clientareatesting.h"
#include "clientform.h"
#include "fielderrors.h"
#include "manageuserdialog.h"
#include "userform.h"
#include "yourprofilepage.h"

#include <QAccessible>
#include <QAction>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QScrollBar>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QToolButton>

using namespace accord;
using accord::test::child;
using accord::test::clientAreaPassword;
using accord::test::TempDatabase;
using accord::test::typeSignIn;
using accord::ui::ClientAreaWindow;
using Page = accord::ui::ClientAreaWindow::Page;

class TestClientAreaWindow : public QObject
{
    Q_OBJECT

    std::unique_ptr<TempDatabase> t;
    qint64 owner = 0;
    qint64 client = 0;
    qint64 staff = 0; // tickets only on `client`

    std::unique_ptr<ClientAreaWindow> window()
    {
        auto w = std::make_unique<ClientAreaWindow>(t->db);
        w->show();
        if (!QTest::qWaitForWindowExposed(w.get()))
            qFatal("the Client Area window was not shown");
        return w;
    }
    QString problemOf(ClientAreaWindow& w, const char* field)
    {
        QLabel* label = w.signInPage()->findChild<ui::FieldErrors*>()->label(QLatin1String(field));
        return label && label->isVisible() ? label->text() : QString();
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        t = std::make_unique<TempDatabase>(Engine::SQLite);
        owner = test::addClientAreaUser(t->db, QStringLiteral("Olivia"),
                                        QStringLiteral("olivia@x.com"));
        client = test::addClient(t->db, owner, QStringLiteral("Olivia"), QStringLiteral("Lee"),
                                 QStringLiteral("olivia@x.com"));
        staff = test::addClientAreaUser(t->db, QStringLiteral("Sam"), QStringLiteral("sam@x.com"));
        test::link(t->db, staff, client, {Permission::Tickets});
    }
    void cleanup() { t.reset(); }

    void signingInWithOneAccountOpensItsHomePage()
    {
        auto w = window();
        QCOMPARE(w->currentPage(), Page::SignIn);
        typeSignIn(*w, QStringLiteral("  OLIVIA@x.com "));
        QCOMPARE(w->currentPage(), Page::Home);
        QCOMPARE(w->identity().userId, owner);
        QCOMPARE(w->currentClientId(), client);
        QCOMPARE(w->helloButton()->text(), QStringLiteral("Hello, Olivia!"));
        QVERIFY(w->helloButton()->isVisible());
        QVERIFY(!w->previewBanner()->isVisible());
        // The sign-in is written: the user's last login and the link's.
        QVERIFY(UserService(t->db).find(owner)->lastLogin.isValid());
        QVERIFY(ClientService(t->db).accessOf(client)->first().lastLogin.isValid());
    }

    void aWrongPasswordIsOneGenericRefusalNextToThePassword()
    {
        auto w = window();
        typeSignIn(*w, QStringLiteral("olivia@x.com"), QStringLiteral("not the password"));
        QCOMPARE(w->currentPage(), Page::SignIn);
        QCOMPARE(problemOf(*w, "password"),
                 QStringLiteral("⚠ The email address or password is not correct."));
        typeSignIn(*w, QStringLiteral("nobody@x.com"));
        QCOMPARE(problemOf(*w, "password"),
                 QStringLiteral("⚠ The email address or password is not correct."));
        QVERIFY(!UserService(t->db).find(owner)->lastLogin.isValid());
    }

    void aTwoFactorUserIsAskedForTheCode()
    {
        QSqlQuery q(t->db->connection());
        QVERIFY(q.exec(QStringLiteral("UPDATE tblusers SET second_factor = 'totp', "
                                      "second_factor_config = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ' "
                                      "WHERE email = 'sam@x.com'")));
        auto w = window();
        QVERIFY(!w->signInPage()->code()->isVisible());
        typeSignIn(*w, QStringLiteral("sam@x.com"));
        QCOMPARE(w->currentPage(), Page::SignIn);
        QVERIFY(w->signInPage()->asksForCode());
        QVERIFY(w->signInPage()->code()->isVisible());
        QCOMPARE(w->focusWidget(), w->signInPage()->code());
    }

    void severalAccountsShowTheChooserAndSwitchAccountListsExactlyThem()
    {
        const qint64 second =
            test::addClient(t->db, owner, QStringLiteral("Olivia"), QStringLiteral("Second"),
                            QStringLiteral("second@x.com"));
        const qint64 notHers = test::addClient(t->db, staff, QStringLiteral("Sam"),
                                               QStringLiteral("Lee"), QStringLiteral("sam@x.com"));
        auto w = window();
        typeSignIn(*w, QStringLiteral("olivia@x.com"));
        QCOMPARE(w->currentPage(), Page::Chooser);
        QCOMPARE(w->chooserPage()->clientIds(), (QList<qint64>{client, second}));
        QVERIFY(!w->chooserPage()->clientIds().contains(notHers));
        QTest::keyClick(w->chooserPage()->list(), Qt::Key_Down);
        QTest::keyClick(w->chooserPage()->list(), Qt::Key_Return);
        QCOMPARE(w->currentPage(), Page::Home);
        QCOMPARE(w->currentClientId(), second);

        QVERIFY(w->switchAccountAction()->isVisible());
        w->switchAccountAction()->trigger();
        QCOMPARE(w->currentPage(), Page::Chooser);
        QCOMPARE(w->chooserPage()->clientIds(), (QList<qint64>{client, second}));
        QVERIFY(w->chooserPage()->list()->currentItem()->text().contains(QLatin1String("current")));
        w->chooserPage()->chooseRow(0);
        QCOMPARE(w->currentClientId(), client);
        QVERIFY(child<QLabel>(w.get(), "currentAccount")
                    ->text()
                    .contains(QStringLiteral("Client #%1").arg(client)));
    }

    void aUserWithoutAccountsSeesAPageSayingSo()
    {
        test::addClientAreaUser(t->db, QStringLiteral("Lou"), QStringLiteral("lou@x.com"));
        auto w = window();
        typeSignIn(*w, QStringLiteral("lou@x.com"));
        QCOMPARE(w->currentPage(), Page::NoAccounts);
        QVERIFY(
            child<QLabel>(w->findChild<QWidget*>(QStringLiteral("noAccountsPage")), "pageRecord")
                ->text()
                .contains(QLatin1String("access to no client account")));
        QVERIFY(!w->accountDetailsAction()->isVisible());
        QVERIFY(!w->switchAccountAction()->isVisible());
        QVERIFY(w->yourProfileAction()->isVisible());
    }

    void theHelloMenuOffersWhatTheLinkAllows()
    {
        auto w = window();
        typeSignIn(*w, QStringLiteral("olivia@x.com"));
        QVERIFY(w->accountDetailsAction()->isVisible());
        QVERIFY(w->userManagementAction()->isVisible());
        QVERIFY(w->changePasswordAction()->isVisible());
        w->signOutAction()->trigger();
        QCOMPARE(w->currentPage(), Page::SignIn);
        QVERIFY(!w->helloButton()->isVisible());
        QVERIFY(w->signInPage()->password()->text().isEmpty());

        // Sam has tickets only: neither Account Details nor User Management, in the menu or
        // on the home page, and asking for them directly shows nothing.
        typeSignIn(*w, QStringLiteral("sam@x.com"));
        QCOMPARE(w->currentPage(), Page::Home);
        QVERIFY(!w->accountDetailsAction()->isVisible());
        QVERIFY(!w->userManagementAction()->isVisible());
        QVERIFY(!child<QToolButton>(w->homePage(), "accountDetailsActionButton")->isVisible());
        QVERIFY(child<QToolButton>(w->homePage(), "yourProfileActionButton")->isVisible());
        QVERIFY(!w->yourProfilePage()->accountDetailsLink()->isVisibleTo(w->yourProfilePage()));
        w->showPage(Page::AccountDetails);
        QCOMPARE(w->currentPage(), Page::Home);
        w->showPage(Page::UserManagement);
        QCOMPARE(w->currentPage(), Page::Home);
        QVERIFY(child<QLabel>(w->homePage(), "yourAccess")
                    ->text()
                    .contains(QLatin1String("View & Open Support Tickets")));

        // Given `profile` by the owner meanwhile (another window), Account Details appears.
        QVERIFY(AccessService(t->db)
                    .grant(staff, client,
                           test::permissionsOf({Permission::Tickets, Permission::Profile}))
                    .ok());
        ChangeNotifier::of(t->db)->notify(ChangeNotice::link(staff, client));
        QVERIFY(w->accountDetailsAction()->isVisible());
        w->accountDetailsAction()->trigger();
        QCOMPARE(w->currentPage(), Page::AccountDetails);
        // The profile's fields, but not the account's status (an admin's to change).
        QVERIFY(w->accountDetailsPage()->form()->input(QStringLiteral("city"))->isVisible());
        QVERIFY(!w->accountDetailsPage()->form()->input(QStringLiteral("status"))->isVisible());
    }

    void everyEditingPageSaysWhichRecordItEdits()
    {
        auto w = window();
        typeSignIn(*w, QStringLiteral("olivia@x.com"));
        const std::pair<QAction*, const char*> pages[] = {
            {w->yourProfileAction(), "your sign-in details"},
            {w->accountDetailsAction(), "the client account's details"},
            {w->changePasswordAction(), "your sign-in details"}};
        for (const auto& [action, says] : pages) {
            action->trigger();
            QLabel* record = w->findChild<QStackedWidget*>(QStringLiteral("pages"))
                                 ->currentWidget()
                                 ->findChild<QLabel*>(QStringLiteral("pageRecord"));
            QVERIFY(record->isVisible());
            QVERIFY2(record->text().contains(QLatin1String(says)), qPrintable(record->text()));
        }
    }

    void everyControlOfEveryPageHasAnObjectNameAndAnAccessibleName()
    {
        // What a screen reader announces: every control the keyboard reaches, on every page
        // the owner can open (the invite page before signing in).
        auto w = window();
        QStringList problems;
        auto check = [&](const char* place) {
            const QString where = QLatin1String(place);
            QWidget* page = w->findChild<QStackedWidget*>(QStringLiteral("pages"))->currentWidget();
            if (page->objectName().isEmpty())
                problems << QStringLiteral("%1: the page has no object name").arg(where);
            for (QWidget* control : page->findChildren<QWidget*>()) {
                if (!control->isVisibleTo(w.get()) || control->focusPolicy() == Qt::NoFocus ||
                    control->focusProxy() || qobject_cast<QScrollBar*>(control))
                    continue;
                const QString kind = QString::fromLatin1(control->metaObject()->className());
                if (control->objectName().isEmpty() &&
                    !control->parentWidget()->inherits("QAbstractScrollArea"))
                    problems << QStringLiteral("%1: a %2 has no object name").arg(where, kind);
                QAccessibleInterface* a = QAccessible::queryAccessibleInterface(control);
                if (!a || a->text(QAccessible::Name).trimmed().isEmpty())
                    problems << QStringLiteral("%1: %2 %3 has no accessible name")
                                    .arg(where, kind, control->objectName());
            }
        };
        check("Sign In");
        w->showPage(Page::Invite);
        check("Accept an Invite");
        w->showPage(Page::SignIn);
        typeSignIn(*w, QStringLiteral("olivia@x.com"));
        check("Home");
        const std::pair<QAction*, const char*> pages[] = {
            {w->yourProfileAction(), "Your Profile"},
            {w->accountDetailsAction(), "Account Details"},
            {w->userManagementAction(), "User Management"},
            {w->changePasswordAction(), "Change Password"},
            {w->switchAccountAction(), "Switch Account"}};
        for (const auto& [action, where] : pages) {
            action->trigger();
            check(where);
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void previewAsThisUserFromManageUser()
    {
        ui::ManageUserDialog dialog(t->db, staff);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        const QVariantMap before = UserService(t->db).find(staff)->loaded;
        QTest::mouseClick(child<QPushButton>(&dialog, "previewAsUserButton"), Qt::LeftButton);
        auto* w = dialog.findChild<ClientAreaWindow*>();
        QVERIFY(w);
        QVERIFY(w->isVisible());
        QCOMPARE(w->currentPage(), Page::Home);
        QVERIFY(w->identity().adminPreview);
        QCOMPARE(w->identity().userId, staff);
        QVERIFY(w->previewBanner()->isVisible());
        QVERIFY(w->previewBanner()->text().contains(
            QStringLiteral("Admin preview of User ID %1").arg(staff)));
        QVERIFY(w->windowTitle().contains(QLatin1String("admin preview")));
        QVERIFY(!w->changePasswordAction()->isVisible());
        QVERIFY(!child<QToolButton>(w->homePage(), "changePasswordActionButton")->isVisible());
        w->showPage(Page::ChangePassword);
        QCOMPARE(w->currentPage(), Page::Home);
        // Every page is marked: the banner stays above them all.
        w->yourProfileAction()->trigger();
        QVERIFY(w->previewBanner()->isVisible());
        // No sign-in data is written: not the user's last login, not the link's.
        QCOMPARE(UserService(t->db).find(staff)->loaded, before);
        const auto links = ClientService(t->db).accessOf(client);
        for (const Access& a : *links)
            QVERIFY(!a.lastLogin.isValid());
    }

    void aReadOnlyDatabaseShowsEveryPageAndSaysWhyNothingCanBeSaved()
    {
        // A role that may only read (root ignores a file's permissions, so a server's role).
        TempDatabase server(Engine::PostgreSQL);
        const qint64 o = test::addClientAreaUser(server.db, QStringLiteral("Olivia"),
                                                 QStringLiteral("olivia@x.com"));
        test::addClient(server.db, o, QStringLiteral("Olivia"), QStringLiteral("Lee"),
                        QStringLiteral("olivia@x.com"));
        DatabasePtr support = server.openAsReadOnlyRole();
        ClientAreaWindow w(support);
        w.show();
        QVERIFY(QTest::qWaitForWindowExposed(&w));
        QVERIFY(w.readOnlyBanner()->isVisible());
        QVERIFY(w.readOnlyBanner()->text().contains(support->readOnlyReason()));
        typeSignIn(w, QStringLiteral("olivia@x.com"));
        QCOMPARE(w.currentPage(), Page::Home);
        w.yourProfileAction()->trigger();
        QCOMPARE(w.currentPage(), Page::YourProfile);
        QCOMPARE(w.yourProfilePage()->form()->email()->text(), QStringLiteral("olivia@x.com"));
        QVERIFY(!w.yourProfilePage()->saveButton()->isEnabled());
        QLabel* note = child<QLabel>(w.yourProfilePage(), "readOnlyNote");
        QVERIFY(note->isVisible());
        QVERIFY(note->text().contains(support->readOnlyReason()));
        w.accountDetailsAction()->trigger();
        QCOMPARE(w.currentPage(), Page::AccountDetails);
        QVERIFY(!w.accountDetailsPage()->saveButton()->isEnabled());
        QVERIFY(child<QLabel>(w.accountDetailsPage(), "readOnlyNote")->isVisible());
    }
};

QTEST_MAIN(TestClientAreaWindow)
#include "tst_clientareawindow.moc"
