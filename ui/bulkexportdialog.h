#pragma once

#include "domain/snapshotfilter.h"
#include "storage/bulkexportwriter.h"
#include "storage/database.h"

#include <QDialog>

#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace accord::ui {

class BulkProgressPanel;

// File > Export…: the users, clients and links (everything, or what a filter selects) as
// bulk data, a folder of users.csv, clients.csv and links.csv or one JSON file; whether
// secrets go in and whether an existing target is replaced. The export runs on a worker
// thread under a progress panel with Cancel; afterwards the dialog says what was written
// where, or that a cancel left nothing there.
class BulkExportDialog : public QDialog
{
    Q_OBJECT
public:
    BulkExportDialog(DatabasePtr database, SnapshotFilter filter, QWidget* parent = nullptr);
    ~BulkExportDialog() override;

    QComboBox* formatBox() const { return m_format; }
    QLineEdit* pathEdit() const { return m_path; }
    QCheckBox* secretsBox() const { return m_secrets; }
    QCheckBox* replaceBox() const { return m_replace; }
    QPushButton* exportButton() const { return m_export; }
    QLabel* message() const { return m_message; }
    BulkProgressPanel* progress() const { return m_progress; }
    const SnapshotFilter& filter() const { return m_filter; }
    bool isRunning() const;
    // The last export's result, once it finished (stopped when it was cancelled).
    const std::optional<Result<BulkExportWritten>>& result() const { return m_result; }

    BulkExportRequest::Format format() const;
    void setFormat(BulkExportRequest::Format format);
    void startExport(); // the Export button

signals:
    void exported(const QString& path);

protected:
    void reject() override; // Esc while exporting cancels it; the dialog stays

private:
    void browse();
    void formatChanged();
    void finished();
    void setRunning(bool running); // the form and buttons wait while the export runs
    DatabasePtr m_db;
    SnapshotFilter m_filter;
    QComboBox* m_format;
    QLineEdit* m_path;
    QPushButton* m_browse;
    QCheckBox* m_secrets;
    QCheckBox* m_replace;
    BulkProgressPanel* m_progress;
    QLabel* m_message;
    QPushButton* m_export;
    QPushButton* m_close;
    std::shared_ptr<std::optional<Result<BulkExportWritten>>> m_pending;
    std::optional<Result<BulkExportWritten>> m_result;
    QString m_target; // of the running export
};

} // namespace accord::ui
