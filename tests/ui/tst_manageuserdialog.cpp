#include "conflictdialog.h"
#include "listview.h"
#include "mainwindow.h"
#include "manageuserdialog.h"
#include "models/userlistquery.h"
#include "services/clientservice.h"
#include "services/userservice.h"
#include "testsupport.h"
#include "uitesting.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QFrame>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

#include <memory>

using namespace accord;
using accord::test::child;
using accord::test::retype;
using accord::test::TempDatabase;
using accord::ui::ConflictDialog;
using accord::ui::MainWindow;
using accord::ui::ManageUserDialog;

namespace {

const QString password = QStringLiteral("correct-horse-9");

qint64 addUser(const DatabasePtr& db, const QString& first, const QString& last,
               const QString& email)
{
    auto id = UserService(db).add({first, last, email, QString(), password});
    if (!id)
        qFatal("cannot add a user: %s", qPrintable(id.error().message));
    return *id;
}

qint64 addClient(const DatabasePtr& db, qint64 owner, const QString& first, const QString& email)
{
    auto id = ClientService(db).add({{QStringLiteral("firstname"), first},
                                     {QStringLiteral("lastname"), QStringLiteral("Client")},
                                     {QStringLiteral("companyname"), QStringLiteral("Acme Ltd")},
                                     {QStringLiteral("email"), email},
                                     {QStringLiteral("country"), QStringLiteral("GB")}},
                                    owner);
    if (!id)
        qFatal("cannot add a client: %s", qPrintable(id.error().message));
    return *id;
}

// The row showing `id` in a lazy list, or -1 once every row is loaded and none is it.
int rowOf(const LazyListModel* model, qint64 id)
{
    for (int r = 0; r < model->rowCount(); ++r)
        if (model->idAt(r) == id)
            return r;
    return -1;
}

} // namespace

class TestManageUserDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_db = std::make_unique<TempDatabase>();
        m_user = addUser(m_db->db, QStringLiteral("Ann"), QStringLiteral("Old"),
                         QStringLiteral("ann@old.example"));
        m_client =
            addClient(m_db->db, m_user, QStringLiteral("Ann"), QStringLiteral("ann@old.example"));
        m_window = std::make_unique<MainWindow>(m_db->db);
        m_usersTester = std::make_unique<QAbstractItemModelTester>(
            m_window->usersView()->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    void cleanup()
    {
        m_accountsTester.reset();
        if (m_dialog)
            delete m_dialog.data();
        m_usersTester.reset();
        m_window.reset();
        m_db.reset();
    }

    void changingEmailAndNamesMovesTheLogin()
    {
        ManageUserDialog* d = openDialog(m_user);
        retype(child<QLineEdit>(d, "firstName"), QStringLiteral("Anna"));
        retype(child<QLineEdit>(d, "lastName"), QStringLiteral("New"));
        retype(child<QLineEdit>(d, "email"), QStringLiteral("anna@new.example"));
        QVERIFY(d->hasUnsavedChanges());
        QTest::keyClick(child<QLineEdit>(d, "email"), Qt::Key_S, Qt::ControlModifier); // Ctrl+S

        QTRY_VERIFY(!d->hasUnsavedChanges());
        QCOMPARE(child<QLineEdit>(d, "firstName")->text(), QStringLiteral("Anna"));
        QCOMPARE(d->loadedUser().email, QStringLiteral("anna@new.example"));

        // Verify Changes: Manage Users (re-read after the save) shows the new details.
        const LazyListModel* users = m_window->usersView()->model();
        QTRY_VERIFY(rowOf(users, m_user) >= 0);
        const int row = rowOf(users, m_user);
        QTRY_COMPARE(users->index(row, UserListQuery::FirstName).data().toString(),
                     QStringLiteral("Anna"));
        QCOMPARE(users->index(row, UserListQuery::LastName).data().toString(),
                 QStringLiteral("New"));
        QCOMPARE(users->index(row, UserListQuery::Email).data(Qt::EditRole).toString(),
                 QStringLiteral("anna@new.example"));

        // The email is the login: the old one no longer signs in, the new one does.
        UserService service(m_db->db);
        QVERIFY(!service.checkSignIn(QStringLiteral("ann@old.example"), password));
        auto signedIn = service.checkSignIn(QStringLiteral("anna@new.example"), password);
        QVERIFY2(signedIn.ok(), qPrintable(signedIn.ok() ? QString() : signedIn.error().message));
        QCOMPARE(signedIn->id, m_user);
    }

    void settingAPasswordChangesTheSignIn()
    {
        ManageUserDialog* d = openDialog(m_user);
        auto* field = child<QLineEdit>(d, "password");
        QTest::mouseClick(child<QPushButton>(d, "generatePasswordButton"), Qt::LeftButton);
        const QString generated = field->text();
        QVERIFY(generated.size() >= 12);
        QCOMPARE(field->echoMode(), QLineEdit::Normal); // shown, to copy
        QTest::mouseClick(child<QPushButton>(d, "saveButton"), Qt::LeftButton);
        QTRY_VERIFY(field->text().isEmpty());
        UserService service(m_db->db);
        QVERIFY(service.checkSignIn(QStringLiteral("ann@old.example"), generated).ok());
        QVERIFY(!service.checkSignIn(QStringLiteral("ann@old.example"), password).ok());
    }

    void shortPasswordIsRefusedNextToTheFieldAndNothingIsSaved()
    {
        ManageUserDialog* d = openDialog(m_user);
        retype(child<QLineEdit>(d, "firstName"), QStringLiteral("Annie"));
        QTest::keyClicks(child<QLineEdit>(d, "password"), QStringLiteral("short"));
        QTest::mouseClick(child<QPushButton>(d, "saveButton"), Qt::LeftButton);
        auto* error = child<QLabel>(d, "passwordError");
        QVERIFY(error->isVisible());
        QVERIFY(error->text().contains(QStringLiteral("8")));
        QCOMPARE(UserService(m_db->db).find(m_user)->firstName, QStringLiteral("Ann"));
    }

    void invalidEmailShowsItsMessageNextToTheField()
    {
        ManageUserDialog* d = openDialog(m_user);
        retype(child<QLineEdit>(d, "email"), QStringLiteral("not-an-email"));
        QTest::mouseClick(child<QPushButton>(d, "saveButton"), Qt::LeftButton);
        auto* error = child<QLabel>(d, "emailError");
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("email"), Qt::CaseInsensitive),
                 qPrintable(error->text()));
        QVERIFY(child<QLineEdit>(d, "email")->hasFocus());
        QCOMPARE(UserService(m_db->db).find(m_user)->email, QStringLiteral("ann@old.example"));
        QVERIFY(d->hasUnsavedChanges()); // what was typed stays, to correct it

        // Correcting it clears the message.
        retype(child<QLineEdit>(d, "email"), QStringLiteral("ann@fixed.example"));
        QTest::mouseClick(child<QPushButton>(d, "saveButton"), Qt::LeftButton);
        QVERIFY(!error->isVisible());
        QCOMPARE(UserService(m_db->db).find(m_user)->email, QStringLiteral("ann@fixed.example"));
    }

    void emailOfAnotherUserInOtherCaseIsAClash()
    {
        addUser(m_db->db, QStringLiteral("Bob"), QStringLiteral("Other"),
                QStringLiteral("bob@example.com"));
        ManageUserDialog* d = openDialog(m_user);
        retype(child<QLineEdit>(d, "email"), QStringLiteral("BOB@Example.COM"));
        QTest::mouseClick(child<QPushButton>(d, "saveButton"), Qt::LeftButton);
        auto* error = child<QLabel>(d, "emailError");
        QVERIFY(error->isVisible());
        QVERIFY2(error->text().contains(QStringLiteral("already used")), qPrintable(error->text()));
        QCOMPARE(UserService(m_db->db).find(m_user)->email, QStringLiteral("ann@old.example"));
    }

    void staleSaveShowsTheConflictDialog()
    {
        ManageUserDialog* d = openDialog(m_user);
        // Another session changes the last name after the dialog loaded the user.
        DatabasePtr other = m_db->openAgain();
        UserService theirs(other);
        UserChanges change;
        change.lastName = QStringLiteral("Theirs");
        QVERIFY(theirs.update(*theirs.find(m_user), change).ok());

        retype(child<QLineEdit>(d, "firstName"), QStringLiteral("Mine"));
        QTest::mouseClick(child<QPushButton>(d, "saveButton"), Qt::LeftButton);
        ConflictDialog* conflict = nullptr;
        QTRY_VERIFY((conflict = d->findChild<ConflictDialog*>()) && conflict->isVisible());
        // Field by field: the last name theirs, the first name mine.
        QTableWidget* table = conflict->table();
        QStringList rows;
        for (int r = 0; r < table->rowCount(); ++r) {
            QStringList cells;
            for (int c = 0; c < table->columnCount(); ++c)
                cells << table->item(r, c)->text();
            rows << cells.join(QLatin1Char('|'));
        }
        QVERIFY2(rows.contains(QStringLiteral(
                     "Last Name|Old|(unchanged)|Theirs|Changed by the other session")),
                 qPrintable(rows.join(QLatin1Char('\n'))));
        QVERIFY2(rows.contains(QStringLiteral("First Name|Ann|Mine|Ann|Your change")),
                 qPrintable(rows.join(QLatin1Char('\n'))));
        // Nothing was overwritten.
        QCOMPARE(UserService(m_db->db).find(m_user)->firstName, QStringLiteral("Ann"));

        // Re-apply puts my change on top of theirs.
        QTest::mouseClick(child<QPushButton>(conflict, "reapplyButton"), Qt::LeftButton);
        QTRY_COMPARE(UserService(m_db->db).find(m_user)->firstName, QStringLiteral("Mine"));
        QCOMPARE(UserService(m_db->db).find(m_user)->lastName, QStringLiteral("Theirs"));
        QCOMPARE(child<QLineEdit>(d, "lastName")->text(), QStringLiteral("Theirs"));
        QVERIFY(!d->hasUnsavedChanges());
    }

    void reloadAfterAConflictShowsTheirVersion()
    {
        ManageUserDialog* d = openDialog(m_user);
        UserService theirs(m_db->openAgain());
        UserChanges change;
        change.email = QStringLiteral("ann@theirs.example");
        QVERIFY(theirs.update(*theirs.find(m_user), change).ok());

        retype(child<QLineEdit>(d, "email"), QStringLiteral("ann@mine.example"));
        QTest::mouseClick(child<QPushButton>(d, "saveButton"), Qt::LeftButton);
        ConflictDialog* conflict = nullptr;
        QTRY_VERIFY((conflict = d->findChild<ConflictDialog*>()) && conflict->isVisible());
        QTest::mouseClick(child<QPushButton>(conflict, "reloadButton"), Qt::LeftButton);
        QTRY_COMPARE(child<QLineEdit>(d, "email")->text(), QStringLiteral("ann@theirs.example"));
        QVERIFY(!d->hasUnsavedChanges());
        QCOMPARE(UserService(m_db->db).find(m_user)->email, QStringLiteral("ann@theirs.example"));
    }

    void deleteIsDisabledWhileLinksRemain()
    {
        ManageUserDialog* d = openDialog(m_user);
        auto* remove = child<QPushButton>(d, "deleteButton");
        QVERIFY(!remove->isEnabled());
        QVERIFY(remove->toolTip().contains(QStringLiteral("client account")));
        // The accounts table lists the link: id, client name, company, owner.
        QStandardItemModel* accounts = d->accountsModel();
        QCOMPARE(accounts->rowCount(), 1);
        QCOMPARE(accounts->index(0, 0).data().toString(), QString::number(m_client));
        QCOMPARE(accounts->index(0, 1).data().toString(), QStringLiteral("Ann Client"));
        QCOMPARE(accounts->index(0, 2).data().toString(), QStringLiteral("Acme Ltd"));
        QVERIFY(accounts->index(0, 3).data().toString().contains(QStringLiteral("✓")));
    }

    void userWithoutLinksCanBeDeletedAfterConfirmation()
    {
        const qint64 lonely = addUser(m_db->db, QStringLiteral("Lone"), QStringLiteral("Ranger"),
                                      QStringLiteral("lone@example.com"));
        ManageUserDialog* d = openDialog(lonely);
        auto* remove = child<QPushButton>(d, "deleteButton");
        QVERIFY(remove->isEnabled());
        QTest::mouseClick(remove, Qt::LeftButton);
        QMessageBox* confirm = nullptr;
        QTRY_VERIFY((confirm = d->findChild<QMessageBox*>(QStringLiteral("confirmDeleteBox"))) &&
                    confirm->isVisible());
        QTest::mouseClick(confirm->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_VERIFY(!UserService(m_db->db).find(lonely).ok());
    }

    void enterOnAnAccountAsksToOpenThatClient()
    {
        ManageUserDialog* d = openDialog(m_user);
        QSignalSpy open(d, &ManageUserDialog::openClientRequested);
        auto* table = child<QTableView>(d, "accounts");
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Return);
        QCOMPARE(open.count(), 1);
        QCOMPARE(open.first().first().toLongLong(), m_client);
        QVERIFY(d->isVisible()); // Enter did not press a dialog button
    }

    void savingAComparedFieldSaysClientDetailsAreSeparate()
    {
        ManageUserDialog* d = openDialog(m_user);
        auto* notice = child<QFrame>(d, "comparedNotice");
        QVERIFY(!notice->isVisible());
        // Email verified is not a compared field: no notice.
        QTest::keyClick(child<QCheckBox>(d, "emailVerified"), Qt::Key_Space);
        QTest::mouseClick(child<QPushButton>(d, "saveButton"), Qt::LeftButton);
        QTRY_VERIFY(UserService(m_db->db).find(m_user)->emailVerifiedAt.isValid());
        QVERIFY(!notice->isVisible());

        retype(child<QLineEdit>(d, "lastName"), QStringLiteral("Changed"));
        QTest::mouseClick(child<QPushButton>(d, "saveButton"), Qt::LeftButton);
        QTRY_VERIFY(notice->isVisible());
        QVERIFY(child<QLabel>(d, "comparedNoticeText")
                    ->text()
                    .contains(QStringLiteral("separate"), Qt::CaseInsensitive));
        QTest::mouseClick(child<QPushButton>(d, "dismissNoticeButton"), Qt::LeftButton);
        QVERIFY(!notice->isVisible());
    }

    void twoFactorCanOnlyBeTurnedOff()
    {
        ManageUserDialog* d = openDialog(m_user);
        auto* twoFactor = child<QCheckBox>(d, "twoFactor");
        QVERIFY(!twoFactor->isChecked());
        QVERIFY(!twoFactor->isEnabled()); // off: only the user turns it on
    }

    void escapeWithUnsavedChangesAsksFirst()
    {
        ManageUserDialog* d = openDialog(m_user);
        retype(child<QLineEdit>(d, "firstName"), QStringLiteral("Unsaved"));
        QTest::keyClick(child<QLineEdit>(d, "firstName"), Qt::Key_Escape);
        QMessageBox* ask = nullptr;
        QTRY_VERIFY((ask = d->findChild<QMessageBox*>(QStringLiteral("unsavedChangesBox"))) &&
                    ask->isVisible());
        QVERIFY(d->isVisible());
        QTest::mouseClick(ask->button(QMessageBox::Discard), Qt::LeftButton);
        QTRY_VERIFY(!d->isVisible());
        QCOMPARE(UserService(m_db->db).find(m_user)->firstName, QStringLiteral("Ann"));
    }

private:
    // Opens the dialog as the Manage Users view does (Enter on the user's row).
    ManageUserDialog* openDialog(qint64 userId)
    {
        ui::ListView* view = m_window->usersView();
        QTest::keyClicks(view->searchBox(), QStringLiteral("#%1").arg(userId));
        if (!QTest::qWaitFor(
                [&] { return view->model()->rowCount() == 1 && view->model()->idAt(0) == userId; }))
            qFatal("searching #%lld did not show the user", userId);
        view->table()->setFocus(); // focus moves the current row to the first one
        if (!view->table()->currentIndex().isValid())
            qFatal("no current row after focusing the list");
        QTest::keyClick(view->table(), Qt::Key_Return);
        ManageUserDialog* d = m_window->userDialog(userId);
        if (!d)
            qFatal("Enter did not open the Manage User dialog");
        m_dialog = d;
        m_accountsTester = std::make_unique<QAbstractItemModelTester>(
            d->accountsModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view->searchBox()->clear();
        QTest::qWait(50); // let the main window settle before the dialog takes the focus
        d->activateWindow();
        if (!QTest::qWaitForWindowActive(d))
            qFatal("the dialog did not become active");
        return d;
    }

    std::unique_ptr<TempDatabase> m_db;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_usersTester;
    std::unique_ptr<QAbstractItemModelTester> m_accountsTester;
    QPointer<ManageUserDialog> m_dialog;
    qint64 m_user = 0;
    qint64 m_client = 0;
};

QTEST_MAIN(TestManageUserDialog)
#include "tst_manageuserdialog.moc"
