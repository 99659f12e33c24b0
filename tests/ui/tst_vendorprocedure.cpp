// The vendor's documented procedure ("Match User and Client Details"), both halves, done in
// Accord with keyboard and mouse events only, then verified as the procedure says: Manage
// Users shows the new user details and the Profile tab the new client details. The Client
// Area half follows the shipping product's menu names (DESIGN: the help page swaps them):
// Your Profile edits the user, Account Details the client account.
#include "accountdetailspage.h"
#include "clientareawindow.h"
#include "clientform.h"
#include "clientprofilewindow.h"
#include "listview.h"
#include "mainwindow.h"
#include "manageuserdialog.h"
#include "models/clientlistquery.h"
#include "models/userlistquery.h"
#include "services/accessservice.h"
#include "services/clientservice.h"
#include "services/userservice.h"
#include "signinpage.h"
#include "testsupport.h"
#include "userform.h"
#include "yourprofilepage.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSettings>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace accord;

namespace {
const QString password = QStringLiteral("procedure-pass-1");

void replaceText(QWidget* input, const QString& text)
{
    input->setFocus();
    QTest::keyClick(input, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(input, Qt::Key_Delete);
    QTest::keyClicks(input, text);
    if (QWidget* popup = QApplication::activePopupWidget())
        QTest::keyClick(popup, Qt::Key_Escape);
}

int rowOf(const LazyListModel* model, qint64 id)
{
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->idAt(r) == id)
            return r;
    return -1;
}

void clickTab(QTabWidget* tabs, int index)
{
    QTabBar* bar = tabs->tabBar();
    QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(index).center());
}

void clickRow(QTableView* table, int row)
{
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {},
                      table->visualRect(table->model()->index(row, 0)).center());
}
} // namespace

class TestVendorProcedure : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
        QCoreApplication::setOrganizationName(QStringLiteral("AccordTests"));
    }

    void updatingBothRecordsByHandAsTheVendorDocuments()
    {
        test::TempDatabase data;
        UserService users(data.db);
        auto owner = users.add({QStringLiteral("Dana"), QStringLiteral("Old"),
                                QStringLiteral("dana@old.example"), QString(), password});
        QVERIFY(owner.ok());
        auto client = ClientService(data.db).add(
            {{QStringLiteral("firstname"), QStringLiteral("Dana")},
             {QStringLiteral("lastname"), QStringLiteral("Old")},
             {QStringLiteral("email"), QStringLiteral("dana@old.example")},
             {QStringLiteral("address1"), QStringLiteral("1 Old Road")},
             {QStringLiteral("country"), QStringLiteral("GB")}},
            *owner);
        QVERIFY(client.ok());

        ui::MainWindow window(data.db);
        QAbstractItemModelTester clientsTester(
            window.clientsView()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester usersTester(
            window.usersView()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));

        // Open the client from the Clients list (Enter on its row).
        QTableView* clients = window.clientsView()->table();
        QTRY_VERIFY(rowOf(window.clientsView()->model(), *client) >= 0);
        clickRow(clients, rowOf(window.clientsView()->model(), *client));
        QTest::keyClick(clients, Qt::Key_Return);
        ui::ClientProfileWindow* profile = nullptr;
        QTRY_VERIFY((profile = window.clientWindow(*client)) && profile->isVisible());
        QVERIFY(QTest::qWaitForWindowExposed(profile));

        // 1. In the client's profile, go to the Users tab. 2. Manage User.
        clickTab(profile->tabs(), 1);
        QTRY_VERIFY(profile->usersModel()->rowCount() == 1 &&
                    profile->usersModel()->isRowLoaded(0));
        clickRow(profile->usersTable(), 0);
        QTest::mouseClick(profile->findChild<QPushButton*>(QStringLiteral("manageUserButton")),
                          Qt::LeftButton);
        ui::ManageUserDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = profile->findChild<ui::ManageUserDialog*>()) && dialog->isVisible());

        // 3. Change the user's details. 4. Save.
        replaceText(dialog->findChild<QLineEdit*>(QStringLiteral("firstName")),
                    QStringLiteral("Dana"));
        replaceText(dialog->findChild<QLineEdit*>(QStringLiteral("lastName")),
                    QStringLiteral("New"));
        replaceText(dialog->findChild<QLineEdit*>(QStringLiteral("email")),
                    QStringLiteral("dana@new.example"));
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("saveButton")),
                          Qt::LeftButton);
        QTRY_VERIFY(!dialog->hasUnsavedChanges());
        // The dialog says client details are separate.
        QTRY_VERIFY(dialog->findChild<QWidget*>(QStringLiteral("comparedNotice"))->isVisible());
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("closeButton")),
                          Qt::LeftButton);

        // 5. Back in the client's profile, the Profile tab. 6. Change the client's details.
        clickTab(profile->tabs(), 0);
        replaceText(profile->editor(QStringLiteral("lastname")), QStringLiteral("New"));
        replaceText(profile->editor(QStringLiteral("email")), QStringLiteral("dana@new.example"));
        replaceText(profile->editor(QStringLiteral("address1")), QStringLiteral("2 New Road"));
        profile->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(profile));
        QTest::keyClick(profile, Qt::Key_S, Qt::ControlModifier);
        QTRY_VERIFY(!profile->hasUnsavedChanges());
        profile->close();

        // Verify Changes: Clients > Manage Users shows the user's new details...
        clickTab(window.tabs(), 1);
        const LazyListModel* userList = window.usersView()->model();
        QTRY_VERIFY(rowOf(userList, *owner) >= 0);
        const int row = rowOf(userList, *owner);
        QTRY_COMPARE(userList->index(row, UserListQuery::LastName).data().toString(),
                     QStringLiteral("New"));
        QCOMPARE(userList->index(row, UserListQuery::Email).data(Qt::EditRole).toString(),
                 QStringLiteral("dana@new.example"));
        // ...the login moved with the email...
        QVERIFY(!users.checkSignIn(QStringLiteral("dana@old.example"), password).ok());
        QVERIFY(users.checkSignIn(QStringLiteral("dana@new.example"), password).ok());

        // ...and the Profile tab of a freshly opened window shows the client's.
        ui::ClientProfileWindow* reopened = window.openClient(*client);
        QTRY_COMPARE(qobject_cast<QLineEdit*>(reopened->editor(QStringLiteral("email")))->text(),
                     QStringLiteral("dana@new.example"));
        QCOMPARE(qobject_cast<QLineEdit*>(reopened->editor(QStringLiteral("address1")))->text(),
                 QStringLiteral("2 New Road"));
        QCOMPARE(qobject_cast<QLineEdit*>(reopened->editor(QStringLiteral("lastname")))->text(),
                 QStringLiteral("New"));
        reopened->close();
    }

    void updatingBothRecordsInTheClientArea()
    {
        test::TempDatabase data;
        UserService users(data.db);
        auto owner = users.add({QStringLiteral("Dana"), QStringLiteral("Old"),
                                QStringLiteral("dana@old.example"), QString(), password});
        QVERIFY(owner.ok());
        auto client = ClientService(data.db).add(
            {{QStringLiteral("firstname"), QStringLiteral("Dana")},
             {QStringLiteral("lastname"), QStringLiteral("Old")},
             {QStringLiteral("email"), QStringLiteral("dana@old.example")},
             {QStringLiteral("address1"), QStringLiteral("1 Old Road")},
             {QStringLiteral("country"), QStringLiteral("GB")}},
            *owner);
        QVERIFY(client.ok());

        ui::MainWindow window(data.db);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        ui::ClientProfileWindow* profile = window.openClient(*client);
        QTRY_VERIFY(profile->isVisible());

        // 1. Log in to the Client Area (Tools ▸ Client Area Preview, as the user would).
        window.findChild<QAction*>(QStringLiteral("clientAreaPreviewAction"))->trigger();
        auto* area = window.findChild<ui::ClientAreaWindow*>();
        QVERIFY(area && area->isVisible());
        QVERIFY(QTest::qWaitForWindowExposed(area));
        replaceText(area->signInPage()->email(), QStringLiteral("dana@old.example"));
        replaceText(area->signInPage()->password(), password);
        QTest::keyClick(area->signInPage()->password(), Qt::Key_Return);
        QCOMPARE(area->currentPage(), ui::ClientAreaWindow::Page::Home);

        // Hello, Name! ▸ Your Profile. 2. Update the user's details. 3. Save.
        QCOMPARE(area->helloButton()->text(), QStringLiteral("Hello, Dana!"));
        area->yourProfileAction()->trigger();
        ui::YourProfilePage* yours = area->yourProfilePage();
        replaceText(yours->form()->lastName(), QStringLiteral("New"));
        replaceText(yours->form()->email(), QStringLiteral("dana@new.example"));
        QTest::mouseClick(yours->saveButton(), Qt::LeftButton);
        QVERIFY(!yours->hasUnsavedChanges());
        // The page says the client details are separate, and leads to them.
        QVERIFY(yours->findChild<QLabel*>(QStringLiteral("separateNote"))->isVisible());

        // The login moved: signed out, the old email no longer signs in, the new one does.
        area->signOutAction()->trigger();
        replaceText(area->signInPage()->email(), QStringLiteral("dana@old.example"));
        replaceText(area->signInPage()->password(), password);
        QTest::keyClick(area->signInPage()->password(), Qt::Key_Return);
        QCOMPARE(area->currentPage(), ui::ClientAreaWindow::Page::SignIn);
        replaceText(area->signInPage()->email(), QStringLiteral("dana@new.example"));
        replaceText(area->signInPage()->password(), password);
        QTest::keyClick(area->signInPage()->password(), Qt::Key_Return);
        QCOMPARE(area->currentPage(), ui::ClientAreaWindow::Page::Home);

        // 4. Hello, Name! ▸ Account Details. 5. Update the client's details. 6. Save Changes.
        area->yourProfileAction()->trigger();
        QTest::mouseClick(yours->accountDetailsLink(), Qt::LeftButton);
        ui::AccountDetailsPage* details = area->accountDetailsPage();
        QCOMPARE(area->currentPage(), ui::ClientAreaWindow::Page::AccountDetails);
        replaceText(details->form()->input(QStringLiteral("lastname")), QStringLiteral("New"));
        replaceText(details->form()->input(QStringLiteral("email")),
                    QStringLiteral("dana@new.example"));
        replaceText(details->form()->input(QStringLiteral("address1")),
                    QStringLiteral("2 New Road"));
        QTest::mouseClick(details->saveButton(), Qt::LeftButton);
        QVERIFY(!details->hasUnsavedChanges());

        // Verify: Manage Users shows the user's details, and the Profile tab — open all
        // along, never reopened — the client's.
        clickTab(window.tabs(), 1);
        const LazyListModel* userList = window.usersView()->model();
        QTRY_VERIFY(rowOf(userList, *owner) >= 0);
        const int row = rowOf(userList, *owner);
        QTRY_COMPARE(userList->index(row, UserListQuery::LastName).data().toString(),
                     QStringLiteral("New"));
        QCOMPARE(userList->index(row, UserListQuery::Email).data(Qt::EditRole).toString(),
                 QStringLiteral("dana@new.example"));
        QTRY_COMPARE(qobject_cast<QLineEdit*>(profile->editor(QStringLiteral("email")))->text(),
                     QStringLiteral("dana@new.example"));
        QCOMPARE(qobject_cast<QLineEdit*>(profile->editor(QStringLiteral("address1")))->text(),
                 QStringLiteral("2 New Road"));
        QCOMPARE(qobject_cast<QLineEdit*>(profile->editor(QStringLiteral("lastname")))->text(),
                 QStringLiteral("New"));
        // Written in the Client Area's wording, the user acting.
        const QStringList log = test::descriptions(*data.db);
        QVERIFY(log.contains(QStringLiteral("Email Modified - Email Address changed from "
                                            "'dana@old.example' to 'dana@new.example' - User "
                                            "ID: %1")
                                 .arg(*owner)));
        area->close();
        profile->close();
    }

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestVendorProcedure)
#include "tst_vendorprocedure.moc"
