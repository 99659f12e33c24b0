#include "windowset.h"

#include "mainwindow.h"
#include "services/samplegenerator.h"
#include "services/snapshotservice.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProgressDialog>
#include <QSettings>
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
} // namespace

WindowSet::~WindowSet()
{
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
    auto opened = Database::open(*location, OpenOptions{missing, true});
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
