#pragma once

#include "domain/access.h"
#include "storage/database.h"

#include <QList>
#include <QWidget>

#include <functional>

class QLabel;
class QPushButton;
class QTableView;
class QTableWidget;

namespace accord {
class LazyListModel;
}

namespace accord::ui {

class RecordSession;

// A client account's Users tab: who may access the account (owner first) — Manage User,
// Compare, Associate User, Remove Access, Make Owner, Permissions — and its pending invites,
// with Copy Link and Cancel. Each action is confirmed, written through the tab's session
// and re-read from the database; what it did (or why not) goes to messageChanged().
class ClientUsersTab : public QWidget
{
    Q_OBJECT
public:
    ClientUsersTab(DatabasePtr db, qint64 clientId, QWidget* parent = nullptr);
    ~ClientUsersTab() override;

    LazyListModel* usersModel() const { return m_usersModel; }
    QTableView* usersTable() const { return m_usersTable; }
    QTableWidget* invitesTable() const { return m_invitesTable; }

signals:
    void messageChanged(const QString& text);
    // The Manage User dialog opened here asks for another client's profile.
    void openClientRequested(qint64 clientId);
    void compareRequested(qint64 userId, qint64 clientId);

private:
    struct LinkedUser {
        qint64 id = 0;
        QString name;
        QString email;
        bool owner = false;
        Permissions permissions;
    };

    LinkedUser currentUser() const;
    bool showsUser(qint64 userId) const;
    void updateUserActions();
    void refreshUsers();
    void loadInvites();
    void showInvites();
    void manageUser();
    void associateUser();
    void removeAccess();
    void makeOwner();
    void editPermissions();
    void copyInviteLink();
    void cancelInvite();
    void confirm(const QString& objectName, const QString& title, const QString& text,
                 const QString& acceptText, std::function<void()> onAccept);
    // A link of this client written through the session: re-read, say `done` (or why not).
    void linkChanged(const Result<void>& result, const QString& done);

    RecordSession* m_session;
    qint64 m_clientId;
    qint64 m_reselectUserId = 0;
    QList<Invite> m_invites;

    LazyListModel* m_usersModel;
    QTableView* m_usersTable;
    QLabel* m_ownerNote;
    QPushButton* m_manageUser;
    QPushButton* m_compare;
    QPushButton* m_associate;
    QPushButton* m_remove;
    QPushButton* m_makeOwner;
    QPushButton* m_permissions;
    QTableWidget* m_invitesTable;
    QPushButton* m_copyLink;
    QPushButton* m_cancelInvite;
};

} // namespace accord::ui
