#include "mainentry.h"

#include "connectdialog.h"
#include "mainwindow.h"
#include "services/connectionprofile.h"
#include "services/translations.h"
#include "windowset.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFileInfo>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>

namespace accord::ui {

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

    // One main window per open database; a database opened twice is one window raised.
    WindowSet windows;
    QObject::connect(&windows, &WindowSet::refused, &windows, [](const QString& message) {
        QMessageBox::critical(nullptr, QObject::tr("Accord"), message);
    });
    // A server (a --db URL, or the last one): its profile, with the keychain's password, or
    // the Connect dialog asking for it.
    if (path.contains(QLatin1String("://"))) {
        auto profile = ConnectionProfiles::forLocation(path);
        if (!profile) {
            QMessageBox::critical(nullptr, QObject::tr("Accord"),
                                  DatabaseLocation::parse(path).error().message);
            return 1;
        }
        if (!windows.openProfile(*profile) && !windows.connectDialog())
            return 1;
        return app.exec();
    }
    DatabasePtr database = windows.openDatabase(path, true, withSample);
    if (!database)
        return 1;
    windows.show(database);
    return app.exec();
}

} // namespace accord::ui
