#pragma once

#include "domain/recordref.h"
#include "services/connectionprofile.h"
#include "services/credentialstore.h"
#include "storage/database.h"

#include <QList>
#include <QObject>
#include <QPointer>

#include <memory>

namespace accord::ui {

class ConnectDialog;
class MainWindow;

// The main windows of the open databases, one each: File > Open puts a database in place
// of a window's, Open in New Window beside it, and a snapshot always opens beside the
// window it was asked from, read-only, once its integrity and checksum are verified.
class WindowSet : public QObject
{
    Q_OBJECT
public:
    // Server passwords come from `credentials` (the OS keychain when null).
    explicit WindowSet(CredentialStore* credentials = nullptr, QObject* parent = nullptr);
    ~WindowSet() override;
    CredentialStore& credentials() { return *m_credentials; }

    // File > Connect…, opened (not run) beside `from`: the database it connects to opens in
    // a window of its own, beside the others (the one already showing it is raised).
    ConnectDialog* showConnectDialog(QWidget* from = nullptr);
    // The Connect dialog open now, or null.
    ConnectDialog* connectDialog() const;
    // A server profile (from Recent, the last one, --db URL): connected with the keychain's
    // password; without one (or when it was refused), the Connect dialog asks for it and
    // null is returned.
    MainWindow* openProfile(const ConnectionProfile& profile);

    // What `accord` opens at start: `requested` (--db), else the last database — a server
    // with the keychain's password, or the Connect dialog asking for it — else, on first
    // run, the sample database in the data folder. False when nothing opened or asks.
    bool openAtStart(const QString& requested);
    // Opens a database as the application does (a missing file is created only when
    // `create`, with sample users when `withSample`); a snapshot is verified first.
    // Null when refused (refused() says why).
    DatabasePtr openDatabase(const QString& path, bool create = false, bool withSample = false);
    // A main window on the database, deleted when it closes.
    MainWindow* show(DatabasePtr database);
    // The window showing this file or URL, or null.
    MainWindow* windowOf(const QString& path) const;
    QList<MainWindow*> windows() const;
    // The database in a window of its own (the one showing it raised), or null.
    MainWindow* openBeside(const QString& path);
    // The database in place of `window`'s; a snapshot still opens beside it.
    MainWindow* openInstead(MainWindow* window, const QString& path);
    // A record in the window of this database (opened if need be).
    void openRecord(const QString& path, RecordRef record);

signals:
    void refused(const QString& message); // the GUI shows it in a message box

private:
    MainWindow* showConnected(const DatabasePtr& database, const QString& keychainProblem);
    std::unique_ptr<CredentialStore> m_ownCredentials;
    CredentialStore* m_credentials;
    QPointer<ConnectDialog> m_connect;
    QList<QPointer<MainWindow>> m_windows;
};

} // namespace accord::ui
