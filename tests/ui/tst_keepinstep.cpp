#include "clientprofilewindow.h"
#include "keepinstepdialog.h"
#include "mainwindow.h"
#include "manageuserdialog.h"
#include "services/accessservice.h"
#include "services/clientservice.h"
#include "services/matchservice.h"
#include "services/userservice.h"
#include "testsupport.h"
#include "uitesting.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QStandardPaths>
#include <QTest>
#include <QTimer>

#include <memory>

using namespace accord;
using accord::test::child;
using accord::test::retype;
using accord::test::TempDatabase;
using accord::ui::KeepInStepDialog;

namespace {

// Answers the keep-in-step question when it comes: it is modal, and save() waits for it.
class StepAnswer : public QObject
{
public:
    explicit StepAnswer(const char* button) : m_button(QLatin1String(button))
    {
        connect(&m_timer, &QTimer::timeout, this, [this] {
            auto* dialog = qobject_cast<KeepInStepDialog*>(QApplication::activeModalWidget());
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

} // namespace

class TestKeepInStep : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_db = std::make_unique<TempDatabase>();
        const DatabasePtr& db = m_db->db;
        m_ann = test::addUser(db, QStringLiteral("Ann"), QStringLiteral("Lee"),
                              QStringLiteral("ann@example.com"));
        m_client = test::addClient(db, m_ann, QStringLiteral("Ann"), QStringLiteral("Lee"),
                                   QStringLiteral("ann@example.com"));
    }

    void cleanup()
    {
        m_user.reset();
        m_profile.reset();
        m_db.reset();
    }

    void theToolsMenuChoiceIsRememberedInTheDatabase()
    {
        {
            ui::MainWindow window(m_db->db);
            window.show();
            window.activateWindow();
            QVERIFY(QTest::qWaitForWindowActive(&window));
            QAction* action = window.keepInStepAction();
            QVERIFY(action->isCheckable());
            QVERIFY(!action->isChecked());
            // Tools ▸ Keep Owners' Details in Step, from the keyboard.
            QTest::keyClick(&window, Qt::Key_T, Qt::AltModifier);
            QMenu* menu = nullptr;
            QTRY_VERIFY((menu = qobject_cast<QMenu*>(QApplication::activePopupWidget())));
            QVERIFY(menu->actions().contains(action));
            QTest::keyClick(menu, Qt::Key_K);
            QTRY_VERIFY(action->isChecked());
            QVERIFY(MatchService(m_db->db).keepInStep());
        }
        // Another window on the same database (or another admin) finds it on.
        ui::MainWindow again(m_db->db);
        QVERIFY(again.keepInStepAction()->isChecked());
        again.keepInStepAction()->trigger();
        QVERIFY(!MatchService(m_db->db).keepInStep());
    }

    void savingAnOwnerOffersTheClientChangeAndSaveBothChangesBoth()
    {
        QVERIFY(MatchService(m_db->db).setKeepInStep(true).ok());
        ui::ManageUserDialog* dialog = openUser(m_ann);
        retype(child<QLineEdit>(dialog, "lastName"), QStringLiteral("Leigh"));
        retype(child<QLineEdit>(dialog, "email"), QStringLiteral("ann.leigh@example.com"));
        const QStringList logBefore = test::descriptions(*m_db->db);

        StepAnswer answer("saveBothButton");
        QTest::mouseClick(child<QPushButton>(dialog, "saveButton"), Qt::LeftButton);
        QVERIFY(answer.asked);
        QCOMPARE(answer.lines,
                 (QStringList{
                     QStringLiteral("Client %1 Email: \"ann@example.com\" → "
                                    "\"ann.leigh@example.com\"")
                         .arg(m_client),
                     QStringLiteral("Client %1 Last Name: \"Lee\" → \"Leigh\"").arg(m_client)}));
        QVERIFY(!dialog->hasUnsavedChanges());
        Database& db = *m_db->db;
        QCOMPARE(test::storedText(db, "SELECT last_name FROM tblusers WHERE id = ?", m_ann),
                 QStringLiteral("Leigh"));
        QCOMPARE(test::storedText(db, "SELECT email FROM tblusers WHERE id = ?", m_ann),
                 QStringLiteral("ann.leigh@example.com"));
        QCOMPARE(test::storedText(db, "SELECT lastname FROM tblclients WHERE id = ?", m_client),
                 QStringLiteral("Leigh"));
        QCOMPARE(test::storedText(db, "SELECT email FROM tblclients WHERE id = ?", m_client),
                 QStringLiteral("ann.leigh@example.com"));
        // One save: a log row for each record, and the pair no longer differs.
        QCOMPARE(test::descriptions(db).size(), logBefore.size() + 2);
        QCOMPARE(test::column(db, QStringLiteral("SELECT count(*) FROM accord_link_differences "
                                                 "WHERE open = 1"))
                     .toInt(),
                 0);
    }

    void saveOnlyThisChangesOnlyTheUser()
    {
        QVERIFY(MatchService(m_db->db).setKeepInStep(true).ok());
        ui::ManageUserDialog* dialog = openUser(m_ann);
        retype(child<QLineEdit>(dialog, "firstName"), QStringLiteral("Anna"));
        StepAnswer answer("saveOnlyThisButton");
        QTest::mouseClick(child<QPushButton>(dialog, "saveButton"), Qt::LeftButton);
        QVERIFY(answer.asked);
        QCOMPARE(
            answer.lines,
            QStringList{QStringLiteral("Client %1 First Name: \"Ann\" → \"Anna\"").arg(m_client)});
        QVERIFY(!dialog->hasUnsavedChanges());
        QCOMPARE(test::storedText(*m_db->db, "SELECT first_name FROM tblusers WHERE id = ?", m_ann),
                 QStringLiteral("Anna"));
        QCOMPARE(
            test::storedText(*m_db->db, "SELECT firstname FROM tblclients WHERE id = ?", m_client),
            QStringLiteral("Ann"));
    }

    void cancelSavesNothingAndKeepsTheEdits()
    {
        QVERIFY(MatchService(m_db->db).setKeepInStep(true).ok());
        ui::ManageUserDialog* dialog = openUser(m_ann);
        retype(child<QLineEdit>(dialog, "firstName"), QStringLiteral("Anna"));
        StepAnswer answer("cancelButton");
        QTest::mouseClick(child<QPushButton>(dialog, "saveButton"), Qt::LeftButton);
        QVERIFY(answer.asked);
        QVERIFY(dialog->hasUnsavedChanges());
        QCOMPARE(child<QLineEdit>(dialog, "firstName")->text(), QStringLiteral("Anna"));
        QCOMPARE(test::storedText(*m_db->db, "SELECT first_name FROM tblusers WHERE id = ?", m_ann),
                 QStringLiteral("Ann"));
    }

    void withKeepInStepOffSavingAsksNothing()
    {
        ui::ManageUserDialog* dialog = openUser(m_ann);
        retype(child<QLineEdit>(dialog, "firstName"), QStringLiteral("Anna"));
        StepAnswer answer("cancelButton");
        QTest::mouseClick(child<QPushButton>(dialog, "saveButton"), Qt::LeftButton);
        QTest::qWait(50);
        QVERIFY(!answer.asked);
        QVERIFY(!dialog->hasUnsavedChanges());
        QCOMPARE(test::storedText(*m_db->db, "SELECT first_name FROM tblusers WHERE id = ?", m_ann),
                 QStringLiteral("Anna"));
        QCOMPARE(
            test::storedText(*m_db->db, "SELECT firstname FROM tblclients WHERE id = ?", m_client),
            QStringLiteral("Ann"));
    }

    void aUserWhoOwnsNoClientIsNotAsked()
    {
        QVERIFY(MatchService(m_db->db).setKeepInStep(true).ok());
        auto sam =
            UserService(m_db->db).add({QStringLiteral("Sam"), QStringLiteral("Staff"),
                                       QStringLiteral("sam@example.com"), QString(), QString()});
        QVERIFY(sam.ok());
        QVERIFY(AccessService(m_db->db).grant(*sam, m_client, Permissions::all()).ok());
        ui::ManageUserDialog* dialog = openUser(*sam);
        retype(child<QLineEdit>(dialog, "firstName"), QStringLiteral("Samuel"));
        StepAnswer answer("cancelButton");
        QTest::mouseClick(child<QPushButton>(dialog, "saveButton"), Qt::LeftButton);
        QTest::qWait(50);
        QVERIFY(!answer.asked);
        QCOMPARE(test::storedText(*m_db->db, "SELECT first_name FROM tblusers WHERE id = ?", *sam),
                 QStringLiteral("Samuel"));
    }

    void savingAnOwnedClientOffersTheOwnerChangeAndSaveBothChangesBoth()
    {
        QVERIFY(MatchService(m_db->db).setKeepInStep(true).ok());
        m_profile = std::make_unique<ui::ClientProfileWindow>(m_db->db, m_client);
        m_profile->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_profile.get()));
        retype(child<QLineEdit>(m_profile.get(), "firstname"), QStringLiteral("Annie"));
        retype(child<QLineEdit>(m_profile.get(), "city"), QStringLiteral("Leeds"));
        StepAnswer answer("saveBothButton");
        QTest::mouseClick(child<QPushButton>(m_profile.get(), "saveButton"), Qt::LeftButton);
        QVERIFY(answer.asked);
        // Only compared fields cross over: the city is the client's alone.
        QCOMPARE(answer.lines,
                 QStringList{QStringLiteral("User %1 First Name: \"Ann\" → \"Annie\"").arg(m_ann)});
        QVERIFY(!m_profile->hasUnsavedChanges());
        QCOMPARE(
            test::storedText(*m_db->db, "SELECT firstname FROM tblclients WHERE id = ?", m_client),
            QStringLiteral("Annie"));
        QCOMPARE(test::storedText(*m_db->db, "SELECT city FROM tblclients WHERE id = ?", m_client),
                 QStringLiteral("Leeds"));
        QCOMPARE(test::storedText(*m_db->db, "SELECT first_name FROM tblusers WHERE id = ?", m_ann),
                 QStringLiteral("Annie"));
    }

    void savingAnOwnedClientWithSaveOnlyThisLeavesTheOwner()
    {
        QVERIFY(MatchService(m_db->db).setKeepInStep(true).ok());
        m_profile = std::make_unique<ui::ClientProfileWindow>(m_db->db, m_client);
        m_profile->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_profile.get()));
        retype(child<QLineEdit>(m_profile.get(), "email"), QStringLiteral("billing@example.com"));
        StepAnswer answer("saveOnlyThisButton");
        QTest::mouseClick(child<QPushButton>(m_profile.get(), "saveButton"), Qt::LeftButton);
        QVERIFY(answer.asked);
        QCOMPARE(test::storedText(*m_db->db, "SELECT email FROM tblclients WHERE id = ?", m_client),
                 QStringLiteral("billing@example.com"));
        QCOMPARE(test::storedText(*m_db->db, "SELECT email FROM tblusers WHERE id = ?", m_ann),
                 QStringLiteral("ann@example.com"));
    }

private:
    ui::ManageUserDialog* openUser(qint64 id)
    {
        m_user = std::make_unique<ui::ManageUserDialog>(m_db->db, id);
        m_user->show();
        if (!QTest::qWaitForWindowExposed(m_user.get()))
            qFatal("the Manage User dialog did not show");
        return m_user.get();
    }

    std::unique_ptr<TempDatabase> m_db;
    std::unique_ptr<ui::ManageUserDialog> m_user;
    std::unique_ptr<ui::ClientProfileWindow> m_profile;
    qint64 m_ann = 0;
    qint64 m_client = 0;
};

QTEST_MAIN(TestKeepInStep)
#include "tst_keepinstep.moc"
