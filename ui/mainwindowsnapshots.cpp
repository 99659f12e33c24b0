// MainWindow's offline review: File > Export Snapshot… (everything, or what the current
// tab shows) and File > Compare with Snapshot….
#include "activitylogview.h"
#include "exportsnapshotdialog.h"
#include "listview.h"
#include "mainwindow.h"
#include "mismatchesview.h"
#include "snapshotdiffwindow.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QTabWidget>

namespace accord::ui {

SnapshotFilter MainWindow::shownRowsFilter() const
{
    if (m_tabs->currentWidget() == m_clients)
        return SnapshotFilter::clients(m_clients->model()->search());
    if (m_tabs->currentWidget() == m_users)
        return SnapshotFilter::users(m_users->model()->search());
    if (m_tabs->currentWidget() == m_mismatches)
        return SnapshotFilter::links(m_mismatches->filter());
    return SnapshotFilter::everything();
}

ExportSnapshotDialog* MainWindow::exportSnapshot(bool shownRows)
{
    auto* dialog = new ExportSnapshotDialog(
        m_db, shownRows ? shownRowsFilter() : SnapshotFilter::everything(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ExportSnapshotDialog::openRequested, this,
            &MainWindow::openInNewWindowRequested);
    dialog->open();
    return dialog;
}

SnapshotDiffWindow* MainWindow::compareWithSnapshot(const QString& path)
{
    // A window of its own, owned by this one (it closes with the database it compares).
    auto* window = new SnapshotDiffWindow(path, m_db, this);
    window->setWindowFlag(Qt::Window, true);
    window->setAttribute(Qt::WA_DeleteOnClose);
    connect(window, &SnapshotDiffWindow::openNewRequested, this, &MainWindow::openRecord);
    connect(window, &SnapshotDiffWindow::openOldRequested, this,
            [this, path](RecordRef record) { emit openRecordInDatabaseRequested(path, record); });
    window->show();
    return window;
}

void MainWindow::buildSnapshotMenu(QMenu* file)
{
    file->addSeparator();
    QAction* all = file->addAction(tr("Export &Snapshot…"));
    all->setObjectName(QStringLiteral("exportSnapshotAction"));
    all->setToolTip(tr("Write everything to a standalone snapshot file for offline review"));
    connect(all, &QAction::triggered, this, [this] { exportSnapshot(false); });
    QAction* shown = file->addAction(tr("Export Snapshot of Shown &Rows…"));
    shown->setObjectName(QStringLiteral("exportShownSnapshotAction"));
    shown->setToolTip(tr("A snapshot of what this tab shows: the clients or users its search "
                         "finds, with the records they are linked to, or the links the "
                         "Mismatches tab lists"));
    auto enableShown = [this, shown] { shown->setEnabled(m_tabs->currentWidget() != m_activity); };
    connect(m_tabs, &QTabWidget::currentChanged, this, enableShown);
    enableShown();
    connect(shown, &QAction::triggered, this, [this] { exportSnapshot(true); });
    QAction* compare = file->addAction(tr("Compare &with Snapshot…"));
    compare->setObjectName(QStringLiteral("compareWithSnapshotAction"));
    compare->setToolTip(tr("What changed in this database since a snapshot was taken"));
    connect(compare, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Compare with Snapshot"), QFileInfo(m_db->location().path).absolutePath(),
            tr("Accord snapshots (*.sqlite *.db);;All files (*)"));
        if (!path.isEmpty())
            compareWithSnapshot(path);
    });
}

} // namespace accord::ui
