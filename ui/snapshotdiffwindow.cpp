#include "snapshotdiffwindow.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QShortcut>
#include <QTableView>
#include <QThread>
#include <QVBoxLayout>

namespace accord::ui {

SnapshotDiffWindow::SnapshotDiffWindow(QString snapshotPath, DatabasePtr live, QWidget* parent)
    : QWidget(parent), m_path(std::move(snapshotPath)), m_live(std::move(live)),
      m_model(new RecordChangeListModel(this)), m_table(new QTableView(this)),
      m_summary(new QLabel(this)), m_openOld(new QPushButton(tr("Open in &Snapshot"), this)),
      m_openNew(new QPushButton(tr("Open in &Live Database"), this))
{
    setObjectName(QStringLiteral("snapshotDiffWindow"));
    setWindowTitle(tr("Changes since %1 — %2")
                       .arg(QFileInfo(m_path).fileName(), m_live->location().display()));
    m_table->setObjectName(QStringLiteral("changesTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    m_openOld->setObjectName(QStringLiteral("openOldButton"));
    m_openNew->setObjectName(QStringLiteral("openNewButton"));
    m_openOld->setToolTip(tr("Open the record as the snapshot holds it, in the snapshot's window"));
    m_openNew->setToolTip(tr("Open the record as it is now"));
    connect(m_openOld, &QPushButton::clicked, this, &SnapshotDiffWindow::openOld);
    connect(m_openNew, &QPushButton::clicked, this, &SnapshotDiffWindow::openNew);
    // Enter or a double-click: the record as it is now, or as it was when it is gone.
    auto openEither = [this] {
        if (const RecordChange* c = current())
            c->change == RecordChange::Change::Removed ? openOld() : openNew();
    };
    connect(m_table, &QTableView::activated, this, openEither);
    auto* close = new QShortcut(QKeySequence(Qt::Key_Escape), this);
    connect(close, &QShortcut::activated, this, &QWidget::close);

    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_openOld);
    buttons->addWidget(m_openNew);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    resize(1000, 560);
    updateButtons();

    auto opened = DiffService::open(m_path);
    if (!opened) {
        m_summary->setText(tr("Cannot open %1: %2").arg(m_path, opened.error().message));
        return;
    }
    m_snapshot = *opened;
    m_summary->setText(tr("Comparing %1 with %2…")
                           .arg(QFileInfo(m_path).fileName(), m_live->location().display()));
    m_pending = std::make_shared<std::optional<Result<DatabaseDiff>>>();
    // Both databases are read through connections of the worker's own, released at the end.
    m_worker = QThread::create([older = m_snapshot, newer = m_live, out = m_pending] {
        *out = DiffService(older, newer).diff();
        older->releaseThreadConnection();
        newer->releaseThreadConnection();
    });
    connect(m_worker, &QThread::finished, this, &SnapshotDiffWindow::compared);
    connect(m_worker, &QThread::finished, m_worker, &QObject::deleteLater);
    m_worker->start();
}

SnapshotDiffWindow::~SnapshotDiffWindow()
{
    if (m_worker)
        m_worker->wait();
}

void SnapshotDiffWindow::compared()
{
    m_worker = nullptr;
    const std::optional<Result<DatabaseDiff>> result = std::move(*m_pending);
    m_pending.reset();
    if (!result || !*result) {
        m_summary->setText(tr("The comparison failed: %1")
                               .arg(result ? result->error().message : tr("it did not finish")));
        return;
    }
    const DatabaseDiff& diff = result->value();
    const QLocale l;
    auto counts = [&](const QString& what, const ChangeCounts& c) {
        return tr("%1: %2 added, %3 removed, %4 changed")
            .arg(what, l.toString(c.added), l.toString(c.removed), l.toString(c.changed));
    };
    QString text = tr("From the snapshot %1 to %2 — %3; %4; %5.")
                       .arg(QFileInfo(m_path).fileName(), m_live->location().display(),
                            counts(tr("users"), diff.users), counts(tr("clients"), diff.clients),
                            counts(tr("links"), diff.links));
    if (const auto& m = m_snapshot->snapshot())
        text += QLatin1Char('\n') +
                tr("The snapshot is of %1, taken %2 by %3 (%4).")
                    .arg(m->source(),
                         QLocale().toString(m->createdAt().toLocalTime(), QLocale::ShortFormat),
                         m->operatorName(), m->filter().describe());
    if (!diff.secretsCompared)
        text += QLatin1Char('\n') + tr("Secret columns are not compared: the snapshot holds none.");
    if (diff.changes.isEmpty())
        text += QLatin1Char('\n') + tr("Nothing changed.");
    m_summary->setText(text);
    m_model->setChanges(diff.changes);
    m_table->resizeColumnsToContents();
    m_ready = true;
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &SnapshotDiffWindow::updateButtons);
    if (m_model->rowCount() > 0)
        selectRow(0);
    updateButtons();
}

const RecordChange* SnapshotDiffWindow::current() const
{
    const QModelIndex index = m_table->currentIndex();
    return index.isValid() ? m_model->changeAt(index.row()) : nullptr;
}

void SnapshotDiffWindow::selectRow(int row)
{
    m_table->setCurrentIndex(m_model->index(row, 0));
    m_table->selectRow(row);
    updateButtons();
}

void SnapshotDiffWindow::updateButtons()
{
    const RecordChange* c = current();
    m_openOld->setEnabled(c && c->change != RecordChange::Change::Added);
    m_openNew->setEnabled(c && c->change != RecordChange::Change::Removed);
}

void SnapshotDiffWindow::openOld()
{
    if (const RecordChange* c = current(); c && c->change != RecordChange::Change::Added)
        emit openOldRequested(c->record);
}

void SnapshotDiffWindow::openNew()
{
    if (const RecordChange* c = current(); c && c->change != RecordChange::Change::Removed)
        emit openNewRequested(c->record);
}

} // namespace accord::ui
