#pragma once

#include "clientareapage.h"

class QPushButton;

namespace accord::ui {

class ClientForm;

// Account Details: the entered client account's profile (ClientForm), for its owner or a
// user with the `profile` permission (ClientAreaService refuses anyone else). Saved with
// Save Changes; the Admin Area's Profile tab and lists show what was stored at once.
class AccountDetailsPage : public ClientAreaPage
{
    Q_OBJECT
public:
    AccountDetailsPage(const ClientAreaContext* context, QWidget* parent = nullptr);

    ClientForm* form() const { return m_form; }
    QPushButton* saveButton() const { return m_save; }
    bool hasUnsavedChanges() const;

    void refresh() override;
    bool save();

signals:
    void saved(const accord::ClientAccount& client);

protected:
    void setSavingAllowed(bool allowed) override;

private:
    ClientForm* m_form;
    QPushButton* m_save;
    bool m_loaded = false;
    bool m_savingAllowed = true;
};

} // namespace accord::ui
