#pragma once

#include "domain/user.h"
#include "services/userservice.h"

#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;

namespace accord::ui {

namespace Ui {
class UserForm;
}
class FieldErrors;
class LanguageCombo;

// A user's login details as every window that shows or edits them lays them out
// (userform.ui): first name, last name, email (the login) and language, and a password row
// with Generate and Copy — Manage User, New User, and next the Client Area's Your Profile.
// Bound to a record by one mapping: setRecord() shows it, changes() reads what the admin
// typed, and the problems a service reports show next to their fields.
class UserForm : public QWidget
{
    Q_OBJECT
public:
    explicit UserForm(QWidget* parent = nullptr);
    ~UserForm() override;

    // The password row: its label ("&Password:"; hidden when empty) and placeholder.
    void setPasswordRow(const QString& labelText, const QString& placeholder);
    // Generate and Copy beside the password (an admin's tools; a person registering
    // themselves types their own).
    void setPasswordTools(bool shown);

    // Shows the record's stored values (and an empty password).
    void setRecord(const User& user);
    const User& record() const { return m_record; }
    // What differs from the record: names, email, language, and a password when typed.
    UserChanges changes() const;
    void apply(const UserChanges& changes); // shows these values on top of the record
    // The new user the fields describe.
    NewUser newUser() const;

    QLineEdit* firstName() const;
    QLineEdit* lastName() const;
    QLineEdit* email() const;
    LanguageCombo* language() const;
    QLineEdit* password() const;
    FieldErrors* errors() const { return m_errors; }
    // Adds a row above the password (Manage User's two-factor and verified boxes).
    void addRow(QWidget* input);

signals:
    void edited(); // the admin changed a value (setRecord() does not say so)

private:
    std::unique_ptr<Ui::UserForm> m_ui;
    FieldErrors* m_errors;
    User m_record;
    bool m_filling = false;
};

} // namespace accord::ui
