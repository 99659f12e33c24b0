#include "keepinstepdialog.h"

#include "fielderrors.h"
#include "recordsession.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace accord::ui {

KeepInStepDialog::KeepInStepDialog(const QString& intro, const StepPlan& plan, QWidget* parent)
    : QDialog(parent), m_lines(new QListWidget(this))
{
    setObjectName(QStringLiteral("keepInStepDialog"));
    setWindowTitle(tr("Keep Owners' Details in Step"));
    auto* introLabel = new QLabel(intro, this);
    introLabel->setWordWrap(true);
    m_lines->setObjectName(QStringLiteral("changes"));
    for (const PlannedChange& change : plan.changes)
        m_lines->addItem(change.describe());
    auto* listLabel = buddyLabel(tr("&Also changes:"), m_lines, this);
    auto* outro = new QLabel(tr("Save Both writes both sides in one step (all or nothing). Save "
                                "Only This leaves the other side as it is."),
                             this);
    outro->setWordWrap(true);

    auto* buttons = new QDialogButtonBox(this);
    m_saveBoth = buttons->addButton(tr("Save &Both"), QDialogButtonBox::AcceptRole);
    m_saveBoth->setObjectName(QStringLiteral("saveBothButton"));
    m_saveBoth->setDefault(true);
    m_saveOnlyThis = buttons->addButton(tr("Save &Only This"), QDialogButtonBox::ApplyRole);
    m_saveOnlyThis->setObjectName(QStringLiteral("saveOnlyThisButton"));
    QPushButton* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    connect(m_saveBoth, &QPushButton::clicked, this, [this] { done(SaveBoth); });
    connect(m_saveOnlyThis, &QPushButton::clicked, this, [this] { done(SaveOnlyThis); });
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(introLabel);
    layout->addWidget(listLabel);
    layout->addWidget(m_lines, 1);
    layout->addWidget(outro);
    layout->addWidget(buttons);
    resize(600, 320);
}

QStringList KeepInStepDialog::lines() const
{
    QStringList out;
    for (int r = 0; r < m_lines->count(); ++r)
        out << m_lines->item(r)->text();
    return out;
}

KeepInStepDialog::Decision KeepInStepDialog::ask(const Result<StepPlan>& planned,
                                                 const QString& intro, QWidget* parent)
{
    Decision d;
    if (!planned) {
        d.choice = Cancelled;
        d.error = planned.error();
        return d;
    }
    if (planned->isEmpty())
        return d;
    // Modal and synchronous: the caller's save() reports whether it stored anything.
    KeepInStepDialog dialog(intro, *planned, parent);
    d.choice = Choice(dialog.exec());
    if (d.choice == SaveBoth)
        d.plan = *planned;
    return d;
}

namespace {
// Whether the option is on, and if so what the save would also change.
template <typename Steps>
std::optional<Result<StepPlan>> stepsIfOn(RecordSession* session, Steps steps)
{
    std::optional<Result<StepPlan>> out;
    session->load(
        [steps](const DatabasePtr& db) -> std::optional<Result<StepPlan>> {
            const MatchService match(db);
            if (!match.keepInStep())
                return std::nullopt;
            return steps(match);
        },
        [&](const std::optional<Result<StepPlan>>& planned) { out = planned; });
    return out;
}
} // namespace

KeepInStepDialog::Decision KeepInStepDialog::askForUser(RecordSession* session, const User& loaded,
                                                        const UserChanges& changes, QWidget* parent)
{
    const auto planned = stepsIfOn(session, [loaded, changes](const MatchService& match) {
        return match.stepsForUser(loaded, changes);
    });
    if (!planned)
        return {};
    return ask(*planned,
               tr("Keep in step is on: user #%1 owns client accounts, which can take the same "
                  "details in the same save.")
                   .arg(loaded.id),
               parent);
}

KeepInStepDialog::Decision KeepInStepDialog::askForClient(RecordSession* session,
                                                          const ClientAccount& loaded,
                                                          const QMap<QString, QString>& changes,
                                                          QWidget* parent)
{
    const auto planned = stepsIfOn(session, [loaded, changes](const MatchService& match) {
        return match.stepsForClient(loaded, changes);
    });
    if (!planned)
        return {};
    return ask(*planned,
               tr("Keep in step is on: the owner of client #%1 can take the same details in the "
                  "same save.")
                   .arg(loaded.id),
               parent);
}

} // namespace accord::ui
