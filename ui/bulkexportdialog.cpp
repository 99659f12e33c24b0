#include "bulkexportdialog.h"

#include "exportsnapshotdialog.h"

#include "bulkprogresspanel.h"
#include "services/snapshotservice.h"

#include <QCheckBox>
#include <QComboBox>
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
#include <QVBoxLayout>

namespace accord::ui {

namespace {
const QString jsonSuffix = QStringLiteral(".json");
}

BulkExportDialog::BulkExportDialog(DatabasePtr database, SnapshotFilter filter, QWidget* parent)
    : QDialog(parent), m_db(std::move(database)), m_filter(std::move(filter)),
      m_format(new QComboBox(this)), m_path(new QLineEdit(this)),
      m_browse(new QPushButton(tr("&Browse…"), this)),
      m_secrets(new QCheckBox(tr("&Include secrets (password hashes, tokens, two-factor "
                                 "secrets, security answers, card data)"),
                              this)),
      m_replace(new QCheckBox(tr("&Replace the folder or file if it exists"), this)),
      m_progress(new BulkProgressPanel(this)), m_message(new QLabel(this)),
      m_export(new QPushButton(tr("&Export"), this)), m_close(new QPushButton(tr("Close"), this))
{
    setObjectName(QStringLiteral("bulkExportDialog"));
    setWindowTitle(tr("Export — %1").arg(m_db->location().display()));
    m_format->setObjectName(QStringLiteral("exportFormat"));
    m_format->addItem(tr("CSV folder (users.csv, clients.csv, links.csv and a manifest)"),
                      int(BulkExportRequest::Format::Csv));
    m_format->addItem(tr("JSON file (the manifest, then a record a line)"),
                      int(BulkExportRequest::Format::Json));
    m_path->setObjectName(QStringLiteral("exportPath"));
    m_secrets->setObjectName(QStringLiteral("includeSecrets"));
    m_replace->setObjectName(QStringLiteral("replaceExisting"));
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_export->setObjectName(QStringLiteral("exportButton"));
    m_export->setDefault(true);

    m_path->setText(defaultExportPath(*m_db, tr("%1-export-%2")));
    m_browse->setObjectName(QStringLiteral("browseButton"));
    connect(m_browse, &QPushButton::clicked, this, &BulkExportDialog::browse);
    auto* pathRow = new QHBoxLayout;
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);

    auto* what = new QLabel(m_filter.describe(), this);
    what->setObjectName(QStringLiteral("exportFilter"));
    what->setWordWrap(true);
    auto* formatLabel = new QLabel(tr("&Format:"), this);
    formatLabel->setBuddy(m_format);
    auto* pathLabel = new QLabel(tr("&To:"), this);
    pathLabel->setBuddy(m_path);
    auto* form = new QFormLayout;
    form->addRow(tr("Exports:"), what);
    form->addRow(formatLabel, m_format);
    form->addRow(pathLabel, pathRow);
    auto* note = new QLabel(tr("Written under a temporary name and renamed at the end: a "
                               "cancelled or failed export leaves nothing at the target. With "
                               "secrets, the files are readable by you alone."),
                            this);
    note->setWordWrap(true);
    connect(m_format, &QComboBox::currentIndexChanged, this, &BulkExportDialog::formatChanged);

    auto* buttons = new QDialogButtonBox(this);
    buttons->addButton(m_export, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_close, QDialogButtonBox::RejectRole);
    connect(m_export, &QPushButton::clicked, this, &BulkExportDialog::startExport);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_progress, &BulkProgressPanel::finished, this, &BulkExportDialog::finished);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_secrets);
    layout->addWidget(m_replace);
    layout->addWidget(note);
    layout->addWidget(m_progress);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(640, sizeHint().height());
}

BulkExportDialog::~BulkExportDialog() = default; // the panel cancels and waits for the job

bool BulkExportDialog::isRunning() const
{
    return m_progress->isRunning();
}

BulkExportRequest::Format BulkExportDialog::format() const
{
    return BulkExportRequest::Format(m_format->currentData().toInt());
}

void BulkExportDialog::setFormat(BulkExportRequest::Format format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

void BulkExportDialog::formatChanged()
{
    // A folder has no suffix; the JSON file ends in .json.
    QString path = m_path->text().trimmed();
    const bool json = format() == BulkExportRequest::Format::Json;
    if (json && !path.isEmpty() && !path.endsWith(jsonSuffix, Qt::CaseInsensitive))
        path += jsonSuffix;
    else if (!json && path.endsWith(jsonSuffix, Qt::CaseInsensitive))
        path.chop(jsonSuffix.size());
    m_path->setText(path);
}

void BulkExportDialog::browse()
{
    QString path;
    if (format() == BulkExportRequest::Format::Json) {
        path = QFileDialog::getSaveFileName(this, tr("Export to a JSON File"), m_path->text(),
                                            tr("JSON files (*.json)"));
        // The file dialog asked before choosing an existing file.
        if (!path.isEmpty() && QFileInfo::exists(path))
            m_replace->setChecked(true);
    } else {
        // The folder chosen is where the export's own folder goes.
        const QString parent = QFileDialog::getExistingDirectory(
            this, tr("Export a CSV Folder Into"), QFileInfo(m_path->text()).absolutePath());
        if (!parent.isEmpty())
            path = QDir(parent).filePath(QFileInfo(m_path->text()).fileName());
    }
    if (!path.isEmpty())
        m_path->setText(path);
}

void BulkExportDialog::startExport()
{
    if (isRunning())
        return;
    SnapshotOptions options;
    options.target = m_path->text().trimmed();
    options.force = m_replace->isChecked();
    options.includeSecrets = m_secrets->isChecked();
    options.filter = m_filter;
    if (options.target.isEmpty()) {
        m_message->setText(tr("Choose where to write the export."));
        return;
    }
    m_target = QFileInfo(options.target).absoluteFilePath();
    m_result.reset();
    m_message->clear();
    setRunning(true);
    m_pending = std::make_shared<std::optional<Result<BulkExportWritten>>>();
    m_progress->run(m_db, [db = m_db, options, format = format(),
                           out = m_pending](const BulkProgressPanel::Report& report) {
        *out =
            SnapshotService(db).exportBulk(options, format, [&report](qint64 rows, qint64 total) {
                return report(tr("Writing"), rows, total, BulkProgressPanel::Unit::Rows);
            });
    });
}

void BulkExportDialog::reject()
{
    if (isRunning()) {
        m_progress->cancel();
        return;
    }
    QDialog::reject();
}

void BulkExportDialog::setRunning(bool running)
{
    for (QWidget* w : std::initializer_list<QWidget*>{m_format, m_path, m_browse, m_secrets,
                                                      m_replace, m_export, m_close})
        w->setEnabled(!running);
}

void BulkExportDialog::finished()
{
    m_result = std::move(*m_pending);
    m_pending.reset();
    setRunning(false);
    if (!m_result || !*m_result) {
        m_message->setText(m_result ? m_result->error().message : tr("The export did not finish."));
        return;
    }
    const BulkExportWritten& w = m_result->value();
    if (w.stopped) {
        m_message->setText(tr("Cancelled: nothing was written to %1.").arg(m_target));
        return;
    }
    const QLocale locale;
    m_message->setText(
        tr("Written: %1 — %2 users, %3 clients, %4 links (%5 rows); secrets %6; %7 s.")
            .arg(m_target, locale.toString(w.users), locale.toString(w.clients),
                 locale.toString(w.links), locale.toString(w.users + w.clients + w.links),
                 w.manifest.secretsIncluded() ? tr("included") : tr("left out"),
                 locale.toString(w.seconds, 'f', 1)));
    emit exported(m_target);
}

} // namespace accord::ui
