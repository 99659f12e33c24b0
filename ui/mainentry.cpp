#include "mainentry.h"

#include <QApplication>

namespace accord::ui {

int runGui(int& argc, char** argv)
{
    QApplication app(argc, argv);
    return 0;
}

} // namespace accord::ui
