#pragma once

#include "domain/recordref.h"
#include "models/recordchangelistmodel.h"
#include "services/diffservice.h"

#include <QPointer>
#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QPushButton;
class QTableView;
class QThread;

namespace accord::ui {

// Compare with Snapshot: what changed from a snapshot (old) to this window's database
// (new) — users, clients and links added, removed and changed field by field — as a list
// whose rows open either side: the record in the snapshot's window, or in this one. The
// comparison runs on a worker thread.
class SnapshotDiffWindow : public QWidget
{
    Q_OBJECT
public:
    SnapshotDiffWindow(QString snapshotPath, DatabasePtr live, QWidget* parent = nullptr);
    ~SnapshotDiffWindow() override;

    RecordChangeListModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QLabel* summary() const { return m_summary; }
    QPushButton* openOldButton() const { return m_openOld; }
    QPushButton* openNewButton() const { return m_openNew; }
    bool isReady() const { return m_ready; }
    const QString& snapshotPath() const { return m_path; }

    void selectRow(int row);
    void openOld(); // the current row's record in the snapshot
    void openNew(); // ... in this window's database

signals:
    void openOldRequested(accord::RecordRef record);
    void openNewRequested(accord::RecordRef record);

private:
    void compared();
    void updateButtons();
    const RecordChange* current() const;
    QString m_path;
    DatabasePtr m_live;
    DatabasePtr m_snapshot;
    RecordChangeListModel* m_model;
    QTableView* m_table;
    QLabel* m_summary;
    QPushButton* m_openOld;
    QPushButton* m_openNew;
    QPointer<QThread> m_worker;
    std::shared_ptr<std::optional<Result<DatabaseDiff>>> m_pending;
    bool m_ready = false;
};

} // namespace accord::ui
