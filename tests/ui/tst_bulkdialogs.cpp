// Bulk data in the GUI on every engine: File > Import… takes another SQLite file whole and a
// spreadsheet's CSV of new users (the counts shown, the lists re-read), names the problem
// of a bad row and imports nothing, and a Cancel rolls everything back; File > Export…
// writes the CSV folder and a JSON file another database imports, and a Cancel leaves
// nothing at the target. Import is not offered on a read-only snapshot.
#include "bulkexportdialog.h"
#include "bulkimportdialog.h"
#include "bulkprogresspanel.h"
#include "listview.h"
#include "mainwindow.h"
#include "models/lazylistmodel.h"
#include "services/samplegenerator.h"
#include "services/snapshotservice.h"
#include "testsupport.h"
#include "uitesting.h"
#include "windowset.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSemaphore>
#include <QStandardPaths>
#include <QTest>

#include <functional>
#include <memory>

using namespace accord;
using accord::test::child;
using accord::test::TempDatabase;
using accord::ui::MainWindow;

namespace {

qint64 count(Database& db, const char* table)
{
    return test::column(db, QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table)))
        .toLongLong();
}

// What the import dialog says: its message, then the problems it lists.
QString said(ui::BulkImportDialog* dialog)
{
    QStringList lines{dialog->message()->text()};
    for (int i = 0; i < dialog->problemList()->count(); ++i)
        lines << dialog->problemList()->item(i)->text();
    return lines.join(QLatin1Char('\n'));
}

// The dialog's look once its work is done, for a person to check (not compared).
void keepScreenshot(QWidget* dialog, const char* name)
{
    dialog->grab().save(QStringLiteral("/tmp/bulk-%1.png").arg(QLatin1String(name)));
}

// Holds the job at its first report until `there` ran on the GUI thread (which looks at
// the dialog and presses Cancel): without the hold a small job ends before a click lands.
struct HoldAtFirstReport {
    QSemaphore answered;
    bool reached = false;
    QMetaObject::Connection holding;
    HoldAtFirstReport(ui::BulkProgressPanel* panel, std::function<void()> there)
    {
        panel->setWorkerProbe([this] { answered.tryAcquire(1, 60000); });
        holding = QObject::connect(panel, &ui::BulkProgressPanel::progressed, panel, [this, there] {
            if (!reached) {
                reached = true;
                there();
            }
            answered.release();
        });
    }
    ~HoldAtFirstReport() { QObject::disconnect(holding); }
};

} // namespace

class TestBulkDialogs : public QObject
{
    Q_OBJECT

    std::unique_ptr<TempDatabase> t;
    std::unique_ptr<TempDatabase> source;
    std::unique_ptr<ui::WindowSet> windows;
    MainWindow* live = nullptr;

    // Another Accord SQLite file with `users` generated users and their clients and links.
    QString sqliteSource(int users)
    {
        source = std::make_unique<TempDatabase>(Engine::SQLite);
        SampleOptions sample;
        sample.users = users;
        if (!SampleGenerator(source->db).generate(sample).ok())
            qFatal("sample data");
        return source->path;
    }
    void fillLive(int users)
    {
        SampleOptions sample;
        sample.users = users;
        if (!SampleGenerator(t->db).generate(sample).ok())
            qFatal("sample data");
    }
    ui::BulkImportDialog* openImport()
    {
        child<QAction>(live, "importAction")->trigger();
        return live->findChild<ui::BulkImportDialog*>();
    }
    ui::BulkExportDialog* openExport()
    {
        child<QAction>(live, "exportAction")->trigger();
        return live->findChild<ui::BulkExportDialog*>();
    }
    static void choose(QComboBox* box, int data) { box->setCurrentIndex(box->findData(data)); }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void initTestCase_data() { test::addEngineRows(); }
    void init()
    {
        test::useRowEngine();
        t = std::make_unique<TempDatabase>();
        windows = std::make_unique<ui::WindowSet>();
        live = windows->show(t->db);
        QVERIFY(QTest::qWaitForWindowExposed(live));
    }
    void cleanup()
    {
        windows.reset();
        source.reset();
        t.reset();
    }

    void theFileMenuOffersImportAndExport()
    {
        QVERIFY(child<QAction>(live, "importAction")->isEnabled());
        QVERIFY(child<QAction>(live, "exportAction")->isEnabled());
        // A snapshot opens read-only: nothing can be imported into it; it exports.
        const QString path = t->dir.filePath(QStringLiteral("review.sqlite"));
        SnapshotOptions options;
        options.target = path;
        QVERIFY(SnapshotService(t->db).exportSnapshot(options).ok());
        MainWindow* snap = windows->openBeside(path);
        QVERIFY(snap && snap != live);
        QVERIFY(!child<QAction>(snap, "importAction")->isEnabled());
        QVERIFY(!snap->importData());
        QVERIFY(child<QAction>(snap, "exportAction")->isEnabled());
    }

    void importingASqliteFileShowsTheCountsAndTheRows()
    {
        const QString path = sqliteSource(30);
        const qint64 users = count(*source->db, "tblusers");
        const qint64 clients = count(*source->db, "tblclients");
        const qint64 links = count(*source->db, "tblusers_clients");
        ui::BulkImportDialog* dialog = openImport();
        QVERIFY(dialog);
        choose(dialog->formatBox(), int(BulkFormat::Sqlite));
        test::retype(dialog->inputsEdit(), path);
        // While it writes, the panel counts rows.
        QStringList writing;
        const auto watching = connect(dialog->progress(), &ui::BulkProgressPanel::progressed, this,
                                      [&](const QString& phase) {
                                          if (phase == QLatin1String("Writing"))
                                              writing << dialog->progress()->detailLabel()->text();
                                      });
        QTest::mouseClick(dialog->importButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->result().has_value() && !dialog->isRunning(), 60000);
        disconnect(watching);
        QVERIFY2(dialog->result()->ok(), qPrintable(dialog->message()->text()));
        QVERIFY(dialog->result()->value().applied);
        QVERIFY(!writing.isEmpty());
        QVERIFY2(
            writing.first().contains(
                QStringLiteral(" of %1 rows").arg(QLocale().toString(users + clients + links))),
            qPrintable(writing.first()));
        const QString expected = QStringLiteral("Imported %1 users, %2 clients, %3 links.")
                                     .arg(QLocale().toString(users), QLocale().toString(clients),
                                          QLocale().toString(links));
        QVERIFY2(dialog->message()->text().contains(expected),
                 qPrintable(dialog->message()->text()));
        QVERIFY(dialog->message()->text().contains(QLatin1String("indexes in")));
        QVERIFY(!dialog->problemList()->isVisible());
        QCOMPARE(count(*t->db, "tblusers"), users);
        QCOMPARE(count(*t->db, "tblclients"), clients);
        QCOMPARE(count(*t->db, "tblusers_clients"), links);
        // The main window's lists re-read themselves.
        QTRY_COMPARE(live->usersView()->model()->matchCount(), users);
        QTRY_COMPARE(live->clientsView()->model()->matchCount(), clients);
        keepScreenshot(dialog, "import");
    }

    // A spreadsheet's list of new users (no ids), named as a file, as its folder or as a
    // file dialog writes its choice.
    void aCsvFileOfNewUsersImports_data()
    {
        QTest::addColumn<QString>("inputs");
        QTest::newRow("the file") << QStringLiteral("new/users.csv");
        QTest::newRow("its folder") << QStringLiteral("new");
        QTest::newRow("quoted") << QStringLiteral("\"new/users.csv\"");
    }
    void aCsvFileOfNewUsersImports()
    {
        QFETCH(QString, inputs);
        QVERIFY(QDir(t->dir.path()).mkdir(QStringLiteral("new")));
        QFile csv(t->dir.filePath(QStringLiteral("new/users.csv")));
        QVERIFY(csv.open(QIODevice::WriteOnly));
        csv.write("first_name,last_name,email,language\n"
                  "Ada,Lovelace,ada@example.com,english\n"
                  "\"Grace, Rear Admiral\",Hopper,grace@example.com,\n"
                  "Élan,Vital,elan@example.com,french\n");
        csv.close();
        ui::BulkImportDialog* dialog = openImport();
        QCOMPARE(dialog->format(), BulkFormat::Csv); // the first choice
        test::retype(dialog->inputsEdit(),
                     inputs.replace(QLatin1String("new"), t->dir.filePath(QStringLiteral("new"))));
        QTest::mouseClick(dialog->importButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->result().has_value() && !dialog->isRunning(), 60000);
        QVERIFY2(dialog->result()->ok() && dialog->result()->value().applied,
                 qPrintable(said(dialog)));
        QVERIFY2(dialog->message()->text().startsWith(
                     QLatin1String("Imported 3 users, 0 clients, 0 links.")),
                 qPrintable(dialog->message()->text()));
        QCOMPARE(test::column(*t->db, QStringLiteral("SELECT first_name FROM tblusers WHERE "
                                                     "email = 'grace@example.com'"))
                     .toString(),
                 QStringLiteral("Grace, Rear Admiral"));
        QTRY_COMPARE(live->usersView()->model()->matchCount(), qint64(3));
    }

    void aBadRowIsNamedAndNothingIsImported()
    {
        const QString path = sqliteSource(10);
        test::exec(*source->db, QStringLiteral("UPDATE tblusers SET email = 'not an email' "
                                               "WHERE id = 4"));
        ui::BulkImportDialog* dialog = openImport();
        choose(dialog->formatBox(), int(BulkFormat::Sqlite));
        test::retype(dialog->inputsEdit(), path);
        QTest::mouseClick(dialog->importButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->result().has_value() && !dialog->isRunning(), 60000);
        QVERIFY2(dialog->result()->ok(), qPrintable(dialog->message()->text()));
        QCOMPARE(dialog->result()->value().problemCount, qint64(1));
        QVERIFY(dialog->problemList()->isVisible());
        QCOMPARE(dialog->problemList()->count(), 1);
        const QString problem = dialog->problemList()->item(0)->text();
        QVERIFY2(problem.contains(QFileInfo(path).fileName()) &&
                     problem.contains(QLatin1String("email")),
                 qPrintable(problem));
        QVERIFY2(dialog->message()->text().contains(QLatin1String("1 problems; nothing imported")),
                 qPrintable(dialog->message()->text()));
        QCOMPARE(count(*t->db, "tblusers"), qint64(0));
        QCOMPARE(count(*t->db, "tblactivitylog"), qint64(0));
        keepScreenshot(dialog, "import-problems");
    }

    void aDryRunWritesNothing()
    {
        const QString path = sqliteSource(10);
        ui::BulkImportDialog* dialog = openImport();
        choose(dialog->formatBox(), int(BulkFormat::Sqlite));
        test::retype(dialog->inputsEdit(), path);
        dialog->dryRunBox()->setChecked(true);
        QTest::mouseClick(dialog->importButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->result().has_value() && !dialog->isRunning(), 60000);
        QVERIFY2(dialog->result()->ok(), qPrintable(dialog->message()->text()));
        QVERIFY(!dialog->result()->value().applied);
        const QString expected =
            QStringLiteral("Dry run: %1 users").arg(count(*source->db, "tblusers"));
        QVERIFY2(dialog->message()->text().startsWith(expected),
                 qPrintable(dialog->message()->text()));
        QCOMPARE(count(*t->db, "tblusers"), qint64(0));
    }

    // With the Cancel button, or Esc as on any dialog (the dialog then stays open to say so).
    void cancellingAnImportRollsEverythingBack_data()
    {
        QTest::addColumn<bool>("escape");
        QTest::newRow("Cancel") << false;
        QTest::newRow("Esc") << true;
    }
    void cancellingAnImportRollsEverythingBack()
    {
        QFETCH(bool, escape);
        const QString path = sqliteSource(30);
        ui::BulkImportDialog* dialog = openImport();
        choose(dialog->formatBox(), int(BulkFormat::Sqlite));
        test::retype(dialog->inputsEdit(), path);
        bool formWaited = false;
        HoldAtFirstReport cancel(dialog->progress(), [&] {
            formWaited = !dialog->importButton()->isEnabled() &&
                         !dialog->inputsEdit()->isEnabled() && !dialog->formatBox()->isEnabled();
            keepScreenshot(dialog, "import-progress");
            if (escape)
                QTest::keyClick(dialog, Qt::Key_Escape);
            else
                QTest::mouseClick(dialog->progress()->cancelButton(), Qt::LeftButton);
        });
        QTest::mouseClick(dialog->importButton(), Qt::LeftButton);
        QVERIFY(dialog->progress()->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(dialog->result().has_value() && !dialog->isRunning(), 60000);
        QVERIFY(cancel.reached);
        QVERIFY(dialog->isVisible());
        QVERIFY(formWaited);
        QVERIFY(dialog->importButton()->isEnabled());
        QVERIFY2(dialog->result()->ok(), qPrintable(dialog->message()->text()));
        QVERIFY(dialog->result()->value().cancelled);
        QVERIFY(!dialog->result()->value().applied);
        QCOMPARE(dialog->message()->text(),
                 QStringLiteral("Cancelled: nothing was imported (everything was rolled back)."));
        QVERIFY(!dialog->progress()->isVisible());
        for (const char* table : {"tblusers", "tblclients", "tblusers_clients", "tblactivitylog"})
            QCOMPARE(count(*t->db, table), qint64(0));
        // The same file imports afterwards, from the same dialog.
        dialog->progress()->setWorkerProbe({});
        QTest::mouseClick(dialog->importButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->result().has_value() && !dialog->isRunning(), 60000);
        QVERIFY2(dialog->result()->ok() && dialog->result()->value().applied,
                 qPrintable(dialog->message()->text()));
        QCOMPARE(count(*t->db, "tblusers"), count(*source->db, "tblusers"));
    }

    void exportWritesTheCsvFolder()
    {
        fillLive(20);
        const qint64 users = count(*t->db, "tblusers");
        ui::BulkExportDialog* dialog = openExport();
        QVERIFY(dialog);
        QVERIFY(dialog->filter().isEverything());
        choose(dialog->formatBox(), int(BulkExportRequest::Format::Csv));
        // Offered beside the database's file, or in the home folder for a server's.
        const QString offered = dialog->pathEdit()->text();
        const bool file = t->db->dialect().isEmbedded();
        const QFileInfo db(t->db->location().path);
        QVERIFY2(offered.startsWith(
                     QDir(file ? db.absolutePath() : QDir::homePath())
                         .filePath((file ? db.completeBaseName() : t->db->location().name) +
                                   QStringLiteral("-export-"))),
                 qPrintable(offered));
        const QString target = t->dir.filePath(QStringLiteral("bulk"));
        test::retype(dialog->pathEdit(), target);
        QVERIFY(!dialog->secretsBox()->isChecked());
        QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->result().has_value() && !dialog->isRunning(), 60000);
        QVERIFY2(dialog->result()->ok(), qPrintable(dialog->message()->text()));
        for (const char* name : {"users.csv", "clients.csv", "links.csv", "manifest.json"})
            QVERIFY2(QFileInfo::exists(QDir(target).filePath(QLatin1String(name))), name);
        QFile usersCsv(QDir(target).filePath(QStringLiteral("users.csv")));
        QVERIFY(usersCsv.open(QIODevice::ReadOnly));
        QVERIFY(usersCsv.readLine().startsWith("id,"));
        const QString message = dialog->message()->text();
        QVERIFY2(message.contains(target) &&
                     message.contains(QStringLiteral("%1 users").arg(QLocale().toString(users))) &&
                     message.contains(QLatin1String("secrets left out")),
                 qPrintable(message));
        // Again needs Replace ticked.
        QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->result().has_value() && !dialog->isRunning(), 60000);
        QVERIFY(!dialog->result()->ok());
        QVERIFY2(dialog->message()->text().contains(QLatin1String("exists")),
                 qPrintable(dialog->message()->text()));
        dialog->replaceBox()->setChecked(true);
        QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->result().has_value() && !dialog->isRunning(), 60000);
        QVERIFY2(dialog->result()->ok(), qPrintable(dialog->message()->text()));
        keepScreenshot(dialog, "export");
    }

    // What Export writes, Import reads: the JSON file moves everything to another database.
    void anExportedJsonFileImportsIntoAnotherDatabase()
    {
        fillLive(20);
        ui::BulkExportDialog* exporting = openExport();
        choose(exporting->formatBox(), int(BulkExportRequest::Format::Json));
        const QString file = t->dir.filePath(QStringLiteral("all.json"));
        test::retype(exporting->pathEdit(), file);
        QTest::mouseClick(exporting->exportButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(exporting->result().has_value() && !exporting->isRunning(), 60000);
        QVERIFY2(exporting->result()->ok(), qPrintable(exporting->message()->text()));

        TempDatabase other;
        ui::BulkImportDialog importing(other.db);
        choose(importing.formatBox(), int(BulkFormat::Json));
        importing.show();
        test::retype(importing.inputsEdit(), file);
        QTest::mouseClick(importing.importButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(importing.result().has_value() && !importing.isRunning(), 60000);
        QVERIFY2(importing.result()->ok() && importing.result()->value().applied,
                 qPrintable(said(&importing)));
        for (const char* table : {"tblusers", "tblclients", "tblusers_clients"})
            QCOMPARE(count(*other.db, table), count(*t->db, table));
    }

    void cancellingAnExportLeavesNothingAtTheTarget()
    {
        // Enough rows for the export to report on its way (every few thousand rows).
        fillLive(5000);
        ui::BulkExportDialog* dialog = openExport();
        choose(dialog->formatBox(), int(BulkExportRequest::Format::Json));
        QVERIFY(QDir(t->dir.path()).mkdir(QStringLiteral("exports")));
        const QString folder = t->dir.filePath(QStringLiteral("exports"));
        const QString target = QDir(folder).filePath(QStringLiteral("all.json"));
        test::retype(dialog->pathEdit(), target);
        HoldAtFirstReport cancel(dialog->progress(), [&] {
            keepScreenshot(dialog, "export-progress");
            QTest::mouseClick(dialog->progress()->cancelButton(), Qt::LeftButton);
        });
        QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->result().has_value() && !dialog->isRunning(), 60000);
        QVERIFY(cancel.reached);
        QVERIFY2(dialog->result()->ok(), qPrintable(dialog->message()->text()));
        QVERIFY(dialog->result()->value().stopped);
        QCOMPARE(dialog->message()->text(),
                 QStringLiteral("Cancelled: nothing was written to %1.").arg(target));
        // Nothing at the target, nor a temporary file beside it.
        QCOMPARE(QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList());
        keepScreenshot(dialog, "export-cancelled");
    }
};

QTEST_MAIN(TestBulkDialogs)
#include "tst_bulkdialogs.moc"
