#include "bulkprogresspanel.h"

#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QThread>

#include <atomic>
#include <cmath>

namespace accord::ui {

// What the worker and the panel both touch. The clock and the last phase sent are the
// worker's alone (a job reports from its one thread).
struct BulkProgressPanel::Shared {
    std::atomic<bool> cancel{false};
    std::atomic<bool> inFlight{false}; // a report sent, not yet shown
    std::function<void()> probe;
    QElapsedTimer sinceSent;
    QString phaseSent;
};

BulkProgressPanel::BulkProgressPanel(QWidget* parent)
    : QWidget(parent), m_phase(new QLabel(this)), m_bar(new QProgressBar(this)),
      m_detail(new QLabel(this)), m_cancel(new QPushButton(tr("&Cancel"), this))
{
    setObjectName(QStringLiteral("bulkProgress"));
    m_phase->setObjectName(QStringLiteral("progressPhase"));
    m_bar->setObjectName(QStringLiteral("progressBar"));
    m_bar->setTextVisible(false);
    m_bar->setAccessibleName(tr("Progress"));
    m_detail->setObjectName(QStringLiteral("progressDetail"));
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setToolTip(tr("Stop: nothing is kept of what was done so far"));
    connect(m_cancel, &QPushButton::clicked, this, &BulkProgressPanel::cancel);

    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_phase, 0, 0, 1, 2);
    layout->addWidget(m_bar, 1, 0);
    layout->addWidget(m_cancel, 1, 1);
    layout->addWidget(m_detail, 2, 0, 1, 2);
    layout->setColumnStretch(0, 1);
    setVisible(false);
}

BulkProgressPanel::~BulkProgressPanel()
{
    if (m_worker) {
        m_shared->cancel = true;
        m_worker->wait();
    }
}

void BulkProgressPanel::run(DatabasePtr database, std::function<void(const Report&)> job)
{
    if (m_worker)
        return;
    // A new flag for each run: a report of an earlier job still queued cannot touch it.
    m_shared = std::make_shared<Shared>();
    m_shared->probe = m_probe;
    m_unit = Unit::Rows;
    m_cancelled = false;
    m_shownPhase.clear();
    m_phase->setText(tr("Starting…"));
    m_detail->clear();
    m_bar->setRange(0, 0);
    m_cancel->setEnabled(true);
    setVisible(true);

    Report report = [this, shared = m_shared](const QString& phase, qint64 done, qint64 total,
                                              Unit unit) {
        if (shared->cancel)
            return false;
        // Never faster than the panel draws, and at most ten a second within a phase; a
        // new phase is always shown.
        const bool newPhase = phase != shared->phaseSent;
        const bool due =
            newPhase || !shared->sinceSent.isValid() || shared->sinceSent.elapsed() >= 100;
        if (due && (!shared->inFlight.exchange(true) || newPhase)) {
            shared->phaseSent = phase;
            shared->sinceSent.start();
            QMetaObject::invokeMethod(
                this,
                [this, shared, phase, done, total, unit] {
                    showReport(shared, phase, done, total, unit);
                },
                Qt::QueuedConnection);
            if (shared->probe)
                shared->probe();
        }
        return !shared->cancel;
    };
    m_worker = QThread::create([db = std::move(database), job = std::move(job), report] {
        job(report);
        db->releaseThreadConnection();
    });
    connect(m_worker, &QThread::finished, this, &BulkProgressPanel::ended);
    connect(m_worker, &QThread::finished, m_worker, &QObject::deleteLater);
    m_worker->start();
}

bool BulkProgressPanel::isRunning() const
{
    return m_worker != nullptr;
}

void BulkProgressPanel::cancel()
{
    if (!m_worker || m_shared->cancel)
        return;
    m_shared->cancel = true;
    m_cancelled = true;
    m_cancel->setEnabled(false);
    m_phase->setText(tr("Cancelling…"));
}

void BulkProgressPanel::showReport(const std::shared_ptr<Shared>& from, const QString& phase,
                                   qint64 done, qint64 total, Unit unit)
{
    from->inFlight = false;
    if (from != m_shared || !m_worker)
        return;
    m_unit = unit;
    if (phase != m_shownPhase) {
        m_shownPhase = phase;
        m_phaseClock.start();
        m_phaseStartDone = done;
    }
    if (!m_shared->cancel)
        m_phase->setText(phase);
    if (total > 0) {
        m_bar->setRange(0, 1000);
        m_bar->setValue(int(std::min<qint64>(1000, done * 1000 / total)));
    } else {
        m_bar->setRange(0, 0); // busy: how much there is is unknown
    }
    m_detail->setText(detailText(done, total));
    emit progressed(phase, done, total);
}

QString BulkProgressPanel::detailText(qint64 done, qint64 total) const
{
    const QLocale locale;
    QStringList parts;
    if (m_unit == Unit::Rows)
        parts << (total > 0 ? tr("%1 of %2 rows").arg(locale.toString(done), locale.toString(total))
                            : tr("%1 rows").arg(locale.toString(done)));
    else if (total > 0)
        parts << tr("%1 %").arg(done * 100 / total);
    // The rate of this phase once a second of it went by (earlier figures jump about).
    const double seconds = double(m_phaseClock.elapsed()) / 1000;
    const qint64 gone = done - m_phaseStartDone;
    if (seconds >= 1 && gone > 0) {
        const double rate = double(gone) / seconds;
        if (m_unit == Unit::Rows)
            parts << tr("%1 rows/s").arg(locale.toString(qint64(rate)));
        if (total > done) {
            const qint64 left = qint64(std::ceil(double(total - done) / rate));
            parts << (left < 90 ? tr("about %1 s left").arg(left)
                                : tr("about %1 min left").arg((left + 30) / 60));
        }
    }
    return parts.join(QStringLiteral(" · "));
}

void BulkProgressPanel::ended()
{
    m_worker = nullptr;
    setVisible(false);
    emit finished();
}

} // namespace accord::ui
