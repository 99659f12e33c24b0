#include "usermanagementpage.h"

#include "accesspermissionsdialog.h"
#include "domain/invitelink.h"
#include "fielderrors.h"
#include "permissionchecklist.h"
#include "recordsession.h"

#include <QApplication>
#include <QClipboard>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace accord::ui {

namespace {
QTableWidget* table(const QStringList& headers, const QString& name, QWidget* parent)
{
    auto* t = new QTableWidget(0, int(headers.size()), parent);
    t->setHorizontalHeaderLabels(headers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    t->setAccessibleName(name);
    return t;
}

QString localTime(const QDateTime& utc)
{
    return utc.isValid() ? QLocale().toString(utc.toLocalTime(), QLocale::ShortFormat)
                         : UserManagementPage::tr("Never");
}
} // namespace

UserManagementPage::UserManagementPage(const ClientAreaContext* context, QWidget* parent)
    : ClientAreaPage(tr("User Management"),
                     tr("This page changes who may access the client account, and what they "
                        "may do. Only the account owner sees it."),
                     context, parent),
      m_errors(new FieldErrors(this)),
      m_users(table({tr("Name / Email"), tr("Owner"), tr("Permissions"), tr("Last Login")},
                    tr("Users with access to this account"), this)),
      m_permissions(new QPushButton(tr("P&ermissions…"), this)),
      m_remove(new QPushButton(tr("&Remove Access…"), this)), m_email(new QLineEdit(this)),
      m_checklist(new PermissionChecklist(this)), m_send(new QPushButton(tr("&Send Invite"), this)),
      m_sent(new QWidget(this)), m_link(new QLineEdit(m_sent)),
      m_invites(table({tr("Email Address"), tr("Permissions"), tr("Expires")},
                      tr("Pending Invites"), this)),
      m_cancelInvite(new QPushButton(tr("Cancel &Invite…"), this))
{
    setObjectName(QStringLiteral("userManagementPage"));
    m_users->setObjectName(QStringLiteral("usersTable"));
    m_users->horizontalHeader()->resizeSection(0, 260);
    m_users->horizontalHeader()->resizeSection(1, 60);
    m_users->horizontalHeader()->resizeSection(2, 220);
    m_permissions->setObjectName(QStringLiteral("permissionsButton"));
    m_remove->setObjectName(QStringLiteral("removeAccessButton"));
    m_email->setObjectName(QStringLiteral("inviteEmail"));
    m_email->setPlaceholderText(tr("name@example.com"));
    m_checklist->setObjectName(QStringLiteral("invitePermissions"));
    m_send->setObjectName(QStringLiteral("sendInviteButton"));
    m_link->setObjectName(QStringLiteral("inviteLink"));
    m_link->setReadOnly(true);
    m_invites->setObjectName(QStringLiteral("invitesTable"));
    m_cancelInvite->setObjectName(QStringLiteral("cancelInviteButton"));
    auto* copy = new QPushButton(tr("&Copy Link"), m_sent);
    copy->setObjectName(QStringLiteral("copyInviteLinkButton"));

    auto* userButtons = new QHBoxLayout;
    userButtons->addWidget(m_permissions);
    userButtons->addWidget(m_remove);
    userButtons->addStretch(1);
    auto* emailRow = new QHBoxLayout;
    emailRow->addWidget(buddyLabel(tr("Invite by e&mail:"), m_email, this));
    emailRow->addWidget(m_errors->wrap(QStringLiteral("email"), m_email), 1);
    emailRow->addWidget(m_send, 0, Qt::AlignTop);
    auto* sentLayout = new QHBoxLayout(m_sent);
    sentLayout->setContentsMargins(0, 0, 0, 0);
    sentLayout->addWidget(buddyLabel(tr("Invite lin&k:"), m_link, m_sent));
    sentLayout->addWidget(m_link, 1);
    sentLayout->addWidget(copy);
    m_sent->hide();
    auto* inviteButtons = new QHBoxLayout;
    inviteButtons->addWidget(m_cancelInvite);
    inviteButtons->addStretch(1);

    m_users->setMinimumHeight(120);
    m_invites->setMinimumHeight(80);
    auto* inviteBox = new QGroupBox(tr("Invite a User"), this);
    inviteBox->setObjectName(QStringLiteral("inviteBox"));
    auto* inviteLayout = new QVBoxLayout(inviteBox);
    inviteLayout->addLayout(emailRow);
    inviteLayout->addWidget(m_checklist);
    inviteLayout->addWidget(m_sent);
    inviteLayout->addWidget(buddyLabel(tr("Pending In&vites:"), m_invites, inviteBox));
    inviteLayout->addWidget(m_invites, 1);
    inviteLayout->addLayout(inviteButtons);
    body()->addWidget(buddyLabel(tr("Users with &access to this account:"), m_users, this));
    body()->addWidget(m_users, 2);
    body()->addLayout(userButtons);
    body()->addWidget(inviteBox, 3);

    connect(m_permissions, &QPushButton::clicked, this, &UserManagementPage::editPermissions);
    connect(m_remove, &QPushButton::clicked, this, &UserManagementPage::removeAccess);
    connect(m_send, &QPushButton::clicked, this, &UserManagementPage::sendInvite);
    connect(m_email, &QLineEdit::returnPressed, this, &UserManagementPage::sendInvite);
    connect(m_cancelInvite, &QPushButton::clicked, this, &UserManagementPage::cancelInvite);
    connect(copy, &QPushButton::clicked, this, [this] {
        QApplication::clipboard()->setText(m_link->text());
        showMessage(tr("Invite link copied. Accord sends no email: pass it on yourself."));
    });
    connect(m_users, &QTableWidget::itemSelectionChanged, this, &UserManagementPage::updateActions);
    connect(m_invites, &QTableWidget::itemSelectionChanged, this,
            &UserManagementPage::updateActions);
}

void UserManagementPage::setSavingAllowed(bool allowed)
{
    m_savingAllowed = allowed;
    updateActions();
}

void UserManagementPage::refresh()
{
    m_errors->clear();
    m_sent->hide();
    loadUsers();
    loadInvites();
}

void UserManagementPage::loadUsers()
{
    session()->load(
        [c = context()](const DatabasePtr& db) { return c.service(db).accountUsers(c.clientId()); },
        [this](const Result<QList<AccountUser>>& users) {
            m_shownUsers = users ? *users : QList<AccountUser>();
            if (!users)
                showMessage(users.error().message, true);
            showUsers();
        });
}

void UserManagementPage::showUsers()
{
    m_users->setRowCount(0);
    m_users->setRowCount(int(m_shownUsers.size()));
    for (int r = 0; r < m_shownUsers.size(); ++r) {
        const AccountUser& u = m_shownUsers.at(r);
        m_users->setItem(r, 0,
                         new QTableWidgetItem(tr("%1 <%2>").arg(u.user.fullName(), u.user.email)));
        m_users->setItem(r, 1, new QTableWidgetItem(u.link.owner ? tr("Owner") : QString()));
        m_users->setItem(r, 2, new QTableWidgetItem(u.link.effective().summary()));
        m_users->setItem(r, 3, new QTableWidgetItem(localTime(u.link.lastLogin)));
    }
    if (!m_shownUsers.isEmpty())
        m_users->setCurrentCell(0, 0);
    updateActions();
}

void UserManagementPage::loadInvites()
{
    session()->load(
        [c = context()](const DatabasePtr& db) {
            return c.service(db).pendingInvites(c.clientId());
        },
        [this](const Result<QList<Invite>>& invites) {
            m_shownInvites = invites ? *invites : QList<Invite>();
            showInvites();
        });
}

void UserManagementPage::showInvites()
{
    m_invites->setRowCount(0);
    m_invites->setRowCount(int(m_shownInvites.size()));
    for (int r = 0; r < m_shownInvites.size(); ++r) {
        const Invite& i = m_shownInvites.at(r);
        m_invites->setItem(r, 0, new QTableWidgetItem(i.email));
        m_invites->setItem(r, 1, new QTableWidgetItem(i.permissions.summary()));
        m_invites->setItem(r, 2, new QTableWidgetItem(localTime(i.expiresAt())));
    }
    if (!m_shownInvites.isEmpty())
        m_invites->setCurrentCell(0, 0);
    updateActions();
}

const AccountUser* UserManagementPage::currentUser() const
{
    const int row = m_users->currentRow();
    return row >= 0 && row < m_shownUsers.size() ? &m_shownUsers.at(row) : nullptr;
}

void UserManagementPage::updateActions()
{
    const AccountUser* u = currentUser();
    const bool other = u && !u->link.owner;
    m_permissions->setEnabled(m_savingAllowed && other);
    m_remove->setEnabled(m_savingAllowed && other);
    const QString ownerText = tr("The account owner has all permissions and cannot be removed.");
    m_permissions->setToolTip(u && u->link.owner ? ownerText : tr("Choose what this user may do"));
    m_remove->setToolTip(u && u->link.owner ? ownerText
                                            : tr("Remove this user's access to the account"));
    m_send->setEnabled(m_savingAllowed);
    m_cancelInvite->setEnabled(m_savingAllowed && m_invites->currentRow() >= 0 &&
                               m_invites->currentRow() < m_shownInvites.size());
}

void UserManagementPage::written(const Result<void>& result, const QString& done)
{
    loadUsers();
    loadInvites();
    showMessage(result ? done : result.error().message, !result);
}

void UserManagementPage::sendInvite()
{
    if (!m_savingAllowed)
        return;
    m_errors->clear();
    clearMessage();
    m_sent->hide();
    const QString email = m_email->text();
    const Permissions permissions = m_checklist->permissions();
    const qint64 clientId = context().clientId();
    session()->save(
        [c = context(), email, permissions](const DatabasePtr& db) {
            return c.service(db).invite(c.clientId(), email, permissions);
        },
        {ChangeNotice::invites(clientId)},
        [this](const Result<Invite>& invite) {
            if (!invite) {
                QList<Error> unshown = m_errors->show(invite.error());
                if (!unshown.isEmpty())
                    showMessage(messagesOf(unshown), true);
                return;
            }
            m_link->setText(inviteLink(invite->token));
            m_sent->show();
            m_email->clear();
            m_checklist->setPermissions({});
            loadInvites();
            showMessage(tr("Invite for %1 created. Accord sends no email: copy the link and pass "
                           "it on; it is valid for %2 days.")
                            .arg(invite->email)
                            .arg(Invite::validDays));
        });
}

void UserManagementPage::editPermissions()
{
    const AccountUser* u = currentUser();
    if (!u || u->link.owner || !m_savingAllowed)
        return;
    auto* dialog = new AccessPermissionsDialog(u->user.fullName(), u->link.stored, false, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, user = *u] {
        session()->save(
            [c = context(), id = user.user.id, p = dialog->permissions()](const DatabasePtr& db) {
                return c.service(db).setPermissions(c.clientId(), id, p);
            },
            {ChangeNotice::link(user.user.id, context().clientId())},
            [this, user](const Result<Access>& r) {
                written(r ? Result<void>() : Result<void>(r.error()),
                        tr("Permissions of %1 saved.").arg(user.user.fullName()));
            });
    });
    dialog->open();
}

void UserManagementPage::removeAccess()
{
    const AccountUser* u = currentUser();
    if (!u || u->link.owner || !m_savingAllowed)
        return;
    const AccountUser user = *u;
    auto* box = new QMessageBox(
        QMessageBox::Question, tr("Remove Access"),
        tr("Remove the access of %1 <%2> to this account? Their user stays; they can no longer "
           "switch to this account.")
            .arg(user.user.fullName(), user.user.email),
        QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("confirmRemoveAccess"));
    QPushButton* yes = box->addButton(tr("&Remove Access"), QMessageBox::AcceptRole);
    yes->setObjectName(QStringLiteral("confirmButton"));
    QPushButton* no = box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(no);
    box->setEscapeButton(no);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, yes, user] {
        if (box->clickedButton() != yes)
            return;
        session()->save(
            [c = context(), id = user.user.id](const DatabasePtr& db) {
                return c.service(db).removeAccess(c.clientId(), id);
            },
            {ChangeNotice::link(user.user.id, context().clientId())},
            [this, user](const Result<void>& r) {
                written(r,
                        tr("%1 no longer has access to this account.").arg(user.user.fullName()));
            });
    });
    box->open();
}

void UserManagementPage::cancelInvite()
{
    const int row = m_invites->currentRow();
    if (row < 0 || row >= m_shownInvites.size() || !m_savingAllowed)
        return;
    const Invite invite = m_shownInvites.at(row);
    session()->save(
        [c = context(), id = invite.id](const DatabasePtr& db) {
            return c.service(db).cancelInvite(c.clientId(), id);
        },
        {ChangeNotice::invites(invite.clientId)},
        [this, invite](const Result<void>& r) {
            written(
                r,
                tr("The invite of %1 was cancelled; its link no longer works.").arg(invite.email));
        });
}

} // namespace accord::ui
