#pragma once

#include "clientareapage.h"

class QPushButton;

namespace accord::ui {

class UserForm;

// Your Profile: the signed-in user's own login details (UserForm: first and last name,
// email, language). A new email is what they sign in with from then on (and is unverified);
// the page reminds them that the client account's details are separate, with a way to
// Account Details when they may edit it. Keep in step, when on, offers what the user may
// change of their own accounts.
class YourProfilePage : public ClientAreaPage
{
    Q_OBJECT
public:
    YourProfilePage(const ClientAreaContext* context, QWidget* parent = nullptr);

    UserForm* form() const { return m_form; }
    QPushButton* saveButton() const { return m_save; }
    QPushButton* accountDetailsLink() const { return m_accountDetails; }
    bool hasUnsavedChanges() const;
    // Whether the link to Account Details is offered (the owner, or `profile`).
    void setAccountDetailsOffered(bool offered);

    void refresh() override;
    bool save();

signals:
    void saved(const accord::User& user);
    void accountDetailsRequested();

protected:
    void setSavingAllowed(bool allowed) override;

private:
    UserForm* m_form;
    QLabel* m_separate;
    QPushButton* m_accountDetails;
    QPushButton* m_save;
    bool m_loaded = false;
    bool m_savingAllowed = true;
};

} // namespace accord::ui
