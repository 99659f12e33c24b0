#include "cli/cli.h"
#include "mainentry.h"
#include "services/translations.h"
#include "storage/sqlitefunctions.h"

#include <QCoreApplication>

int main(int argc, char* argv[])
{
    accord::configureSqliteLibrary();
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments << QString::fromLocal8Bit(argv[i]);
    if (accord::cli::wantsHeadless(arguments)) {
        // Headless commands never need a display.
        QCoreApplication app(argc, argv);
        QCoreApplication::setApplicationName(QStringLiteral("Accord"));
        QCoreApplication::setOrganizationName(QStringLiteral("Accord"));
        QCoreApplication::setApplicationVersion(QStringLiteral(ACCORD_VERSION));
        accord::installTranslations();
        return accord::cli::run(arguments);
    }
    return accord::ui::runGui(argc, argv);
}
