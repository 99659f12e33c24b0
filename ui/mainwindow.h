#pragma once

#include "storage/database.h"

#include <QMainWindow>

class QTabWidget;
class QLabel;

namespace accord::ui {

class ListView;

// The main window: Clients and Manage Users lists over one database.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(DatabasePtr database, bool sampleData = false, QWidget* parent = nullptr);
    ~MainWindow() override;

    ListView* clientsView() const { return m_clients; }
    ListView* usersView() const { return m_users; }
    DatabasePtr database() const { return m_db; }

signals:
    void openDatabaseRequested(const QString& path);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void updateTitle();
    void exportCurrent();
    DatabasePtr m_db;
    bool m_sampleData;
    QTabWidget* m_tabs;
    ListView* m_clients;
    ListView* m_users;
    QLabel* m_status;
};

} // namespace accord::ui
