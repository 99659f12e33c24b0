#pragma once

#include "storage/database.h"

#include <QDialog>
#include <QVariantList>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace accord::ui {

class RecordSession;

// Marks a link's difference as intended (the whole link, or one differing field), with a
// note saying why. The mark hides it from the Mismatches report until either side changes.
class MarkIntendedDialog : public QDialog
{
    Q_OBJECT
public:
    // kinds: the row's differenceCode() per compared field; intended: its marked fieldBit()s.
    MarkIntendedDialog(DatabasePtr db, qint64 userId, qint64 clientId, const QVariantList& kinds,
                       int intended, QWidget* parent = nullptr);

    QComboBox* scope() const { return m_scope; } // data: the field, '' for the whole link
    QLineEdit* note() const { return m_note; }
    QLabel* message() const { return m_message; }
    QPushButton* markButton() const { return m_mark; }

    bool mark(); // true when stored (the dialog then closes)

signals:
    void marked(qint64 userId, qint64 clientId, const QString& field);

private:
    RecordSession* m_session;
    qint64 m_userId;
    qint64 m_clientId;
    QComboBox* m_scope;
    QLineEdit* m_note;
    QLabel* m_message;
    QPushButton* m_mark;
};

} // namespace accord::ui
