#pragma once

#include "clientareapage.h"
#include "services/inviteservice.h"

class QLineEdit;
class QPushButton;

namespace accord::ui {

class FieldErrors;
class UserForm;

// Accepting an invite: paste its link (or token), see which account it is for and with
// which permissions, then sign in as an existing user to accept it, or register a new user
// (names, email, password) who accepts it at once. An expired, cancelled or used invite is
// refused next to the link, saying which.
class InvitePage : public ClientAreaPage
{
    Q_OBJECT
public:
    InvitePage(const ClientAreaContext* context, QWidget* parent = nullptr);

    QLineEdit* link() const { return m_link; }
    UserForm* registerForm() const { return m_form; }
    QPushButton* lookUpButton() const { return m_lookUp; }
    QPushButton* signInToAcceptButton() const { return m_signInToAccept; }
    QPushButton* registerButton() const { return m_register; }
    const std::optional<InviteDetails>& invite() const { return m_invite; }

    void setLink(const QString& linkOrToken);
    void lookUp();
    void registerAndAccept();

signals:
    // The invite is to be accepted once the user signed in.
    void signInToAccept(const QString& linkOrToken, const accord::InviteDetails& invite);
    // A new user registered and accepted it: signed in, to enter the account.
    void registered(const accord::ClientAreaIdentity& who, qint64 clientId);
    void backRequested();

private:
    void show(const std::optional<InviteDetails>& invite);
    FieldErrors* m_errors;
    QLineEdit* m_link;
    QPushButton* m_lookUp;
    QLabel* m_details;
    QPushButton* m_signInToAccept;
    QWidget* m_registration;
    UserForm* m_form;
    QPushButton* m_register;
    std::optional<InviteDetails> m_invite;
};

} // namespace accord::ui
