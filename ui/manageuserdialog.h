#pragma once

#include "domain/user.h"
#include "storage/database.h"

#include <QDialog>

class QCheckBox;
class QFrame;
class QLabel;
class QLineEdit;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace accord::ui {

class FieldErrors;
class LanguageCombo;

// The vendor's "Manage User" (Clients > Manage Users): a user's login details, the client
// accounts the user can access, set password, Delete. Saves are optimistic: a record
// changed by another session meanwhile shows the ConflictDialog instead of overwriting.
class ManageUserDialog : public QDialog
{
    Q_OBJECT
public:
    ManageUserDialog(DatabasePtr db, qint64 userId, QWidget* parent = nullptr);

    qint64 userId() const { return m_userId; }
    const User& loadedUser() const { return m_user; }
    QStandardItemModel* accountsModel() const { return m_accountsModel; }
    bool hasUnsavedChanges() const;

    // Saves what the form shows; true when stored (errors are shown next to their fields).
    bool save();
    // Re-reads the user and their client accounts, dropping unsaved edits.
    void reload();

signals:
    void openClientRequested(qint64 clientId);
    void compareRequested(qint64 userId, qint64 clientId);
    void saved(qint64 userId);
    void deleted(qint64 userId);

public slots:
    void reject() override; // Esc and Close: asks first when there are unsaved changes

private:
    void buildForm();
    void fill();
    void loadAccounts();
    UserChanges pendingChanges() const;
    void applyToForm(const UserChanges& changes);
    void showError(const Error& error, const UserChanges& attempted, const QString& password);
    void showConflict(const Error& error, const UserChanges& attempted, const QString& password);
    void showMessage(const QString& text);
    void updateState();
    void confirmDelete();
    void openCurrentClient();
    void fillNoticeCompare();
    void saveVerificationSheet();

    DatabasePtr m_db;
    qint64 m_userId;
    User m_user;
    bool m_loaded = false;
    bool m_closing = false;

    QLabel* m_message;
    QLineEdit* m_firstName;
    QLineEdit* m_lastName;
    QLineEdit* m_email;
    LanguageCombo* m_language;
    QCheckBox* m_twoFactor;
    QCheckBox* m_emailVerified;
    QLineEdit* m_password;
    QPushButton* m_generate;
    QPushButton* m_copyPassword;
    QTableView* m_accounts;
    QStandardItemModel* m_accountsModel;
    QPushButton* m_openClient;
    QPushButton* m_compare;
    QPushButton* m_sheet;
    QFrame* m_notice;
    QLabel* m_noticeText;
    QWidget* m_noticeCompare;
    QPushButton* m_delete;
    QPushButton* m_save;
    QPushButton* m_close;
    FieldErrors* m_errors;
};

} // namespace accord::ui
