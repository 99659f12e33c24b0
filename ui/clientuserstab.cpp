#include "clientuserstab.h"

#include "readonly.h"

#include "accesspermissionsdialog.h"
#include "associateuserdialog.h"
#include "manageuserdialog.h"
#include "models/clientuserslistquery.h"
#include "models/lazylistmodel.h"
#include "recordsession.h"
#include "services/accessservice.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace accord::ui {

namespace {
QString timeLeft(const QDateTime& expires)
{
    const qint64 secs = QDateTime::currentDateTimeUtc().secsTo(expires);
    if (secs <= 0)
        return ClientUsersTab::tr("expired");
    const int days = int(secs / 86400);
    const int hours = int((secs % 86400) / 3600);
    if (days > 0)
        return ClientUsersTab::tr("%n day(s)", nullptr, days) + QLatin1Char(' ') +
               ClientUsersTab::tr("%n hour(s) left", nullptr, hours);
    return ClientUsersTab::tr("%n hour(s) left", nullptr, qMax(hours, 1));
}

// The outcome of a write, without its value.
template <typename T>
Result<void> outcome(const Result<T>& r)
{
    return r ? Result<void>() : Result<void>(r.error());
}
} // namespace

ClientUsersTab::ClientUsersTab(DatabasePtr db, qint64 clientId, QWidget* parent)
    : QWidget(parent), m_session(new RecordSession(db, this)), m_clientId(clientId),
      m_usersModel(new LazyListModel(db, std::make_shared<ClientUsersListQuery>(clientId), this)),
      m_usersTable(new QTableView(this))
{
    setObjectName(QStringLiteral("usersTab"));
    m_usersTable->setObjectName(QStringLiteral("usersTable"));
    m_usersTable->setModel(m_usersModel);
    m_usersTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_usersTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_usersTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_usersTable->verticalHeader()->hide();
    m_usersTable->horizontalHeader()->setStretchLastSection(true);
    m_usersTable->horizontalHeader()->resizeSection(ClientUsersListQuery::NameEmailColumn, 260);
    m_usersTable->horizontalHeader()->resizeSection(ClientUsersListQuery::OwnerColumn, 60);
    m_usersTable->horizontalHeader()->resizeSection(ClientUsersListQuery::PermissionsColumn, 220);
    m_usersTable->setWordWrap(false);
    auto* usersLabel = new QLabel(tr("Users with access to this client account:"), this);
    usersLabel->setBuddy(m_usersTable);
    m_usersTable->setAccessibleName(tr("Users with access to this client account"));

    m_manageUser = new QPushButton(tr("&Manage User…"), this);
    m_manageUser->setObjectName(QStringLiteral("manageUserButton"));
    m_compare = new QPushButton(tr("Compare…"), this);
    m_compare->setObjectName(QStringLiteral("compareButton"));
    m_associate = new QPushButton(tr("&Associate User…"), this);
    m_associate->setObjectName(QStringLiteral("associateUserButton"));
    m_remove = new QPushButton(tr("&Remove Access…"), this);
    m_remove->setObjectName(QStringLiteral("removeAccessButton"));
    m_makeOwner = new QPushButton(tr("Make &Owner…"), this);
    m_makeOwner->setObjectName(QStringLiteral("makeOwnerButton"));
    m_permissions = new QPushButton(tr("P&ermissions…"), this);
    m_permissions->setObjectName(QStringLiteral("permissionsButton"));
    connect(m_manageUser, &QPushButton::clicked, this, &ClientUsersTab::manageUser);
    connect(m_compare, &QPushButton::clicked, this, [this] {
        if (const qint64 userId = currentUser().id)
            emit compareRequested(userId, m_clientId);
    });
    connect(m_associate, &QPushButton::clicked, this, &ClientUsersTab::associateUser);
    connect(m_remove, &QPushButton::clicked, this, &ClientUsersTab::removeAccess);
    connect(m_makeOwner, &QPushButton::clicked, this, &ClientUsersTab::makeOwner);
    connect(m_permissions, &QPushButton::clicked, this, &ClientUsersTab::editPermissions);
    connect(m_usersTable, &QTableView::doubleClicked, this, &ClientUsersTab::manageUser);
    auto* userButtons = new QHBoxLayout;
    for (QPushButton* b :
         {m_manageUser, m_compare, m_associate, m_remove, m_makeOwner, m_permissions})
        userButtons->addWidget(b);
    userButtons->addStretch();

    m_ownerNote = new QLabel(this);
    m_ownerNote->setObjectName(QStringLiteral("ownerNote"));
    m_ownerNote->setWordWrap(true);
    m_ownerNote->hide();

    m_invitesTable = new QTableWidget(0, 3, this);
    m_invitesTable->setObjectName(QStringLiteral("invitesTable"));
    m_invitesTable->setHorizontalHeaderLabels(
        {tr("Email Address"), tr("Permissions"), tr("Expires")});
    m_invitesTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_invitesTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_invitesTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_invitesTable->verticalHeader()->hide();
    m_invitesTable->horizontalHeader()->setStretchLastSection(true);
    m_invitesTable->horizontalHeader()->resizeSection(0, 240);
    m_invitesTable->horizontalHeader()->resizeSection(1, 240);
    m_invitesTable->setAccessibleName(tr("Pending Invites"));
    auto* invitesLabel = new QLabel(tr("Pending Invites:"), this);
    invitesLabel->setBuddy(m_invitesTable);
    m_copyLink = new QPushButton(tr("&Copy Link"), this);
    m_copyLink->setObjectName(QStringLiteral("copyInviteLinkButton"));
    m_cancelInvite = new QPushButton(tr("Cancel &Invite…"), this);
    m_cancelInvite->setObjectName(QStringLiteral("cancelInviteButton"));
    guardWrites(*m_session->database(),
                {m_associate, m_remove, m_makeOwner, m_permissions, m_cancelInvite});
    connect(m_copyLink, &QPushButton::clicked, this, &ClientUsersTab::copyInviteLink);
    connect(m_cancelInvite, &QPushButton::clicked, this, &ClientUsersTab::cancelInvite);
    connect(m_invitesTable, &QTableWidget::itemSelectionChanged, this, [this] {
        const bool any = m_invitesTable->currentRow() >= 0 && !m_invites.isEmpty();
        m_copyLink->setEnabled(any);
        m_cancelInvite->setEnabled(any);
    });
    auto* inviteButtons = new QHBoxLayout;
    inviteButtons->addWidget(m_copyLink);
    inviteButtons->addWidget(m_cancelInvite);
    inviteButtons->addStretch();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(usersLabel);
    layout->addWidget(m_usersTable, 3);
    layout->addLayout(userButtons);
    layout->addWidget(m_ownerNote);
    layout->addSpacing(8);
    layout->addWidget(invitesLabel);
    layout->addWidget(m_invitesTable, 1);
    layout->addLayout(inviteButtons);

    connect(m_usersTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ClientUsersTab::updateUserActions);
    connect(m_usersModel, &QAbstractItemModel::modelReset, this,
            &ClientUsersTab::updateUserActions);
    connect(m_usersModel, &QAbstractItemModel::dataChanged, this,
            &ClientUsersTab::updateUserActions);
    // After a refresh, keep the user the admin was working on selected (rows may move).
    connect(m_usersModel, &LazyListModel::pageLoaded, this, [this] {
        if (!m_reselectUserId)
            return;
        for (int r = 0; r < m_usersModel->rowCount(); ++r)
            if (m_usersModel->idAt(r) == m_reselectUserId) {
                m_usersTable->setCurrentIndex(m_usersModel->index(r, 0));
                m_reselectUserId = 0;
                break;
            }
        updateUserActions();
    });
    connect(m_usersModel, &LazyListModel::loadFailed, this, &ClientUsersTab::messageChanged);

    // Re-read only what this tab shows of a change made elsewhere: the links of this
    // client, a user listed here, this client's invites.
    connect(m_session, &RecordSession::changedElsewhere, this, [this](const ChangeNotice& n) {
        if (n.mayChangeLink(0, m_clientId) ||
            (n.table == ChangeNotice::Table::Users && showsUser(n.userId)))
            refreshUsers();
        if (n.mayChangeLink(0, m_clientId) ||
            (n.table == ChangeNotice::Table::Invites && n.clientId == m_clientId))
            loadInvites();
    });
    updateUserActions();
    loadInvites();
}

ClientUsersTab::~ClientUsersTab() = default;

ClientUsersTab::LinkedUser ClientUsersTab::currentUser() const
{
    LinkedUser u;
    const QModelIndex current = m_usersTable->currentIndex();
    if (!current.isValid())
        return u;
    u.id = m_usersModel->idAt(current.row());
    if (!u.id)
        return u;
    const QModelIndex cell = m_usersModel->index(current.row(), 0);
    u.name = cell.data(ClientUsersListQuery::NameRole).toString();
    u.email = cell.data(ClientUsersListQuery::EmailRole).toString();
    u.owner = cell.data(ClientUsersListQuery::OwnerRole).toBool();
    u.permissions =
        Permissions::fromStored(cell.data(ClientUsersListQuery::PermissionsRole).toString());
    return u;
}

bool ClientUsersTab::showsUser(qint64 userId) const
{
    if (userId == 0)
        return true;
    for (int r = 0; r < m_usersModel->rowCount(); ++r)
        if (m_usersModel->idAt(r) == userId)
            return true;
    return false;
}

void ClientUsersTab::updateUserActions()
{
    const LinkedUser u = currentUser();
    const bool any = u.id != 0;
    m_manageUser->setEnabled(any);
    m_compare->setEnabled(any);
    m_compare->setToolTip(any ? tr("Compare %1's details with this client's, side by side")
                                    .arg(u.name.isEmpty() ? u.email : u.name)
                              : tr("Select a user to compare with this client"));
    m_remove->setEnabled(any && !u.owner);
    m_makeOwner->setEnabled(any && !u.owner);
    m_permissions->setEnabled(any && !u.owner);
    const QString ownerText =
        tr("This user is the account owner and therefore has all permissions.");
    m_remove->setToolTip(u.owner ? tr("The account owner cannot be removed. Make another user "
                                      "the owner first.")
                                 : tr("Remove this user's access to the client account"));
    m_makeOwner->setToolTip(u.owner ? tr("This user is already the account owner.")
                                    : tr("Make this user the account owner"));
    m_permissions->setToolTip(u.owner ? ownerText : tr("Choose what this user may do"));
    // The reason is also shown as text, not only in tooltips of disabled buttons.
    m_ownerNote->setText(u.owner ? ownerText + QLatin1Char(' ') +
                                       tr("The owner cannot be removed; make another user the "
                                          "owner first.")
                                 : QString());
    m_ownerNote->setVisible(u.owner);
}

void ClientUsersTab::refreshUsers()
{
    m_reselectUserId = currentUser().id;
    m_usersModel->refresh();
}

void ClientUsersTab::manageUser()
{
    const LinkedUser u = currentUser();
    if (!u.id)
        return;
    auto* dialog = new ManageUserDialog(m_session->database(), u.id, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ManageUserDialog::openClientRequested, this,
            &ClientUsersTab::openClientRequested);
    connect(dialog, &ManageUserDialog::compareRequested, this, &ClientUsersTab::compareRequested);
    dialog->open();
}

void ClientUsersTab::associateUser()
{
    auto* dialog = new AssociateUserDialog(m_session->database(), m_clientId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void ClientUsersTab::confirm(const QString& objectName, const QString& title, const QString& text,
                             const QString& acceptText, std::function<void()> onAccept)
{
    auto* box = new QMessageBox(QMessageBox::Question, title, text, QMessageBox::NoButton, this);
    box->setObjectName(objectName);
    QPushButton* yes = box->addButton(acceptText, QMessageBox::AcceptRole);
    yes->setObjectName(QStringLiteral("confirmButton"));
    QPushButton* no = box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(no);
    box->setEscapeButton(no);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [box, yes, onAccept] {
        if (box->clickedButton() == yes)
            onAccept();
    });
    box->open();
}

void ClientUsersTab::linkChanged(const Result<void>& result, const QString& done)
{
    refreshUsers();
    loadInvites();
    emit messageChanged(result ? done : result.error().message);
}

void ClientUsersTab::removeAccess()
{
    const LinkedUser u = currentUser();
    if (!u.id || u.owner)
        return;
    confirm(QStringLiteral("confirmRemoveAccess"), tr("Remove Access"),
            tr("Remove the access of %1 <%2> to client #%3? The user account itself stays.")
                .arg(u.name, u.email)
                .arg(m_clientId),
            tr("&Remove Access"), [this, u] {
                m_session->save(
                    [u = u.id, c = m_clientId](const DatabasePtr& db) {
                        return AccessService(db).remove(u, c);
                    },
                    {ChangeNotice::link(u.id, m_clientId)},
                    [this, u](const Result<void>& r) {
                        linkChanged(
                            r, tr("%1 no longer has access to this client account.").arg(u.name));
                    });
            });
}

void ClientUsersTab::makeOwner()
{
    const LinkedUser u = currentUser();
    if (!u.id || u.owner)
        return;
    confirm(QStringLiteral("confirmMakeOwner"), tr("Make Owner"),
            tr("Make %1 <%2> the owner of client #%3? The current owner stays linked with all "
               "permissions.")
                .arg(u.name, u.email)
                .arg(m_clientId),
            tr("Make &Owner"), [this, u] {
                // The old owner's link changes too: every link of this client.
                m_session->save(
                    [u = u.id, c = m_clientId](const DatabasePtr& db) {
                        return AccessService(db).makeOwner(u, c);
                    },
                    {ChangeNotice::link(0, m_clientId)},
                    [this, u](const Result<Access>& r) {
                        linkChanged(outcome(r), tr("%1 is now the account owner.").arg(u.name));
                    });
            });
}

void ClientUsersTab::editPermissions()
{
    const LinkedUser u = currentUser();
    if (!u.id || u.owner)
        return;
    auto* dialog = new AccessPermissionsDialog(u.name, u.permissions, u.owner, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, u] {
        m_session->save([u = u.id, c = m_clientId, p = dialog->permissions()](
                            const DatabasePtr& db) { return AccessService(db).grant(u, c, p); },
                        {ChangeNotice::link(u.id, m_clientId)},
                        [this, u](const Result<Access>& r) {
                            linkChanged(outcome(r), tr("Permissions of %1 saved.").arg(u.name));
                        });
    });
    dialog->open();
}

void ClientUsersTab::loadInvites()
{
    m_session->load(
        [c = m_clientId](const DatabasePtr& db) { return AccessService(db).pendingInvites(c); },
        [this](const Result<QList<Invite>>& invites) {
            m_invites = invites ? *invites : QList<Invite>();
            if (!invites)
                emit messageChanged(invites.error().message);
            showInvites();
        });
}

void ClientUsersTab::showInvites()
{
    m_invitesTable->setRowCount(0);
    m_invitesTable->setRowCount(int(m_invites.size()));
    for (int r = 0; r < m_invites.size(); ++r) {
        const Invite& i = m_invites.at(r);
        m_invitesTable->setItem(r, 0, new QTableWidgetItem(i.email));
        m_invitesTable->setItem(r, 1, new QTableWidgetItem(i.permissions.summary()));
        auto* expires = new QTableWidgetItem(tr("%1 (%2)").arg(
            timeLeft(i.expiresAt()),
            QLocale().toString(i.expiresAt().toLocalTime(), QLocale::ShortFormat)));
        m_invitesTable->setItem(r, 2, expires);
    }
    const bool any = !m_invites.isEmpty();
    if (any)
        m_invitesTable->setCurrentCell(0, 0);
    m_copyLink->setEnabled(any);
    m_cancelInvite->setEnabled(any);
}

void ClientUsersTab::copyInviteLink()
{
    const int row = m_invitesTable->currentRow();
    if (row < 0 || row >= m_invites.size())
        return;
    QApplication::clipboard()->setText(inviteLink(m_invites.at(row).token));
    emit messageChanged(tr("Invite link for %1 copied. Accord sends no email: pass it on yourself.")
                            .arg(m_invites.at(row).email));
}

void ClientUsersTab::cancelInvite()
{
    const int row = m_invitesTable->currentRow();
    if (row < 0 || row >= m_invites.size())
        return;
    const Invite invite = m_invites.at(row);
    confirm(QStringLiteral("confirmCancelInvite"), tr("Cancel Invite"),
            tr("Cancel the invite of %1? Its link stops working.").arg(invite.email),
            tr("Cancel &Invite"), [this, invite] {
                m_session->save(
                    [id = invite.id](const DatabasePtr& db) {
                        return AccessService(db).cancelInvite(id);
                    },
                    {ChangeNotice::invites(m_clientId)},
                    [this, invite](const Result<void>& r) {
                        loadInvites();
                        emit messageChanged(
                            r ? tr("The invite of %1 was cancelled.").arg(invite.email)
                              : r.error().message);
                    });
            });
}

} // namespace accord::ui
