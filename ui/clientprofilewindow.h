#pragma once

#include "domain/clientaccount.h"
#include "storage/database.h"

#include <QMap>
#include <QWidget>

class QLabel;
class QPushButton;
class QTabWidget;
class QTableView;
class QTableWidget;

namespace accord {
class LazyListModel;
struct Error;
} // namespace accord

namespace accord::ui {

class ClientForm;
class ClientUsersTab;
class RecordSession;

// One client account in its own top-level window (several may be open side by side): the
// Profile tab edits the client's fields (ClientForm), the Users tab manages who may access
// the account and its pending invites (ClientUsersTab). What is shown is re-read from the
// database after a save, and when another window reports a change to what it shows.
// Callers usually set Qt::WA_DeleteOnClose.
class ClientProfileWindow : public QWidget
{
    Q_OBJECT
public:
    ClientProfileWindow(DatabasePtr db, qint64 clientId, QWidget* parent = nullptr);
    ~ClientProfileWindow() override;

    qint64 clientId() const { return m_clientId; }
    const ClientAccount& loadedClient() const;
    bool hasUnsavedChanges() const;

    // Saves the changed fields; true when stored or nothing changed. A refusal is shown
    // next to its fields, as one message, or as the conflict dialog.
    bool save();
    // Shows the stored values again, dropping edits.
    void revert();

    QTabWidget* tabs() const { return m_tabs; }
    ClientForm* form() const { return m_form; }
    QWidget* editor(const QString& column) const; // by column name (firstname, email, ...)
    LazyListModel* usersModel() const;
    QTableView* usersTable() const;
    QTableWidget* invitesTable() const;

protected:
    void closeEvent(QCloseEvent* event) override;

signals:
    // The Manage User dialog opened here asks for another client's profile.
    void openClientRequested(qint64 clientId);
    // Compare (Users tab, or the Manage User dialog opened here) for a user and a client.
    void compareRequested(qint64 userId, qint64 clientId);

private:
    QWidget* buildProfileTab();
    void loadProfile();
    void loadOwner();
    void updateState();
    void updateEmailWarning();
    void showMessage(const QString& text);
    void showRefusal(const Error& e);
    void showConflict(const Error& conflict, const QMap<QString, QString>& attempted);

    RecordSession* m_session;
    qint64 m_clientId;
    bool m_loaded = false;
    bool m_closing = false;
    qint64 m_ownerUserId = 0;
    QString m_ownerEmail;

    QLabel* m_message;
    QTabWidget* m_tabs;
    ClientForm* m_form;
    ClientUsersTab* m_users;
    QPushButton* m_save = nullptr;
    QPushButton* m_revert = nullptr;
};

} // namespace accord::ui
