#include "bulkimportdialog.h"

#include "bulkprogresspanel.h"
#include "recordsession.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace accord::ui {

namespace {

QString seconds(double s)
{
    return BulkImportDialog::tr("%1 s").arg(QLocale().toString(s, 'f', 2));
}

} // namespace

BulkImportDialog::BulkImportDialog(DatabasePtr database, QWidget* parent)
    : QDialog(parent), m_db(std::move(database)), m_session(new RecordSession(m_db, this)),
      m_format(new QComboBox(this)), m_inputs(new QLineEdit(this)),
      m_browse(new QPushButton(tr("&Browse…"), this)),
      m_folder(new QPushButton(tr("F&older…"), this)),
      m_dryRun(
          new QCheckBox(tr("&Validate only (dry run): check everything, write nothing"), this)),
      m_progress(new BulkProgressPanel(this)), m_message(new QLabel(this)),
      m_problems(new QListWidget(this)), m_import(new QPushButton(tr("&Import"), this)),
      m_close(new QPushButton(tr("Close"), this))
{
    setObjectName(QStringLiteral("bulkImportDialog"));
    setWindowTitle(m_session->windowTitle(tr("Import")));
    m_format->setObjectName(QStringLiteral("importFormat"));
    m_format->addItem(tr("CSV files, or a folder of users.csv, clients.csv, links.csv"),
                      int(BulkFormat::Csv));
    m_format->addItem(tr("JSON file (as Export writes it)"), int(BulkFormat::Json));
    m_format->addItem(tr("SQLite file (Accord's or the vendor's schema)"), int(BulkFormat::Sqlite));
    m_inputs->setObjectName(QStringLiteral("importInputs"));
    m_inputs->setPlaceholderText(tr("A file or folder; several files in double quotes"));
    m_folder->setObjectName(QStringLiteral("browseFolderButton"));
    m_dryRun->setObjectName(QStringLiteral("dryRun"));
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_problems->setObjectName(QStringLiteral("problemList"));
    m_problems->setAccessibleName(tr("Problems"));
    m_problems->setVisible(false);
    m_import->setObjectName(QStringLiteral("importButton"));
    m_import->setDefault(true);

    m_browse->setObjectName(QStringLiteral("browseFilesButton"));
    connect(m_browse, &QPushButton::clicked, this, &BulkImportDialog::browseFiles);
    connect(m_folder, &QPushButton::clicked, this, &BulkImportDialog::browseFolder);
    auto* inputsRow = new QHBoxLayout;
    inputsRow->addWidget(m_inputs, 1);
    inputsRow->addWidget(m_browse);
    inputsRow->addWidget(m_folder);
    auto* formatLabel = new QLabel(tr("&Format:"), this);
    formatLabel->setBuddy(m_format);
    auto* inputsLabel = new QLabel(tr("&Source:"), this);
    inputsLabel->setBuddy(m_inputs);
    auto* form = new QFormLayout;
    form->addRow(formatLabel, m_format);
    form->addRow(inputsLabel, inputsRow);
    auto* note = new QLabel(tr("Everything is checked first; then all of it is imported, or "
                               "nothing. Records keep the ids they have when those are free; "
                               "an id that exists is a problem, never an overwrite."),
                            this);
    note->setWordWrap(true);
    connect(m_format, &QComboBox::currentIndexChanged, this, &BulkImportDialog::formatChanged);

    auto* buttons = new QDialogButtonBox(this);
    buttons->addButton(m_import, QDialogButtonBox::AcceptRole);
    buttons->addButton(m_close, QDialogButtonBox::RejectRole);
    connect(m_import, &QPushButton::clicked, this, &BulkImportDialog::startImport);
    connect(m_close, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_progress, &BulkProgressPanel::finished, this, &BulkImportDialog::finished);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(m_dryRun);
    layout->addWidget(m_progress);
    layout->addWidget(m_message);
    layout->addWidget(m_problems, 1);
    layout->addWidget(buttons);
    formatChanged();
    resize(640, sizeHint().height());
}

BulkImportDialog::~BulkImportDialog() = default; // the panel cancels and waits for the job

bool BulkImportDialog::isRunning() const
{
    return m_progress->isRunning();
}

BulkFormat BulkImportDialog::format() const
{
    return BulkFormat(m_format->currentData().toInt());
}

void BulkImportDialog::setFormat(BulkFormat format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

QStringList BulkImportDialog::inputs() const
{
    const QString text = m_inputs->text().trimmed();
    if (!text.startsWith(QLatin1Char('"')))
        return text.isEmpty() ? QStringList() : QStringList{text};
    QStringList paths;
    static const QRegularExpression quoted(QStringLiteral("\"([^\"]+)\""));
    for (const QRegularExpressionMatch& m : quoted.globalMatch(text))
        paths << m.captured(1);
    return paths;
}

void BulkImportDialog::formatChanged()
{
    // Only CSV reads a folder.
    m_folder->setVisible(format() == BulkFormat::Csv);
}

void BulkImportDialog::browseFiles()
{
    const QString start = QFileInfo(inputs().value(0)).absolutePath();
    switch (format()) {
    case BulkFormat::Csv: {
        const QStringList files = QFileDialog::getOpenFileNames(
            this, tr("Import CSV Files"), start, tr("CSV files (*.csv);;All files (*)"));
        if (files.size() == 1)
            m_inputs->setText(files.first());
        else if (!files.isEmpty())
            m_inputs->setText(QLatin1Char('"') + files.join(QStringLiteral("\" \"")) +
                              QLatin1Char('"'));
        break;
    }
    case BulkFormat::Json:
    case BulkFormat::Sqlite: {
        const bool json = format() == BulkFormat::Json;
        const QString file = QFileDialog::getOpenFileName(
            this, json ? tr("Import JSON File") : tr("Import SQLite File"), start,
            json ? tr("JSON files (*.json);;All files (*)")
                 : tr("SQLite files (*.sqlite *.db);;All files (*)"));
        if (!file.isEmpty())
            m_inputs->setText(file);
        break;
    }
    }
}

void BulkImportDialog::browseFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Import a CSV Folder"), QFileInfo(inputs().value(0)).absoluteFilePath());
    if (!folder.isEmpty())
        m_inputs->setText(folder);
}

void BulkImportDialog::startImport()
{
    if (isRunning())
        return;
    ImportRequest request;
    request.format = format();
    request.inputs = inputs();
    request.dryRun = m_dryRun->isChecked();
    if (request.inputs.isEmpty()) {
        m_message->setText(tr("Choose what to import."));
        return;
    }
    m_result.reset();
    m_problems->clear();
    m_problems->setVisible(false);
    m_message->clear();
    setRunning(true);
    m_pendingDryRun = request.dryRun;
    m_pending = std::make_shared<std::optional<Result<ImportOutcome>>>();
    m_progress->run(m_db, [db = m_db, request,
                           out = m_pending](const BulkProgressPanel::Report& report) {
        *out = ImportService(db).run(request, [&report](const ImportProgress& p) {
            return report(p.phase, p.done, p.total,
                          p.rows ? BulkProgressPanel::Unit::Rows : BulkProgressPanel::Unit::Share);
        });
    });
}

void BulkImportDialog::reject()
{
    if (isRunning()) {
        m_progress->cancel();
        return;
    }
    QDialog::reject();
}

void BulkImportDialog::setRunning(bool running)
{
    for (QWidget* w : std::initializer_list<QWidget*>{m_format, m_inputs, m_browse, m_folder,
                                                      m_dryRun, m_import, m_close})
        w->setEnabled(!running);
}

void BulkImportDialog::finished()
{
    m_result = std::move(*m_pending);
    m_pending.reset();
    setRunning(false);
    if (!m_result || !*m_result) {
        m_message->setText(m_result ? m_result->error().message : tr("The import did not finish."));
        return;
    }
    const ImportOutcome& outcome = m_result->value();
    showOutcome(outcome, m_pendingDryRun);
    if (outcome.applied) {
        // Every list of this database re-reads its rows (an import touches all tables).
        m_session->announce({ChangeNotice::everything()});
        emit imported(outcome);
    }
}

void BulkImportDialog::showOutcome(const ImportOutcome& outcome, bool dryRun)
{
    const QLocale locale;
    if (outcome.cancelled) {
        m_message->setText(tr("Cancelled: nothing was imported (everything was rolled back)."));
        return;
    }
    if (outcome.problemCount > 0) {
        for (const ImportProblem& p : outcome.problems)
            m_problems->addItem(p.text());
        const qint64 more = outcome.problemCount - outcome.problems.size();
        if (more > 0)
            m_problems->addItem(tr("… and %1 more").arg(locale.toString(more)));
        m_problems->setVisible(true);
        m_message->setText(tr("%1 problems; nothing imported. Correct them in the files and "
                              "import again.")
                               .arg(locale.toString(outcome.problemCount)));
        return;
    }
    const QString counts =
        tr("%1 users, %2 clients, %3 links")
            .arg(locale.toString(outcome.users), locale.toString(outcome.clients),
                 locale.toString(outcome.links));
    if (dryRun || !outcome.applied) {
        m_message->setText(tr("Dry run: %1 would be imported; nothing was written. Validated in "
                              "%2.")
                               .arg(counts, seconds(outcome.validateSeconds)));
        return;
    }
    const qint64 rows = outcome.users + outcome.clients + outcome.links;
    const double busy = outcome.validateSeconds + outcome.writeSeconds;
    m_message->setText(
        tr("Imported %1.\nValidated in %2; written in %3 (%4 rows/s); indexes in %5.")
            .arg(counts, seconds(outcome.validateSeconds), seconds(outcome.writeSeconds),
                 busy > 0 ? locale.toString(qint64(double(rows) / busy)) : QStringLiteral("-"),
                 seconds(outcome.indexSeconds)));
}

} // namespace accord::ui
