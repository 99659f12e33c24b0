#pragma once

#include "services/connectionprofile.h"
#include "services/credentialstore.h"
#include "storage/database.h"

#include <QDialog>

class QCheckBox;
class QFormLayout;
class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QSpinBox;

namespace accord::ui {

// File > Connect…: a database file or a server (PostgreSQL, MariaDB/MySQL) with its host,
// port, database, user, operator name and TLS; "Test connection" says what failed (host,
// authentication, TLS, database or schema) or what it found (a read-only role); "Remember
// password" keeps the password in the keychain after a connection that worked. The saved
// profiles are listed on the left, with "Forget password". Accepted once a database opened:
// database() is it.
class ConnectDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ConnectDialog(CredentialStore& credentials, QWidget* parent = nullptr);

    // Fills the form with a profile (a saved one, or a URL's), as when picked in the list.
    void setProfile(const ConnectionProfile& profile);
    // The profile the form describes now.
    ConnectionProfile profile() const;
    // Says above the form why it is shown ("Enter the password for …").
    void setNotice(const QString& text);
    DatabasePtr database() const { return m_database; }
    // Why the keychain did not keep the password after a connection that worked (shown in
    // the new window's status bar); empty when it did or was not asked to.
    QString keychainProblem() const { return m_keychainProblem; }

    void testConnection();
    void connectToDatabase();

private:
    void engineChanged();
    void refreshProfiles();
    void refreshKeychainState();
    void showProblem(const Error& error);
    void forgetPassword();
    void deleteProfile();

    CredentialStore& m_credentials;
    DatabasePtr m_database;
    QString m_keychainProblem;
    QLabel* m_notice;
    QListWidget* m_profiles;
    QPushButton* m_forget;
    QPushButton* m_delete;
    QComboBox* m_engine;
    QLineEdit* m_file;
    QPushButton* m_browseFile;
    QLineEdit* m_host;
    QSpinBox* m_port;
    QLineEdit* m_databaseName;
    QLineEdit* m_user;
    QLineEdit* m_password;
    QLineEdit* m_operator;
    QComboBox* m_tls;
    QLineEdit* m_caFile;
    QPushButton* m_browseCa;
    QCheckBox* m_remember;
    QLabel* m_keychainState;
    QPushButton* m_test;
    QLabel* m_result;
    QList<QWidget*> m_serverFields;
    QList<QWidget*> m_fileFields;
    QFormLayout* m_formLayout = nullptr;
};

} // namespace accord::ui
