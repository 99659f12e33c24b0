// The client profile window driven as an admin does: keys and clicks on real widgets.
#include "associateuserdialog.h"
#include "clientprofilewindow.h"
#include "conflictdialog.h"
#include "manageuserdialog.h"
#include "models/clientuserslistquery.h"
#include "models/lazylistmodel.h"
#include "permissionchecklist.h"
#include "services/accessservice.h"
#include "services/clientservice.h"
#include "services/userservice.h"
#include "storage/sql.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QRadioButton>
#include <QSettings>
#include <QTabBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTest>

#include <memory>

using namespace accord;
using accord::ui::ClientProfileWindow;

class TestClientProfileWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();

    void inputsAreNamedByTheirLabels();
    void changedEmailAndAddressAreShownOnReopen();
    void invalidEmailIsShownNextToTheFieldAndNothingIsSaved();
    void staleSaveShowsTheConflictDialog();
    void reapplyAfterAConflictSavesMyEdits();
    void emailWarnsWhenTheOwnerUsersEmailDiffers();
    void removeAccessIsDisabledForTheOwner();
    void makeOwnerMovesTheOwnerLabel();
    void permissionsOfALinkAreChangedWithCheckboxes();
    void manageUserOpensTheUserDialog();
    void associatingANewEmailCreatesAnInviteAndShowsItsToken();
    void associatingAnExistingUserLinksIt();
    void associateNeedsAPermission();
    void associatingANewEmailCanCreateTheUserNow();
    void aSaveInOneWindowIsShownInAnother();
    void unsavedChangesPromptOnClose();
    void windowRemembersItsSize();

private:
    std::unique_ptr<ClientProfileWindow> openWindow();
    void showUsersTab(ClientProfileWindow& w);
    void selectUserRow(ClientProfileWindow& w, int row);
    static void replaceText(QWidget* input, const QString& text);
    static void save(ClientProfileWindow& w);
    static void clickButton(QWidget* parent, const QString& name);
    QList<Access> links() const;

    std::unique_ptr<test::TempDatabase> m_db;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    QTemporaryDir m_settings;
    qint64 m_client = 0;
    qint64 m_owner = 0;
    qint64 m_staff = 0;
};

void TestClientProfileWindow::initTestCase()
{
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settings.path());
    QCoreApplication::setOrganizationName(QStringLiteral("AccordTests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_clientprofilewindow"));
}

void TestClientProfileWindow::init()
{
    m_db = std::make_unique<test::TempDatabase>();
    auto client =
        ClientService(m_db->db).add({{QStringLiteral("firstname"), QStringLiteral("Ada")},
                                     {QStringLiteral("lastname"), QStringLiteral("Byron")},
                                     {QStringLiteral("email"), QStringLiteral("ada@example.com")},
                                     {QStringLiteral("address1"), QStringLiteral("1 Old Road")},
                                     {QStringLiteral("city"), QStringLiteral("London")},
                                     {QStringLiteral("country"), QStringLiteral("GB")}});
    QVERIFY2(client.ok(), qPrintable(client ? QString() : client.error().message));
    m_client = *client;
    auto links = ClientService(m_db->db).accessOf(m_client);
    QVERIFY(links.ok());
    QCOMPARE(links->size(), 1);
    m_owner = links->first().userId;
    auto staff = UserService(m_db->db).add({QStringLiteral("Sam"),
                                            QStringLiteral("Staff"),
                                            QStringLiteral("sam@example.com"),
                                            {},
                                            {}});
    QVERIFY(staff.ok());
    m_staff = *staff;
    Permissions p;
    p.set(Permission::Invoices);
    QVERIFY(AccessService(m_db->db).grant(m_staff, m_client, p).ok());
}

void TestClientProfileWindow::cleanup()
{
    m_tester.reset();
    m_db.reset();
}

QList<Access> TestClientProfileWindow::links() const
{
    auto links = ClientService(m_db->db).accessOf(m_client);
    return links ? links.value() : QList<Access>();
}

std::unique_ptr<ClientProfileWindow> TestClientProfileWindow::openWindow()
{
    auto w = std::make_unique<ClientProfileWindow>(m_db->db, m_client);
    w->show();
    w->activateWindow();
    if (!QTest::qWaitForWindowActive(w.get()))
        qWarning("the window did not become active");
    m_tester = std::make_unique<QAbstractItemModelTester>(
        w->usersModel(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    return w;
}

void TestClientProfileWindow::showUsersTab(ClientProfileWindow& w)
{
    QTabBar* bar = w.tabs()->tabBar();
    QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(1).center());
    QCOMPARE(w.tabs()->currentIndex(), 1);
    QTRY_COMPARE(w.usersModel()->rowCount(), 2);
    QTRY_VERIFY(w.usersModel()->isRowLoaded(0) && w.usersModel()->isRowLoaded(1));
}

void TestClientProfileWindow::selectUserRow(ClientProfileWindow& w, int row)
{
    QTableView* table = w.usersTable();
    const QRect rect = table->visualRect(w.usersModel()->index(row, 0));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(table->currentIndex().row(), row);
}

void TestClientProfileWindow::replaceText(QWidget* input, const QString& text)
{
    input->setFocus();
    QTest::keyClick(input, Qt::Key_A, Qt::ControlModifier);
    QTest::keyClick(input, Qt::Key_Delete);
    QTest::keyClicks(input, text);
    // A completer's popup (the country) would take the next shortcut: close it first.
    if (QWidget* popup = QApplication::activePopupWidget())
        QTest::keyClick(popup, Qt::Key_Escape);
}

void TestClientProfileWindow::save(ClientProfileWindow& w)
{
    // As a window manager does when a dialog closes: the window is active again.
    w.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&w));
    QTest::keyClick(&w, Qt::Key_S, Qt::ControlModifier);
}

void TestClientProfileWindow::clickButton(QWidget* parent, const QString& name)
{
    auto* button = parent->findChild<QPushButton*>(name);
    QVERIFY2(button, qPrintable(name));
    QVERIFY2(button->isEnabled(), qPrintable(name));
    QTest::mouseClick(button, Qt::LeftButton);
}

void TestClientProfileWindow::inputsAreNamedByTheirLabels()
{
    auto w = openWindow();
    QCOMPARE(w->objectName(), QStringLiteral("clientProfileWindow"));
    QVERIFY(w->windowTitle().contains(QStringLiteral("#%1").arg(m_client)));
    QVERIFY(w->windowTitle().contains(QStringLiteral("Ada Byron")));
    const QList<std::pair<QString, QString>> expected{
        {QStringLiteral("firstname"), QStringLiteral("First Name")},
        {QStringLiteral("lastname"), QStringLiteral("Last Name")},
        {QStringLiteral("companyname"), QStringLiteral("Company Name")},
        {QStringLiteral("email"), QStringLiteral("Email Address")},
        {QStringLiteral("address1"), QStringLiteral("Address 1")},
        {QStringLiteral("address2"), QStringLiteral("Address 2")},
        {QStringLiteral("city"), QStringLiteral("City")},
        {QStringLiteral("state"), QStringLiteral("State/Region")},
        {QStringLiteral("postcode"), QStringLiteral("Postcode")},
        {QStringLiteral("country"), QStringLiteral("Country")},
        {QStringLiteral("phonenumber"), QStringLiteral("Phone Number")},
        {QStringLiteral("tax_id"), QStringLiteral("Tax ID")},
        {QStringLiteral("language"), QStringLiteral("Language")},
        {QStringLiteral("status"), QStringLiteral("Status")}};
    for (const auto& [column, label] : expected) {
        QWidget* input = w->editor(column);
        QVERIFY2(input, qPrintable(column));
        QCOMPARE(input->accessibleName(), label);
    }
    QCOMPARE(w->tabs()->tabText(0), QStringLiteral("&Profile"));
    QCOMPARE(w->tabs()->tabText(1), QStringLiteral("&Users"));
    auto* country = qobject_cast<QComboBox*>(w->editor(QStringLiteral("country")));
    QVERIFY(country->isEditable());
    QVERIFY(country->currentText().contains(QStringLiteral("GB")));
    QVERIFY(!w->hasUnsavedChanges());
}

void TestClientProfileWindow::changedEmailAndAddressAreShownOnReopen()
{
    {
        auto w = openWindow();
        replaceText(w->editor(QStringLiteral("email")), QStringLiteral("accounts@example.org"));
        replaceText(w->editor(QStringLiteral("address1")), QStringLiteral("22 New Street"));
        replaceText(w->editor(QStringLiteral("country")), QStringLiteral("France"));
        QVERIFY(w->hasUnsavedChanges());
        QVERIFY(w->isWindowModified());
        save(*w);
        QVERIFY(!w->hasUnsavedChanges());
        QVERIFY(!w->isWindowModified());
    }
    auto stored = ClientService(m_db->db).find(m_client);
    QVERIFY(stored.ok());
    QCOMPARE(stored->email(), QStringLiteral("accounts@example.org"));
    QCOMPARE(stored->value(QStringLiteral("address1")), QStringLiteral("22 New Street"));
    QCOMPARE(stored->value(QStringLiteral("country")), QStringLiteral("FR"));

    auto reopened = openWindow();
    QCOMPARE(qobject_cast<QLineEdit*>(reopened->editor(QStringLiteral("email")))->text(),
             QStringLiteral("accounts@example.org"));
    QCOMPARE(qobject_cast<QLineEdit*>(reopened->editor(QStringLiteral("address1")))->text(),
             QStringLiteral("22 New Street"));
    QVERIFY(qobject_cast<QComboBox*>(reopened->editor(QStringLiteral("country")))
                ->currentText()
                .contains(QStringLiteral("France")));
}

void TestClientProfileWindow::invalidEmailIsShownNextToTheFieldAndNothingIsSaved()
{
    auto w = openWindow();
    replaceText(w->editor(QStringLiteral("email")), QStringLiteral("not an email"));
    replaceText(w->editor(QStringLiteral("city")), QStringLiteral("Paris"));
    save(*w);
    auto* error = w->findChild<QLabel*>(QStringLiteral("emailError"));
    QVERIFY(error);
    QVERIFY(error->isVisible());
    QVERIFY2(error->text().contains(QStringLiteral("not a valid email")),
             qPrintable(error->text()));
    QVERIFY(error->text().startsWith(QStringLiteral("⚠"))); // marked by a sign, not by colour
    QVERIFY(!w->editor(QStringLiteral("email"))->accessibleDescription().isEmpty());
    QVERIFY(w->hasUnsavedChanges());

    auto stored = ClientService(m_db->db).find(m_client);
    QCOMPARE(stored->email(), QStringLiteral("ada@example.com"));
    QCOMPARE(stored->value(QStringLiteral("city")), QStringLiteral("London"));

    // Correcting it clears the message and saves.
    replaceText(w->editor(QStringLiteral("email")), QStringLiteral("ada@example.net"));
    save(*w);
    QVERIFY(!error->isVisible());
    QCOMPARE(ClientService(m_db->db).find(m_client)->email(), QStringLiteral("ada@example.net"));
}

void TestClientProfileWindow::staleSaveShowsTheConflictDialog()
{
    auto w = openWindow();
    // Another admin changes the city after this window loaded the client.
    auto other = m_db->openAgain();
    auto theirs = ClientService(other).find(m_client);
    QVERIFY(theirs.ok());
    QVERIFY(ClientService(other)
                .update(*theirs, {{QStringLiteral("city"), QStringLiteral("Leeds")}})
                .ok());

    replaceText(w->editor(QStringLiteral("city")), QStringLiteral("York"));
    save(*w);
    ui::ConflictDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = w->findChild<ui::ConflictDialog*>()) && dialog->isVisible());
    QTableWidget* table = dialog->table();
    bool listed = false;
    for (int r = 0; r < table->rowCount(); ++r) {
        if (table->item(r, 0)->text() != QLatin1String("City"))
            continue;
        listed = true;
        QString row;
        for (int c = 0; c < table->columnCount(); ++c)
            row += table->item(r, c)->text() + QLatin1Char('|');
        QVERIFY2(row.contains(QStringLiteral("York")) && row.contains(QStringLiteral("Leeds")),
                 qPrintable(row));
    }
    QVERIFY(listed);
    // Nothing was overwritten.
    QCOMPARE(ClientService(m_db->db).find(m_client)->value(QStringLiteral("city")),
             QStringLiteral("Leeds"));

    // Reload drops mine and shows theirs.
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("reloadButton")),
                      Qt::LeftButton);
    QTRY_VERIFY(!w->findChild<ui::ConflictDialog*>());
    QCOMPARE(qobject_cast<QLineEdit*>(w->editor(QStringLiteral("city")))->text(),
             QStringLiteral("Leeds"));
    QVERIFY(!w->hasUnsavedChanges());
}

void TestClientProfileWindow::reapplyAfterAConflictSavesMyEdits()
{
    auto w = openWindow();
    auto other = m_db->openAgain();
    auto theirs = ClientService(other).find(m_client);
    QVERIFY(ClientService(other)
                .update(*theirs, {{QStringLiteral("companyname"), QStringLiteral("Their Ltd")}})
                .ok());
    replaceText(w->editor(QStringLiteral("city")), QStringLiteral("York"));
    save(*w);
    ui::ConflictDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = w->findChild<ui::ConflictDialog*>()) && dialog->isVisible());
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("reapplyButton")),
                      Qt::LeftButton);
    QTRY_VERIFY(!w->findChild<ui::ConflictDialog*>());
    // Their company name is loaded, my city is put back on top, awaiting Save.
    QCOMPARE(qobject_cast<QLineEdit*>(w->editor(QStringLiteral("companyname")))->text(),
             QStringLiteral("Their Ltd"));
    QCOMPARE(qobject_cast<QLineEdit*>(w->editor(QStringLiteral("city")))->text(),
             QStringLiteral("York"));
    QVERIFY(w->hasUnsavedChanges());
    save(*w);
    auto stored = ClientService(m_db->db).find(m_client);
    QCOMPARE(stored->value(QStringLiteral("city")), QStringLiteral("York"));
    QCOMPARE(stored->companyName(), QStringLiteral("Their Ltd"));
}

void TestClientProfileWindow::emailWarnsWhenTheOwnerUsersEmailDiffers()
{
    auto w = openWindow();
    auto* warning = w->findChild<QLabel*>(QStringLiteral("emailWarning"));
    QVERIFY(warning);
    QVERIFY(!warning->isVisible()); // the owner was made from the client: same email
    replaceText(w->editor(QStringLiteral("email")), QStringLiteral("billing@example.com"));
    QVERIFY(warning->isVisible());
    QVERIFY(warning->text().contains(QStringLiteral("ada@example.com")));
    replaceText(w->editor(QStringLiteral("email")), QStringLiteral("ada@example.com"));
    QVERIFY(!warning->isVisible());
}

void TestClientProfileWindow::removeAccessIsDisabledForTheOwner()
{
    auto w = openWindow();
    showUsersTab(*w);
    auto* model = w->usersModel();
    QCOMPARE(model->idAt(0), m_owner); // the owner first
    QCOMPARE(model->index(0, ClientUsersListQuery::OwnerColumn).data().toString(),
             QStringLiteral("Owner"));
    QCOMPARE(model->index(0, ClientUsersListQuery::PermissionsColumn).data().toString(),
             Permissions::all().summary());
    QVERIFY(model->index(1, ClientUsersListQuery::NameEmailColumn)
                .data()
                .toString()
                .contains(QStringLiteral("sam@example.com")));
    auto* remove = w->findChild<QPushButton*>(QStringLiteral("removeAccessButton"));
    auto* permissions = w->findChild<QPushButton*>(QStringLiteral("permissionsButton"));

    selectUserRow(*w, 0);
    QVERIFY(!remove->isEnabled());
    QVERIFY(remove->toolTip().contains(QStringLiteral("owner cannot be removed")));
    QVERIFY(!permissions->isEnabled());
    QCOMPARE(permissions->toolTip(),
             QStringLiteral("This user is the account owner and therefore has all permissions."));
    QVERIFY(w->findChild<QLabel*>(QStringLiteral("ownerNote"))->isVisible());

    selectUserRow(*w, 1);
    QVERIFY(remove->isEnabled());
    QTest::mouseClick(remove, Qt::LeftButton);
    QMessageBox* confirm = nullptr;
    QTRY_VERIFY((confirm = w->findChild<QMessageBox*>(QStringLiteral("confirmRemoveAccess"))) &&
                confirm->isVisible());
    clickButton(confirm, QStringLiteral("confirmButton"));
    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(links().size(), 1);
}

void TestClientProfileWindow::makeOwnerMovesTheOwnerLabel()
{
    auto w = openWindow();
    showUsersTab(*w);
    auto* model = w->usersModel();
    selectUserRow(*w, 1);
    QCOMPARE(model->idAt(1), m_staff);
    clickButton(w.get(), QStringLiteral("makeOwnerButton"));
    QMessageBox* confirm = nullptr;
    QTRY_VERIFY((confirm = w->findChild<QMessageBox*>(QStringLiteral("confirmMakeOwner"))) &&
                confirm->isVisible());
    clickButton(confirm, QStringLiteral("confirmButton"));
    QTRY_VERIFY(model->idAt(0) == m_staff &&
                model->index(0, ClientUsersListQuery::OwnerColumn).data().toString() ==
                    QLatin1String("Owner"));
    QTRY_VERIFY(model->idAt(1) == m_owner);
    QCOMPARE(model->index(1, ClientUsersListQuery::OwnerColumn).data().toString(), QString());
    // The former owner keeps every permission.
    QCOMPARE(model->index(1, ClientUsersListQuery::PermissionsColumn).data().toString(),
             Permissions::all().summary());
    for (const Access& link : links())
        QCOMPARE(link.owner, link.userId == m_staff);
    // The new owner stays selected, and may no longer be removed.
    QTRY_COMPARE(w->usersTable()->currentIndex().row(), 0);
    QVERIFY(!w->findChild<QPushButton*>(QStringLiteral("removeAccessButton"))->isEnabled());
}

void TestClientProfileWindow::permissionsOfALinkAreChangedWithCheckboxes()
{
    auto w = openWindow();
    showUsersTab(*w);
    selectUserRow(*w, 1);
    clickButton(w.get(), QStringLiteral("permissionsButton"));
    QDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = w->findChild<QDialog*>(QStringLiteral("accessPermissionsDialog"))) &&
                dialog->isVisible());
    auto* tickets = dialog->findChild<QCheckBox*>(QStringLiteral("permission_tickets"));
    QVERIFY(tickets);
    QCOMPARE(tickets->text(), QStringLiteral("View && Open Support Tickets"));
    QCOMPARE(tickets->accessibleName(), QStringLiteral("View & Open Support Tickets"));
    tickets->setFocus();
    QTest::keyClick(tickets, Qt::Key_Space);
    QVERIFY(tickets->isChecked());
    QTest::keyClick(dialog, Qt::Key_Return);
    QTRY_VERIFY(!w->findChild<QDialog*>(QStringLiteral("accessPermissionsDialog")));
    Permissions expected;
    expected.set(Permission::Invoices);
    expected.set(Permission::Tickets);
    for (const Access& link : links())
        if (link.userId == m_staff)
            QCOMPARE(link.stored, expected);
    QTRY_COMPARE(
        w->usersModel()->index(1, ClientUsersListQuery::PermissionsColumn).data().toString(),
        expected.summary());
}

void TestClientProfileWindow::manageUserOpensTheUserDialog()
{
    auto w = openWindow();
    showUsersTab(*w);
    selectUserRow(*w, 1);
    clickButton(w.get(), QStringLiteral("manageUserButton"));
    ui::ManageUserDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = w->findChild<ui::ManageUserDialog*>()) && dialog->isVisible());
    QCOMPARE(dialog->userId(), m_staff);
    QTest::keyClick(dialog, Qt::Key_Escape);
    QTRY_VERIFY(!w->findChild<ui::ManageUserDialog*>());
}

void TestClientProfileWindow::associatingANewEmailCreatesAnInviteAndShowsItsToken()
{
    auto w = openWindow();
    showUsersTab(*w);
    clickButton(w.get(), QStringLiteral("associateUserButton"));
    ui::AssociateUserDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = w->findChild<ui::AssociateUserDialog*>()) && dialog->isVisible());
    auto* newEmail = dialog->findChild<QRadioButton*>(QStringLiteral("newEmailChoice"));
    newEmail->setFocus();
    QTest::keyClick(newEmail, Qt::Key_Space);
    QVERIFY(newEmail->isChecked());
    auto* email = dialog->findChild<QLineEdit*>(QStringLiteral("email"));
    QVERIFY(email->isVisible());
    QCOMPARE(email->accessibleName(), QStringLiteral("Email Address"));
    QTest::mouseClick(email, Qt::LeftButton);
    QTest::keyClicks(email, QStringLiteral("newcomer@example.com"));
    auto* tickets = dialog->findChild<QCheckBox*>(QStringLiteral("permission_tickets"));
    tickets->setFocus();
    QTest::keyClick(tickets, Qt::Key_Space);
    clickButton(dialog, QStringLiteral("associateButton"));

    QLineEdit* link = dialog->inviteLinkField();
    QTRY_VERIFY(link->isVisible());
    QVERIFY(link->isReadOnly());
    auto q = runSql(m_db->db->connection(),
                    QStringLiteral("SELECT token, email, permissions FROM tbluser_invites "
                                   "WHERE client_id = ?"),
                    {m_client});
    QVERIFY(q.ok());
    QVERIFY(q->next());
    const QString token = q->value(0).toString();
    QVERIFY(!token.isEmpty());
    QCOMPARE(q->value(1).toString(), QStringLiteral("newcomer@example.com"));
    QCOMPARE(q->value(2).toString(), QStringLiteral("tickets"));
    QCOMPARE(link->text(), ui::inviteLink(token));
    QVERIFY(link->text().contains(token));

    // The window lists it as pending, with its time left.
    QTableWidget* invites = w->invitesTable();
    QTRY_COMPARE(invites->rowCount(), 1);
    QCOMPARE(invites->item(0, 0)->text(), QStringLiteral("newcomer@example.com"));
    QVERIFY2(invites->item(0, 2)->text().contains(QStringLiteral("6 day")),
             qPrintable(invites->item(0, 2)->text()));
    clickButton(dialog, QStringLiteral("closeButton"));
    QTRY_VERIFY(!w->findChild<ui::AssociateUserDialog*>());

    clickButton(w.get(), QStringLiteral("copyInviteLinkButton"));
    QCOMPARE(QApplication::clipboard()->text(), ui::inviteLink(token));
    clickButton(w.get(), QStringLiteral("cancelInviteButton"));
    QMessageBox* confirm = nullptr;
    QTRY_VERIFY((confirm = w->findChild<QMessageBox*>(QStringLiteral("confirmCancelInvite"))) &&
                confirm->isVisible());
    clickButton(confirm, QStringLiteral("confirmButton"));
    QTRY_COMPARE(invites->rowCount(), 0);
    QCOMPARE(AccessService(m_db->db).pendingInvites(m_client)->size(), 0);
}

void TestClientProfileWindow::associatingAnExistingUserLinksIt()
{
    auto extra = UserService(m_db->db).add({QStringLiteral("Zoë"),
                                            QStringLiteral("Extra"),
                                            QStringLiteral("zoe@example.com"),
                                            {},
                                            {}});
    QVERIFY(extra.ok());
    auto w = openWindow();
    showUsersTab(*w);
    clickButton(w.get(), QStringLiteral("associateUserButton"));
    ui::AssociateUserDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = w->findChild<ui::AssociateUserDialog*>()) && dialog->isVisible());
    auto* search = dialog->findChild<QLineEdit*>(QStringLiteral("userSearch"));
    QCOMPARE(search->accessibleName(), QStringLiteral("Find user"));
    QTest::mouseClick(search, Qt::LeftButton);
    QTest::keyClicks(search, QStringLiteral("zoe@"));
    auto* list = dialog->findChild<QTableView*>(QStringLiteral("userList"));
    QTRY_VERIFY(dialog->usersModel()->rowCount() == 1 && dialog->usersModel()->idAt(0) == *extra);
    QTest::mouseClick(list->viewport(), Qt::LeftButton, {},
                      list->visualRect(dialog->usersModel()->index(0, 1)).center());
    auto* emails = dialog->findChild<QCheckBox*>(QStringLiteral("permission_emails"));
    emails->setFocus();
    QTest::keyClick(emails, Qt::Key_Space);
    clickButton(dialog, QStringLiteral("associateButton"));
    QTRY_VERIFY(!w->findChild<ui::AssociateUserDialog*>());
    QTRY_COMPARE(w->usersModel()->rowCount(), 3);
    bool linked = false;
    for (const Access& link : links())
        if (link.userId == *extra) {
            linked = true;
            QVERIFY(link.stored.has(Permission::Emails));
        }
    QVERIFY(linked);
}

void TestClientProfileWindow::associateNeedsAPermission()
{
    auto w = openWindow();
    showUsersTab(*w);
    clickButton(w.get(), QStringLiteral("associateUserButton"));
    ui::AssociateUserDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = w->findChild<ui::AssociateUserDialog*>()) && dialog->isVisible());
    auto* newEmail = dialog->findChild<QRadioButton*>(QStringLiteral("newEmailChoice"));
    newEmail->setFocus();
    QTest::keyClick(newEmail, Qt::Key_Space);
    auto* email = dialog->findChild<QLineEdit*>(QStringLiteral("email"));
    QTest::mouseClick(email, Qt::LeftButton);
    QTest::keyClicks(email, QStringLiteral("someone@example.com"));
    clickButton(dialog, QStringLiteral("associateButton"));
    auto* error = dialog->findChild<QLabel*>(QStringLiteral("permissionsError"));
    QVERIFY(error->isVisible());
    QVERIFY(error->text().contains(QStringLiteral("at least one permission")));
    QCOMPARE(AccessService(m_db->db).pendingInvites(m_client)->size(), 0);
    QTest::keyClick(dialog, Qt::Key_Escape);
    QTRY_VERIFY(!w->findChild<ui::AssociateUserDialog*>());
}

void TestClientProfileWindow::unsavedChangesPromptOnClose()
{
    auto w = openWindow();
    replaceText(w->editor(QStringLiteral("city")), QStringLiteral("Bath"));
    QVERIFY(!w->close());
    QMessageBox* box = nullptr;
    QTRY_VERIFY((box = w->findChild<QMessageBox*>(QStringLiteral("unsavedChangesBox"))) &&
                box->isVisible());
    QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
    QTRY_VERIFY(!w->findChild<QMessageBox*>(QStringLiteral("unsavedChangesBox")));
    QVERIFY(w->isVisible());
    QVERIFY(w->hasUnsavedChanges());

    QVERIFY(!w->close());
    QTRY_VERIFY((box = w->findChild<QMessageBox*>(QStringLiteral("unsavedChangesBox"))) &&
                box->isVisible());
    QTest::mouseClick(box->button(QMessageBox::Discard), Qt::LeftButton);
    QTRY_VERIFY(!w->isVisible());
    QCOMPARE(ClientService(m_db->db).find(m_client)->value(QStringLiteral("city")),
             QStringLiteral("London"));

    // Save from the prompt stores the change, then closes.
    auto again = openWindow();
    replaceText(again->editor(QStringLiteral("city")), QStringLiteral("Bath"));
    QVERIFY(!again->close());
    QTRY_VERIFY((box = again->findChild<QMessageBox*>(QStringLiteral("unsavedChangesBox"))) &&
                box->isVisible());
    QTest::mouseClick(box->button(QMessageBox::Save), Qt::LeftButton);
    QTRY_VERIFY(!again->isVisible());
    QCOMPARE(ClientService(m_db->db).find(m_client)->value(QStringLiteral("city")),
             QStringLiteral("Bath"));
}

void TestClientProfileWindow::windowRemembersItsSize()
{
    {
        auto w = openWindow();
        w->resize(700, 555);
        QVERIFY(w->close());
    }
    auto w = openWindow();
    QCOMPARE(w->size(), QSize(700, 555));
}

void TestClientProfileWindow::associatingANewEmailCanCreateTheUserNow()
{
    auto w = openWindow();
    showUsersTab(*w);
    clickButton(w.get(), QStringLiteral("associateUserButton"));
    ui::AssociateUserDialog* dialog = nullptr;
    QTRY_VERIFY((dialog = w->findChild<ui::AssociateUserDialog*>()) && dialog->isVisible());
    auto* newEmail = dialog->findChild<QRadioButton*>(QStringLiteral("newEmailChoice"));
    newEmail->setFocus();
    QTest::keyClick(newEmail, Qt::Key_Space);
    auto* createNow = dialog->findChild<QRadioButton*>(QStringLiteral("createNowChoice"));
    createNow->setFocus();
    QTest::keyClick(createNow, Qt::Key_Space);
    QVERIFY(createNow->isChecked());
    const QList<std::pair<QString, QString>> typed{
        {QStringLiteral("email"), QStringLiteral("Grace@Example.com")},
        {QStringLiteral("firstName"), QStringLiteral("Grace")},
        {QStringLiteral("lastName"), QStringLiteral("Hopper")}};
    for (const auto& [name, text] : typed) {
        auto* edit = dialog->findChild<QLineEdit*>(name);
        QTest::mouseClick(edit, Qt::LeftButton);
        QTest::keyClicks(edit, text);
    }
    clickButton(dialog, QStringLiteral("generatePasswordButton"));
    const QString password = dialog->findChild<QLineEdit*>(QStringLiteral("password"))->text();
    QVERIFY(password.size() >= 8);
    auto* domains = dialog->findChild<QCheckBox*>(QStringLiteral("permission_domains"));
    domains->setFocus();
    QTest::keyClick(domains, Qt::Key_Space);
    clickButton(dialog, QStringLiteral("associateButton"));
    QTRY_COMPARE(w->usersModel()->rowCount(), 3);
    auto signedIn =
        UserService(m_db->db).checkSignIn(QStringLiteral("grace@example.com"), password);
    QVERIFY2(signedIn.ok(), qPrintable(signedIn ? QString() : signedIn.error().message));
    bool linked = false;
    for (const Access& link : links())
        linked = linked || (link.userId == signedIn->id && link.stored.has(Permission::Domains));
    QVERIFY(linked);
    // The password stays readable to copy until the dialog is closed.
    QCOMPARE(dialog->findChild<QLineEdit*>(QStringLiteral("password"))->text(), password);
    QVERIFY(!dialog->findChild<QPushButton*>(QStringLiteral("associateButton"))->isEnabled());
}

void TestClientProfileWindow::aSaveInOneWindowIsShownInAnother()
{
    ClientProfileWindow second(m_db->db, m_client);
    second.show();
    auto w = openWindow();
    replaceText(w->editor(QStringLiteral("tax_id")), QStringLiteral("GB123"));
    save(*w);
    QCOMPARE(qobject_cast<QLineEdit*>(second.editor(QStringLiteral("tax_id")))->text(),
             QStringLiteral("GB123"));
    QVERIFY(!second.hasUnsavedChanges());
}

QTEST_MAIN(TestClientProfileWindow)
#include "tst_clientprofilewindow.moc"
