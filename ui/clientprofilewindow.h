#pragma once

#include "domain/access.h"
#include "domain/clientaccount.h"
#include "storage/database.h"

#include <QMap>
#include <QWidget>

#include <functional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableView;
class QTableWidget;

namespace accord {
class LazyListModel;
}

namespace accord::ui {

class CountryCombo;
class FieldErrors;
class LanguageCombo;

// One client account in its own top-level window (several may be open side by side): the
// Profile tab edits the client's fields, the Users tab manages who may access the account
// and its pending invites. What is shown is always re-read from the database after a save
// or when another window reports a change. Callers usually set Qt::WA_DeleteOnClose.
class ClientProfileWindow : public QWidget
{
    Q_OBJECT
public:
    ClientProfileWindow(DatabasePtr db, qint64 clientId, QWidget* parent = nullptr);
    ~ClientProfileWindow() override;

    qint64 clientId() const { return m_clientId; }
    const ClientAccount& loadedClient() const { return m_client; }
    bool hasUnsavedChanges() const;

    // Saves the changed fields; true when stored or nothing changed. A refusal is shown
    // next to its field, as one message, or as the conflict dialog.
    bool save();
    // Shows the stored values again, dropping edits.
    void revert();

    QTabWidget* tabs() const { return m_tabs; }
    QWidget* editor(const QString& column) const; // by column name (firstname, email, ...)
    LazyListModel* usersModel() const { return m_usersModel; }
    QTableView* usersTable() const { return m_usersTable; }
    QTableWidget* invitesTable() const { return m_invitesTable; }

protected:
    void closeEvent(QCloseEvent* event) override;

signals:
    // The Manage User dialog opened here asks for another client's profile.
    void openClientRequested(qint64 clientId);
    // Compare (Users tab, or the Manage User dialog opened here) for a user and a client.
    void compareRequested(qint64 userId, qint64 clientId);

private:
    struct LinkedUser {
        qint64 id = 0;
        QString name;
        QString email;
        bool owner = false;
        Permissions permissions;
    };

    QWidget* buildProfileTab();
    QWidget* buildUsersTab();
    void loadProfile();
    void fillForm();
    QString value(const QString& column) const;
    void setValue(const QString& column, const QString& value);
    QMap<QString, QString> edits() const;
    void updateState();
    void updateEmailWarning();
    void loadOwner();
    void showMessage(const QString& text);
    void showConflict(const Error& conflict, const QMap<QString, QString>& attempted);
    void showRefusal(const Error& e);
    void onChanged(int record, qint64 id);

    LinkedUser currentUser() const;
    void updateUserActions();
    void refreshUsers();
    void loadInvites();
    void manageUser();
    void associateUser();
    void removeAccess();
    void makeOwner();
    void editPermissions();
    void copyInviteLink();
    void cancelInvite();
    void confirm(const QString& objectName, const QString& title, const QString& text,
                 const QString& acceptText, std::function<void()> onAccept);

    DatabasePtr m_db;
    qint64 m_clientId;
    ClientAccount m_client;
    bool m_loaded = false;
    bool m_filling = false;
    bool m_closing = false;
    qint64 m_ownerUserId = 0;
    QString m_ownerEmail;
    qint64 m_reselectUserId = 0;
    QList<Invite> m_invites;

    QLabel* m_message;
    QTabWidget* m_tabs;
    FieldErrors* m_errors;
    QMap<QString, QWidget*> m_editors;
    CountryCombo* m_country = nullptr;
    QComboBox* m_status = nullptr;
    LanguageCombo* m_language = nullptr;
    QLabel* m_emailWarning = nullptr;
    QPushButton* m_save = nullptr;
    QPushButton* m_revert = nullptr;

    LazyListModel* m_usersModel = nullptr;
    QTableView* m_usersTable = nullptr;
    QLabel* m_ownerNote = nullptr;
    QPushButton* m_manageUser = nullptr;
    QPushButton* m_compare = nullptr;
    QPushButton* m_associate = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_makeOwner = nullptr;
    QPushButton* m_permissions = nullptr;
    QTableWidget* m_invitesTable = nullptr;
    QPushButton* m_copyLink = nullptr;
    QPushButton* m_cancelInvite = nullptr;
};

} // namespace accord::ui
