#pragma once

#include "clientareapage.h"

class QFormLayout;
class QLineEdit;
class QPushButton;

namespace accord::ui {

class FieldErrors;

// The Client Area's sign-in: email (matched after folding) and password, and for a
// two-factor user whose secret the preview can read the 6-digit code, asked once the
// password was right. Refusals show next to their field: one generic refusal for a wrong
// email or password, the wait when an email failed too often.
class SignInPage : public ClientAreaPage
{
    Q_OBJECT
public:
    SignInPage(const ClientAreaContext* context, QWidget* parent = nullptr);

    QLineEdit* email() const { return m_email; }
    QLineEdit* password() const { return m_password; }
    QLineEdit* code() const { return m_code; }
    QPushButton* signInButton() const { return m_signIn; }
    bool asksForCode() const;
    // A line above the fields (signing in to accept an invite); empty hides it.
    void setNote(const QString& text);
    // Back to an empty sign-in (after Sign Out): the email stays, as a browser keeps it.
    void reset();
    void signIn();

signals:
    void signedIn(const accord::ClientAreaIdentity& who);
    void inviteRequested();

private:
    void askForCode(bool ask);
    QLabel* m_note;
    QFormLayout* m_fields;
    FieldErrors* m_errors;
    QLineEdit* m_email;
    QLineEdit* m_password;
    QLineEdit* m_code;
    QWidget* m_codeBox;
    QPushButton* m_signIn;
};

} // namespace accord::ui
