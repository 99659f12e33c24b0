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
    // Shows each of the error's problems next to its field (the focus ends on the first);
    // returns those no field of this form shows, for the window's own message.
    QList<Error> show(const Error& error);
    void clear();
    QLabel* label(const QString& field) const { return m_labels.value(field); }
    QWidget* input(const QString& field) const { return m_inputs.value(field); }

private:
    QHash<QString, QLabel*> m_labels;
    QHash<QString, QWidget*> m_inputs;
};

// A form label whose buddy is `input`; the input's accessible name becomes the label's
// visible text without '&' and the trailing colon (Qt only finds buddies among siblings,
// and our inputs sit in a FieldErrors wrapper).
QLabel* buddyLabel(const QString& text, QWidget* input, QWidget* parent);
QString visibleText(const QString& labelText);
// The problems' messages as one sentence list, for a window's message line.
QString messagesOf(const QList<Error>& problems);

} // namespace accord::ui
