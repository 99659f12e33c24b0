// Snapshots in the GUI, from a live database on every engine: File > Export Snapshot…
// writes one; it opens beside the live window, read-only, with the manifest in its banner,
// once verified (an altered one is refused with the reason); Compare with Snapshot lists
// what changed and opens either side.
#include "exportsnapshotdialog.h"
#include "mainwindow.h"
#include "manageuserdialog.h"
#include "models/recordchangelistmodel.h"
#include "services/snapshotservice.h"
#include "services/userservice.h"
#include "snapshotdiffwindow.h"
#include "testsupport.h"
#include "uitesting.h"
#include "windowset.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace accord;
using accord::test::child;
using accord::test::TempDatabase;
using accord::ui::MainWindow;

class TestSnapshotWindows : public QObject
{
    Q_OBJECT

    std::unique_ptr<TempDatabase> t;
    std::unique_ptr<ui::WindowSet> windows;
    MainWindow* live = nullptr;
    qint64 ada = 0, bob = 0, adaCo = 0;

    QString snapshotOf(const char* name)
    {
        const QString path = t->dir.filePath(QLatin1String(name));
        SnapshotOptions options;
        options.target = path;
        if (auto written = SnapshotService(t->db).exportSnapshot(options); !written)
            qFatal("export: %s", qPrintable(written.error().message));
        return path;
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void initTestCase_data() { test::addEngineRows(); }
    void init()
    {
        test::useRowEngine();
        t = std::make_unique<TempDatabase>();
        ada = test::addUser(t->db, QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                            QStringLiteral("ada@example.com"));
        bob = test::addUser(t->db, QStringLiteral("Bob"), QStringLiteral("Ray"),
                            QStringLiteral("bob@example.com"));
        adaCo = test::addClient(t->db, ada, QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                                QStringLiteral("ada@example.com"));
        windows = std::make_unique<ui::WindowSet>();
        live = windows->show(t->db);
        QVERIFY(QTest::qWaitForWindowExposed(live));
    }
    void cleanup()
    {
        windows.reset();
        t.reset();
    }

    void exportSnapshotWritesTheFileAndOpensItBeside()
    {
        QAction* action = child<QAction>(live, "exportSnapshotAction");
        QVERIFY(action->isEnabled());
        action->trigger();
        auto* dialog = live->findChild<ui::ExportSnapshotDialog*>();
        QVERIFY(dialog);
        QVERIFY(dialog->filter().isEverything());
        const QString path = t->dir.filePath(QStringLiteral("from-gui.sqlite"));
        test::retype(dialog->pathEdit(), path);
        QVERIFY(!dialog->secretsBox()->isChecked());
        QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->result().has_value(), 30000);
        QVERIFY2(dialog->result()->ok(), qPrintable(dialog->message()->text()));
        QVERIFY(QFileInfo::exists(path));
        QVERIFY(dialog->message()->text().contains(QFileInfo(path).fileName()));
        QVERIFY(SnapshotService::verify(path).ok());
        // Exporting again needs Replace ticked.
        QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isRunning() && dialog->result().has_value(), 30000);
        QVERIFY(!dialog->result()->ok());
        QVERIFY(dialog->message()->text().contains(QLatin1String("exists")));

        QSignalSpy opened(dialog, &ui::ExportSnapshotDialog::openRequested);
        QVERIFY(dialog->openButton()->isEnabled());
        QTest::mouseClick(dialog->openButton(), Qt::LeftButton);
        QCOMPARE(opened.count(), 1);
        QTRY_COMPARE(windows->windows().size(), 2);
        MainWindow* snap = windows->windowOf(path);
        QVERIFY(snap && snap != live);
        QVERIFY(snap->database()->snapshot().has_value());
    }

    void theShownRowsOfATabAreItsFilter()
    {
        auto* tabs = child<QTabWidget>(live, "mainTabs");
        tabs->setCurrentWidget(child<QWidget>(live, "manageUsersView"));
        auto* search =
            live->findChild<QWidget*>(QStringLiteral("manageUsersView"))->findChild<QLineEdit*>();
        QVERIFY(search);
        test::retype(search, QStringLiteral("Ray"));
        QTRY_COMPARE(live->shownRowsFilter(), SnapshotFilter::users(QStringLiteral("Ray")));
        // Each list tab's shown rows are its filter; the activity log has none.
        tabs->setCurrentWidget(child<QWidget>(live, "clientsView"));
        QCOMPARE(live->shownRowsFilter().kind, SnapshotFilter::Kind::Clients);
        tabs->setCurrentWidget(child<QWidget>(live, "mismatchesView"));
        QCOMPARE(live->shownRowsFilter().kind, SnapshotFilter::Kind::Mismatches);
        tabs->setCurrentWidget(child<QWidget>(live, "activityLogView"));
        QVERIFY(!child<QAction>(live, "exportShownSnapshotAction")->isEnabled());
        tabs->setCurrentWidget(child<QWidget>(live, "manageUsersView"));
        QVERIFY(child<QAction>(live, "exportShownSnapshotAction")->isEnabled());
        child<QAction>(live, "exportShownSnapshotAction")->trigger();
        auto* dialog = live->findChild<ui::ExportSnapshotDialog*>();
        QVERIFY(dialog);
        QCOMPARE(dialog->filter(), SnapshotFilter::users(QStringLiteral("Ray")));
        const QString path = t->dir.filePath(QStringLiteral("ray.sqlite"));
        test::retype(dialog->pathEdit(), path);
        dialog->startExport();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->result().has_value(), 30000);
        QVERIFY(dialog->result()->ok());
        auto snap = Database::open(*DatabaseLocation::parse(path), OpenOptions{});
        QVERIFY(snap.ok());
        QCOMPARE(test::column(**snap, QStringLiteral("SELECT group_concat(id) FROM tblusers"))
                     .toString(),
                 QString::number(bob));
    }

    void aSnapshotOpensReadOnlyBesideWithItsManifest()
    {
        const QString path = snapshotOf("review.sqlite");
        MainWindow* snap = windows->openBeside(path);
        QVERIFY(snap);
        QVERIFY(snap != live);
        QCOMPARE(windows->windows().size(), 2);
        QVERIFY(QTest::qWaitForWindowExposed(snap));
        QVERIFY(snap->windowTitle().contains(QLatin1String("snapshot of")));
        auto* banner = child<QWidget>(snap, "snapshotBanner");
        QVERIFY(banner->isVisible());
        const QString manifest = child<QLabel>(banner, "snapshotManifest")->text();
        for (const QString& part :
             {t->db->location().display(), t->db->operatorName(), QStringLiteral("everything"),
              QStringLiteral("users 2"), QStringLiteral("clients 1"), QStringLiteral("left out")})
            QVERIFY2(manifest.contains(part), qPrintable(manifest + QStringLiteral(" / ") + part));
        for (const char* name : {"newClientAction", "newUserAction"})
            QVERIFY2(!child<QAction>(snap, name)->isEnabled(), name);
        // The live window is untouched: still writable, no banner.
        QVERIFY(child<QAction>(live, "newUserAction")->isEnabled());
        QVERIFY(!live->findChild<QWidget*>(QStringLiteral("snapshotBanner")));
        // A user opened in the snapshot cannot be saved.
        ui::ManageUserDialog* dialog = snap->openUser(ada);
        QVERIFY(dialog);
        QTRY_VERIFY(!child<QPushButton>(dialog, "saveButton")->isEnabled());
        // Opening it again raises the same window.
        QCOMPARE(windows->openBeside(path), snap);
        // File > Open with a snapshot still opens it beside, never instead of the live one.
        QCOMPARE(windows->openInstead(live, path), snap);
        QCOMPARE(windows->windows().size(), 2);
    }

    void anAlteredSnapshotIsRefusedWithTheReason()
    {
        const QString path = snapshotOf("altered.sqlite");
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QProcess p;
        p.start(QStringLiteral("python3"),
                {QStringLiteral("-c"),
                 QStringLiteral("import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                                "c.execute(\"UPDATE tblusers SET language = 'x' WHERE id = %1\"); "
                                "c.commit()")
                     .arg(ada),
                 path});
        QVERIFY(p.waitForFinished(30000) && p.exitCode() == 0);
        QSignalSpy refused(windows.get(), &ui::WindowSet::refused);
        QVERIFY(!windows->openBeside(path));
        QCOMPARE(refused.count(), 1);
        const QString message = refused.first().first().toString();
        QVERIFY2(message.contains(QLatin1String("tblusers")), qPrintable(message));
        QCOMPARE(windows->windows().size(), 1);
    }

    void compareWithSnapshotListsChangesAndOpensEitherSide()
    {
        const QString path = snapshotOf("before.sqlite");
        auto u = UserService(t->db).find(ada);
        UserChanges rename;
        rename.lastName = QStringLiteral("King");
        QVERIFY(UserService(t->db).update(*u, rename).ok());
        const qint64 dee = test::addUser(t->db, QStringLiteral("Dee"), QStringLiteral("New"),
                                         QStringLiteral("dee@example.com"));

        ui::SnapshotDiffWindow* diff = live->compareWithSnapshot(path);
        QVERIFY(diff);
        QAbstractItemModelTester tester(diff->model(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        QVERIFY(QTest::qWaitForWindowExposed(diff));
        QTRY_VERIFY_WITH_TIMEOUT(diff->isReady(), 30000);
        QCOMPARE(diff->model()->rowCount(), 2);
        QVERIFY2(diff->summary()->text().contains(QLatin1String("users: 1 added, 0 removed, 1 "
                                                                "changed")),
                 qPrintable(diff->summary()->text()));
        const RecordChange* first = diff->model()->changeAt(0);
        QCOMPARE(first->record.userId, ada);
        QCOMPARE(first->change, RecordChange::Change::Changed);
        QCOMPARE(diff->model()->changeAt(1)->record.userId, dee);
        const QString shown =
            diff->model()->index(0, 0).data().toString() +
            diff->model()->index(0, diff->model()->columnCount() - 1).data().toString();
        QVERIFY(!shown.isEmpty());

        // The changed user: as it is now, in the live window…
        diff->selectRow(0);
        QVERIFY(diff->openOldButton()->isEnabled() && diff->openNewButton()->isEnabled());
        QTest::mouseClick(diff->openNewButton(), Qt::LeftButton);
        QTRY_VERIFY(live->userDialog(ada));
        // …and as the snapshot holds it, in the snapshot's own window beside.
        QTest::mouseClick(diff->openOldButton(), Qt::LeftButton);
        QTRY_COMPARE(windows->windows().size(), 2);
        MainWindow* snap = windows->windowOf(path);
        QVERIFY(snap);
        QTRY_VERIFY(snap->userDialog(ada));
        QVERIFY(snap->database()->isReadOnly());

        // An added user is not in the snapshot: only the live side opens.
        diff->selectRow(1);
        QVERIFY(!diff->openOldButton()->isEnabled());
        QVERIFY(diff->openNewButton()->isEnabled());
        QTest::keyClick(diff->table(), Qt::Key_Return);
        QTRY_VERIFY(live->userDialog(dee));
        // (The user dialogs are modal to the live window, whose child the list is.)
        for (qint64 id : {ada, dee})
            live->userDialog(id)->close();
        diff->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(diff));
        QTest::keyClick(diff->table(), Qt::Key_Escape);
        QTRY_VERIFY(!diff->isVisible());
    }
};

QTEST_MAIN(TestSnapshotWindows)
#include "tst_snapshotwindows.moc"
