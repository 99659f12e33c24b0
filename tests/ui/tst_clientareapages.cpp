// The Client Area's pages used as a user does: Your Profile (a new email is the new login),
// Account Details (saved, and the Admin Area shows it without reopening), User Management's
// invite, accepting an invite by signing in or by registering, Change Password.
#include "accountdetailspage.h"
#include "changepasswordpage.h"
#include "clientareatesting.h"
#include "clientform.h"
#include "clientprofilewindow.h"
#include "domain/invitelink.h"
#include "fielderrors.h"
#include "invitepage.h"
#include "keepinstepdialog.h"
#include "listview.h"
#include "mainwindow.h"
#include "models/userlistquery.h"
#include "permissionchecklist.h"
#include "userform.h"
#include "usermanagementpage.h"
#include "yourprofilepage.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTimer>

using namespace accord;
using accord::test::child;
using accord::test::clientAreaPassword;
using accord::test::retype;
using accord::test::TempDatabase;
using accord::test::typeSignIn;
using accord::ui::ClientAreaWindow;
using Page = accord::ui::ClientAreaWindow::Page;

namespace {
// Answers the keep-in-step question when it comes: it is modal, and the save waits for it.
class StepAnswer : public QObject
{
public:
    explicit StepAnswer(const char* button) : m_button(QLatin1String(button))
    {
        connect(&m_timer, &QTimer::timeout, this, [this] {
            auto* dialog = qobject_cast<ui::KeepInStepDialog*>(QApplication::activeModalWidget());
            if (!dialog || !dialog->isVisible())
                return;
            m_timer.stop();
            asked = true;
            lines = dialog->lines();
            QTest::mouseClick(child<QPushButton>(dialog, m_button.toLatin1().constData()),
                              Qt::LeftButton);
        });
        m_timer.start(10);
    }
    bool asked = false;
    QStringList lines;

private:
    QString m_button;
    QTimer m_timer;
};

int rowOf(const LazyListModel* model, qint64 id)
{
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->idAt(r) == id)
            return r;
    return -1;
}
} // namespace

class TestClientAreaPages : public QObject
{
    Q_OBJECT

    std::unique_ptr<TempDatabase> t;
    qint64 owner = 0;
    qint64 client = 0;
    QTemporaryDir m_settings;

    std::unique_ptr<ClientAreaWindow> signedIn(const QString& email)
    {
        auto w = std::make_unique<ClientAreaWindow>(t->db);
        w->show();
        if (!QTest::qWaitForWindowExposed(w.get()))
            qFatal("the Client Area window was not shown");
        typeSignIn(*w, email);
        return w;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    }
    void init()
    {
        t = std::make_unique<TempDatabase>(Engine::SQLite);
        owner = test::addClientAreaUser(t->db, QStringLiteral("Olivia"),
                                        QStringLiteral("olivia@x.com"));
        client = test::addClient(t->db, owner, QStringLiteral("Olivia"), QStringLiteral("Lee"),
                                 QStringLiteral("olivia@x.com"));
    }
    void cleanup() { t.reset(); }

    void changingTheEmailInYourProfileMovesTheLogin()
    {
        auto w = signedIn(QStringLiteral("olivia@x.com"));
        w->yourProfileAction()->trigger();
        ui::YourProfilePage* page = w->yourProfilePage();
        QCOMPARE(page->form()->email()->text(), QStringLiteral("olivia@x.com"));
        // The page says the account's details are separate, and leads there.
        QVERIFY(child<QLabel>(page, "separateNote")->isVisible());
        QVERIFY(page->accountDetailsLink()->isVisible());
        retype(page->form()->email(), QStringLiteral("liv@new.example"));
        QTest::mouseClick(page->saveButton(), Qt::LeftButton);
        QVERIFY(!page->hasUnsavedChanges());
        QVERIFY(page->messageLabel()->text().contains(QLatin1String("You now sign in with "
                                                                    "liv@new.example")));
        QVERIFY(!UserService(t->db).find(owner)->emailVerifiedAt.isValid());
        QCOMPARE(ClientService(t->db).find(client)->email(), QStringLiteral("olivia@x.com"));

        w->signOutAction()->trigger();
        typeSignIn(*w, QStringLiteral("olivia@x.com"));
        QCOMPARE(w->currentPage(), Page::SignIn); // the old email no longer signs in
        typeSignIn(*w, QStringLiteral("liv@new.example"));
        QCOMPARE(w->currentPage(), Page::Home); // the new one does, with the same password
        QCOMPARE(w->identity().userId, owner);

        // The link leads to Account Details.
        w->yourProfileAction()->trigger();
        QTest::mouseClick(w->yourProfilePage()->accountDetailsLink(), Qt::LeftButton);
        QCOMPARE(w->currentPage(), Page::AccountDetails);
    }

    void yourProfileReportsProblemsNextToTheirFieldsAndSavesWithCtrlS()
    {
        test::addClientAreaUser(t->db, QStringLiteral("Pat"), QStringLiteral("pat@x.com"));
        auto w = signedIn(QStringLiteral("olivia@x.com"));
        w->yourProfileAction()->trigger();
        ui::YourProfilePage* page = w->yourProfilePage();
        retype(page->form()->email(), QStringLiteral("PAT@x.com"));
        QTest::mouseClick(page->saveButton(), Qt::LeftButton);
        QLabel* problem = page->form()->errors()->label(QStringLiteral("email"));
        QVERIFY(problem->isVisible());
        QVERIFY(problem->text().contains(QLatin1String("already used")));
        retype(page->form()->email(), QStringLiteral("olivia@x.com"));
        retype(page->form()->firstName(), QStringLiteral("Liv"));
        w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        QTest::keyClick(page->form()->firstName(), Qt::Key_S, Qt::ControlModifier);
        QCOMPARE(UserService(t->db).find(owner)->firstName, QStringLiteral("Liv"));
        QCOMPARE(w->helloButton()->text(), QStringLiteral("Hello, Liv!"));
    }

    void accountDetailsSavesAndTheAdminAreaShowsItWithoutReopening()
    {
        ui::MainWindow admin(t->db);
        admin.show();
        ui::ClientProfileWindow* profile = admin.openClient(client);
        QTRY_COMPARE(qobject_cast<QLineEdit*>(profile->editor(QStringLiteral("city")))->text(),
                     QString());
        auto w = signedIn(QStringLiteral("olivia@x.com"));
        w->accountDetailsAction()->trigger();
        ui::AccountDetailsPage* page = w->accountDetailsPage();
        retype(qobject_cast<QLineEdit*>(page->form()->input(QStringLiteral("city"))),
               QStringLiteral("Leeds"));
        retype(qobject_cast<QLineEdit*>(page->form()->input(QStringLiteral("email"))),
               QStringLiteral("billing@lee.example"));
        QTest::mouseClick(page->saveButton(), Qt::LeftButton);
        QVERIFY(!page->hasUnsavedChanges());
        // The Admin Area's Profile tab, open all along, shows what was stored.
        QTRY_COMPARE(qobject_cast<QLineEdit*>(profile->editor(QStringLiteral("city")))->text(),
                     QStringLiteral("Leeds"));
        QCOMPARE(qobject_cast<QLineEdit*>(profile->editor(QStringLiteral("email")))->text(),
                 QStringLiteral("billing@lee.example"));
        // Your sign-in details are another record: unchanged.
        QCOMPARE(UserService(t->db).find(owner)->email, QStringLiteral("olivia@x.com"));

        // Your Profile's change reaches Manage Users the same way.
        w->yourProfileAction()->trigger();
        retype(w->yourProfilePage()->form()->lastName(), QStringLiteral("Lee-Ray"));
        QTest::mouseClick(w->yourProfilePage()->saveButton(), Qt::LeftButton);
        const LazyListModel* users = admin.usersView()->model();
        QTRY_VERIFY(rowOf(users, owner) >= 0 &&
                    users->index(rowOf(users, owner), UserListQuery::LastName).data().toString() ==
                        QLatin1String("Lee-Ray"));
        profile->close();
    }

    void theOwnerInvitesByEmailAndGetsTheLinkToPassOn()
    {
        auto w = signedIn(QStringLiteral("olivia@x.com"));
        w->userManagementAction()->trigger();
        ui::UserManagementPage* page = w->userManagementPage();
        QCOMPARE(page->usersTable()->rowCount(), 1);
        QVERIFY(page->usersTable()->item(0, 1)->text() == QLatin1String("Owner"));
        retype(page->inviteEmail(), QStringLiteral("new@x.com"));
        QCheckBox* invoices = page->invitePermissions()->checkBox(Permission::Invoices);
        invoices->setFocus();
        QTest::keyClick(invoices, Qt::Key_Space);
        QTest::mouseClick(child<QPushButton>(page, "sendInviteButton"), Qt::LeftButton);
        QVERIFY2(page->inviteLinkField()->isVisible(), qPrintable(page->messageLabel()->text()));
        auto pending = AccessService(t->db).pendingInvites(client);
        QCOMPARE(pending->size(), 1);
        QCOMPARE(pending->first().email, QStringLiteral("new@x.com"));
        QCOMPARE(pending->first().permissions, test::permissionsOf({Permission::Invoices}));
        QCOMPARE(page->inviteLinkField()->text(), inviteLink(pending->first().token));
        QCOMPARE(page->invitesTable()->rowCount(), 1);

        // An invite without a permission is refused, and nothing is created.
        retype(page->inviteEmail(), QStringLiteral("other@x.com"));
        QTest::mouseClick(child<QPushButton>(page, "sendInviteButton"), Qt::LeftButton);
        QCOMPARE(AccessService(t->db).pendingInvites(client)->size(), 1);
        QVERIFY(page->messageLabel()->text().contains(QLatin1String("permission")));
    }

    void anInviteIsAcceptedBySigningIn()
    {
        const qint64 bob =
            test::addClientAreaUser(t->db, QStringLiteral("Bob"), QStringLiteral("bob@x.com"));
        auto invite = AccessService(t->db).invite(client, QStringLiteral("bob@x.com"),
                                                  test::permissionsOf({Permission::Tickets}));
        QVERIFY(invite.ok());
        auto w = std::make_unique<ClientAreaWindow>(t->db);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        QTest::mouseClick(child<QPushButton>(w->signInPage(), "acceptInviteButton"),
                          Qt::LeftButton);
        QCOMPARE(w->currentPage(), Page::Invite);
        ui::InvitePage* page = w->invitePage();
        retype(page->link(), inviteLink(invite->token));
        QTest::keyClick(page->link(), Qt::Key_Return);
        QVERIFY(page->invite().has_value());
        QVERIFY(child<QLabel>(page, "inviteDetails")->text().contains(QLatin1String("Olivia Lee")));
        QTest::mouseClick(page->signInToAcceptButton(), Qt::LeftButton);
        QCOMPARE(w->currentPage(), Page::SignIn);
        QVERIFY(child<QLabel>(w->signInPage(), "signInNote")->isVisible());
        typeSignIn(*w, QStringLiteral("bob@x.com"));
        QCOMPARE(w->currentPage(), Page::Home);
        QCOMPARE(w->currentClientId(), client);
        QVERIFY(AccessService(t->db).pendingInvites(client)->isEmpty());
        bool linked = false;
        const auto links = ClientService(t->db).accessOf(client);
        for (const Access& a : *links)
            linked |= a.userId == bob && a.stored == test::permissionsOf({Permission::Tickets});
        QVERIFY(linked);
    }

    void anInviteIsAcceptedByRegisteringANewUser()
    {
        auto invite = AccessService(t->db).invite(client, QStringLiteral("nia@x.com"),
                                                  test::permissionsOf({Permission::Profile}));
        auto w = std::make_unique<ClientAreaWindow>(t->db);
        w->show();
        QVERIFY(QTest::qWaitForWindowExposed(w.get()));
        w->showPage(Page::Invite);
        ui::InvitePage* page = w->invitePage();
        retype(page->link(), invite->token);
        QTest::mouseClick(page->lookUpButton(), Qt::LeftButton);
        ui::UserForm* form = page->registerForm();
        QVERIFY(form->isVisible());
        QCOMPARE(form->email()->text(), QStringLiteral("nia@x.com"));
        QVERIFY(
            !form->findChild<QPushButton*>(QStringLiteral("generatePasswordButton"))->isVisible());
        retype(form->firstName(), QStringLiteral("Nia"));
        retype(form->lastName(), QStringLiteral("New"));
        retype(form->password(), QStringLiteral("short"));
        QTest::mouseClick(page->registerButton(), Qt::LeftButton);
        QVERIFY(form->errors()->label(QStringLiteral("password"))->isVisible());
        QCOMPARE(w->currentPage(), Page::Invite);
        retype(form->password(), clientAreaPassword);
        QTest::mouseClick(page->registerButton(), Qt::LeftButton);
        QCOMPARE(w->currentPage(), Page::Home);
        QCOMPARE(w->currentClientId(), client);
        QVERIFY(w->accountDetailsAction()->isVisible()); // the invite's `profile`
        QCOMPARE(
            UserService(t->db).checkSignIn(QStringLiteral("nia@x.com"), clientAreaPassword)->id,
            w->identity().userId);
    }

    void aCancelledInviteIsRefusedNextToTheLink()
    {
        auto invite = AccessService(t->db).invite(client, QStringLiteral("nia@x.com"),
                                                  test::permissionsOf({Permission::Profile}));
        QVERIFY(AccessService(t->db).cancelInvite(invite->id).ok());
        auto w = std::make_unique<ClientAreaWindow>(t->db);
        w->show();
        w->showPage(Page::Invite);
        retype(w->invitePage()->link(), inviteLink(invite->token));
        QTest::mouseClick(w->invitePage()->lookUpButton(), Qt::LeftButton);
        QVERIFY(!w->invitePage()->invite());
        QLabel* problem =
            w->invitePage()->findChild<ui::FieldErrors*>()->label(QStringLiteral("invite"));
        QVERIFY(problem->isVisible());
        QVERIFY(problem->text().contains(QLatin1String("cancelled")));
        QVERIFY(!w->invitePage()->registerForm()->isVisible());
    }

    void changePasswordNeedsTheCurrentOne()
    {
        auto w = signedIn(QStringLiteral("olivia@x.com"));
        w->changePasswordAction()->trigger();
        ui::ChangePasswordPage* page = w->changePasswordPage();
        retype(page->current(), QStringLiteral("not the one"));
        retype(page->next(), QStringLiteral("brand new pass"));
        retype(page->confirmation(), QStringLiteral("brand new pass"));
        QTest::mouseClick(page->saveButton(), Qt::LeftButton);
        QVERIFY(page->findChild<ui::FieldErrors*>()
                    ->label(QStringLiteral("current_password"))
                    ->isVisible());
        retype(page->current(), clientAreaPassword);
        retype(page->next(), QStringLiteral("brand new pass"));
        retype(page->confirmation(), QStringLiteral("brand new pass"));
        QTest::mouseClick(page->saveButton(), Qt::LeftButton);
        QVERIFY(page->messageLabel()->text().contains(QLatin1String("was changed")));
        w->signOutAction()->trigger();
        typeSignIn(*w, QStringLiteral("olivia@x.com"));
        QCOMPARE(w->currentPage(), Page::SignIn);
        typeSignIn(*w, QStringLiteral("olivia@x.com"), QStringLiteral("brand new pass"));
        QCOMPARE(w->currentPage(), Page::Home);
    }

    void keepInStepOffersTheOwnedAccountAndSaveBothWritesBothAsTheUser()
    {
        QVERIFY(MatchService(t->db).setKeepInStep(true).ok());
        // Sam may edit the account's details (`profile`) but owns nothing: nothing offered.
        const qint64 sam =
            test::addClientAreaUser(t->db, QStringLiteral("Sam"), QStringLiteral("sam@x.com"));
        test::link(t->db, sam, client, {Permission::Profile});
        {
            auto w = signedIn(QStringLiteral("sam@x.com"));
            w->yourProfileAction()->trigger();
            retype(w->yourProfilePage()->form()->lastName(), QStringLiteral("Stone"));
            StepAnswer none("saveBothButton");
            QTest::mouseClick(w->yourProfilePage()->saveButton(), Qt::LeftButton);
            QVERIFY(!none.asked);
            QVERIFY(!w->yourProfilePage()->hasUnsavedChanges());
            // Nor does Account Details offer the owner's login, which is not Sam's.
            w->accountDetailsAction()->trigger();
            retype(qobject_cast<QLineEdit*>(
                       w->accountDetailsPage()->form()->input(QStringLiteral("lastname"))),
                   QStringLiteral("Lee-Stone"));
            QTest::mouseClick(w->accountDetailsPage()->saveButton(), Qt::LeftButton);
            QVERIFY(!none.asked);
            QVERIFY(!w->accountDetailsPage()->hasUnsavedChanges());
            QCOMPARE(UserService(t->db).find(owner)->lastName, QStringLiteral("Lee")); // left alone
        }
        // The owner's Your Profile offers their account; Save Both writes both.
        auto w = signedIn(QStringLiteral("olivia@x.com"));
        w->yourProfileAction()->trigger();
        retype(w->yourProfilePage()->form()->lastName(), QStringLiteral("Leigh"));
        StepAnswer answer("saveBothButton");
        QTest::mouseClick(w->yourProfilePage()->saveButton(), Qt::LeftButton);
        QVERIFY(answer.asked);
        QCOMPARE(answer.lines,
                 QStringList{
                     QStringLiteral("Client %1 Last Name: \"Lee-Stone\" → \"Leigh\"").arg(client)});
        QVERIFY(!w->yourProfilePage()->hasUnsavedChanges());
        QCOMPARE(UserService(t->db).find(owner)->lastName, QStringLiteral("Leigh"));
        QCOMPARE(ClientService(t->db).find(client)->lastName(), QStringLiteral("Leigh"));
        // Both rows name the user as the actor.
        QCOMPARE(test::column(*t->db,
                              QStringLiteral("SELECT count(*) FROM tblactivitylog WHERE user = ? "
                                             "AND description LIKE '%Leigh%'"),
                              {QStringLiteral("olivia@x.com")})
                     .toInt(),
                 2);
    }
};

QTEST_MAIN(TestClientAreaPages)
#include "tst_clientareapages.moc"
