// Two databases open side by side, a main window each: each window names its database, a
// save in one refreshes its own views and never disturbs the other's.
#include "activitylogview.h"
#include "clientform.h"
#include "clientprofilewindow.h"
#include "listview.h"
#include "mainwindow.h"
#include "manageuserdialog.h"
#include "models/changenotifier.h"
#include "services/clientservice.h"
#include "testsupport.h"
#include "uitesting.h"

#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace accord;
using accord::test::child;
using accord::test::retype;
using accord::ui::ClientProfileWindow;
using accord::ui::MainWindow;

namespace {

// A database file of its own, with one client (id 1) and its owner user (id 1).
struct Side {
    explicit Side(const QString& name, const QString& city)
    {
        path = dir.filePath(name);
        auto opened = Database::open(*DatabaseLocation::parse(path), OpenOptions{true, true});
        if (!opened)
            qFatal("cannot create %s", qPrintable(path));
        db = *opened;
        client = test::addClient(db, 0, QStringLiteral("Ada"), QStringLiteral("Byron"),
                                 QStringLiteral("ada@example.com"));
        auto loaded = ClientService(db).find(client);
        if (!loaded || !ClientService(db).update(*loaded, {{QStringLiteral("city"), city}}))
            qFatal("cannot set the city");
        window = std::make_unique<MainWindow>(db);
        window->show();
    }
    QTemporaryDir dir;
    QString path;
    DatabasePtr db;
    qint64 client = 0;
    std::unique_ptr<MainWindow> window;
};

// Waits until a list has read its rows and its count, so later resets are refreshes.
void settle(LazyListModel* model)
{
    QTRY_VERIFY(model->rowCount() > 0 && model->isRowLoaded(0) && model->isCountExact());
    QTest::qWait(LazyListModel::staleRowsMs + 50);
}

} // namespace

class TestTwoDatabases : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_north = std::make_unique<Side>(QStringLiteral("north.sqlite"), QStringLiteral("Leeds"));
        m_south = std::make_unique<Side>(QStringLiteral("south.sqlite"), QStringLiteral("Bath"));
        for (Side* side : {m_north.get(), m_south.get()})
            for (LazyListModel* model :
                 {side->window->clientsView()->model(), side->window->usersView()->model(),
                  side->window->activityView()->model()})
                settle(model);
    }

    void cleanup()
    {
        m_north.reset();
        m_south.reset();
    }

    void eachDatabaseHasItsOwnNotices()
    {
        ChangeNotifier* north = ChangeNotifier::of(m_north->db);
        QCOMPARE(ChangeNotifier::of(m_north->db), north); // one per database
        QVERIFY(ChangeNotifier::of(m_south->db) != north);
        QCOMPARE(north->database(), m_north->db.get());
        // Another opening of the same file is another database, with notices of its own.
        auto again = Database::open(*DatabaseLocation::parse(m_north->path));
        QVERIFY(again.ok());
        QVERIFY(ChangeNotifier::of(*again) != north);
    }

    void eachWindowSaysWhichDatabaseItShows()
    {
        QVERIFY2(m_north->window->windowTitle().contains(m_north->path),
                 qPrintable(m_north->window->windowTitle()));
        QVERIFY2(m_south->window->windowTitle().contains(m_south->path),
                 qPrintable(m_south->window->windowTitle()));
        ClientProfileWindow* north = m_north->window->openClient(m_north->client);
        ClientProfileWindow* south = m_south->window->openClient(m_south->client);
        QVERIFY2(north->windowTitle().contains(QStringLiteral("north.sqlite")),
                 qPrintable(north->windowTitle()));
        QVERIFY2(south->windowTitle().contains(QStringLiteral("south.sqlite")),
                 qPrintable(south->windowTitle()));
        ui::ManageUserDialog* user = m_south->window->openUser(1);
        QVERIFY2(user->windowTitle().contains(QStringLiteral("south.sqlite")),
                 qPrintable(user->windowTitle()));
        user->close();
    }

    void aSaveInOneDatabaseRefreshesItsViewsAndNotTheOthers()
    {
        // The same client id in both files, a profile window open on each; the southern one
        // holds an unsaved edit, which a notice of its own database would warn about.
        ClientProfileWindow* north = m_north->window->openClient(m_north->client);
        ClientProfileWindow* south = m_south->window->openClient(m_south->client);
        QCOMPARE(north->clientId(), south->clientId());
        settle(south->usersModel());
        auto* southCompany = qobject_cast<QLineEdit*>(south->editor(QStringLiteral("companyname")));
        southCompany->setText(QStringLiteral("Unsaved Ltd"));
        QVERIFY(south->hasUnsavedChanges());

        QSignalSpy southNotices(ChangeNotifier::of(m_south->db), &ChangeNotifier::changed);
        QSignalSpy northNotices(ChangeNotifier::of(m_north->db), &ChangeNotifier::changed);
        std::vector<std::unique_ptr<QSignalSpy>> southResets;
        for (LazyListModel* model :
             {m_south->window->clientsView()->model(), m_south->window->usersView()->model(),
              m_south->window->activityView()->model(), south->usersModel()})
            southResets.push_back(
                std::make_unique<QSignalSpy>(model, &QAbstractItemModel::modelReset));
        QSignalSpy northClients(m_north->window->clientsView()->model(),
                                &QAbstractItemModel::modelReset);

        auto* city = qobject_cast<QLineEdit*>(north->editor(QStringLiteral("city")));
        retype(city, QStringLiteral("York"));
        QVERIFY(north->save());

        // The northern views re-read what the save changed.
        QCOMPARE(northNotices.count(), 1);
        QTRY_VERIFY(northClients.count() >= 1);
        QCOMPARE(ClientService(m_north->db).find(m_north->client)->value(QStringLiteral("city")),
                 QStringLiteral("York"));

        // The southern ones heard nothing and re-read nothing.
        QTest::qWait(LazyListModel::staleRowsMs + 200);
        QCOMPARE(southNotices.count(), 0);
        for (const auto& spy : southResets)
            QCOMPARE(spy->count(), 0);
        QVERIFY(!child<QLabel>(south, "message")->isVisible());
        QCOMPARE(southCompany->text(), QStringLiteral("Unsaved Ltd"));
        QCOMPARE(ClientService(m_south->db).find(m_south->client)->value(QStringLiteral("city")),
                 QStringLiteral("Bath"));
        QCOMPARE(qobject_cast<QLineEdit*>(south->editor(QStringLiteral("city")))->text(),
                 QStringLiteral("Bath"));
    }

    void anotherWindowOnTheSameDatabaseDoesHearIt()
    {
        // The control for the test above: the same edit, the same save, one database.
        ClientProfileWindow* north = m_north->window->openClient(m_north->client);
        auto second = std::make_unique<ClientProfileWindow>(m_north->db, m_north->client);
        second->show();
        auto* company = qobject_cast<QLineEdit*>(second->editor(QStringLiteral("companyname")));
        company->setText(QStringLiteral("Unsaved Ltd"));
        retype(qobject_cast<QLineEdit*>(north->editor(QStringLiteral("city"))),
               QStringLiteral("York"));
        QVERIFY(north->save());
        QTRY_VERIFY(child<QLabel>(second.get(), "message")->isVisible());
        QVERIFY(child<QLabel>(second.get(), "message")
                    ->text()
                    .contains(QStringLiteral("changed elsewhere")));
    }

private:
    std::unique_ptr<Side> m_north;
    std::unique_ptr<Side> m_south;
};

QTEST_MAIN(TestTwoDatabases)
#include "tst_twodatabases.moc"
