#pragma once

#include "services/clientareaservice.h"

#include <QWidget>

class QLabel;
class QVBoxLayout;

namespace accord::ui {

class RecordSession;

// What every page of one Client Area window shares: the window's database session and
// clock, who is signed in, and the account they entered.
struct ClientAreaContext {
    RecordSession* session = nullptr;
    Clock clock;
    ClientAreaIdentity who;
    LinkedClient account; // the entered account (link.clientId 0 before one is)
    QString firstName;    // "Hello, Name!"

    qint64 clientId() const { return account.link.clientId; }
    ClientAreaService service(const DatabasePtr& db) const { return {db, who, clock}; }
};

// One page of the Client Area: a header saying what it is and which record it edits
// ("your sign-in details", "the client account's details"), a message line, and its body.
// On a read-only database the header says why nothing can be saved and the page disables
// its saving (setSavingAllowed).
class ClientAreaPage : public QWidget
{
    Q_OBJECT
public:
    // `record`: the sentence saying what the page edits (empty: it edits nothing).
    ClientAreaPage(const QString& title, const QString& record, const ClientAreaContext* context,
                   QWidget* parent = nullptr);

    QString title() const;
    QLabel* recordLabel() const { return m_record; }
    void setRecordText(const QString& text);
    QLabel* messageLabel() const { return m_message; }
    // The note that nothing can be saved, and why (empty: saving is allowed).
    void setReadOnlyReason(const QString& reason);
    // What the window does each time the page is shown: read what it shows.
    virtual void refresh() {}

    void showMessage(const QString& text, bool problem = false);
    void clearMessage();

protected:
    QVBoxLayout* body() const { return m_body; }
    const ClientAreaContext& context() const { return *m_context; }
    RecordSession* session() const;
    virtual void setSavingAllowed(bool) {}

private:
    const ClientAreaContext* m_context;
    QLabel* m_title;
    QLabel* m_record;
    QLabel* m_readOnly;
    QLabel* m_message;
    QVBoxLayout* m_body;
};

} // namespace accord::ui
