// Makes README's screenshots from sample data: `accord-screenshots OUTDIR`.
// Run through packaging/screenshots/make-screenshots.sh (offscreen, fixed size and fonts).
#include "accountchooserpage.h"
#include "activitylogview.h"
#include "bulkimportdialog.h"
#include "clientareawindow.h"
#include "clientprofilewindow.h"
#include "comparewindow.h"
#include "connectdialog.h"
#include "listview.h"
#include "mainwindow.h"
#include "manageuserdialog.h"
#include "mismatchesview.h"
#include "models/changenotifier.h"
#include "services/clientservice.h"
#include "services/connectionprofile.h"
#include "services/memorycredentialstore.h"
#include "services/samplegenerator.h"
#include "services/snapshotservice.h"
#include "services/userservice.h"
#include "signinpage.h"
#include "snapshotdiffwindow.h"
#include "storage/sql.h"
#include "verificationsheet.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSqlQuery>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace accord;

namespace {
// Waits until the view's visible rows hold data (the lists load on a worker thread).
void waitForRows(LazyListModel* model)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 10000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        if (model->rowCount() > 0 && model->isRowLoaded(0) && model->isCountExact())
            return;
    }
}

void waitForRows(ui::ListView* view)
{
    waitForRows(view->model());
}

void settle()
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 700)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
}

bool save(QWidget* w, const QString& dir, const QString& name)
{
    QCoreApplication::processEvents();
    const QString path = QDir(dir).filePath(name);
    const bool ok = w->grab().save(path);
    qInfo("%s %s", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}

// A dark palette (as a desktop's dark theme gives), to check that what the windows tint
// and mark from the palette stays readable.
QPalette darkPalette()
{
    QPalette p;
    const QColor window(0x2b, 0x2b, 0x2b), base(0x1e, 0x1e, 0x1e), text(0xe8, 0xe8, 0xe8);
    for (auto group : {QPalette::Active, QPalette::Inactive}) {
        p.setColor(group, QPalette::Window, window);
        p.setColor(group, QPalette::WindowText, text);
        p.setColor(group, QPalette::Base, base);
        p.setColor(group, QPalette::AlternateBase, window);
        p.setColor(group, QPalette::Text, text);
        p.setColor(group, QPalette::Button, QColor(0x3a, 0x3a, 0x3a));
        p.setColor(group, QPalette::ButtonText, text);
        p.setColor(group, QPalette::Highlight, QColor(0x2f, 0x65, 0xca));
        p.setColor(group, QPalette::HighlightedText, Qt::white);
        p.setColor(group, QPalette::ToolTipBase, base);
        p.setColor(group, QPalette::ToolTipText, text);
        p.setColor(group, QPalette::PlaceholderText, QColor(0x9a, 0x9a, 0x9a));
    }
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x80, 0x80, 0x80));
    p.setColor(QPalette::Disabled, QPalette::Window, window);
    p.setColor(QPalette::Disabled, QPalette::Button, QColor(0x3a, 0x3a, 0x3a));
    return p;
}
} // namespace

// The Client Area preview: the owner signs in (a password set for the shots), their
// account's pages, and an admin's preview of another user of the account.
static bool clientAreaShots(const DatabasePtr& db, qint64 ownerId, qint64 clientId,
                            const QString& out)
{
    const QString password = QStringLiteral("sample-pass-1");
    UserService users(db);
    auto owner = users.find(ownerId);
    if (!owner)
        return false;
    UserChanges changes;
    changes.password = password;
    changes.disableTwoFactor = owner->twoFactorEnabled; // the preview cannot read a vendor's
    if (!users.update(*owner, changes))
        return false;
    bool ok = true;
    ui::ClientAreaWindow area(db);
    area.resize(860, 760);
    area.show();
    area.signInPage()->email()->setText(owner->email);
    area.signInPage()->password()->setText(password);
    settle();
    ok &= save(&area, out, QStringLiteral("client-area-sign-in.png"));
    area.signInPage()->signIn();
    settle();
    if (area.currentPage() == ui::ClientAreaWindow::Page::Chooser) {
        ok &= save(&area, out, QStringLiteral("client-area-accounts.png"));
        area.enterAccount(clientId);
    }
    if (area.currentClientId() != clientId)
        area.enterAccount(clientId);
    settle();
    ok &= save(&area, out, QStringLiteral("client-area-home.png"));
    area.showPage(ui::ClientAreaWindow::Page::YourProfile);
    settle();
    ok &= save(&area, out, QStringLiteral("client-area-your-profile.png"));
    area.showPage(ui::ClientAreaWindow::Page::AccountDetails);
    settle();
    ok &= save(&area, out, QStringLiteral("client-area-account-details.png"));
    area.showPage(ui::ClientAreaWindow::Page::UserManagement);
    settle();
    ok &= save(&area, out, QStringLiteral("client-area-user-management.png"));
    area.signOut();

    // Another user of the same account, previewed by an admin from Manage User.
    auto links = ClientService(db).accessOf(clientId);
    qint64 other = 0;
    for (const Access& a : links ? *links : QList<Access>())
        if (!a.owner)
            other = a.userId;
    if (!other)
        return false;
    ui::ClientAreaWindow preview(db);
    preview.resize(860, 560);
    preview.show();
    preview.startPreview(other);
    if (preview.currentPage() == ui::ClientAreaWindow::Page::Chooser)
        preview.enterAccount(clientId);
    settle();
    ok &= save(&preview, out, QStringLiteral("client-area-preview.png"));
    return ok;
}

// accord-screenshots OUTDIR [--dark]
int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Accord-screenshots"));
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(".");
    QDir().mkpath(out);
    if (QCoreApplication::arguments().contains(QStringLiteral("--dark"))) {
        QApplication::setStyle(QStringLiteral("Fusion"));
        QApplication::setPalette(darkPalette());
    }

    QTemporaryDir dir;
    auto db =
        Database::open(*DatabaseLocation::parse(dir.filePath(QStringLiteral("sample.sqlite"))),
                       OpenOptions{true, true});
    if (!db || !SampleGenerator(*db).generate(SampleOptions{}))
        return 1;

    // Yesterday's review: a snapshot taken before the changes below.
    const QString snapshot = dir.filePath(QStringLiteral("review-2026-11-30.sqlite"));
    SnapshotOptions review;
    review.target = snapshot;
    if (!SnapshotService(*db).exportSnapshot(review))
        return 1;

    ui::MainWindow window(*db, true);
    window.resize(1200, 720);
    window.show();
    auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("mainTabs"));
    bool ok = true;
    waitForRows(window.clientsView());
    ok &= save(&window, out, QStringLiteral("main-window-clients.png"));
    tabs->setCurrentWidget(window.usersView());
    waitForRows(window.usersView());
    ok &= save(&window, out, QStringLiteral("manage-users.png"));

    // A client whose owner's details drifted, with three users: the Users tab has
    // something to show and the Profile tab its email warning.
    auto q = runSql((*db)->connection(),
                    QStringLiteral("SELECT c.id, l.auth_user_id FROM tblclients c JOIN "
                                   "tblusers_clients l ON l.client_id = c.id AND l.owner = 1 JOIN "
                                   "tblusers u ON u.id = l.auth_user_id WHERE u.email <> c.email "
                                   "AND (SELECT count(*) FROM tblusers_clients x WHERE x.client_id "
                                   "= c.id) >= 2 ORDER BY c.id LIMIT 1"));
    if (!q || !q->next())
        return 1;
    const qint64 clientId = q->value(0).toLongLong();
    const qint64 ownerId = q->value(1).toLongLong();

    // One change through the services, so the activity log has the vendor's wording to show.
    UserService users(*db);
    if (auto owner = users.find(ownerId)) {
        UserChanges changes;
        changes.lastName = owner->lastName + QStringLiteral("-Ward");
        (void)users.update(*owner, changes);
        ChangeNotifier::of(*db)->notify(ChangeNotice::user(ownerId));
    }

    ui::ClientProfileWindow* client = window.openClient(clientId);
    client->resize(900, 640);
    settle();
    ok &= save(client, out, QStringLiteral("client-profile.png"));
    auto* clientTabs = client->findChild<QTabWidget*>(QStringLiteral("clientTabs"));
    clientTabs->setCurrentIndex(1);
    settle();
    ok &= save(client, out, QStringLiteral("client-users.png"));
    client->close();

    ui::ManageUserDialog* user = window.openUser(ownerId);
    user->resize(760, 640);
    settle();
    ok &= save(user, out, QStringLiteral("manage-user.png"));
    user->close();

    // The same owner and client side by side (their last names and emails differ), and the
    // verification sheet as a PDF: make-screenshots.sh renders its first page to PNG.
    ui::CompareWindow* compare = window.openCompare(ownerId, clientId);
    compare->resize(1080, 440);
    settle();
    ok &= save(compare, out, QStringLiteral("compare.png"));
    compare->close();
    const QString pdf = QDir(out).filePath(QStringLiteral("verification-sheet.pdf"));
    auto sheet = VerificationService(*db).load(ownerId, clientId);
    const bool written = sheet && ui::writeVerificationSheet(pdf, *sheet);
    qInfo("%s %s", written ? "wrote" : "FAILED", qPrintable(pdf));
    ok &= written;

    ok &= clientAreaShots(*db, ownerId, clientId, out);

    tabs->setCurrentWidget(window.activityView());
    settle();
    ok &= save(&window, out, QStringLiteral("activity-log.png"));

    // The Mismatches report over the sample's owner links, with the counts per field.
    ui::MismatchesView* mismatches = window.mismatchesView();
    tabs->setCurrentWidget(mismatches);
    waitForRows(mismatches->model());
    QElapsedTimer counting;
    counting.start();
    while (!mismatches->fieldCounts() && counting.elapsed() < 10000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    mismatches->list()->table()->selectRow(0); // the row actions enabled
    settle();
    ok &= save(&window, out, QStringLiteral("mismatches.png"));

    // Offline review: the snapshot in a window of its own with its manifest, and what
    // changed since (a client moved and a user added besides the rename above).
    if (auto c = ClientService(*db).find(clientId))
        (void)ClientService(*db).update(*c, {{QStringLiteral("city"), QStringLiteral("Leeds")}});
    (void)users.add({QStringLiteral("Imogen"), QStringLiteral("Hart"),
                     QStringLiteral("imogen.hart@example.org"), QString(), QString()});
    auto snapDb = Database::open(*DatabaseLocation::parse(snapshot), OpenOptions{});
    if (!snapDb)
        return 1;
    ui::MainWindow snapWindow(*snapDb);
    snapWindow.resize(1200, 720);
    snapWindow.show();
    waitForRows(snapWindow.clientsView());
    settle();
    ok &= save(&snapWindow, out, QStringLiteral("snapshot-window.png"));
    ui::SnapshotDiffWindow* diff = window.compareWithSnapshot(snapshot);
    diff->resize(1100, 420);
    QElapsedTimer comparing;
    comparing.start();
    while (!diff->isReady() && comparing.elapsed() < 20000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    diff->selectRow(0);
    settle();
    ok &= save(diff, out, QStringLiteral("snapshot-diff.png"));

    // File > Import…: the review snapshot's rows into a new, empty database, as they came.
    auto importDb =
        Database::open(*DatabaseLocation::parse(dir.filePath(QStringLiteral("imported.sqlite"))),
                       OpenOptions{true, true});
    if (!importDb)
        return 1;
    ui::BulkImportDialog importing(*importDb);
    importing.setFormat(BulkFormat::Sqlite);
    importing.inputsEdit()->setText(snapshot);
    importing.show();
    importing.startImport();
    QElapsedTimer imported;
    imported.start();
    while (importing.isRunning() && imported.elapsed() < 30000)
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
    settle();
    ok &= save(&importing, out, QStringLiteral("import-dialog.png"));
    importing.close();

    // File > Connect… with a team's two saved profiles, the PostgreSQL one verified with
    // the team's CA and its password in the keychain.
    MemoryCredentialStore keychain;
    ConnectionProfile team;
    team.location =
        *DatabaseLocation::parse(QStringLiteral("postgresql://grace@db.example.com:5432/billing"));
    team.location.tls = TlsMode::VerifyFull;
    team.location.caFile = QStringLiteral("/etc/accord/team-ca.pem");
    team.operatorName = QStringLiteral("Grace Hopper");
    team.rememberPassword = true;
    ConnectionProfile vendor;
    vendor.location =
        *DatabaseLocation::parse(QStringLiteral("mysql://support@whmcs.example.com:3306/whmcs"));
    vendor.location.tls = TlsMode::VerifyCa;
    vendor.location.caFile = QStringLiteral("/etc/accord/team-ca.pem");
    ConnectionProfiles::save(team);
    ConnectionProfiles::save(vendor);
    keychain.entries.insert(CredentialStore::keyOf(team.location), QStringLiteral("unused"));
    ui::ConnectDialog connect(keychain);
    connect.setProfile(team);
    if (auto* list = connect.findChild<QListWidget*>(QStringLiteral("profileList")))
        list->setCurrentRow(
            list->findItems(team.location.title(), Qt::MatchExactly).isEmpty()
                ? 0
                : list->row(list->findItems(team.location.title(), Qt::MatchExactly).first()));
    connect.resize(900, 430);
    connect.show();
    settle();
    ok &= save(&connect, out, QStringLiteral("connect-dialog.png"));
    for (const ConnectionProfile& p : {team, vendor})
        ConnectionProfiles::remove(p.key());

    // Another program (Qt's plain SQLite driver here, as a sync script would) stores one
    // login twice in two cases: the next open names both users above the lists.
    const QString samplePath = dir.filePath(QStringLiteral("sample.sqlite"));
    {
        QSqlDatabase outside =
            QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("outside"));
        outside.setDatabaseName(samplePath);
        QSqlQuery write(outside);
        if (!outside.open() ||
            !write.exec(QStringLiteral("UPDATE tblusers SET email = (SELECT upper(email) FROM "
                                       "tblusers WHERE id = 2) WHERE id = 5")))
            return 1;
    }
    QSqlDatabase::removeDatabase(QStringLiteral("outside"));
    auto clashDb = Database::open(*DatabaseLocation::parse(samplePath), OpenOptions{});
    if (!clashDb || (*clashDb)->loginClashWarnings().isEmpty())
        return 1;
    ui::MainWindow clashWindow(*clashDb);
    clashWindow.resize(1200, 720);
    clashWindow.show();
    if (auto* clashTabs = clashWindow.findChild<QTabWidget*>(QStringLiteral("mainTabs")))
        clashTabs->setCurrentWidget(clashWindow.usersView());
    waitForRows(clashWindow.usersView());
    settle();
    ok &= save(&clashWindow, out, QStringLiteral("login-clash.png"));
    return ok ? 0 : 1;
}
