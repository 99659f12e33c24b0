#include "mainentry.h"

#include "mainwindow.h"
#include "services/samplegenerator.h"
#include "services/translations.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QStandardPaths>

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

// Opens a database (creating a missing file; with sample users when asked) and remembers
// it; a refusal is explained in a message box.
DatabasePtr openOrExplain(const QString& path, bool withSample)
{
    auto location = DatabaseLocation::parse(path);
    if (!location) {
        QMessageBox::critical(nullptr, QObject::tr("Accord"), location.error().message);
        return {};
    }
    const bool missing = location->engine == Engine::SQLite && !QFileInfo::exists(location->path);
    auto opened = Database::open(*location, OpenOptions{missing, true});
    if (!opened) {
        QMessageBox::critical(nullptr, QObject::tr("Accord"),
                              QObject::tr("Cannot open %1:\n%2").arg(path, opened.error().message));
        return {};
    }
    if (missing && withSample) {
        SampleOptions options;
        options.users = firstRunSampleUsers;
        if (auto made = SampleGenerator(*opened).generate(options); !made) {
            QMessageBox::critical(nullptr, QObject::tr("Accord"), made.error().message);
            return {};
        }
        QSettings().setValue(QStringLiteral("sampleDatabase"), location->path);
    }
    rememberRecent(location->path);
    return *opened;
}

} // namespace

int runGui(int& argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("Accord"));
    QApplication::setOrganizationName(QStringLiteral("Accord"));
    QApplication::setApplicationVersion(QStringLiteral(ACCORD_VERSION));
    installTranslations();

    QCommandLineParser parser;
    QCommandLineOption db(QStringLiteral("db"), QObject::tr("Database file or URL."),
                          QStringLiteral("FILE|URL"));
    parser.addOption(db);
    parser.parse(QApplication::arguments());

    // --db, else the last database, else (first run) the sample one in the data folder.
    QString path = parser.value(db);
    if (path.isEmpty())
        path = QSettings().value(QStringLiteral("lastDatabase")).toString();
    bool withSample = false;
    if (path.isEmpty() ||
        (!parser.isSet(db) && !path.contains(QLatin1String("://")) && !QFileInfo::exists(path))) {
        const QString dataDir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir().mkpath(dataDir);
        path = QDir(dataDir).filePath(QStringLiteral("accord.sqlite"));
        withSample = true;
    }
    DatabasePtr database = openOrExplain(path, withSample);
    if (!database)
        return 1;
    // The title says "sample data" until another database replaces the sample one.
    auto isSample = [](const DatabasePtr& d) {
        return d->location().path == QSettings().value(QStringLiteral("sampleDatabase")).toString();
    };

    // One main window per open database; a database opened twice is one window raised.
    QList<QPointer<MainWindow>> windows;
    auto showing = [&](const QString& path) -> MainWindow* {
        const QString wanted = QFileInfo(path).absoluteFilePath();
        for (const QPointer<MainWindow>& w : std::as_const(windows))
            if (w && w->database()->location().path == wanted)
                return w;
        return nullptr;
    };
    std::function<void(DatabasePtr)> show = [&](DatabasePtr opened) {
        const bool sample = isSample(opened);
        auto* next = new MainWindow(std::move(opened), sample);
        next->setAttribute(Qt::WA_DeleteOnClose);
        QPointer<MainWindow> self(next);
        // File > Open: this database instead of the window's.
        QObject::connect(next, &MainWindow::openDatabaseRequested, next,
                         [&, self](const QString& p) {
                             if (MainWindow* open = showing(p); open && open != self) {
                                 open->raise();
                                 open->activateWindow();
                                 return;
                             }
                             if (DatabasePtr other = openOrExplain(p, false)) {
                                 if (self)
                                     self->close();
                                 show(other);
                             }
                         });
        // File > Open in New Window: beside it.
        QObject::connect(next, &MainWindow::openInNewWindowRequested, next, [&](const QString& p) {
            if (MainWindow* open = showing(p)) {
                open->raise();
                open->activateWindow();
                return;
            }
            if (DatabasePtr other = openOrExplain(p, false))
                show(other);
        });
        next->show();
        windows.removeAll(nullptr);
        windows << self;
    };
    show(database);
    return app.exec();
}

} // namespace accord::ui
