#pragma once

#include "domain/invitelink.h"
#include "domain/permission.h"
#include "storage/database.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;
class QStackedWidget;
class QTableView;

namespace accord {
class LazyListModel;
}

namespace accord::ui {

class FieldErrors;
class PermissionChecklist;
class RecordSession;

// The link an admin passes on to an invited person (Accord sends no mail).
using accord::inviteLink;

// The vendor's "Associate User": give an existing user access to a client account, or
// a new email address, which either gets a pending invite (its link shown to copy) or
// becomes a user at once with a password. At least one permission is required.
class AssociateUserDialog : public QDialog
{
    Q_OBJECT
public:
    AssociateUserDialog(DatabasePtr db, qint64 clientId, QWidget* parent = nullptr);
    ~AssociateUserDialog() override;

    LazyListModel* usersModel() const { return m_usersModel; }
    PermissionChecklist* checklist() const { return m_checklist; }
    QLineEdit* inviteLinkField() const { return m_inviteLink; }

    void accept() override; // associates; the dialog stays open to show an invite link

signals:
    void associated(); // something was stored: a link, a user, an invite

private:
    void associateExisting(const Permissions& permissions);
    void inviteByEmail(const Permissions& permissions);
    void createUserNow(const Permissions& permissions);
    void showError(const Error& error);
    void finishWith(const QString& text);
    void updateMode();

    RecordSession* m_session;
    qint64 m_clientId;
    LazyListModel* m_usersModel;
    FieldErrors* m_errors;

    QRadioButton* m_existing;
    QRadioButton* m_newEmail;
    QStackedWidget* m_pages;
    QLineEdit* m_search;
    QTableView* m_users;
    QLineEdit* m_email;
    QRadioButton* m_invite;
    QRadioButton* m_createNow;
    QWidget* m_newUserFields;
    QLineEdit* m_firstName;
    QLineEdit* m_lastName;
    QLineEdit* m_password;
    PermissionChecklist* m_checklist;
    QWidget* m_result;
    QLineEdit* m_inviteLink;
    QLabel* m_message;
    QPushButton* m_associate;
    QPushButton* m_close;
};

} // namespace accord::ui
