#pragma once

#include "domain/clientaccount.h"
#include "domain/result.h"

#include <QMap>
#include <QSet>
#include <QWidget>

#include <memory>

class QLabel;

namespace accord::ui {

namespace Ui {
class ClientForm;
}
class FieldErrors;

// A client account's profile fields as every window that shows or edits them lays them out
// (clientform.ui): the Profile tab, New Client, and next the Client Area's Account
// Details. Bound to a record by one mapping (column -> input): setRecord() shows it,
// values() and changes() read what the admin typed, and the problems a service reports
// show next to their fields.
class ClientForm : public QWidget
{
    Q_OBJECT
public:
    explicit ClientForm(QWidget* parent = nullptr);
    ~ClientForm() override;

    // Shows the record's stored values; a change is what differs from them.
    void setRecord(const ClientAccount& client);
    const ClientAccount& record() const { return m_record; }
    QString value(const QString& column) const;
    void setValue(const QString& column, const QString& value);
    // Every profile column as shown, and those that differ from the record.
    QMap<QString, QString> values() const;
    QMap<QString, QString> changes() const;

    QWidget* input(const QString& column) const { return m_inputs.value(column); }
    QString label(const QString& column) const; // as shown, without '&' and ':'
    FieldErrors* errors() const { return m_errors; }
    // A note under the email field (the Profile tab's owner-email warning; empty hides it).
    void setEmailNote(const QString& text);
    // Hides a field's row (the Client Area does not offer the account's status); changes()
    // and values() leave a hidden field out.
    void hideField(const QString& column);
    // Adds an input at the end (New Client's owner), its problems shown under it too.
    void addRow(const QString& labelText, const QString& field, QWidget* input);

signals:
    void edited(); // the admin changed a value (setRecord() and setValue() do not say so)

private:
    std::unique_ptr<Ui::ClientForm> m_ui;
    FieldErrors* m_errors;
    QMap<QString, QWidget*> m_inputs;
    QSet<QString> m_hidden;
    ClientAccount m_record;
    bool m_filling = false;
};

} // namespace accord::ui
