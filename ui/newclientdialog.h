#pragma once

#include "storage/database.h"

#include <QDialog>
#include <QHash>

class QComboBox;
class QLabel;
class QLineEdit;

namespace accord::ui {

class FieldErrors;
class LanguageCombo;

// New client account: the profile fields, and the owner (a new user made from the
// client's name and email, as the vendor does, or an existing user by id).
class NewClientDialog : public QDialog
{
    Q_OBJECT
public:
    explicit NewClientDialog(DatabasePtr db, QWidget* parent = nullptr);
    qint64 createdId() const { return m_created; }
    QWidget* input(const QString& column) const { return m_inputs.value(column); }

    bool create(); // true when stored; errors are shown next to their fields

signals:
    void created(qint64 clientId);

private:
    QString value(const QString& column) const;

    DatabasePtr m_db;
    qint64 m_created = 0;
    QLabel* m_message;
    QHash<QString, QWidget*> m_inputs;
    QLineEdit* m_owner;
    FieldErrors* m_errors;
};

} // namespace accord::ui
