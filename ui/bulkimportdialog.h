#pragma once

#include "services/importservice.h"
#include "storage/database.h"

#include <QDialog>

#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;

namespace accord::ui {

class BulkProgressPanel;
class RecordSession;

// File > Import…: users, clients and links from CSV files (or a folder of users.csv,
// clients.csv and links.csv), an export's JSON file or another SQLite file, validated
// whole and applied all or nothing (or only validated: a dry run). The import runs on a
// worker thread under a progress panel with Cancel; afterwards the dialog says what was
// imported, lists the problems that refused it, or says that a cancel undid everything,
// and the other views of the database re-read their rows.
class BulkImportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit BulkImportDialog(DatabasePtr database, QWidget* parent = nullptr);
    ~BulkImportDialog() override;

    QComboBox* formatBox() const { return m_format; }
    // One path, or several in double quotes ("a.csv" "b.csv"), as a file dialog writes them.
    QLineEdit* inputsEdit() const { return m_inputs; }
    QCheckBox* dryRunBox() const { return m_dryRun; }
    QPushButton* importButton() const { return m_import; }
    QLabel* message() const { return m_message; }
    QListWidget* problemList() const { return m_problems; }
    BulkProgressPanel* progress() const { return m_progress; }
    bool isRunning() const;
    // The last import's result, once it finished.
    const std::optional<Result<ImportOutcome>>& result() const { return m_result; }

    BulkFormat format() const;
    void setFormat(BulkFormat format);
    QStringList inputs() const; // what the inputs line names
    void startImport();         // the Import button

signals:
    void imported(const accord::ImportOutcome& outcome); // applied

protected:
    void reject() override; // Esc while importing cancels it; the dialog stays

private:
    void browseFiles();
    void browseFolder();
    void formatChanged();
    void finished();
    void showOutcome(const ImportOutcome& outcome, bool dryRun);
    void setRunning(bool running); // the form and buttons wait while the import runs
    DatabasePtr m_db;
    RecordSession* m_session;
    QComboBox* m_format;
    QLineEdit* m_inputs;
    QPushButton* m_browse;
    QPushButton* m_folder;
    QCheckBox* m_dryRun;
    BulkProgressPanel* m_progress;
    QLabel* m_message;
    QListWidget* m_problems;
    QPushButton* m_import;
    QPushButton* m_close;
    std::shared_ptr<std::optional<Result<ImportOutcome>>> m_pending;
    std::optional<Result<ImportOutcome>> m_result;
    bool m_pendingDryRun = false;
};

} // namespace accord::ui
