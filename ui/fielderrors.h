#pragma once

#include "domain/result.h"

#include <QHash>
#include <QObject>
#include <QString>

class QLabel;
class QWidget;

namespace accord::ui {

// The error messages shown under a form's inputs, keyed by the service's field name
// (Error::field). Each message is words and an icon, never colour alone, and also becomes
// the input's accessible description so a screen reader reads it with the field.
class FieldErrors : public QObject
{
    Q_OBJECT
public:
    explicit FieldErrors(QObject* parent = nullptr) : QObject(parent) {}

    // Wraps `input` with its (hidden) message label; put the returned widget in the form.
    QWidget* wrap(const QString& field, QWidget* input);
    // The same for an input already in its parent's layout (a Designer form): the wrapper
    // takes its place there.
    void wrapInPlace(const QString& field, QWidget* input);
    // Shows each of the error's problems next to its field (the focus ends on the first);
    // returns those no field of this form shows, for the window's own message.
    QList<Error> show(const Error& error);
    // The same, with what no field shows in `message` ("⚠ …"; hidden when nothing is left).
    void showWithRest(const Error& error, QLabel* message);
    void clear();
    QLabel* label(const QString& field) const { return m_labels.value(field); }
    QWidget* input(const QString& field) const { return m_inputs.value(field); }

private:
    QWidget* wrapInto(QWidget* box, const QString& field, QWidget* input);
    QHash<QString, QLabel*> m_labels;
    QHash<QString, QWidget*> m_inputs;
};

// A form label whose buddy is `input`; the input's accessible name becomes the label's
// visible text without '&' and the trailing colon (Qt only finds buddies among siblings,
// and our inputs sit in a FieldErrors wrapper).
QLabel* buddyLabel(const QString& text, QWidget* input, QWidget* parent);
// The same naming for a label that already has its buddy (a Designer form's).
void nameByLabel(QLabel* label);
QString visibleText(const QString& labelText);
// The problems' messages as one sentence list, for a window's message line.
QString messagesOf(const QList<Error>& problems);

} // namespace accord::ui
