// A database the admin may only read (support staff's SELECT-only role on a server, a file
// that cannot be written): every main window says why in a banner, and the controls that
// would write stay disabled whatever the windows' own enabling does.
#include "clientprofilewindow.h"
#include "comparewindow.h"
#include "mainwindow.h"
#include "manageuserdialog.h"
#include "testsupport.h"
#include "uitesting.h"

#include <QAction>
#include <QLabel>
#include <QPushButton>
#include <QStandardPaths>
#include <QTest>

using namespace accord;
using accord::test::child;

class TestReadOnlyWindows : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::TempDatabase> t;
    DatabasePtr readOnly;
    qint64 user = 0, client = 0;

private slots:
    // Roles are the servers' (a read-only file is tested through the headless commands,
    // as an unprivileged user, in tst_cli).
    void initTestCase_data() { test::addServerEngineRows(); }
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        test::useRowEngine();
        t = std::make_unique<test::TempDatabase>();
        user = test::addUser(t->db, QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                             QStringLiteral("ada@example.com"));
        client = test::addClient(t->db, user, QStringLiteral("Ada"), QStringLiteral("Byron"),
                                 QStringLiteral("ADA@example.com"));
        readOnly = t->openAsReadOnlyRole();
    }
    void cleanup() { readOnly.reset(); }

    void theMainWindowSaysWhyAndOffersNoNewRecords()
    {
        if (!readOnly->isReadOnly())
            QFAIL("the database did not open read-only: the premise is broken");
        ui::MainWindow window(readOnly);
        window.show();
        auto* reason = child<QLabel>(&window, "readOnlyReason");
        QVERIFY(reason->isVisible());
        QVERIFY2(reason->text().startsWith(QLatin1String("read-only: ")),
                 qPrintable(reason->text()));
        QVERIFY2(reason->text().contains(QLatin1String("role may not change data")),
                 qPrintable(reason->text()));
        for (const char* name : {"newClientAction", "newUserAction"}) {
            auto* action = window.findChild<QAction*>(QLatin1String(name));
            QVERIFY(action);
            QVERIFY(!action->isEnabled());
            action->setEnabled(true); // the window's own enabling cannot turn it on
            QVERIFY(!action->isEnabled());
        }
        QVERIFY(!window.keepInStepAction()->isEnabled());
    }

    void aWritableDatabaseHasNoBanner()
    {
        ui::MainWindow window(t->db);
        QVERIFY(!window.findChild<QWidget*>(QStringLiteral("readOnlyBanner")));
        QVERIFY(window.findChild<QAction*>(QStringLiteral("newClientAction"))->isEnabled());
    }

    void profileManageUserAndCompareCannotSave()
    {
        ui::MainWindow window(readOnly);
        auto* profile = window.openClient(client);
        auto* save = child<QPushButton>(profile, "saveButton");
        QTRY_COMPARE(profile->loadedClient().id, client);
        QVERIFY(!save->isEnabled());
        for (const char* name :
             {"associateUserButton", "removeAccessButton", "makeOwnerButton", "permissionsButton"})
            QVERIFY2(!child<QPushButton>(profile, name)->isEnabled(), name);

        auto* manage = window.openUser(user);
        QVERIFY(!child<QPushButton>(manage, "saveButton")->isEnabled());
        QVERIFY(!child<QPushButton>(manage, "deleteButton")->isEnabled());

        auto* compare = window.openCompare(user, client);
        // The last name differs: on a writable database its copy buttons are on.
        QTRY_VERIFY(
            child<QLabel>(compare, "last_nameKind")->text().contains(QLatin1String("ffer")));
        int copyButtons = 0;
        for (auto* b : compare->findChildren<QPushButton*>()) {
            const QString name = b->objectName();
            if (name.endsWith(QLatin1String("ToClientButton")) ||
                name.endsWith(QLatin1String("ToUserButton")) ||
                name.startsWith(QLatin1String("matchAll"))) {
                QVERIFY2(!b->isEnabled(), qPrintable(name));
                ++copyButtons;
            }
        }
        QCOMPARE(copyButtons, 10); // four fields both ways, and Match All both ways
    }
};

QTEST_MAIN(TestReadOnlyWindows)
#include "tst_readonlywindows.moc"
