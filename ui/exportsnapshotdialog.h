#pragma once

#include "domain/snapshotfilter.h"
#include "storage/database.h"
#include "storage/snapshotwriter.h"

#include <QDialog>
#include <QPointer>
#include <QThread>

#include <memory>
#include <optional>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace accord::ui {

// Where an export of `database` goes unless the admin says otherwise: beside its file (a
// server's: in the home folder), named by `nameTemplate` from the database's name (%1) and
// the minute (%2), e.g. "demo-snapshot-20261203-1417.sqlite".
QString defaultExportPath(const Database& database, const QString& nameTemplate);

// File > Export Snapshot…: where to write the snapshot of what (everything, or what a tab
// shows), whether secrets go in (then the file is readable by its owner alone) and whether
// an existing file is replaced. The export runs on a worker thread; afterwards the dialog
// says what was written and offers to open it beside this window.
class ExportSnapshotDialog : public QDialog
{
    Q_OBJECT
public:
    ExportSnapshotDialog(DatabasePtr database, SnapshotFilter filter, QWidget* parent = nullptr);
    ~ExportSnapshotDialog() override;

    QLineEdit* pathEdit() const { return m_path; }
    QCheckBox* secretsBox() const { return m_secrets; }
    QCheckBox* replaceBox() const { return m_replace; }
    QPushButton* exportButton() const { return m_export; }
    QPushButton* openButton() const { return m_open; }
    QLabel* message() const { return m_message; }
    const SnapshotFilter& filter() const { return m_filter; }
    bool isRunning() const { return m_worker != nullptr; }
    // The last export's result, once it finished.
    const std::optional<Result<SnapshotWritten>>& result() const { return m_result; }

    void startExport(); // the Export button

signals:
    void exported(const QString& path);
    void openRequested(const QString& path); // Open Snapshot, beside this window

private:
    void browse();
    void finished();
    DatabasePtr m_db;
    SnapshotFilter m_filter;
    QLineEdit* m_path;
    QCheckBox* m_secrets;
    QCheckBox* m_replace;
    QLabel* m_message;
    QPushButton* m_export;
    QPushButton* m_open;
    QPushButton* m_close;
    QPointer<QThread> m_worker;
    std::shared_ptr<std::optional<Result<SnapshotWritten>>> m_pending;
    std::optional<Result<SnapshotWritten>> m_result;
    QString m_written;
};

} // namespace accord::ui
