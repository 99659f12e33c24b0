#include "manageuserdialog.h"

#include "clientareawindow.h"
#include "conflictdialog.h"
#include "fielderrors.h"
#include "keepinstepdialog.h"
#include "readonly.h"
#include "recordsession.h"
#include "services/matchservice.h"
#include "services/userservice.h"
#include "sheetoutput.h"
#include "useraccountspanel.h"
#include "userform.h"

#include <QAction>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QVBoxLayout>

namespace accord::ui {

namespace {
QString localDate(const QDateTime& utc)
{
    return QLocale().toString(utc.toLocalTime(), QLocale::ShortFormat);
}
} // namespace

ManageUserDialog::ManageUserDialog(DatabasePtr db, qint64 userId, QWidget* parent)
    : QDialog(parent), m_session(new RecordSession(std::move(db), this)),
      m_sheetOutput(new SheetOutput(m_session, this)), m_userId(userId),
      m_message(new QLabel(this)), m_form(new UserForm(this)),
      m_twoFactor(new QCheckBox(tr("&Two-Factor Authentication"), this)),
      m_emailVerified(new QCheckBox(tr("Email &Verified"), this)),
      m_accounts(new UserAccountsPanel(m_session, userId, this))
{
    setObjectName(QStringLiteral("manageUserDialog"));
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    m_twoFactor->setObjectName(QStringLiteral("twoFactor"));
    m_emailVerified->setObjectName(QStringLiteral("emailVerified"));
    m_form->addRow(m_twoFactor);
    m_form->addRow(m_emailVerified);
    m_form->setPasswordRow(tr("Set &Password:"), tr("Leave empty to keep the current password"));
    connect(m_form, &UserForm::edited, this, &ManageUserDialog::updateState);
    connect(m_twoFactor, &QCheckBox::toggled, this, &ManageUserDialog::updateState);
    connect(m_emailVerified, &QCheckBox::toggled, this, &ManageUserDialog::updateState);

    connect(m_accounts, &UserAccountsPanel::openClientRequested, this,
            &ManageUserDialog::openClientRequested);
    connect(m_accounts, &UserAccountsPanel::compareRequested, this,
            [this](qint64 clientId) { emit compareRequested(m_userId, clientId); });
    connect(m_accounts, &UserAccountsPanel::sheetRequested, this,
            [this] { m_sheetOutput->saveAs(m_userId, 0); });
    connect(m_accounts, &UserAccountsPanel::messageChanged, this, &ManageUserDialog::showMessage);
    connect(m_accounts, &UserAccountsPanel::rowsChanged, this, &ManageUserDialog::updateState);
    connect(m_sheetOutput, &SheetOutput::reported, this, [this](const QString& text, bool problem) {
        if (problem)
            showMessage(text);
    });

    m_delete = new QPushButton(tr("&Delete User…"), this);
    m_delete->setObjectName(QStringLiteral("deleteButton"));
    m_preview = new QPushButton(tr("Pre&view as This User…"), this);
    m_preview->setObjectName(QStringLiteral("previewAsUserButton"));
    m_preview->setToolTip(tr("Open the Client Area signed in as this user, without their "
                             "password: see what they see and may change"));
    connect(m_preview, &QPushButton::clicked, this, [this] { previewAsUser(); });
    m_save = new QPushButton(tr("&Save"), this);
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_save->setToolTip(tr("Save the user (Ctrl+S)"));
    auto* closeButton = new QPushButton(tr("&Close"), this);
    closeButton->setObjectName(QStringLiteral("closeButton"));
    // Enter in a field does not save by surprise: Ctrl+S or the Save button does.
    for (QPushButton* b : {m_delete, m_preview, m_save, closeButton})
        b->setAutoDefault(false);
    guardWrites(*m_session->database(), {m_delete, m_save, m_form});
    connect(m_save, &QPushButton::clicked, this, [this] { save(); });
    connect(closeButton, &QPushButton::clicked, this, &ManageUserDialog::reject);
    connect(m_delete, &QPushButton::clicked, this, &ManageUserDialog::confirmDelete);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_delete);
    buttons->addWidget(m_preview);
    buttons->addStretch(1);
    buttons->addWidget(m_save);
    buttons->addWidget(closeButton);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addWidget(m_form);
    layout->addWidget(m_accounts, 1);
    layout->addLayout(buttons);

    auto* saveAction = new QAction(tr("Save"), this);
    saveAction->setShortcut(QKeySequence::Save);
    connect(saveAction, &QAction::triggered, this, [this] { save(); });
    addAction(saveAction);

    reload();
    resize(640, 620);
    // A save elsewhere (another window, a link made in a client profile) shows here too,
    // re-reading only what this dialog shows of it; the admin's unsaved edits are kept.
    connect(m_session, &RecordSession::changedElsewhere, this, [this](const ChangeNotice& n) {
        if (n.mayChangeUser(m_userId) && !hasUnsavedChanges())
            reload();
        else if (n.mayChangeUser(m_userId) || n.mayChangeLink(m_userId, 0) ||
                 (n.table == ChangeNotice::Table::Links && n.userId == 0 &&
                  m_accounts->shows(n.clientId)))
            m_accounts->reload();
        else if (n.table == ChangeNotice::Table::Clients && m_accounts->shows(n.clientId))
            m_accounts->reloadClient(n.clientId);
    });
}

const User& ManageUserDialog::loadedUser() const
{
    return m_form->record();
}

QStandardItemModel* ManageUserDialog::accountsModel() const
{
    return m_accounts->model();
}

void ManageUserDialog::reload()
{
    m_form->errors()->clear();
    m_message->hide();
    m_session->load([id = m_userId](const DatabasePtr& db) { return UserService(db).find(id); },
                    [this](const Result<User>& found) {
                        m_loaded = found.ok();
                        if (!found) {
                            showMessage(found.error().message);
                            setWindowTitle(
                                m_session->windowTitle(tr("Manage User #%1").arg(m_userId)));
                            updateState();
                            return;
                        }
                        fill(*found);
                        m_accounts->reload();
                    });
}

void ManageUserDialog::fill(const User& user)
{
    setWindowTitle(
        m_session->windowTitle(tr("Manage User #%1 — %2").arg(user.id).arg(user.fullName())) +
        QStringLiteral("[*]"));
    m_form->setRecord(user);
    const QSignalBlocker blockTwoFactor(m_twoFactor);
    const QSignalBlocker blockVerified(m_emailVerified);
    m_twoFactor->setChecked(user.twoFactorEnabled);
    // An admin may only turn two-factor authentication off; the user turns it on.
    m_twoFactor->setEnabled(user.twoFactorEnabled);
    m_twoFactor->setToolTip(user.twoFactorEnabled
                                ? tr("Untick and save to disable two-factor authentication. Only "
                                     "the user can turn it on again.")
                                : tr("Two-factor authentication is off. Only the user can turn it "
                                     "on, from the Client Area."));
    m_emailVerified->setChecked(user.emailVerifiedAt.isValid());
    m_emailVerified->setToolTip(user.emailVerifiedAt.isValid()
                                    ? tr("Verified on %1").arg(localDate(user.emailVerifiedAt))
                                    : tr("The email address has not been verified"));
    updateState();
}

UserChanges ManageUserDialog::pendingChanges() const
{
    if (!m_loaded)
        return {};
    UserChanges c = m_form->changes();
    const User& u = m_form->record();
    c.disableTwoFactor = u.twoFactorEnabled && !m_twoFactor->isChecked();
    if (m_emailVerified->isChecked() != u.emailVerifiedAt.isValid())
        c.emailVerified = m_emailVerified->isChecked();
    return c;
}

bool ManageUserDialog::hasUnsavedChanges() const
{
    return m_loaded && !pendingChanges().isEmpty();
}

bool ManageUserDialog::save()
{
    if (!m_loaded)
        return false;
    m_form->errors()->clear();
    m_message->hide();
    const UserChanges changes = pendingChanges();
    const User before = m_form->record();
    // Keep in step: the client accounts this user owns may take the same change. Changes
    // the save would refuse come back here, every problem at once.
    const auto step = KeepInStepDialog::askForUser(m_session, before, changes, this);
    if (step.error) {
        showError(*step.error, changes);
        return false;
    }
    if (step.choice == KeepInStepDialog::Cancelled)
        return false;
    const bool both = step.choice == KeepInStepDialog::SaveBoth;
    QList<ChangeNotice> changed{ChangeNotice::user(m_userId)};
    for (const ClientAccount& client : step.plan.clients)
        changed << ChangeNotice::client(client.id);
    bool stored = false;
    m_session->save(
        [before, changes, step, both](const DatabasePtr& db) {
            return both ? MatchService(db).saveUserInStep(before, changes, step.plan)
                        : UserService(db).update(before, changes);
        },
        changed,
        [&](const Result<User>& saved) {
            if (!saved) {
                // A client changed meanwhile: its conflict is not this form's to show field by
                // field.
                if (both && saved.error().kind == Error::Kind::Conflict &&
                    !saved.error().record.isUser(m_userId))
                    showMessage(saved.error().message);
                else
                    showError(saved.error(), changes);
                return;
            }
            stored = true;
            fill(*saved); // show what is stored, not what was typed
            m_accounts->reload();
            const User& after = *saved;
            if (before.firstName != after.firstName || before.lastName != after.lastName ||
                before.email != after.email || before.language != after.language)
                m_accounts->showSeparateDetailsNotice();
        });
    if (stored)
        emit saved(m_userId);
    return stored;
}

ClientAreaWindow* ManageUserDialog::previewAsUser()
{
    if (!m_loaded)
        return nullptr;
    // A window of this dialog's (a modal dialog would block one of the main window's),
    // closed with it.
    auto* window = new ClientAreaWindow(m_session->database(), this);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->startPreview(m_userId);
    window->show();
    window->raise();
    window->activateWindow();
    return window;
}

void ManageUserDialog::showError(const Error& error, const UserChanges& attempted)
{
    switch (error.kind) {
    case Error::Kind::Conflict:
        showConflict(error, attempted);
        return;
    case Error::Kind::Validation:
    case Error::Kind::Clash:
        if (const QList<Error> unshown = m_form->errors()->show(error); !unshown.isEmpty())
            showMessage(messagesOf(unshown));
        return;
    default:
        break;
    }
    showMessage(error.message);
}

void ManageUserDialog::showConflict(const Error& error, const UserChanges& attempted)
{
    QVariantMap edits;
    if (attempted.firstName)
        edits.insert(QStringLiteral("first_name"), *attempted.firstName);
    if (attempted.lastName)
        edits.insert(QStringLiteral("last_name"), *attempted.lastName);
    if (attempted.email)
        edits.insert(QStringLiteral("email"), *attempted.email);
    if (attempted.language)
        edits.insert(QStringLiteral("language"), *attempted.language);
    if (attempted.emailVerified)
        edits.insert(QStringLiteral("email_verified_at"),
                     *attempted.emailVerified ? tr("(verified now)") : QString());
    const QList<ConflictDialog::Field> fields{
        {QStringLiteral("first_name"), tr("First Name")},
        {QStringLiteral("last_name"), tr("Last Name")},
        {QStringLiteral("email"), tr("Email Address")},
        {QStringLiteral("language"), tr("Language")},
        {QStringLiteral("email_verified_at"), tr("Email Verified At")}};
    showMessage(error.message);
    auto* dialog = new ConflictDialog(error, fields, edits, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, [this, attempted](int choice) {
        if (choice == ConflictDialog::Reload) {
            reload();
        } else if (choice == ConflictDialog::Reapply) {
            reload();
            m_form->apply(attempted);
            if (attempted.disableTwoFactor)
                m_twoFactor->setChecked(false);
            if (attempted.emailVerified)
                m_emailVerified->setChecked(*attempted.emailVerified);
            save();
        }
    });
    dialog->open();
}

void ManageUserDialog::showMessage(const QString& text)
{
    m_message->setText(tr("⚠ %1").arg(text));
    m_message->show();
}

void ManageUserDialog::updateState()
{
    const int linked = m_accounts->count();
    m_delete->setEnabled(m_loaded && linked == 0);
    const QString why =
        linked > 0 ? tr("This user still has access to %n client account(s). Remove that access "
                        "(client profile, Users tab) before deleting the user.",
                        nullptr, linked)
                   : tr("Permanently delete this user");
    m_delete->setToolTip(why);
    m_delete->setAccessibleDescription(why);
    m_accounts->setSheetEnabled(m_loaded);
    m_save->setEnabled(m_loaded);
    m_preview->setEnabled(m_loaded);
    setWindowModified(hasUnsavedChanges());
}

void ManageUserDialog::confirmDelete()
{
    if (m_accounts->count() > 0)
        return;
    const User& user = m_form->record();
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Delete User"),
                                tr("Permanently delete user #%1 (%2, %3)? This cannot be undone.")
                                    .arg(user.id)
                                    .arg(user.fullName(), user.email),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmDeleteBox"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->button(QMessageBox::Yes)->setText(tr("&Delete"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this](int answer) {
        if (answer != QMessageBox::Yes)
            return;
        m_session->save(
            [id = m_userId](const DatabasePtr& db) { return UserService(db).remove(id); },
            {ChangeNotice::user(m_userId)},
            [this](const Result<void>& r) {
                if (!r) {
                    showMessage(r.error().message);
                    reload();
                    return;
                }
                emit deleted(m_userId);
                m_closing = true;
                accept();
            });
    });
    box->open();
}

void ManageUserDialog::reject()
{
    if (m_closing || !hasUnsavedChanges()) {
        QDialog::reject();
        return;
    }
    auto* box =
        new QMessageBox(QMessageBox::Question, tr("Unsaved Changes"),
                        tr("Save your changes to this user before closing?"),
                        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("unsavedChangesBox"));
    box->setDefaultButton(QMessageBox::Save);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this](int answer) {
        if (answer == QMessageBox::Save && !save())
            return;
        if (answer == QMessageBox::Save || answer == QMessageBox::Discard) {
            m_closing = true;
            QDialog::reject();
            m_closing = false;
        }
    });
    box->open();
}

} // namespace accord::ui
