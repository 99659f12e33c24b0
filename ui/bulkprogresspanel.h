#pragma once

#include "storage/database.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QWidget>

#include <functional>
#include <memory>

class QLabel;
class QProgressBar;
class QPushButton;
class QThread;

namespace accord::ui {

// How far a long bulk job (an import, an export) is, under the form of the dialog that
// started it: the phase, a bar, the amount done of the whole, the rate, the time left, and
// Cancel. The job runs on a worker thread with a database connection of its own; its
// reports cross to this thread no faster than they are drawn, and Cancel is a flag the
// job's next report reads (the job then stops and undoes what it did).
class BulkProgressPanel : public QWidget
{
    Q_OBJECT
public:
    // What a report's amounts count: rows (an export, an import's writing), or something
    // unnamed shown as a share (the bytes an import read, its index steps).
    enum class Unit { Rows, Share };
    // What the job calls on its thread: the phase, done of total (-1: unknown) and what they
    // count; false once Cancel was pressed.
    using Report = std::function<bool(const QString& phase, qint64 done, qint64 total, Unit unit)>;

    explicit BulkProgressPanel(QWidget* parent = nullptr);
    ~BulkProgressPanel() override; // cancels a running job and waits for it

    // Runs `job` on a worker thread (which releases its connection of `database` when it
    // ends); finished() follows on this thread once it returned.
    void run(DatabasePtr database, std::function<void(const Report&)> job);
    bool isRunning() const;
    void cancel();                                    // the Cancel button
    bool wasCancelled() const { return m_cancelled; } // during the last run

    QLabel* phaseLabel() const { return m_phase; }
    QProgressBar* bar() const { return m_bar; }
    QLabel* detailLabel() const { return m_detail; }
    QPushButton* cancelButton() const { return m_cancel; }

    // Tests: called on the worker thread after each report it sent here, before the job
    // learns whether to go on, so that a test can hold the job until this thread answered.
    void setWorkerProbe(std::function<void()> probe) { m_probe = std::move(probe); }

signals:
    void progressed(const QString& phase, qint64 done, qint64 total); // as it is shown
    void finished();

private:
    struct Shared;
    void showReport(const std::shared_ptr<Shared>& from, const QString& phase, qint64 done,
                    qint64 total, Unit unit);
    void ended();
    QString detailText(qint64 done, qint64 total) const;
    QLabel* m_phase;
    QProgressBar* m_bar;
    QLabel* m_detail;
    QPushButton* m_cancel;
    QPointer<QThread> m_worker;
    std::shared_ptr<Shared> m_shared; // of the running job
    std::function<void()> m_probe;
    Unit m_unit = Unit::Rows;
    bool m_cancelled = false;
    // The rate is the current phase's: its start, and how much was done then.
    QString m_shownPhase;
    QElapsedTimer m_phaseClock;
    qint64 m_phaseStartDone = 0;
};

} // namespace accord::ui
