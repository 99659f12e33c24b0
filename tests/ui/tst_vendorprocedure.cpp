// The vendor's documented procedure ("Match User and Client Details", Admin Area), done
// in Accord with keyboard and mouse events only, then verified as the procedure says:
// Manage Users shows the new user details and the Profile tab the new client details.
#include "clientprofilewindow.h"
#include "listview.h"
#include "mainwindow.h"
#include "manageuserdialog.h"
#include "models/clientlistquery.h"
#include "models/userlistquery.h"
#include "services/accessservice.h"
#include "services/clientservice.h"
#include "services/userservice.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QLineEdit>
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

private:
    QTemporaryDir m_settings;
};

QTEST_MAIN(TestVendorProcedure)
#include "tst_vendorprocedure.moc"
