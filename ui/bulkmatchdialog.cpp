#include "bulkmatchdialog.h"

#include "fielderrors.h"
#include "recordsession.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QSet>
#include <QVBoxLayout>

namespace accord::ui {

namespace {
// The field check boxes' labels, with mnemonics free in this dialog.
const char* const fieldLabels[4] = {QT_TRANSLATE_NOOP("accord::ui::BulkMatchDialog", "&First Name"),
                                    QT_TRANSLATE_NOOP("accord::ui::BulkMatchDialog", "&Last Name"),
                                    QT_TRANSLATE_NOOP("accord::ui::BulkMatchDialog", "&Email"),
                                    QT_TRANSLATE_NOOP("accord::ui::BulkMatchDialog", "Lan&guage")};
} // namespace

BulkMatchDialog::BulkMatchDialog(DatabasePtr db, QList<std::pair<qint64, qint64>> links,
                                 QWidget* parent)
    : QDialog(parent), m_session(new RecordSession(std::move(db), this)), m_links(std::move(links)),
      m_fromUser(new QRadioButton(tr("Copy the &user's details to the client account"), this)),
      m_fromClient(new QRadioButton(tr("Copy the &client account's details to the user"), this)),
      m_preview(new QListWidget(this)), m_summary(new QLabel(this)), m_message(new QLabel(this)),
      m_apply(nullptr)
{
    setObjectName(QStringLiteral("bulkMatchDialog"));
    setWindowTitle(m_session->windowTitle(tr("Match Selected Links")));

    auto* intro = new QLabel(tr("Match the details of the selected links (%1) in one step. "
                                "Nothing is written until you apply, and if any row is refused "
                                "nothing is written at all.")
                                 .arg(m_links.size()),
                             this);
    intro->setWordWrap(true);

    m_fromUser->setObjectName(QStringLiteral("fromUser"));
    m_fromClient->setObjectName(QStringLiteral("fromClient"));
    m_fromUser->setChecked(true);
    auto* direction = new QGroupBox(tr("Direction"), this);
    auto* directionLayout = new QVBoxLayout(direction);
    directionLayout->addWidget(m_fromUser);
    directionLayout->addWidget(m_fromClient);
    auto* group = new QButtonGroup(this);
    group->addButton(m_fromUser);
    group->addButton(m_fromClient);
    connect(group, &QButtonGroup::buttonToggled, this, [this](QAbstractButton*, bool checked) {
        if (checked)
            replan();
    });

    auto* fields = new QGroupBox(tr("Fields"), this);
    auto* fieldsLayout = new QHBoxLayout(fields);
    int i = 0;
    for (const auto& f : comparedFields()) {
        auto* box = new QCheckBox(tr(fieldLabels[i++]), fields);
        box->setObjectName(QStringLiteral("field_") + QLatin1String(f.userColumn));
        box->setProperty("field", QString(QLatin1String(f.userColumn)));
        box->setChecked(true);
        connect(box, &QCheckBox::toggled, this, &BulkMatchDialog::replan);
        fieldsLayout->addWidget(box);
        m_fields << box;
    }
    fieldsLayout->addStretch(1);

    m_preview->setObjectName(QStringLiteral("preview"));
    m_preview->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_preview->setAlternatingRowColors(true);
    auto* previewLabel =
        buddyLabel(tr("&Preview — every value that will be written:"), m_preview, this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setFrameShape(QFrame::StyledPanel);
    m_message->hide();

    auto* buttons = new QDialogButtonBox(this);
    m_apply = buttons->addButton(tr("&Apply"), QDialogButtonBox::AcceptRole);
    m_apply->setObjectName(QStringLiteral("applyButton"));
    QPushButton* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    connect(m_apply, &QPushButton::clicked, this, [this] { apply(); });
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(direction);
    layout->addWidget(fields);
    layout->addWidget(previewLabel);
    layout->addWidget(m_preview, 1);
    layout->addWidget(m_summary);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(720, 520);
    replan();
}

QCheckBox* BulkMatchDialog::fieldBox(const QString& field) const
{
    for (QCheckBox* box : m_fields)
        if (box->property("field").toString() == field)
            return box;
    return nullptr;
}

QStringList BulkMatchDialog::previewLines() const
{
    QStringList lines;
    for (int r = 0; r < m_preview->count(); ++r)
        lines << m_preview->item(r)->text();
    return lines;
}

QList<MatchRequest> BulkMatchDialog::requests() const
{
    QStringList fields;
    for (QCheckBox* box : m_fields)
        if (box->isChecked())
            fields << box->property("field").toString();
    const MatchFrom from = m_fromUser->isChecked() ? MatchFrom::User : MatchFrom::Client;
    QList<MatchRequest> out;
    for (const auto& [userId, clientId] : m_links)
        out << MatchRequest{userId, clientId, from, fields};
    return out;
}

void BulkMatchDialog::replan()
{
    showMessage({});
    m_preview->clear();
    m_plan = {};
    m_planned = false;
    const QList<MatchRequest> wanted = requests();
    if (wanted.isEmpty() || wanted.first().fields.isEmpty()) {
        m_summary->setText(tr("Choose at least one field."));
        m_apply->setEnabled(false);
        return;
    }
    m_session->load([wanted](const DatabasePtr& db) { return MatchService(db).plan(wanted); },
                    [this](const Result<MatchPlan>& planned) {
                        if (planned)
                            showPlan(*planned);
                        else
                            showRefusedPlan(planned.error());
                    });
}

void BulkMatchDialog::showRefusedPlan(const Error& error)
{
    m_summary->setText(tr("Nothing can be applied."));
    showMessage(error.message);
    m_apply->setEnabled(false);
}

void BulkMatchDialog::showPlan(const MatchPlan& planned)
{
    m_plan = planned;
    m_planned = true;
    QSet<QString> records;
    QSet<std::pair<qint64, qint64>> changing;
    for (const PlannedChange& change : m_plan.changes) {
        auto* item = new QListWidgetItem(change.describe(), m_preview);
        item->setToolTip(tr("User %1 and client %2").arg(change.userId).arg(change.clientId));
        records << (change.onUser ? QStringLiteral("u%1") : QStringLiteral("c%1"))
                       .arg(change.onUser ? change.userId : change.clientId);
        changing.insert({change.userId, change.clientId});
    }
    const int unchanged = int(m_links.size()) - int(changing.size());
    QString text = tr("Changes: %1 · records written: %2 · links: %3.")
                       .arg(m_plan.changes.size())
                       .arg(records.size())
                       .arg(changing.size());
    if (unchanged > 0)
        text += QLatin1Char(' ') +
                tr("Selected links with nothing to change in these fields: %1.").arg(unchanged);
    m_summary->setText(text);
    m_apply->setEnabled(!m_plan.isEmpty());
}

bool BulkMatchDialog::apply()
{
    if (!m_planned || m_plan.isEmpty())
        return false;
    // Many records of many links: every view re-reads.
    std::optional<int> written;
    m_session->save([plan = m_plan](const DatabasePtr& db) { return MatchService(db).apply(plan); },
                    {ChangeNotice::everything()},
                    [&](const Result<int>& r) {
                        if (r) {
                            written = *r;
                            return;
                        }
                        // Re-read, so the preview shows the records as they are now; the
                        // refusal stays.
                        replan();
                        showMessage(tr("Nothing was written. %1").arg(r.error().message));
                    });
    if (!written)
        return false;
    emit applied(*written);
    accept();
    return true;
}

void BulkMatchDialog::showMessage(const QString& text)
{
    m_message->setText(text.isEmpty() ? QString() : tr("⚠ %1").arg(text));
    m_message->setVisible(!text.isEmpty());
}

} // namespace accord::ui
