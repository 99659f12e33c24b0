#pragma once

#include "storage/database.h"

#include <QDialog>

class QLabel;
class QLineEdit;

namespace accord::ui {

class FieldErrors;
class LanguageCombo;

// New user (a login identity): names, email, language and an optional password.
class NewUserDialog : public QDialog
{
    Q_OBJECT
public:
    explicit NewUserDialog(DatabasePtr db, QWidget* parent = nullptr);
    qint64 createdId() const { return m_created; }

    bool create(); // true when stored; errors are shown next to their fields

signals:
    void created(qint64 userId);

private:
    DatabasePtr m_db;
    qint64 m_created = 0;
    QLabel* m_message;
    QLineEdit* m_firstName;
    QLineEdit* m_lastName;
    QLineEdit* m_email;
    LanguageCombo* m_language;
    QLineEdit* m_password;
    FieldErrors* m_errors;
};

} // namespace accord::ui
