#pragma once

#include "clientareapage.h"
#include "models/changenotifier.h"
#include "storage/database.h"

#include <QWidget>

#include <optional>

class QAction;
class QLabel;
class QMenu;
class QStackedWidget;
class QPushButton;

namespace accord::ui {

class AccountChooserPage;
class AccountDetailsPage;
class AccountHomePage;
class ChangePasswordPage;
class InvitePage;
class SignInPage;
class UserManagementPage;
class YourProfilePage;

// The Client Area preview: Accord as a user sees the vendor's Client Area. Sign in (or
// accept an invite); with several accounts choose one, with none a page says so; then the
// "Hello, Name!" menu: Your Profile, Account Details (owner or `profile`), User Management
// (owner), Switch Account, Change Password, Sign Out. Opened from Manage User as "Preview
// as this user" it is signed in without the password and says so on every page. On a
// read-only database every page shows, and says why nothing can be saved.
class ClientAreaWindow : public QWidget
{
    Q_OBJECT
public:
    enum class Page {
        SignIn,
        Invite,
        Chooser,
        NoAccounts,
        Home,
        YourProfile,
        AccountDetails,
        UserManagement,
        ChangePassword,
    };

    explicit ClientAreaWindow(DatabasePtr database, QWidget* parent = nullptr,
                              Clock clock = systemClock());
    ~ClientAreaWindow() override;

    // Manage User's "Preview as this user": signed in as the user without the password.
    void startPreview(qint64 userId);
    // After a sign-in or a registration: the user's accounts decide the next page.
    void signInAs(const ClientAreaIdentity& who, qint64 preferredClientId = 0);
    void signOut();
    void showPage(Page page);
    Page currentPage() const;
    // Enters one of the user's accounts (the chooser, Switch Account).
    void enterAccount(qint64 clientId);

    const ClientAreaIdentity& identity() const { return m_context.who; }
    qint64 currentClientId() const { return m_context.clientId(); }

    SignInPage* signInPage() const { return m_signIn; }
    InvitePage* invitePage() const { return m_invite; }
    AccountChooserPage* chooserPage() const { return m_chooser; }
    AccountHomePage* homePage() const { return m_home; }
    YourProfilePage* yourProfilePage() const { return m_profile; }
    AccountDetailsPage* accountDetailsPage() const { return m_details; }
    UserManagementPage* userManagementPage() const { return m_users; }
    ChangePasswordPage* changePasswordPage() const { return m_password; }
    QPushButton* helloButton() const { return m_hello; }
    QMenu* helloMenu() const { return m_menu; }
    QAction* yourProfileAction() const { return m_profileAction; }
    QAction* accountDetailsAction() const { return m_detailsAction; }
    QAction* userManagementAction() const { return m_usersAction; }
    QAction* switchAccountAction() const { return m_switchAction; }
    QAction* changePasswordAction() const { return m_passwordAction; }
    QAction* signOutAction() const { return m_signOutAction; }
    QLabel* previewBanner() const { return m_previewBanner; }
    QLabel* readOnlyBanner() const { return m_readOnlyBanner; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenu();
    void updateTitle();
    void updateMenu();
    void showAccounts(const QString& message = {});
    void acceptPendingInvite();
    void heard(const ChangeNotice& notice);
    ClientAreaPage* page(Page p) const;

    ClientAreaContext m_context;
    QList<LinkedClient> m_accounts;
    // An invite to accept once the user has signed in (Accept an Invite > Sign In).
    std::optional<QString> m_pendingInvite;

    QLabel* m_previewBanner;
    QLabel* m_readOnlyBanner;
    QWidget* m_bar;
    QLabel* m_accountLabel;
    QPushButton* m_hello;
    QMenu* m_menu;
    QAction* m_homeAction = nullptr;
    QAction* m_profileAction = nullptr;
    QAction* m_detailsAction = nullptr;
    QAction* m_usersAction = nullptr;
    QAction* m_switchAction = nullptr;
    QAction* m_passwordAction = nullptr;
    QAction* m_signOutAction = nullptr;
    QStackedWidget* m_pages;
    SignInPage* m_signIn;
    InvitePage* m_invite;
    AccountChooserPage* m_chooser;
    ClientAreaPage* m_none;
    AccountHomePage* m_home;
    YourProfilePage* m_profile;
    AccountDetailsPage* m_details;
    UserManagementPage* m_users;
    ChangePasswordPage* m_password;
};

} // namespace accord::ui
