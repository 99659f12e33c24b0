#pragma once

#include "clientareapage.h"

class QAction;
class QToolButton;

namespace accord::ui {

// An account's home page (after sign-in, or after choosing an account): which account, who
// is signed in, what they may do on it, and the Hello menu's pages as buttons.
class AccountHomePage : public ClientAreaPage
{
    Q_OBJECT
public:
    AccountHomePage(const ClientAreaContext* context, QWidget* parent = nullptr);

    // The Hello menu's actions, shown as buttons while they are visible in the menu.
    void setActions(const QList<QAction*>& actions);
    void refresh() override;

private:
    QLabel* m_account;
    QLabel* m_access;
    QList<std::pair<QAction*, QToolButton*>> m_buttons;
};

} // namespace accord::ui
