// Makes README's screenshots from sample data: `accord-screenshots OUTDIR`.
// Run through packaging/screenshots/make-screenshots.sh (offscreen, fixed size and fonts).
#include "mainwindow.h"
#include "listview.h"
#include "services/samplegenerator.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace accord;

namespace {
// Waits until the view's visible rows hold data (the lists load on a worker thread).
void waitForRows(ui::ListView* view)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 10000) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        if (view->model()->rowCount() > 0 && view->model()->isRowLoaded(0) &&
            view->model()->isCountExact())
            return;
    }
}

bool save(QWidget* w, const QString& dir, const QString& name)
{
    QCoreApplication::processEvents();
    const QString path = QDir(dir).filePath(name);
    const bool ok = w->grab().save(path);
    qInfo("%s %s", ok ? "wrote" : "FAILED", qPrintable(path));
    return ok;
}
} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Accord-screenshots"));
    const QString out = argc > 1 ? QString::fromLocal8Bit(argv[1]) : QStringLiteral(".");
    QDir().mkpath(out);

    QTemporaryDir dir;
    auto db = Database::open(*DatabaseLocation::parse(dir.filePath(QStringLiteral("sample.sqlite"))),
                             OpenOptions{true, true});
    if (!db || !SampleGenerator(*db).generate(SampleOptions{}))
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
    return ok ? 0 : 1;
}
