#include "mainentry.h"

#include "services/translations.h"
#include "windowset.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

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

    // One main window per open database; a database opened twice is one window raised.
    WindowSet windows;
    QObject::connect(&windows, &WindowSet::refused, &windows, [](const QString& message) {
        QMessageBox::critical(nullptr, QObject::tr("Accord"), message);
    });
    if (!windows.openAtStart(parser.value(db)))
        return 1;
    return app.exec();
}

} // namespace accord::ui
