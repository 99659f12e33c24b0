#pragma once

#include "domain/recordref.h"
#include "domain/snapshotfilter.h"
#include "storage/database.h"

#include <QHash>
#include <QMainWindow>
#include <QPointer>

class QTabWidget;
class QLabel;
class QMenu;

namespace accord::ui {

class ActivityLogView;
class BulkExportDialog;
class BulkImportDialog;
class ClientAreaWindow;
class ClientProfileWindow;
class CompareWindow;
class ExportSnapshotDialog;
class ListView;
class ManageUserDialog;
class MismatchesView;
class RecordSession;
class SnapshotDiffWindow;

// The main window: Clients, Manage Users, Activity Log and Mismatches over one database,
// named in its title (several databases may be open, a main window each); opens one
// profile window per client and one Manage User dialog per user.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(DatabasePtr database, bool sampleData = false, QWidget* parent = nullptr);
    ~MainWindow() override;

    ListView* clientsView() const { return m_clients; }
    ListView* usersView() const { return m_users; }
    ActivityLogView* activityView() const { return m_activity; }
    MismatchesView* mismatchesView() const { return m_mismatches; }
    // Tools ▸ Keep Owners' Details in Step (remembered in the database itself).
    QAction* keepInStepAction() const { return m_keepInStep; }
    QTabWidget* tabs() const { return m_tabs; }
    DatabasePtr database() const { return m_db; }

    // Opens (or raises, if already open) the profile window of a client.
    ClientProfileWindow* openClient(qint64 clientId);
    // Opens (or raises) the Manage User dialog of a user.
    ManageUserDialog* openUser(qint64 userId);
    // Opens (or raises) the Compare window of a user and a client account.
    CompareWindow* openCompare(qint64 userId, qint64 clientId);
    ClientProfileWindow* clientWindow(qint64 clientId) const; // null when not open
    CompareWindow* compareWindow(qint64 userId, qint64 clientId) const;
    ManageUserDialog* userDialog(qint64 userId) const;
    // Tools ▸ Client Area Preview: a Client Area window on this database, at its sign-in.
    ClientAreaWindow* openClientArea();
    void newClient();
    void newUser();
    // The user's dialog, the client's profile or the link's Compare window.
    void openRecord(RecordRef record);

    // What the current tab shows, as a snapshot's filter: the clients or users its search
    // finds, or the links the Mismatches tab lists (everything on the Activity Log).
    SnapshotFilter shownRowsFilter() const;
    // File > Export Snapshot… (of everything, or of the shown rows).
    ExportSnapshotDialog* exportSnapshot(bool shownRows);
    // File > Compare with Snapshot…: what changed from that snapshot to this database.
    SnapshotDiffWindow* compareWithSnapshot(const QString& path);
    // File > Import… (refused on a database that refuses writes) and File > Export… (bulk
    // data: a CSV folder or a JSON file of everything).
    BulkImportDialog* importData();
    BulkExportDialog* exportData();

signals:
    void connectRequested(); // File > Connect…: the database opens beside this one
    void openDatabaseRequested(const QString& path);    // instead of this one
    void openInNewWindowRequested(const QString& path); // beside this one
    // A record of another database (a snapshot's, from Compare with Snapshot).
    void openRecordInDatabaseRequested(const QString& path, accord::RecordRef record);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void buildSnapshotMenu(QMenu* file);
    void buildBulkMenu(QMenu* file);
    void updateTitle();
    void exportCurrent();
    void showCounts();
    DatabasePtr m_db;
    RecordSession* m_session;
    bool m_sampleData;
    QTabWidget* m_tabs;
    ListView* m_clients;
    ListView* m_users;
    ActivityLogView* m_activity;
    MismatchesView* m_mismatches;
    QAction* m_keepInStep = nullptr;
    QLabel* m_status;
    QHash<qint64, QPointer<ClientProfileWindow>> m_clientWindows;
    QHash<qint64, QPointer<ManageUserDialog>> m_userDialogs;
    QHash<std::pair<qint64, qint64>, QPointer<CompareWindow>> m_compareWindows;
};

} // namespace accord::ui
