#pragma once

#include "storage/database.h"

#include <QDialog>

class QLabel;

namespace accord::ui {

class RecordSession;
class UserForm;

// New user (a login identity): the user form — names, email, language — and an optional
// password.
class NewUserDialog : public QDialog
{
    Q_OBJECT
public:
    explicit NewUserDialog(DatabasePtr db, QWidget* parent = nullptr);
    qint64 createdId() const { return m_created; }
    UserForm* form() const { return m_form; }

    bool create(); // true when stored; every problem is shown next to its field

signals:
    void created(qint64 userId);

private:
    RecordSession* m_session;
    UserForm* m_form;
    qint64 m_created = 0;
    QLabel* m_message;
};

} // namespace accord::ui
