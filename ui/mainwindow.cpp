#include "mainwindow.h"

#include "activitylogview.h"
#include "clientareawindow.h"
#include "clientprofilewindow.h"
#include "comparewindow.h"
#include "exportsnapshotdialog.h"
#include "listview.h"
#include "manageuserdialog.h"
#include "mismatchesview.h"
#include "models/activitylistquery.h"
#include "models/clientlistquery.h"
#include "models/userlistquery.h"
#include "newclientdialog.h"
#include "newuserdialog.h"
#include "readonly.h"
#include "recordsession.h"
#include "services/matchservice.h"
#include "snapshotdiffwindow.h"

#include <QAction>
#include <QCloseEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace accord::ui {

MainWindow::MainWindow(DatabasePtr database, bool sampleData, QWidget* parent)
    : QMainWindow(parent), m_db(std::move(database)), m_session(new RecordSession(m_db, this)),
      m_sampleData(sampleData), m_tabs(new QTabWidget(this)), m_status(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    auto* clientsModel = new LazyListModel(m_db, std::make_shared<ClientListQuery>(), this);
    auto* usersModel = new LazyListModel(m_db, std::make_shared<UserListQuery>(), this);
    auto* activityModel = new LazyListModel(m_db, std::make_shared<ActivityListQuery>(), this);
    m_clients = new ListView(clientsModel, tr("Name, company, email or #id"), this);
    m_clients->setObjectName(QStringLiteral("clientsView"));
    m_users = new ListView(usersModel, tr("User name, email address or #id"), this);
    m_users->setObjectName(QStringLiteral("manageUsersView"));
    m_activity = new ActivityLogView(activityModel, this);
    m_mismatches = new MismatchesView(m_db, this);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->addTab(m_clients, tr("&Clients"));
    m_tabs->addTab(m_users, tr("Manage &Users"));
    m_tabs->addTab(m_activity, tr("Activity &Log"));
    m_tabs->addTab(m_mismatches, tr("&Mismatches"));
    // On a database that refuses writes, a banner over the lists says why; logins another
    // program stored twice are named in one too.
    QList<QWidget*> banners;
    if (auto* banner = ReadOnlyBanner::forDatabase(*m_db, this))
        banners << banner;
    if (const QStringList clashes = m_db->loginClashWarnings(); !clashes.isEmpty()) {
        auto* banner = new QLabel(clashes.join(QLatin1Char('\n')), this);
        banner->setObjectName(QStringLiteral("loginClashBanner"));
        banner->setWordWrap(true);
        banner->setFrameShape(QFrame::StyledPanel);
        banner->setMargin(6);
        banner->setTextInteractionFlags(Qt::TextSelectableByMouse);
        banner->setAccessibleName(tr("Duplicate logins"));
        banners << banner;
    }
    if (!banners.isEmpty()) {
        auto* central = new QWidget(this);
        auto* layout = new QVBoxLayout(central);
        layout->setContentsMargins(0, 0, 0, 0);
        for (QWidget* banner : banners)
            layout->addWidget(banner);
        layout->addWidget(m_tabs, 1);
        setCentralWidget(central);
    } else {
        setCentralWidget(m_tabs);
    }
    // Where this window is: the engine, user@host/database (or the file), and TLS.
    auto* where = new QLabel(this);
    where->setObjectName(QStringLiteral("locationLabel"));
    const DatabaseLocation& location = m_db->location();
    QString whereText = location.dialect().isEmbedded() ? location.path : location.title();
    if (!location.dialect().isEmbedded() && location.tls != TlsMode::Off)
        whereText += tr(" · TLS");
    if (m_db->isReadOnly())
        whereText += tr(" · read-only");
    where->setText(whereText);
    where->setToolTip(location.display());
    statusBar()->addWidget(where);
    statusBar()->addPermanentWidget(m_status);
    m_status->setObjectName(QStringLiteral("counts"));

    connect(clientsModel, &LazyListModel::countChanged, this, &MainWindow::showCounts);
    connect(usersModel, &LazyListModel::countChanged, this, &MainWindow::showCounts);
    for (auto* model : {clientsModel, usersModel, activityModel})
        connect(model, &LazyListModel::loadFailed, this,
                [this](const QString& message) { statusBar()->showMessage(message, 10000); });
    connect(m_clients, &ListView::activated, this, [this](qint64 id) { openClient(id); });
    connect(m_users, &ListView::activated, this, [this](qint64 id) { openUser(id); });
    connect(m_mismatches, &MismatchesView::openUserRequested, this,
            [this](qint64 id) { openUser(id); });
    connect(m_mismatches, &MismatchesView::openClientRequested, this,
            [this](qint64 id) { openClient(id); });
    connect(m_mismatches, &MismatchesView::fieldCountsChanged, this, &MainWindow::showCounts);
    connect(m_mismatches->model(), &LazyListModel::countChanged, this, &MainWindow::showCounts);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::showCounts);
    connect(m_mismatches, &MismatchesView::compareRequested, this,
            [this](qint64 userId, qint64 clientId) { openCompare(userId, clientId); });
    connect(m_mismatches->model(), &LazyListModel::loadFailed, this,
            [this](const QString& message) { statusBar()->showMessage(message, 10000); });

    // A save in this database re-reads the lists that show what it changed, keeping their
    // search and order: users (and their client counts), clients (and their user counts),
    // and the activity log, which every save but a mark writes to.
    connect(m_session, &RecordSession::changedElsewhere, this,
            [clientsModel, usersModel, activityModel](const ChangeNotice& n) {
                using Table = ChangeNotice::Table;
                if (n.table == Table::Users || n.table == Table::Links ||
                    n.table == Table::Everything)
                    usersModel->refresh();
                if (n.table == Table::Clients || n.table == Table::Links ||
                    n.table == Table::Everything)
                    clientsModel->refresh();
                if (n.table != Table::Marks)
                    activityModel->refresh();
            });

    buildMenus();
    updateTitle();
    QSettings settings;
    if (!restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray()))
        resize(1100, 700);
    const std::pair<ListView*, const char*> lists[] = {
        {m_users, "mainWindow/usersHeader"},
        {m_clients, "mainWindow/clientsHeader"},
        {m_activity->list(), "mainWindow/activityHeader"},
        {m_mismatches->list(), "mainWindow/mismatchesHeader"}};
    for (const auto& [list, key] : lists)
        if (list->table()->horizontalHeader()->restoreState(
                settings.value(QLatin1String(key)).toByteArray()))
            list->keepColumnWidths();
}

void MainWindow::showCounts()
{
    // On the Mismatches tab the status bar carries its per-field counts.
    if (m_tabs->currentWidget() == m_mismatches && !m_mismatches->countsLabel()->text().isEmpty()) {
        m_status->setText(m_mismatches->countsLabel()->text());
        return;
    }
    m_status->setText(tr("%1 clients · %2 users")
                          .arg(QLocale().toString(m_clients->model()->matchCount()),
                               QLocale().toString(m_users->model()->matchCount())));
}

ClientProfileWindow* MainWindow::clientWindow(qint64 clientId) const
{
    return m_clientWindows.value(clientId);
}

ManageUserDialog* MainWindow::userDialog(qint64 userId) const
{
    return m_userDialogs.value(userId);
}

ClientProfileWindow* MainWindow::openClient(qint64 clientId)
{
    if (ClientProfileWindow* open = m_clientWindows.value(clientId)) {
        open->show();
        open->raise();
        open->activateWindow();
        return open;
    }
    // A top-level window owned by this one: it closes with the database it shows.
    auto* window = new ClientProfileWindow(m_db, clientId, this);
    window->setWindowFlag(Qt::Window, true);
    window->setAttribute(Qt::WA_DeleteOnClose);
    m_clientWindows.insert(clientId, window); // a QPointer: null once the window closed
    connect(window, &ClientProfileWindow::openClientRequested, this,
            [this](qint64 other) { openClient(other); });
    connect(window, &ClientProfileWindow::compareRequested, this,
            [this](qint64 userId, qint64 clientId) { openCompare(userId, clientId); });
    window->show();
    window->raise();
    window->activateWindow();
    return window;
}

ManageUserDialog* MainWindow::openUser(qint64 userId)
{
    if (ManageUserDialog* open = m_userDialogs.value(userId)) {
        open->show();
        open->raise();
        open->activateWindow();
        return open;
    }
    auto* dialog = new ManageUserDialog(m_db, userId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    m_userDialogs.insert(userId, dialog);
    connect(dialog, &ManageUserDialog::openClientRequested, this,
            [this](qint64 clientId) { openClient(clientId); });
    connect(dialog, &ManageUserDialog::compareRequested, this,
            [this](qint64 userId, qint64 clientId) { openCompare(userId, clientId); });
    dialog->open();
    return dialog;
}

CompareWindow* MainWindow::compareWindow(qint64 userId, qint64 clientId) const
{
    return m_compareWindows.value({userId, clientId});
}

CompareWindow* MainWindow::openCompare(qint64 userId, qint64 clientId)
{
    if (CompareWindow* open = m_compareWindows.value({userId, clientId})) {
        open->show();
        open->raise();
        open->activateWindow();
        return open;
    }
    // Without a parent: a modal Manage User dialog (which offers Compare) must not block it.
    // This window still closes and deletes it.
    auto* window = new CompareWindow(m_db, userId, clientId);
    window->setAttribute(Qt::WA_DeleteOnClose);
    m_compareWindows.insert({userId, clientId}, window);
    connect(window, &CompareWindow::openUserRequested, this, [this](qint64 id) { openUser(id); });
    connect(window, &CompareWindow::openClientRequested, this,
            [this](qint64 id) { openClient(id); });
    window->show();
    window->raise();
    window->activateWindow();
    return window;
}

ClientAreaWindow* MainWindow::openClientArea()
{
    // A window of its own (owned by this one, closed with it): several may be open, each
    // signed in as someone else.
    auto* window = new ClientAreaWindow(m_db, this);
    window->setAttribute(Qt::WA_DeleteOnClose);
    window->show();
    window->raise();
    window->activateWindow();
    return window;
}

void MainWindow::openRecord(RecordRef record)
{
    switch (record.kind) {
    case RecordRef::Kind::User:
        openUser(record.userId);
        break;
    case RecordRef::Kind::Client:
        openClient(record.clientId);
        break;
    case RecordRef::Kind::Link:
        openCompare(record.userId, record.clientId);
        break;
    case RecordRef::Kind::None:
        break;
    }
}

void MainWindow::newClient()
{
    auto* dialog = new NewClientDialog(m_db, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &NewClientDialog::created, this, [this](qint64 id) {
        statusBar()->showMessage(tr("Client #%1 created.").arg(id), 10000);
        openClient(id);
    });
    dialog->open();
}

void MainWindow::newUser()
{
    auto* dialog = new NewUserDialog(m_db, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &NewUserDialog::created, this, [this](qint64 id) {
        statusBar()->showMessage(tr("User #%1 created.").arg(id), 10000);
    });
    dialog->open();
}

MainWindow::~MainWindow()
{
    for (const QPointer<CompareWindow>& window : std::as_const(m_compareWindows))
        delete window.data();
}

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* connectAction = file->addAction(tr("&Connect…"));
    connectAction->setObjectName(QStringLiteral("connectAction"));
    connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_K));
    connectAction->setToolTip(tr("Connect to a database server (or a file) through a saved or "
                                 "new profile, in a window of its own"));
    connectAction->setStatusTip(connectAction->toolTip());
    connect(connectAction, &QAction::triggered, this, &MainWindow::connectRequested);
    QAction* open = file->addAction(tr("&Open Database…"));
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, this, [this] {
        const QString path = QFileDialog::getOpenFileName(
            this, tr("Open Database"), QFileInfo(m_db->location().path).absolutePath(),
            tr("Accord databases (*.sqlite *.db);;All files (*)"));
        if (!path.isEmpty())
            emit openDatabaseRequested(path);
    });
    QAction* openBeside = file->addAction(tr("Open in New &Window…"));
    openBeside->setObjectName(QStringLiteral("openInNewWindowAction"));
    openBeside->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    openBeside->setToolTip(tr("Open another database in a window of its own, beside this one"));
    connect(openBeside, &QAction::triggered, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Open Database in New Window"),
                                         QFileInfo(m_db->location().path).absolutePath(),
                                         tr("Accord databases (*.sqlite *.db);;All files (*)"));
        if (!path.isEmpty())
            emit openInNewWindowRequested(path);
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
    recent->setObjectName(QStringLiteral("recentMenu"));
    connect(recent, &QMenu::aboutToShow, this, [this, recent] {
        recent->clear();
        const QStringList paths =
            QSettings().value(QStringLiteral("recentDatabases")).toStringList();
        // Files by their path, servers by engine, user@host/database (the URL as tooltip).
        for (const QString& path : paths) {
            auto location = DatabaseLocation::parse(path);
            const bool server = location && !location->dialect().isEmbedded();
            QAction* item = recent->addAction(server ? location->title() : path);
            item->setData(path);
            item->setToolTip(path);
            connect(item, &QAction::triggered, this,
                    [this, path] { emit openDatabaseRequested(path); });
        }
        if (paths.isEmpty())
            recent->addAction(tr("(none)"))->setEnabled(false);
    });
    buildBulkMenu(file);
    buildSnapshotMenu(file);
    file->addSeparator();
    QAction* exportCsv = file->addAction(tr("&Export Shown Rows to CSV…"));
    exportCsv->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    connect(exportCsv, &QAction::triggered, this, &MainWindow::exportCurrent);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu* records = menuBar()->addMenu(tr("&Records"));
    QAction* newClientAction = records->addAction(tr("New &Client…"));
    newClientAction->setObjectName(QStringLiteral("newClientAction"));
    newClientAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
    connect(newClientAction, &QAction::triggered, this, &MainWindow::newClient);
    QAction* newUserAction = records->addAction(tr("New &User…"));
    newUserAction->setObjectName(QStringLiteral("newUserAction"));
    newUserAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_U));
    connect(newUserAction, &QAction::triggered, this, &MainWindow::newUser);
    records->addSeparator();
    QAction* openSelected = records->addAction(tr("&Open Selected"));
    openSelected->setToolTip(tr("Open the selected client's profile or the selected user"));
    connect(openSelected, &QAction::triggered, this, [this] {
        // The current row, else the first selected one (a row selected without moving the
        // cursor, as assistive technologies do).
        auto chosen = [](ListView* view) {
            if (const qint64 id = view->currentId())
                return id;
            const QModelIndexList rows = view->table()->selectionModel()->selectedRows();
            return rows.isEmpty() ? qint64(0) : view->model()->idAt(rows.first().row());
        };
        if (m_tabs->currentWidget() == m_clients) {
            if (const qint64 id = chosen(m_clients))
                openClient(id);
        } else if (m_tabs->currentWidget() == m_users) {
            if (const qint64 id = chosen(m_users))
                openUser(id);
        }
    });

    QToolBar* tools = addToolBar(tr("Records"));
    tools->setObjectName(QStringLiteral("mainToolBar"));
    tools->setToolButtonStyle(Qt::ToolButtonTextOnly);
    tools->addAction(newClientAction);
    tools->addAction(newUserAction);
    guardWrites(*m_db, {newClientAction, newUserAction});

    QMenu* toolsMenu = menuBar()->addMenu(tr("&Tools"));
    QAction* clientArea = toolsMenu->addAction(tr("&Client Area Preview…"));
    clientArea->setObjectName(QStringLiteral("clientAreaPreviewAction"));
    clientArea->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    clientArea->setToolTip(tr("Sign in as a user and see the Client Area as they do"));
    clientArea->setStatusTip(clientArea->toolTip());
    connect(clientArea, &QAction::triggered, this, &MainWindow::openClientArea);
    toolsMenu->addSeparator();
    m_keepInStep = toolsMenu->addAction(tr("&Keep Owners' Details in Step"));
    m_keepInStep->setObjectName(QStringLiteral("keepInStepAction"));
    m_keepInStep->setCheckable(true);
    m_session->load([](const DatabasePtr& db) { return MatchService(db).keepInStep(); },
                    [this](bool on) { m_keepInStep->setChecked(on); });
    const bool remembered = m_db->hasDifferenceTable();
    m_keepInStep->setEnabled(remembered && !m_db->isReadOnly());
    m_keepInStep->setToolTip(
        remembered ? tr("When you save a user who owns client accounts, or an owned client's "
                        "profile, offer to change the other side the same way")
                   : tr("This database has no Accord settings to remember the choice in."));
    m_keepInStep->setStatusTip(m_keepInStep->toolTip());
    connect(m_keepInStep, &QAction::toggled, this, [this](bool on) {
        m_session->save(
            [on](const DatabasePtr& db) { return MatchService(db).setKeepInStep(on); }, {},
            [this, on](const Result<void>& r) {
                if (!r) {
                    const QSignalBlocker block(m_keepInStep);
                    m_keepInStep->setChecked(!on);
                    QMessageBox::warning(this, tr("Keep in Step"), r.error().message);
                    return;
                }
                statusBar()->showMessage(on ? tr("Keep in step is on for this database.")
                                            : tr("Keep in step is off for this database."),
                                         5000);
            });
    });
}

void MainWindow::exportCurrent()
{
    auto* view = qobject_cast<ListView*>(m_tabs->currentWidget());
    if (m_tabs->currentWidget() == m_activity)
        view = m_activity->list();
    if (m_tabs->currentWidget() == m_mismatches)
        view = m_mismatches->list();
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
    const DatabaseLocation& location = m_db->location();
    QString title =
        tr("Accord — %1")
            .arg(location.dialect().isEmbedded() ? location.display() : location.title());
    if (const auto& snapshot = m_db->snapshot())
        title +=
            tr(" — snapshot of %1, %2")
                .arg(snapshot->source(),
                     QLocale().toString(snapshot->createdAt().toLocalTime(), QLocale::ShortFormat));
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
    settings.setValue(QStringLiteral("mainWindow/activityHeader"),
                      m_activity->list()->table()->horizontalHeader()->saveState());
    settings.setValue(QStringLiteral("mainWindow/mismatchesHeader"),
                      m_mismatches->list()->table()->horizontalHeader()->saveState());
    for (const QPointer<CompareWindow>& window : std::as_const(m_compareWindows))
        if (window)
            window->close();
    QMainWindow::closeEvent(event);
}

} // namespace accord::ui
