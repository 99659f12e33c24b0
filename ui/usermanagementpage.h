#pragma once

#include "clientareapage.h"

class QLineEdit;
class QPushButton;
class QTableWidget;

namespace accord::ui {

class FieldErrors;
class PermissionChecklist;

// User Management, for the account owner alone (ClientAreaService refuses anyone else): who
// may access the account and with which permissions — change them, remove access — and
// invites by email with permissions, whose link is shown to copy (Accord sends no mail),
// pending ones listed with Cancel. The Admin Area's rules: never the owner's permissions,
// never the owner removed, one pending invite per email.
class UserManagementPage : public ClientAreaPage
{
    Q_OBJECT
public:
    UserManagementPage(const ClientAreaContext* context, QWidget* parent = nullptr);

    QTableWidget* usersTable() const { return m_users; }
    QTableWidget* invitesTable() const { return m_invites; }
    QLineEdit* inviteEmail() const { return m_email; }
    PermissionChecklist* invitePermissions() const { return m_checklist; }
    QLineEdit* inviteLinkField() const { return m_link; }
    QList<AccountUser> shownUsers() const { return m_shownUsers; }

    void refresh() override;
    void sendInvite();
    void editPermissions();
    void removeAccess();
    void cancelInvite();

protected:
    void setSavingAllowed(bool allowed) override;

private:
    void loadUsers();
    void loadInvites();
    void showUsers();
    void showInvites();
    void updateActions();
    const AccountUser* currentUser() const;
    // A write of this page: the lists re-read, `done` said (or why not).
    void written(const Result<void>& result, const QString& done);

    FieldErrors* m_errors;
    QTableWidget* m_users;
    QPushButton* m_permissions;
    QPushButton* m_remove;
    QLineEdit* m_email;
    PermissionChecklist* m_checklist;
    QPushButton* m_send;
    QWidget* m_sent;
    QLineEdit* m_link;
    QTableWidget* m_invites;
    QPushButton* m_cancelInvite;
    QList<AccountUser> m_shownUsers;
    QList<Invite> m_shownInvites;
    bool m_savingAllowed = true;
};

} // namespace accord::ui
