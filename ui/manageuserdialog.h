#pragma once

#include "domain/user.h"
#include "storage/database.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QPushButton;
class QStandardItemModel;

namespace accord {
struct Error;
}

namespace accord::ui {

class ClientAreaWindow;
class RecordSession;
class SheetOutput;
class UserAccountsPanel;
class UserForm;

// The vendor's "Manage User" (Clients > Manage Users): a user's login details (UserForm),
// two-factor and verified state, set password, the client accounts the user can access
// (UserAccountsPanel), Delete. Saves are optimistic: a record changed by another session
// meanwhile shows the ConflictDialog instead of overwriting.
class ManageUserDialog : public QDialog
{
    Q_OBJECT
public:
    ManageUserDialog(DatabasePtr db, qint64 userId, QWidget* parent = nullptr);

    qint64 userId() const { return m_userId; }
    const User& loadedUser() const;
    QStandardItemModel* accountsModel() const;
    UserForm* form() const { return m_form; }
    bool hasUnsavedChanges() const;

    // Saves what the form shows (with a new password, when typed); true when stored. Every
    // problem is shown next to its field.
    bool save();
    // Re-reads the user and their client accounts, dropping unsaved edits.
    void reload();
    // "Preview as this user": the Client Area signed in as them, without the password.
    ClientAreaWindow* previewAsUser();

signals:
    void openClientRequested(qint64 clientId);
    void compareRequested(qint64 userId, qint64 clientId);
    void saved(qint64 userId);
    void deleted(qint64 userId);

public slots:
    void reject() override; // Esc and Close: asks first when there are unsaved changes

private:
    void fill(const User& user);
    UserChanges pendingChanges() const;
    void showError(const Error& error, const UserChanges& attempted);
    void showConflict(const Error& error, const UserChanges& attempted);
    void showMessage(const QString& text);
    void updateState();
    void confirmDelete();

    RecordSession* m_session;
    SheetOutput* m_sheetOutput;
    qint64 m_userId;
    bool m_loaded = false;
    bool m_closing = false;

    QLabel* m_message;
    UserForm* m_form;
    QCheckBox* m_twoFactor;
    QCheckBox* m_emailVerified;
    UserAccountsPanel* m_accounts;
    QPushButton* m_delete;
    QPushButton* m_preview;
    QPushButton* m_save;
};

} // namespace accord::ui
