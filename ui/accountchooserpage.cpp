#include "accountchooserpage.h"

#include "fielderrors.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

namespace accord::ui {

QString accountName(const LinkedClient& account)
{
    if (!account.client)
        return AccountChooserPage::tr("Client #%1").arg(account.link.clientId);
    const QString company = account.client->companyName().trimmed();
    const QString name = account.client->fullName();
    return (company.isEmpty() ? name : AccountChooserPage::tr("%1 (%2)").arg(company, name)) +
           AccountChooserPage::tr(" — Client #%1").arg(account.link.clientId);
}

AccountChooserPage::AccountChooserPage(const ClientAreaContext* context, QWidget* parent)
    : ClientAreaPage(tr("Choose an Account"),
                     tr("These are the client accounts you may access. Choose the one to work "
                        "on; Switch Account in the Hello menu brings you back here."),
                     context, parent),
      m_list(new QListWidget(this)), m_continue(new QPushButton(tr("&Continue"), this))
{
    setObjectName(QStringLiteral("accountChooserPage"));
    m_list->setObjectName(QStringLiteral("accounts"));
    m_list->setAccessibleName(tr("Your client accounts"));
    m_continue->setObjectName(QStringLiteral("continueButton"));
    m_continue->setDefault(true);
    body()->addWidget(buddyLabel(tr("&Accounts:"), m_list, this));
    body()->addWidget(m_list, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_continue);
    body()->addLayout(buttons);

    auto enterCurrent = [this] {
        if (QListWidgetItem* item = m_list->currentItem())
            emit chosen(item->data(Qt::UserRole).toLongLong());
    };
    connect(m_continue, &QPushButton::clicked, this, enterCurrent);
    connect(m_list, &QListWidget::itemActivated, this, enterCurrent);
    connect(m_list, &QListWidget::currentRowChanged, this,
            [this](int row) { m_continue->setEnabled(row >= 0); });
}

QList<qint64> AccountChooserPage::clientIds() const
{
    QList<qint64> out;
    for (int r = 0; r < m_list->count(); ++r)
        out << m_list->item(r)->data(Qt::UserRole).toLongLong();
    return out;
}

void AccountChooserPage::setAccounts(const QList<LinkedClient>& accounts)
{
    m_list->clear();
    int current = accounts.isEmpty() ? -1 : 0;
    for (const LinkedClient& a : accounts) {
        QString text = accountName(a);
        if (a.link.owner)
            text += tr(" · Owner");
        if (a.link.clientId == context().clientId()) {
            text += tr(" · current");
            current = m_list->count();
        }
        auto* item = new QListWidgetItem(text, m_list);
        item->setData(Qt::UserRole, a.link.clientId);
    }
    m_list->setCurrentRow(current);
    m_continue->setEnabled(current >= 0);
    m_list->setFocus();
}

void AccountChooserPage::chooseRow(int row)
{
    m_list->setCurrentRow(row);
    if (QListWidgetItem* item = m_list->item(row))
        emit chosen(item->data(Qt::UserRole).toLongLong());
}

} // namespace accord::ui
