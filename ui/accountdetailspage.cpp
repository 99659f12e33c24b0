#include "accountdetailspage.h"

#include "clientform.h"
#include "fielderrors.h"
#include "keepinstepdialog.h"
#include "recordsession.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace accord::ui {

AccountDetailsPage::AccountDetailsPage(const ClientAreaContext* context, QWidget* parent)
    : ClientAreaPage(tr("Account Details"), QString(), context, parent),
      m_form(new ClientForm(this)), m_save(new QPushButton(tr("&Save Changes"), this))
{
    setObjectName(QStringLiteral("accountDetailsPage"));
    m_form->hideField(QStringLiteral("status")); // the admin's to change, as in the vendor's
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_save->setToolTip(tr("Save the client account's details (Ctrl+S)"));
    m_save->setAutoDefault(false);
    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("accountDetailsScroll"));
    scroll->setAccessibleName(tr("The client account's details"));
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(m_form);
    body()->addWidget(scroll, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_save);
    body()->addLayout(buttons);

    auto* saveAction = new QAction(tr("Save Changes"), this);
    saveAction->setShortcut(QKeySequence::Save);
    saveAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(saveAction);
    connect(saveAction, &QAction::triggered, this, [this] { save(); });
    connect(m_save, &QPushButton::clicked, this, [this] { save(); });
}

void AccountDetailsPage::setSavingAllowed(bool allowed)
{
    m_savingAllowed = allowed;
    m_save->setEnabled(allowed && m_loaded);
}

bool AccountDetailsPage::hasUnsavedChanges() const
{
    return m_loaded && !m_form->changes().isEmpty();
}

void AccountDetailsPage::refresh()
{
    const qint64 clientId = context().clientId();
    setRecordText(tr("This page edits the client account's details (Client #%1) — its "
                     "billing contact, not your sign-in details, which are in Your "
                     "Profile.")
                      .arg(clientId));
    m_form->errors()->clear();
    clearMessage();
    session()->load(
        [c = context()](const DatabasePtr& db) {
            return c.service(db).accountDetails(c.clientId());
        },
        [this](const Result<ClientAccount>& client) {
            m_loaded = client.ok();
            if (client)
                m_form->setRecord(*client);
            else
                showMessage(client.error().message, true);
        });
    setSavingAllowed(m_savingAllowed);
}

bool AccountDetailsPage::save()
{
    if (!m_loaded || !m_savingAllowed)
        return false;
    m_form->errors()->clear();
    clearMessage();
    const ClientAccount before = m_form->record();
    const QMap<QString, QString> changes = m_form->changes();
    const ClientAreaContext c = context();
    Result<StepPlan> planned = StepPlan{};
    session()->load(
        [c, before, changes](const DatabasePtr& db) {
            return c.service(db).stepsForAccountDetails(before, changes);
        },
        [&](const Result<StepPlan>& p) { planned = p; });
    const KeepInStepDialog::Decision decision =
        KeepInStepDialog::ask(planned,
                              tr("Keep in step is on: your sign-in details can take the same "
                                 "details in the same save."),
                              this);
    if (!decision.error && decision.choice == KeepInStepDialog::Cancelled)
        return false;
    std::optional<Error> refused = decision.error;
    const StepPlan steps = decision.plan;
    QList<ChangeNotice> changed{ChangeNotice::client(before.id)};
    if (steps.user)
        changed << ChangeNotice::user(steps.user->id);
    std::optional<ClientAccount> stored;
    if (!refused)
        session()->save(
            [c, before, changes, steps](const DatabasePtr& db) {
                return c.service(db).updateAccountDetails(before, changes, steps);
            },
            changed,
            [&](const Result<ClientAccount>& saved) {
                if (saved)
                    stored = *saved;
                else
                    refused = saved.error();
            });
    if (refused) {
        if (const QList<Error> unshown = m_form->errors()->show(*refused); !unshown.isEmpty())
            showMessage(messagesOf(unshown), true);
        return false;
    }
    m_form->setRecord(*stored);
    showMessage(*stored == before ? tr("Nothing to save.")
                                  : tr("Saved. Your sign-in details (Your Profile) are separate "
                                       "and were not changed."));
    if (steps.user)
        showMessage(tr("Saved, and your sign-in details took the same change."));
    emit saved(*stored);
    return true;
}

} // namespace accord::ui
