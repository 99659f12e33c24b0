#include "activitylogview.h"
#include "clientprofilewindow.h"
#include "listview.h"
#include "mainwindow.h"
#include "manageuserdialog.h"
#include "models/userlistquery.h"
#include "newuserdialog.h"
#include "services/clientservice.h"
#include "services/userservice.h"
#include "testsupport.h"

#include <QAbstractItemModelTester>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace accord;
using accord::test::TempDatabase;
using accord::ui::MainWindow;

class TestMainWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_db = std::make_unique<TempDatabase>();
        m_ids.clear();
        UserService users(m_db->db);
        for (int i = 0; i < 12; ++i) {
            auto id = users.add({QStringLiteral("First%1").arg(i),
                                 QStringLiteral("Last%1").arg(i),
                                 QStringLiteral("user%1@example.com").arg(i),
                                 QString(),
                                 {}});
            QVERIFY(id.ok());
            m_ids << *id;
        }
        auto client = ClientService(m_db->db).add(
            {{QStringLiteral("firstname"), QStringLiteral("Cleo")},
             {QStringLiteral("lastname"), QStringLiteral("Client")},
             {QStringLiteral("email"), QStringLiteral("cleo@example.com")},
             {QStringLiteral("country"), QStringLiteral("FR")}});
        QVERIFY(client.ok());
        m_client = *client;
        m_window = std::make_unique<MainWindow>(m_db->db);
        for (auto* model : {m_window->usersView()->model(), m_window->clientsView()->model(),
                            m_window->activityView()->model()})
            m_testers.push_back(std::make_unique<QAbstractItemModelTester>(
                model, QAbstractItemModelTester::FailureReportingMode::QtTest));
        m_window->show();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    void cleanup()
    {
        m_testers.clear();
        m_window.reset();
        m_db.reset();
    }

    void manageUsersShowsUsersIdDescending()
    {
        QTest::keyClick(m_window.get(), Qt::Key_U, Qt::AltModifier); // "Manage &Users"
        QCOMPARE(m_window->tabs()->currentWidget(), m_window->usersView());
        const LazyListModel* model = m_window->usersView()->model();
        // 12 users, plus the owner made for the client.
        QTRY_COMPARE(model->rowCount(), 13);
        QTRY_VERIFY(model->isRowLoaded(12));
        QList<qint64> shown;
        for (int r = 0; r < model->rowCount(); ++r)
            shown << model->idAt(r);
        QList<qint64> expected = shown;
        std::sort(expected.begin(), expected.end(), std::greater<>());
        QCOMPARE(shown, expected);
        QVERIFY(shown.contains(m_ids.first()));
        QTRY_VERIFY(m_window->findChild<QLabel*>(QStringLiteral("counts"))
                        ->text()
                        .contains(QStringLiteral("13 users")));
    }

    void ctrlFFocusesTheSearchAndIdFindsTheUserAndEnterOpensIt()
    {
        QTest::keyClick(m_window.get(), Qt::Key_U, Qt::AltModifier);
        ui::ListView* view = m_window->usersView();
        view->table()->setFocus();
        QTest::keyClick(view->table(), Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(view->searchBox()->hasFocus());

        const qint64 wanted = m_ids.at(4);
        QTest::keyClicks(view->searchBox(), QStringLiteral("#%1").arg(wanted));
        QTRY_COMPARE(view->model()->rowCount(), 1);
        QTRY_COMPARE(view->model()->idAt(0), wanted);
        QCOMPARE(view->model()->index(0, UserListQuery::Email).data(Qt::EditRole).toString(),
                 QStringLiteral("user4@example.com"));

        QTest::keyClick(view->searchBox(), Qt::Key_Tab); // into the list: its first row
        QTRY_VERIFY(view->table()->hasFocus());
        QTest::keyClick(view->table(), Qt::Key_Return);
        ui::ManageUserDialog* dialog = m_window->userDialog(wanted);
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->findChild<QLineEdit*>(QStringLiteral("email"))->text(),
                 QStringLiteral("user4@example.com"));
        // Activating the same user again raises the same dialog.
        QCOMPARE(m_window->openUser(wanted), dialog);
    }

    void newUserFromTheToolbarAppearsInManageUsers()
    {
        QTest::keyClick(m_window.get(), Qt::Key_U, Qt::AltModifier);
        QTest::keyClick(m_window.get(), Qt::Key_U, Qt::ControlModifier | Qt::ShiftModifier);
        ui::NewUserDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = m_window->findChild<ui::NewUserDialog*>()) && dialog->isVisible());
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("firstName")),
                         QStringLiteral("Nora"));
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("lastName")),
                         QStringLiteral("Newcomer"));
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("email")),
                         QStringLiteral("nora@example.com"));
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("createButton")),
                          Qt::LeftButton);
        QTRY_VERIFY(!dialog->isVisible() || dialog->createdId() != 0);
        const LazyListModel* model = m_window->usersView()->model();
        QTRY_COMPARE(model->index(0, UserListQuery::Email).data(Qt::EditRole).toString(),
                     QStringLiteral("nora@example.com"));
    }

    void clientActivationOpensOneProfileWindowPerClient()
    {
        QTest::keyClick(m_window.get(), Qt::Key_C, Qt::AltModifier); // "&Clients"
        ui::ListView* view = m_window->clientsView();
        QCOMPARE(m_window->tabs()->currentWidget(), view);
        QTRY_COMPARE(view->model()->idAt(0), m_client);
        view->table()->setFocus();
        QTRY_VERIFY(view->table()->currentIndex().isValid());
        QTest::keyClick(view->table(), Qt::Key_Return);
        ui::ClientProfileWindow* profile = m_window->clientWindow(m_client);
        QVERIFY(profile);
        QTRY_VERIFY(profile->isVisible());
        QCOMPARE(profile->clientId(), m_client);
        QTest::keyClick(view->table(), Qt::Key_Return);
        QCOMPARE(m_window->clientWindow(m_client), profile);
        QCOMPARE(m_window->findChildren<ui::ClientProfileWindow*>().size(), 1);
    }

    void aUserSaveRereadsTheListsThatShowUsersOnly()
    {
        for (LazyListModel* model :
             {m_window->usersView()->model(), m_window->clientsView()->model(),
              m_window->activityView()->model()})
            QTRY_VERIFY(model->rowCount() > 0 && model->isRowLoaded(0) && model->isCountExact());
        QTest::qWait(LazyListModel::staleRowsMs + 50);
        QSignalSpy users(m_window->usersView()->model(), &QAbstractItemModel::modelReset);
        QSignalSpy clients(m_window->clientsView()->model(), &QAbstractItemModel::modelReset);
        QSignalSpy activity(m_window->activityView()->model(), &QAbstractItemModel::modelReset);
        ui::ManageUserDialog* dialog = m_window->openUser(m_ids.first());
        dialog->findChild<QLineEdit*>(QStringLiteral("lastName"))
            ->setText(QStringLiteral("Renamed"));
        QVERIFY(dialog->save());
        QTRY_VERIFY(users.count() >= 1);
        QTRY_VERIFY(activity.count() >= 1); // the save's log row
        QTest::qWait(LazyListModel::staleRowsMs + 100);
        QCOMPARE(clients.count(), 0); // it shows no user's details
        dialog->close();
    }

private:
    std::unique_ptr<TempDatabase> m_db;
    std::unique_ptr<MainWindow> m_window;
    std::vector<std::unique_ptr<QAbstractItemModelTester>> m_testers;
    QList<qint64> m_ids;
    qint64 m_client = 0;
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
