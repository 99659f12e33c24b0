#include "mainwindow.h"

#include "listview.h"
#include "models/changenotifier.h"
#include "models/clientlistquery.h"
#include "models/userlistquery.h"

#include <QAction>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>

namespace accord::ui {

MainWindow::MainWindow(DatabasePtr database, bool sampleData, QWidget* parent)
    : QMainWindow(parent), m_db(std::move(database)), m_sampleData(sampleData),
      m_tabs(new QTabWidget(this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    auto* clientsModel = new LazyListModel(m_db, std::make_shared<ClientListQuery>(), this);
    auto* usersModel = new LazyListModel(m_db, std::make_shared<UserListQuery>(), this);
    m_clients = new ListView(clientsModel, tr("Name, company, email or #id"), this);
    m_clients->setObjectName(QStringLiteral("clientsView"));
    m_users = new ListView(usersModel, tr("User name, email address or #id"), this);
    m_users->setObjectName(QStringLiteral("manageUsersView"));
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->addTab(m_clients, tr("&Clients"));
    m_tabs->addTab(m_users, tr("Manage &Users"));
    setCentralWidget(m_tabs);
    statusBar()->addPermanentWidget(m_status);

    auto showCounts = [this] {
        m_status->setText(tr("%1 clients · %2 users")
                              .arg(m_clients->model()->matchCount())
                              .arg(m_users->model()->matchCount()));
    };
    connect(clientsModel, &LazyListModel::countChanged, this, showCounts);
    connect(usersModel, &LazyListModel::countChanged, this, showCounts);
    for (auto* model : {clientsModel, usersModel})
        connect(model, &LazyListModel::loadFailed, this,
                [this](const QString& message) { statusBar()->showMessage(message, 10000); });

    // Every save anywhere re-reads the lists, keeping their search and order.
    connect(ChangeNotifier::instance(), &ChangeNotifier::changed, this, [clientsModel, usersModel] {
        clientsModel->refresh();
        usersModel->refresh();
    });

    buildMenus();
    updateTitle();
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray()))
        resize(1100, 700);
    m_users->table()->horizontalHeader()->restoreState(
        settings.value(QStringLiteral("mainWindow/usersHeader")).toByteArray());
    m_clients->table()->horizontalHeader()->restoreState(
        settings.value(QStringLiteral("mainWindow/clientsHeader")).toByteArray());
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open Database…"));
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open Database"), QFileInfo(m_db->location().path).absolutePath(),
            tr("Accord databases (*.sqlite *.db);;All files (*)"));
        if (!path.isEmpty())
            emit openDatabaseRequested(path);
    });
    QAction* create = file->addAction(tr("&New Database…"));
    create->setShortcut(QKeySequence::New);
    connect(create, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("New Database"), {},
                                                          tr("Accord databases (*.sqlite)"));
        if (!path.isEmpty())
            emit openDatabaseRequested(path);
    });
    QMenu* recent = file->addMenu(tr("&Recent Databases"));
    connect(recent, &QMenu::aboutToShow, this, [this, recent] {
        recent->clear();
        const QStringList paths =
            QSettings().value(QStringLiteral("recentDatabases")).toStringList();
        for (const QString& path : paths)
            connect(recent->addAction(path), &QAction::triggered, this,
                    [this, path] { emit openDatabaseRequested(path); });
        if (paths.isEmpty())
            recent->addAction(tr("(none)"))->setEnabled(false);
    });
    file->addSeparator();
    QAction* exportCsv = file->addAction(tr("&Export Shown Rows to CSV…"));
    exportCsv->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(exportCsv, &QAction::triggered, this, &MainWindow::exportCurrent);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
}

void MainWindow::exportCurrent()
{
    auto* view = qobject_cast<ListView*>(m_tabs->currentWidget());
    if (!view)
        return;
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export to CSV"), {}, tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!view->exportCsv(path, &error))
        QMessageBox::warning(this, tr("Export failed"), error);
}

void MainWindow::updateTitle()
{
    QString title = tr("Accord — %1").arg(m_db->location().display());
    if (m_sampleData)
        title += tr(" (sample data)");
    setWindowTitle(title);
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/usersHeader"),
                      m_users->table()->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("mainWindow/clientsHeader"),
                      m_clients->table()->horizontalHeader()->saveState());
    QMainWindow::closeEvent(event);
}

} // namespace accord::ui
