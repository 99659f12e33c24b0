#pragma once

#include "clientareapage.h"

class QLineEdit;
class QPushButton;

namespace accord::ui {

class FieldErrors;

// Change Password: the current password, then a new one of at least 8 characters, typed
// twice. Not offered in an admin preview (the service refuses it there too).
class ChangePasswordPage : public ClientAreaPage
{
    Q_OBJECT
public:
    ChangePasswordPage(const ClientAreaContext* context, QWidget* parent = nullptr);

    QLineEdit* current() const { return m_current; }
    QLineEdit* next() const { return m_next; }
    QLineEdit* confirmation() const { return m_confirm; }
    QPushButton* saveButton() const { return m_save; }

    void refresh() override;
    bool save();

protected:
    void setSavingAllowed(bool allowed) override;

private:
    FieldErrors* m_errors;
    QLineEdit* m_current;
    QLineEdit* m_next;
    QLineEdit* m_confirm;
    QPushButton* m_save;
    bool m_savingAllowed = true;
};

} // namespace accord::ui
