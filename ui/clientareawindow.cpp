#include "clientareawindow.h"

#include "accountchooserpage.h"
#include "accountdetailspage.h"
#include "accounthomepage.h"
#include "changepasswordpage.h"
#include "domain/clientarearules.h"
#include "invitepage.h"
#include "recordsession.h"
#include "services/inviteservice.h"
#include "services/signinservice.h"
#include "signinpage.h"
#include "usermanagementpage.h"
#include "yourprofilepage.h"

#include <QAction>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QStackedWidget>
#include <QVBoxLayout>

namespace accord::ui {

namespace {
// A page that is all header: the text at the top, the rest left empty.
class NoAccountsPage : public ClientAreaPage
{
public:
    NoAccountsPage(const QString& title, const QString& record, const ClientAreaContext* context,
                   QWidget* parent)
        : ClientAreaPage(title, record, context, parent)
    {
        body()->addStretch(1);
    }
};

QLabel* banner(const QString& name, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setFrameShape(QFrame::StyledPanel);
    label->setMargin(6);
    label->setAutoFillBackground(true);
    QPalette p = label->palette();
    p.setColor(QPalette::Window, p.color(QPalette::AlternateBase));
    label->setPalette(p);
    label->hide();
    return label;
}
} // namespace

ClientAreaWindow::ClientAreaWindow(DatabasePtr database, QWidget* parent, Clock clock)
    : QWidget(parent), m_previewBanner(banner(QStringLiteral("previewBanner"), this)),
      m_readOnlyBanner(banner(QStringLiteral("readOnlyBanner"), this)), m_bar(new QWidget(this)),
      m_accountLabel(new QLabel(m_bar)), m_hello(new QPushButton(m_bar)), m_menu(new QMenu(this)),
      m_pages(new QStackedWidget(this))
{
    setObjectName(QStringLiteral("clientAreaWindow"));
    setWindowFlag(Qt::Window, true);
    m_context.session = new RecordSession(std::move(database), this);
    m_context.clock = std::move(clock);

    m_signIn = new SignInPage(&m_context, m_pages);
    m_invite = new InvitePage(&m_context, m_pages);
    m_chooser = new AccountChooserPage(&m_context, m_pages);
    m_none = new NoAccountsPage(
        tr("No Client Accounts"),
        tr("You are signed in, but you have access to no client account yet. An account's owner "
           "can invite you (User Management), or an admin can give you access."),
        &m_context, m_pages);
    m_none->setObjectName(QStringLiteral("noAccountsPage"));
    m_home = new AccountHomePage(&m_context, m_pages);
    m_profile = new YourProfilePage(&m_context, m_pages);
    m_details = new AccountDetailsPage(&m_context, m_pages);
    m_users = new UserManagementPage(&m_context, m_pages);
    m_password = new ChangePasswordPage(&m_context, m_pages);
    for (QWidget* p : std::initializer_list<QWidget*>{m_signIn, m_invite, m_chooser, m_none, m_home,
                                                      m_profile, m_details, m_users, m_password})
        m_pages->addWidget(p); // in Page's order
    m_pages->setObjectName(QStringLiteral("pages"));

    const DatabasePtr& db = m_context.session->database();
    if (db->isReadOnly()) {
        m_readOnlyBanner->setText(
            tr("%1. Every page shows what is stored; nothing can be saved.")
                .arg(db->readOnlyReason().isEmpty() ? tr("read-only") : db->readOnlyReason()));
        m_readOnlyBanner->show();
        for (int i = 0; i < m_pages->count(); ++i)
            if (auto* p = qobject_cast<ClientAreaPage*>(m_pages->widget(i)))
                p->setReadOnlyReason(db->readOnlyReason().isEmpty() ? tr("read-only")
                                                                    : db->readOnlyReason());
    }

    m_accountLabel->setObjectName(QStringLiteral("currentAccount"));
    m_accountLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_hello->setObjectName(QStringLiteral("helloButton"));
    m_hello->setAutoDefault(false);
    m_hello->setMenu(m_menu);
    m_menu->setObjectName(QStringLiteral("helloMenu"));
    auto* barLayout = new QHBoxLayout(m_bar);
    barLayout->setContentsMargins(0, 0, 0, 0);
    barLayout->addWidget(m_accountLabel, 1);
    barLayout->addWidget(m_hello);
    m_bar->hide();
    buildMenu();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_previewBanner);
    layout->addWidget(m_readOnlyBanner);
    layout->addWidget(m_bar);
    layout->addWidget(m_pages, 1);

    connect(m_signIn, &SignInPage::signedIn, this,
            [this](const ClientAreaIdentity& who) { signInAs(who); });
    connect(m_signIn, &SignInPage::inviteRequested, this, [this] {
        m_pendingInvite.reset();
        m_signIn->setNote({});
        showPage(Page::Invite);
    });
    connect(m_invite, &InvitePage::backRequested, this, [this] {
        m_pendingInvite.reset();
        m_signIn->setNote({});
        showPage(Page::SignIn);
    });
    connect(m_invite, &InvitePage::signInToAccept, this,
            [this](const QString& link, const InviteDetails& invite) {
                m_pendingInvite = link;
                m_signIn->setNote(
                    tr("Sign in to accept the invite to %1's account.").arg(invite.accountName));
                showPage(Page::SignIn);
            });
    connect(m_invite, &InvitePage::registered, this,
            [this](const ClientAreaIdentity& who, qint64 clientId) { signInAs(who, clientId); });
    connect(m_chooser, &AccountChooserPage::chosen, this, &ClientAreaWindow::enterAccount);
    connect(m_profile, &YourProfilePage::saved, this, [this](const User& me) {
        m_context.firstName = me.firstName;
        updateMenu();
    });
    connect(m_profile, &YourProfilePage::accountDetailsRequested, this,
            [this] { showPage(Page::AccountDetails); });
    connect(m_context.session, &RecordSession::changedElsewhere, this, &ClientAreaWindow::heard);

    // Esc closes the window, as every Accord window; unsaved edits are asked about first.
    auto* close = new QAction(tr("Close"), this);
    close->setShortcut(QKeySequence(Qt::Key_Escape));
    close->setShortcutContext(Qt::WindowShortcut);
    connect(close, &QAction::triggered, this, &QWidget::close);
    addAction(close);

    updateTitle();
    resize(860, 760);
    showPage(Page::SignIn);
}

ClientAreaWindow::~ClientAreaWindow() = default;

void ClientAreaWindow::closeEvent(QCloseEvent* event)
{
    const bool unsaved = (currentPage() == Page::YourProfile && m_profile->hasUnsavedChanges()) ||
                         (currentPage() == Page::AccountDetails && m_details->hasUnsavedChanges());
    if (unsaved && QMessageBox::question(this, tr("Unsaved Changes"),
                                         tr("Close the Client Area and discard your unsaved "
                                            "changes?"),
                                         QMessageBox::Discard | QMessageBox::Cancel,
                                         QMessageBox::Cancel) != QMessageBox::Discard) {
        event->ignore();
        return;
    }
    QWidget::closeEvent(event);
}

void ClientAreaWindow::buildMenu()
{
    auto add = [this](const QString& text, const char* name, Page page) {
        QAction* a = m_menu->addAction(text);
        a->setObjectName(QLatin1String(name));
        connect(a, &QAction::triggered, this, [this, page] { showPage(page); });
        return a;
    };
    m_homeAction = add(tr("&Home"), "homeAction", Page::Home);
    m_profileAction = add(tr("Your &Profile"), "yourProfileAction", Page::YourProfile);
    m_profileAction->setToolTip(tr("Your sign-in details: name, email (your login), language"));
    m_detailsAction = add(tr("&Account Details"), "accountDetailsAction", Page::AccountDetails);
    m_detailsAction->setToolTip(tr("The client account's details"));
    m_usersAction = add(tr("&User Management"), "userManagementAction", Page::UserManagement);
    m_usersAction->setToolTip(tr("Who may access this account (the owner only)"));
    m_switchAction = add(tr("S&witch Account"), "switchAccountAction", Page::Chooser);
    m_passwordAction = add(tr("Change Pass&word"), "changePasswordAction", Page::ChangePassword);
    m_menu->addSeparator();
    m_signOutAction = m_menu->addAction(tr("Sign &Out"));
    m_signOutAction->setObjectName(QStringLiteral("signOutAction"));
    connect(m_signOutAction, &QAction::triggered, this, &ClientAreaWindow::signOut);
    m_home->setActions({m_profileAction, m_detailsAction, m_usersAction, m_switchAction,
                        m_passwordAction, m_signOutAction});
}

ClientAreaPage* ClientAreaWindow::page(Page p) const
{
    return qobject_cast<ClientAreaPage*>(m_pages->widget(int(p)));
}

ClientAreaWindow::Page ClientAreaWindow::currentPage() const
{
    return Page(m_pages->currentIndex());
}

void ClientAreaWindow::showPage(Page p)
{
    const bool signedIn = m_context.who.isSignedIn();
    const bool entered = signedIn && m_context.clientId() != 0;
    // The rules are the services'; pages that need what the user lacks are not offered.
    if (p == Page::AccountDetails && (!entered || !mayEditAccountDetails(m_context.account.link)))
        return;
    if (p == Page::UserManagement && (!entered || !mayManageUsers(m_context.account.link)))
        return;
    if (p == Page::ChangePassword && (!signedIn || m_context.who.adminPreview))
        return;
    if (p == Page::Chooser)
        m_chooser->setAccounts(m_accounts);
    ClientAreaPage* shown = page(p);
    m_pages->setCurrentWidget(shown);
    if (p != Page::Chooser)
        shown->refresh();
    updateTitle();
}

void ClientAreaWindow::updateTitle()
{
    QString text = tr("Client Area — %1").arg(page(currentPage())->title());
    if (m_context.who.adminPreview)
        text += tr(" (admin preview of User ID %1)").arg(m_context.who.userId);
    setWindowTitle(m_context.session->windowTitle(text));
}

void ClientAreaWindow::startPreview(qint64 userId)
{
    std::optional<ClientAreaIdentity> who;
    m_context.session->load(
        [userId](const DatabasePtr& db) { return SignInService(db).preview(userId); },
        [this, &who](const Result<ClientAreaIdentity>& r) {
            if (r)
                who = *r;
            else
                m_signIn->showMessage(r.error().message, true);
        });
    if (who)
        signInAs(*who);
}

void ClientAreaWindow::signInAs(const ClientAreaIdentity& who, qint64 preferredClientId)
{
    m_context.who = who;
    m_context.account = {};
    m_context.firstName.clear();
    m_context.session->load([c = m_context](const DatabasePtr& db) { return c.service(db).me(); },
                            [this](const Result<User>& me) {
                                if (me)
                                    m_context.firstName =
                                        me->firstName.isEmpty() ? me->email : me->firstName;
                            });
    m_previewBanner->setText(
        tr("Admin preview of User ID %1: opened from Manage User without the password. Nothing "
           "about signing in is changed; what you save is logged as “%2”.")
            .arg(who.userId)
            .arg(who.actor));
    m_previewBanner->setVisible(who.adminPreview);
    if (m_pendingInvite)
        acceptPendingInvite(); // enters the invite's account
    else
        showAccounts();
    if (preferredClientId && m_context.clientId() != preferredClientId)
        for (const LinkedClient& a : std::as_const(m_accounts))
            if (a.link.clientId == preferredClientId)
                enterAccount(preferredClientId);
}

void ClientAreaWindow::acceptPendingInvite()
{
    const QString link = *m_pendingInvite;
    m_pendingInvite.reset();
    m_signIn->setNote({});
    std::optional<Access> accepted;
    QString refusal;
    m_context.session->save(
        [link, c = m_context](const DatabasePtr& db) {
            return InviteService(db, c.clock).accept(link, c.who);
        },
        {},
        [&](const Result<Access>& r) {
            if (r)
                accepted = *r;
            else
                refusal = r.error().message;
        });
    if (accepted)
        m_context.session->announce({ChangeNotice::link(accepted->userId, accepted->clientId),
                                     ChangeNotice::invites(accepted->clientId)});
    showAccounts(refusal);
    if (accepted)
        enterAccount(accepted->clientId);
}

// The next page after signing in: one account's home, the chooser, or the page saying
// there is none.
void ClientAreaWindow::showAccounts(const QString& message)
{
    m_context.session->load(
        [c = m_context](const DatabasePtr& db) { return c.service(db).accounts(); },
        [this](const Result<QList<LinkedClient>>& accounts) {
            m_accounts = accounts ? *accounts : QList<LinkedClient>();
            if (!accounts)
                m_none->showMessage(accounts.error().message, true);
        });
    m_bar->show();
    updateMenu();
    if (m_accounts.size() == 1) {
        enterAccount(m_accounts.first().link.clientId);
    } else {
        showPage(m_accounts.isEmpty() ? Page::NoAccounts : Page::Chooser);
    }
    if (!message.isEmpty())
        page(currentPage())->showMessage(message, true);
}

void ClientAreaWindow::enterAccount(qint64 clientId)
{
    std::optional<LinkedClient> entered;
    m_context.session->load(
        [c = m_context, clientId](const DatabasePtr& db) { return c.service(db).enter(clientId); },
        [&](const Result<LinkedClient>& r) {
            if (r)
                entered = *r;
            else
                page(currentPage())->showMessage(r.error().message, true);
        });
    if (!entered)
        return;
    m_context.account = *entered;
    if (!m_context.who.adminPreview && !m_context.session->database()->isReadOnly())
        m_context.session->announce({ChangeNotice::link(m_context.who.userId, clientId)});
    updateMenu();
    showPage(Page::Home);
}

void ClientAreaWindow::updateMenu()
{
    const bool entered = m_context.clientId() != 0;
    const Access& link = m_context.account.link;
    m_hello->setText(tr("Hello, %1!").arg(m_context.firstName));
    m_hello->setAccessibleName(m_hello->text());
    m_homeAction->setVisible(entered);
    m_profileAction->setVisible(true);
    m_detailsAction->setVisible(entered && mayEditAccountDetails(link));
    m_usersAction->setVisible(entered && mayManageUsers(link));
    m_switchAction->setVisible(!m_accounts.isEmpty());
    m_passwordAction->setVisible(!m_context.who.adminPreview);
    m_profile->setAccountDetailsOffered(entered && mayEditAccountDetails(link));
    m_accountLabel->setText(entered ? tr("Account: %1").arg(accountName(m_context.account))
                                    : tr("No account chosen"));
    m_home->refresh();
}

void ClientAreaWindow::signOut()
{
    m_context = ClientAreaContext{m_context.session, m_context.clock, {}, {}, {}};
    m_accounts.clear();
    m_pendingInvite.reset();
    m_previewBanner->hide();
    m_bar->hide();
    m_signIn->setNote({});
    m_signIn->reset();
    showPage(Page::SignIn);
    m_signIn->showMessage(tr("You are signed out."));
}

void ClientAreaWindow::heard(const ChangeNotice& n)
{
    const qint64 userId = m_context.who.userId;
    const qint64 clientId = m_context.clientId();
    if (!userId)
        return;
    // An admin changed this user's access meanwhile: what the menu offers follows it.
    if (n.mayChangeLink(userId, 0) || (clientId && n.mayChangeLink(0, clientId))) {
        m_context.session->load(
            [c = m_context](const DatabasePtr& db) { return c.service(db).accounts(); },
            [this](const Result<QList<LinkedClient>>& accounts) {
                if (accounts)
                    m_accounts = *accounts;
            });
        bool stillLinked = false;
        for (const LinkedClient& a : std::as_const(m_accounts))
            if (a.link.clientId == clientId) {
                m_context.account.link = a.link;
                stillLinked = true;
            }
        if (clientId && !stillLinked) {
            m_context.account = {};
            showAccounts(tr("Your access to client #%1 was removed.").arg(clientId));
            return;
        }
        updateMenu();
        const Page p = currentPage();
        if ((p == Page::AccountDetails && !mayEditAccountDetails(m_context.account.link)) ||
            (p == Page::UserManagement && !mayManageUsers(m_context.account.link)))
            showPage(Page::Home);
        else if (p == Page::UserManagement)
            m_users->refresh();
    }
    if (n.mayChangeUser(userId) && currentPage() == Page::YourProfile &&
        !m_profile->hasUnsavedChanges())
        m_profile->refresh();
    if (clientId && n.mayChangeClient(clientId) && currentPage() == Page::AccountDetails &&
        !m_details->hasUnsavedChanges())
        m_details->refresh();
}

} // namespace accord::ui
