// MainWindow's bulk data: File > Import… and File > Export… (README, "Bulk formats").
#include "bulkexportdialog.h"
#include "bulkimportdialog.h"
#include "mainwindow.h"
#include "readonly.h"

#include <QAction>
#include <QMenu>
#include <QStatusBar>

namespace accord::ui {

BulkImportDialog* MainWindow::importData()
{
    if (m_db->isReadOnly())
        return nullptr;
    auto* dialog = new BulkImportDialog(m_db, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The lists re-read themselves on the dialog's notice of change.
    connect(dialog, &BulkImportDialog::imported, this, [this](const ImportOutcome& outcome) {
        statusBar()->showMessage(tr("Imported %1 users, %2 clients, %3 links.")
                                     .arg(outcome.users)
                                     .arg(outcome.clients)
                                     .arg(outcome.links),
                                 10000);
    });
    dialog->open();
    return dialog;
}

BulkExportDialog* MainWindow::exportData()
{
    auto* dialog = new BulkExportDialog(m_db, SnapshotFilter::everything(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

void MainWindow::buildBulkMenu(QMenu* file)
{
    file->addSeparator();
    QAction* importAction = file->addAction(tr("&Import…"));
    importAction->setObjectName(QStringLiteral("importAction"));
    importAction->setToolTip(tr("Add users, clients and links from CSV files, a JSON file or "
                                "another SQLite file: all of them, or none"));
    importAction->setStatusTip(importAction->toolTip());
    connect(importAction, &QAction::triggered, this, &MainWindow::importData);
    QAction* exportAction = file->addAction(tr("E&xport…"));
    exportAction->setObjectName(QStringLiteral("exportAction"));
    exportAction->setToolTip(tr("Write the users, clients and links to a CSV folder or a JSON "
                                "file"));
    exportAction->setStatusTip(exportAction->toolTip());
    connect(exportAction, &QAction::triggered, this, &MainWindow::exportData);
    guardWrites(*m_db, {importAction});
}

} // namespace accord::ui
