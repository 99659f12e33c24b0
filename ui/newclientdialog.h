#pragma once

#include "storage/database.h"

#include <QDialog>

class QLabel;
class QLineEdit;

namespace accord::ui {

class ClientForm;
class RecordSession;

// New client account: the client form, and the owner (a new user made from the client's
// name and email, as the vendor does, or an existing user by id).
class NewClientDialog : public QDialog
{
    Q_OBJECT
public:
    explicit NewClientDialog(DatabasePtr db, QWidget* parent = nullptr);
    qint64 createdId() const { return m_created; }
    ClientForm* form() const { return m_form; }
    QWidget* input(const QString& column) const;

    bool create(); // true when stored; every problem is shown next to its field

signals:
    void created(qint64 clientId);

private:
    RecordSession* m_session;
    ClientForm* m_form;
    qint64 m_created = 0;
    QLabel* m_message;
    QLineEdit* m_owner;
};

} // namespace accord::ui
