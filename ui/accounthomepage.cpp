#include "accounthomepage.h"

#include "accountchooserpage.h"

#include <QAction>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

namespace accord::ui {

AccountHomePage::AccountHomePage(const ClientAreaContext* context, QWidget* parent)
    : ClientAreaPage(tr("Home"), QString(), context, parent), m_account(new QLabel(this)),
      m_access(new QLabel(this))
{
    setObjectName(QStringLiteral("homePage"));
    m_account->setObjectName(QStringLiteral("accountName"));
    m_account->setWordWrap(true);
    m_account->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_access->setObjectName(QStringLiteral("yourAccess"));
    m_access->setWordWrap(true);
    m_access->setTextInteractionFlags(Qt::TextSelectableByMouse);
    body()->addWidget(m_account);
    body()->addWidget(m_access);
    body()->addSpacing(8);
}

void AccountHomePage::setActions(const QList<QAction*>& actions)
{
    // One column: a page the user may not open leaves no gap.
    auto* column = new QVBoxLayout;
    for (QAction* action : actions) {
        auto* button = new QToolButton(this);
        button->setDefaultAction(action);
        button->setObjectName(action->objectName() + QStringLiteral("Button"));
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
        button->setMinimumHeight(32);
        column->addWidget(button);
        m_buttons << std::pair{action, button};
    }
    auto* box = new QWidget(this);
    box->setMaximumWidth(360);
    box->setLayout(column);
    column->setContentsMargins(0, 0, 0, 0);
    body()->addWidget(box);
    body()->addStretch(1);
}

void AccountHomePage::refresh()
{
    const ClientAreaContext& c = context();
    m_account->setText(tr("You are working on the client account %1.").arg(accountName(c.account)));
    const Access& link = c.account.link;
    m_access->setText(
        link.owner ? tr("You are the account owner and therefore have all permissions, "
                        "including User Management.")
                   : tr("Your permissions on this account: %1.").arg(link.effective().summary()));
    for (const auto& [action, button] : m_buttons)
        button->setVisible(action->isVisible());
}

} // namespace accord::ui
