#pragma once

#include "clientareapage.h"

class QListWidget;
class QPushButton;

namespace accord::ui {

// Choose an Account (after signing in with several) and Switch Account: exactly the client
// accounts the user is linked to, the current one marked. Enter or Continue enters one.
class AccountChooserPage : public ClientAreaPage
{
    Q_OBJECT
public:
    AccountChooserPage(const ClientAreaContext* context, QWidget* parent = nullptr);

    QListWidget* list() const { return m_list; }
    QPushButton* continueButton() const { return m_continue; }
    QList<qint64> clientIds() const;
    // Shows these accounts, the current one selected.
    void setAccounts(const QList<LinkedClient>& accounts);
    void chooseRow(int row);

signals:
    void chosen(qint64 clientId);

private:
    QListWidget* m_list;
    QPushButton* m_continue;
};

// "Account name (Client #12)": how the Client Area names an account.
QString accountName(const LinkedClient& account);

} // namespace accord::ui
