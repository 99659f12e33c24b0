#include "changepasswordpage.h"

#include "fielderrors.h"
#include "recordsession.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace accord::ui {

ChangePasswordPage::ChangePasswordPage(const ClientAreaContext* context, QWidget* parent)
    : ClientAreaPage(tr("Change Password"),
                     tr("This page edits your sign-in details: the password you sign in with."),
                     context, parent),
      m_errors(new FieldErrors(this)), m_current(new QLineEdit(this)), m_next(new QLineEdit(this)),
      m_confirm(new QLineEdit(this)), m_save(new QPushButton(tr("&Change Password"), this))
{
    setObjectName(QStringLiteral("changePasswordPage"));
    const std::pair<QLineEdit*, const char*> names[] = {
        {m_current, "currentPassword"}, {m_next, "newPassword"}, {m_confirm, "confirmPassword"}};
    for (const auto& [edit, name] : names) {
        edit->setObjectName(QLatin1String(name));
        edit->setEchoMode(QLineEdit::Password);
        connect(edit, &QLineEdit::returnPressed, this, [this] { save(); });
    }
    m_next->setPlaceholderText(tr("At least 8 characters"));
    m_save->setObjectName(QStringLiteral("saveButton"));
    auto* fields = new QFormLayout;
    fields->addRow(buddyLabel(tr("C&urrent Password:"), m_current, this),
                   m_errors->wrap(QStringLiteral("current_password"), m_current));
    fields->addRow(buddyLabel(tr("&New Password:"), m_next, this),
                   m_errors->wrap(QStringLiteral("new_password"), m_next));
    fields->addRow(buddyLabel(tr("Con&firm New Password:"), m_confirm, this),
                   m_errors->wrap(QStringLiteral("confirm_password"), m_confirm));
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_save);
    auto* box = new QWidget(this);
    box->setMaximumWidth(520);
    auto* boxLayout = new QVBoxLayout(box);
    boxLayout->setContentsMargins(0, 0, 0, 0);
    boxLayout->addLayout(fields);
    boxLayout->addLayout(buttons);
    body()->addWidget(box);
    body()->addStretch(1);
    connect(m_save, &QPushButton::clicked, this, [this] { save(); });
}

void ChangePasswordPage::setSavingAllowed(bool allowed)
{
    m_savingAllowed = allowed;
    m_save->setEnabled(allowed);
}

void ChangePasswordPage::refresh()
{
    m_errors->clear();
    for (QLineEdit* edit : {m_current, m_next, m_confirm})
        edit->clear();
    m_current->setFocus();
}

bool ChangePasswordPage::save()
{
    if (!m_savingAllowed)
        return false;
    m_errors->clear();
    clearMessage();
    if (m_next->text() != m_confirm->text()) {
        m_errors->show(Error::validation(QStringLiteral("confirm_password"),
                                         tr("The two new passwords are not the same.")));
        return false;
    }
    bool changed = false;
    session()->save(
        [c = context(), current = m_current->text(), next = m_next->text()](const DatabasePtr& db) {
            return c.service(db).changePassword(current, next);
        },
        {ChangeNotice::user(context().who.userId)},
        [this, &changed](const Result<void>& r) {
            if (!r) {
                if (const QList<Error> unshown = m_errors->show(r.error()); !unshown.isEmpty())
                    showMessage(messagesOf(unshown), true);
                return;
            }
            changed = true;
        });
    if (!changed)
        return false;
    refresh();
    showMessage(tr("Your password was changed. Sign in with the new one from now on."));
    return true;
}

} // namespace accord::ui
