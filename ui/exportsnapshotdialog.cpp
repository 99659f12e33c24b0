#include "exportsnapshotdialog.h"

#include "services/snapshotservice.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QThread>
#include <QVBoxLayout>

namespace accord::ui {

QString defaultExportPath(const Database& database, const QString& nameTemplate)
{
    const bool file = database.dialect().isEmbedded();
    const QFileInfo info(database.location().path);
    const QString base = file ? info.completeBaseName() : database.location().name;
    const QString folder = file ? info.absolutePath() : QDir::homePath();
    return QDir(folder).filePath(nameTemplate.arg(
        base, QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmm"))));
}

ExportSnapshotDialog::ExportSnapshotDialog(DatabasePtr database, SnapshotFilter filter,
                                           QWidget* parent)
    : QDialog(parent), m_db(std::move(database)), m_filter(std::move(filter)),
      m_path(new QLineEdit(this)),
      m_secrets(new QCheckBox(tr("&Include secrets (password hashes, tokens, two-factor "
                                 "secrets, security answers, card data)"),
                              this)),
      m_replace(new QCheckBox(tr("&Replace the file if it exists"), this)),
      m_message(new QLabel(this)), m_export(new QPushButton(tr("&Export"), this)),
      m_open(new QPushButton(tr("&Open Snapshot"), this)),
      m_close(new QPushButton(tr("Close"), this))
{
    setObjectName(QStringLiteral("exportSnapshotDialog"));
    setWindowTitle(tr("Export Snapshot — %1").arg(m_db->location().display()));
    m_path->setObjectName(QStringLiteral("snapshotPath"));
    m_secrets->setObjectName(QStringLiteral("includeSecrets"));
    m_replace->setObjectName(QStringLiteral("replaceExisting"));
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_export->setObjectName(QStringLiteral("exportButton"));
    m_open->setObjectName(QStringLiteral("openSnapshotButton"));
    m_open->setVisible(false);
    m_export->setDefault(true);

    m_path->setText(defaultExportPath(*m_db, tr("%1-snapshot-%2.sqlite")));
    auto* browse = new QPushButton(tr("&Browse…"), this);
    connect(browse, &QPushButton::clicked, this, &ExportSnapshotDialog::browse);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(browse);

    auto* what = new QLabel(m_filter.describe(), this);
    what->setObjectName(QStringLiteral("snapshotFilter"));
    what->setWordWrap(true);
    auto* fileLabel = new QLabel(tr("&File:"), this);
    fileLabel->setBuddy(m_path);
    auto* form = new QFormLayout;
    form->addRow(tr("Exports:"), what);
    form->addRow(fileLabel, pathRow);
    auto* secretsNote = new QLabel(tr("Without secrets, support staff can review the snapshot "
                                      "anywhere: they are gone from the file's bytes. With them "
                                      "the file is readable by you alone."),
                                   this);
    secretsNote->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(this);
    buttons->addButton(m_export, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_open, QDialogButtonBox::ActionRole);
    buttons->addButton(m_close, QDialogButtonBox::RejectRole);
    connect(m_export, &QPushButton::clicked, this, &ExportSnapshotDialog::startExport);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_open, &QPushButton::clicked, this, [this] {
        emit openRequested(m_written);
        accept();
    });

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_secrets);
    layout->addWidget(secretsNote);
    layout->addWidget(m_replace);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(620, sizeHint().height());
}

ExportSnapshotDialog::~ExportSnapshotDialog()
{
    if (m_worker)
        m_worker->wait();
}

void ExportSnapshotDialog::browse()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export Snapshot"), m_path->text(),
                                                      tr("Accord snapshots (*.sqlite)"));
    if (path.isEmpty())
        return;
    m_path->setText(path);
    // The file dialog asked before choosing an existing file.
    if (QFileInfo::exists(path))
        m_replace->setChecked(true);
}

void ExportSnapshotDialog::startExport()
{
    if (m_worker)
        return;
    SnapshotOptions options;
    options.target = m_path->text().trimmed();
    options.force = m_replace->isChecked();
    options.includeSecrets = m_secrets->isChecked();
    options.filter = m_filter;
    if (options.target.isEmpty()) {
        m_message->setText(tr("Choose the file to write."));
        return;
    }
    m_result.reset();
    m_open->setVisible(false);
    m_export->setEnabled(false);
    m_message->setText(tr("Writing the snapshot…"));
    m_pending = std::make_shared<std::optional<Result<SnapshotWritten>>>();
    // The export reads through a connection of the worker's own, released when it ends.
    m_worker = QThread::create([db = m_db, options, out = m_pending] {
        *out = SnapshotService(db).exportSnapshot(options);
        db->releaseThreadConnection();
    });
    connect(m_worker, &QThread::finished, this, &ExportSnapshotDialog::finished);
    connect(m_worker, &QThread::finished, m_worker, &QObject::deleteLater);
    m_worker->start();
}

void ExportSnapshotDialog::finished()
{
    m_worker = nullptr;
    m_result = std::move(*m_pending);
    m_pending.reset();
    m_export->setEnabled(true);
    if (!m_result || !*m_result) {
        m_message->setText(m_result ? m_result->error().message : tr("The export did not finish."));
        return;
    }
    const SnapshotWritten& w = m_result->value();
    m_written = QFileInfo(m_path->text().trimmed()).absoluteFilePath();
    const QLocale locale;
    m_message->setText(
        tr("Written: %1 — %2 users, %3 clients, %4 links; secrets %5; %6 s.")
            .arg(m_written, locale.toString(w.manifest.rows(QStringLiteral("tblusers"))),
                 locale.toString(w.manifest.rows(QStringLiteral("tblclients"))),
                 locale.toString(w.manifest.rows(QStringLiteral("tblusers_clients"))),
                 w.manifest.secretsIncluded() ? tr("included") : tr("left out"),
                 locale.toString(w.totalSeconds, 'f', 1)));
    m_open->setVisible(true);
    emit exported(m_written);
}

} // namespace accord::ui
