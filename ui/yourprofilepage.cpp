#include "yourprofilepage.h"

#include "fielderrors.h"
#include "keepinstepdialog.h"
#include "recordsession.h"
#include "userform.h"

#include <QAction>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace accord::ui {

YourProfilePage::YourProfilePage(const ClientAreaContext* context, QWidget* parent)
    : ClientAreaPage(tr("Your Profile"),
                     tr("This page edits your sign-in details: the user you sign in as. The "
                        "email address here is your login."),
                     context, parent),
      m_form(new UserForm(this)), m_separate(new QLabel(this)),
      m_accountDetails(new QPushButton(tr("Go to &Account Details"), this)),
      m_save(new QPushButton(tr("&Save Changes"), this))
{
    setObjectName(QStringLiteral("yourProfilePage"));
    m_form->setPasswordRow(QString(), QString()); // Change Password is its own page
    m_separate->setObjectName(QStringLiteral("separateNote"));
    m_separate->setWordWrap(true);
    m_separate->setText(tr("The client account's email address and details are separate: saving "
                           "here changes what you sign in with, not the account's details."));
    m_accountDetails->setObjectName(QStringLiteral("accountDetailsLink"));
    m_accountDetails->setToolTip(tr("Change the client account's details too"));
    m_accountDetails->setAutoDefault(false);
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_save->setToolTip(tr("Save your sign-in details (Ctrl+S)"));
    m_save->setAutoDefault(false);

    auto* box = new QWidget(this);
    box->setMaximumWidth(560);
    auto* boxLayout = new QVBoxLayout(box);
    boxLayout->setContentsMargins(0, 0, 0, 0);
    boxLayout->addWidget(m_form);
    auto* separateRow = new QHBoxLayout;
    separateRow->addWidget(m_separate, 1);
    separateRow->addWidget(m_accountDetails, 0, Qt::AlignTop);
    boxLayout->addLayout(separateRow);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_save);
    boxLayout->addLayout(buttons);
    body()->addWidget(box);
    body()->addStretch(1);

    auto* saveAction = new QAction(tr("Save Changes"), this);
    saveAction->setShortcut(QKeySequence::Save);
    saveAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(saveAction);
    connect(saveAction, &QAction::triggered, this, [this] { save(); });
    connect(m_save, &QPushButton::clicked, this, [this] { save(); });
    connect(m_accountDetails, &QPushButton::clicked, this,
            &YourProfilePage::accountDetailsRequested);
}

void YourProfilePage::setAccountDetailsOffered(bool offered)
{
    m_accountDetails->setVisible(offered);
}

void YourProfilePage::setSavingAllowed(bool allowed)
{
    m_savingAllowed = allowed;
    m_save->setEnabled(allowed && m_loaded);
}

bool YourProfilePage::hasUnsavedChanges() const
{
    return m_loaded && !m_form->changes().isEmpty();
}

void YourProfilePage::refresh()
{
    m_form->errors()->clear();
    clearMessage();
    session()->load([c = context()](const DatabasePtr& db) { return c.service(db).me(); },
                    [this](const Result<User>& me) {
                        m_loaded = me.ok();
                        if (me)
                            m_form->setRecord(*me);
                        else
                            showMessage(me.error().message, true);
                    });
    setSavingAllowed(m_savingAllowed);
}

bool YourProfilePage::save()
{
    if (!m_loaded || !m_savingAllowed)
        return false;
    m_form->errors()->clear();
    clearMessage();
    const User before = m_form->record();
    const UserChanges changes = m_form->changes();
    const ClientAreaContext c = context();
    // Keep in step: the accounts this user may change can take the same details.
    Result<StepPlan> planned = StepPlan{};
    session()->load(
        [c, before, changes](const DatabasePtr& db) {
            return c.service(db).stepsForProfile(before, changes);
        },
        [&](const Result<StepPlan>& p) { planned = p; });
    const KeepInStepDialog::Decision decision =
        KeepInStepDialog::ask(planned,
                              tr("Keep in step is on: the client accounts you own can take the "
                                 "same details in the same save."),
                              this);
    if (!decision.error && decision.choice == KeepInStepDialog::Cancelled)
        return false;
    std::optional<Error> refused = decision.error;
    const StepPlan steps = decision.plan;
    QList<ChangeNotice> changed{ChangeNotice::user(before.id)};
    for (const ClientAccount& client : steps.clients)
        changed << ChangeNotice::client(client.id);
    std::optional<User> stored;
    if (!refused)
        session()->save(
            [c, before, changes, steps](const DatabasePtr& db) {
                return c.service(db).updateProfile(before, changes, steps);
            },
            changed,
            [&](const Result<User>& saved) {
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
    m_form->setRecord(*stored); // what is stored, not what was typed
    if (stored->email != before.email)
        showMessage(tr("Saved. You now sign in with %1; %2 no longer signs in. Your password is "
                       "the same.")
                        .arg(stored->email, before.email));
    else
        showMessage(*stored == before ? tr("Nothing to save.") : tr("Saved."));
    emit saved(*stored);
    return true;
}

} // namespace accord::ui
