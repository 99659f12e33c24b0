#include "windowset.h"

#include "connectdialog.h"
#include "mainwindow.h"
#include "services/connectionservice.h"
#include "services/keychaincredentialstore.h"
#include "services/samplegenerator.h"
#include "services/snapshotservice.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QLineEdit>
#include <QProgressDialog>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QThread>

#include <atomic>
#include <optional>
#include <thread>

namespace accord::ui {

namespace {
constexpr int firstRunSampleUsers = 200;

void rememberRecent(const QString& path)
{
    QSettings settings;
    QStringList recent = settings.value(QStringLiteral("recentDatabases")).toStringList();
    recent.removeAll(path);
    recent.prepend(path);
    while (recent.size() > 8)
        recent.removeLast();
    settings.setValue(QStringLiteral("recentDatabases"), recent);
    settings.setValue(QStringLiteral("lastDatabase"), path);
}

// SnapshotService::verify on another thread while a busy dialog shows (a million rows take
// seconds).
Result<SnapshotCheck> verifiedWhileWaiting(const QString& path)
{
    std::optional<Result<SnapshotCheck>> result;
    std::atomic<bool> done{false};
    std::thread worker([&] {
        result = SnapshotService::verify(path);
        done = true;
    });
    QProgressDialog progress(QObject::tr("Checking the snapshot %1 (integrity and checksum)…")
                                 .arg(QFileInfo(path).fileName()),
                             QString(), 0, 0);
    progress.setObjectName(QStringLiteral("snapshotCheckProgress"));
    progress.setWindowModality(Qt::ApplicationModal);
    progress.setMinimumDuration(400);
    progress.setValue(0);
    while (!done) {
        QApplication::processEvents(QEventLoop::AllEvents, 20);
        if (!done)
            QThread::msleep(5);
    }
    worker.join();
    return std::move(*result);
}

QString displayOf(const QString& path)
{
    auto location = DatabaseLocation::parse(path);
    return location ? location->display() : path;
}

bool isServerUrl(const QString& path)
{
    return path.contains(QLatin1String("://"));
}
} // namespace

WindowSet::WindowSet(CredentialStore* credentials, QObject* parent)
    : QObject(parent), m_credentials(credentials)
{
    if (!m_credentials) {
        m_ownCredentials = std::make_unique<KeychainCredentialStore>();
        m_credentials = m_ownCredentials.get();
    }
}

ConnectDialog* WindowSet::showConnectDialog(QWidget* from)
{
    if (m_connect) {
        m_connect->raise();
        m_connect->activateWindow();
        return m_connect;
    }
    auto* dialog = new ConnectDialog(*m_credentials, from);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_connect = dialog;
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        if (DatabasePtr db = dialog->database())
            showConnected(db, dialog->keychainProblem());
    });
    dialog->open();
    return dialog;
}

bool WindowSet::openAtStart(const QString& requested)
{
    QString path = requested;
    if (path.isEmpty())
        path = QSettings().value(QStringLiteral("lastDatabase")).toString();
    if (isServerUrl(path)) {
        auto profile = ConnectionProfiles::forLocation(path);
        if (!profile) {
            emit refused(DatabaseLocation::parse(path).error().message);
            return false;
        }
        return openProfile(*profile) || connectDialog();
    }
    bool withSample = false;
    if (path.isEmpty() || (requested.isEmpty() && !QFileInfo::exists(path))) {
        const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir().mkpath(dataDir);
        path = QDir(dataDir).filePath(QStringLiteral("accord.sqlite"));
        withSample = true;
    }
    DatabasePtr database = openDatabase(path, true, withSample);
    if (!database)
        return false;
    show(database);
    return true;
}

ConnectDialog* WindowSet::connectDialog() const
{
    return m_connect;
}

MainWindow* WindowSet::showConnected(const DatabasePtr& database, const QString& keychainProblem)
{
    rememberRecent(database->dialect().isEmbedded() ? database->location().path
                                                    : database->location().display());
    MainWindow* window =
        windowOf(database->dialect().isEmbedded() ? database->location().path
                                                  : database->location().display());
    if (window) {
        window->raise();
        window->activateWindow();
    } else {
        window = show(database);
    }
    if (!keychainProblem.isEmpty())
        window->statusBar()->showMessage(keychainProblem, 15000);
    return window;
}

MainWindow* WindowSet::openProfile(const ConnectionProfile& profile)
{
    if (MainWindow* open = windowOf(profile.key())) {
        open->raise();
        open->activateWindow();
        return open;
    }
    ConnectionService service(*m_credentials);
    const StoredPassword stored = service.storedPassword(profile);
    QString notice;
    if (stored.found()) {
        QString problem;
        auto opened = service.connect(profile, {}, &problem);
        if (opened)
            return showConnected(*opened, problem);
        notice = opened.error().message;
    } else if (stored.status == StoredPassword::Status::Unavailable) {
        notice = tr("Enter the password for %1. %2 It is asked for each time.")
                     .arg(profile.location.title(), stored.reason);
    } else {
        notice = tr("Enter the password for %1 (the keychain holds none).")
                     .arg(profile.location.title());
    }
    ConnectDialog* dialog = showConnectDialog();
    dialog->setProfile(profile);
    dialog->setNotice(notice);
    if (auto* password = dialog->findChild<QLineEdit*>(QStringLiteral("passwordEdit")))
        password->setFocus();
    return nullptr;
}

WindowSet::~WindowSet()
{
    delete m_connect.data();
    for (const QPointer<MainWindow>& w : std::as_const(m_windows))
        delete w.data();
}

DatabasePtr WindowSet::openDatabase(const QString& path, bool create, bool withSample)
{
    auto location = DatabaseLocation::parse(path);
    if (!location) {
        emit refused(location.error().message);
        return {};
    }
    const bool missing = location->dialect().isEmbedded() && !QFileInfo::exists(location->path);
    if (missing && !create) {
        emit refused(tr("Cannot open %1:\nNo such database.").arg(path));
        return {};
    }
    auto opened = Database::open(*location, OpenOptions{missing, true, kListWorkers});
    if (!opened) {
        emit refused(tr("Cannot open %1:\n%2").arg(path, opened.error().message));
        return {};
    }
    if ((*opened)->snapshot()) {
        // A snapshot is trusted once it is whole: a damaged or altered file never opens.
        if (auto checked = verifiedWhileWaiting(location->path); !checked) {
            emit refused(tr("Cannot open the snapshot %1:\n%2").arg(path, checked.error().message));
            return {};
        }
    } else if (missing && withSample) {
        SampleOptions options;
        options.users = firstRunSampleUsers;
        if (auto made = SampleGenerator(*opened).generate(options); !made) {
            emit refused(made.error().message);
            return {};
        }
        QSettings().setValue(QStringLiteral("sampleDatabase"), location->path);
    }
    if (!(*opened)->snapshot())
        rememberRecent(location->dialect().isEmbedded() ? location->path : location->display());
    return *opened;
}

MainWindow* WindowSet::show(DatabasePtr database)
{
    const bool sample =
        database->dialect().isEmbedded() &&
        database->location().path == QSettings().value(QStringLiteral("sampleDatabase")).toString();
    auto* window = new MainWindow(std::move(database), sample);
    window->setAttribute(Qt::WA_DeleteOnClose);
    QPointer<MainWindow> self(window);
    connect(window, &MainWindow::connectRequested, this, [this, self] { showConnectDialog(self); });
    connect(window, &MainWindow::openDatabaseRequested, this,
            [this, self](const QString& p) { openInstead(self, p); });
    connect(window, &MainWindow::openInNewWindowRequested, this,
            [this](const QString& p) { openBeside(p); });
    connect(window, &MainWindow::openRecordInDatabaseRequested, this,
            [this](const QString& p, RecordRef record) { openRecord(p, record); });
    window->show();
    m_windows.removeAll(nullptr);
    m_windows << self;
    return window;
}

MainWindow* WindowSet::windowOf(const QString& path) const
{
    const QString wanted = displayOf(path);
    for (const QPointer<MainWindow>& w : m_windows)
        if (w && w->database()->location().display() == wanted)
            return w;
    return nullptr;
}

QList<MainWindow*> WindowSet::windows() const
{
    QList<MainWindow*> out;
    for (const QPointer<MainWindow>& w : m_windows)
        if (w)
            out << w;
    return out;
}

MainWindow* WindowSet::openBeside(const QString& path)
{
    if (MainWindow* open = windowOf(path)) {
        open->raise();
        open->activateWindow();
        return open;
    }
    if (isServerUrl(path)) {
        auto profile = ConnectionProfiles::forLocation(path);
        if (!profile) {
            emit refused(DatabaseLocation::parse(path).error().message);
            return nullptr;
        }
        return openProfile(*profile);
    }
    DatabasePtr db = openDatabase(path);
    return db ? show(db) : nullptr;
}

MainWindow* WindowSet::openInstead(MainWindow* window, const QString& path)
{
    if (MainWindow* open = windowOf(path); open && open != window) {
        open->raise();
        open->activateWindow();
        return open;
    }
    // A server opens beside the window it was asked from (its password may need asking).
    if (isServerUrl(path))
        return openBeside(path);
    const bool missing = !path.contains(QLatin1String("://")) && !QFileInfo::exists(path);
    DatabasePtr db = openDatabase(path, missing); // File > New Database names a new file
    if (!db)
        return nullptr;
    // A snapshot is read beside the live database, never instead of it.
    if (window && !db->snapshot())
        window->close();
    return show(db);
}

void WindowSet::openRecord(const QString& path, RecordRef record)
{
    if (MainWindow* window = openBeside(path))
        window->openRecord(record);
}

} // namespace accord::ui
