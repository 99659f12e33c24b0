#include "fielderrors.h"

#include "palettestyle.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>
#include <QWidget>

namespace accord::ui {

namespace {
const char* const labelTextProperty = "accordLabelText";
const char* const fieldBoxProperty = "accordFieldBox";

// Qt finds an input's label (the AT-SPI "labelled by" relation, which is how a screen
// reader names a combo box on Linux) only among the input's siblings. A wrapped input's
// siblings are in its box, so the box holds a hidden twin of the form's label.
void labelInsideBox(QWidget* input)
{
    QWidget* box = input->parentWidget();
    const QString text = input->property(labelTextProperty).toString();
    if (!box || !box->property(fieldBoxProperty).toBool() || text.isEmpty())
        return;
    auto* twin =
        box->findChild<QLabel*>(QStringLiteral("accessibleLabel"), Qt::FindDirectChildrenOnly);
    if (!twin) {
        twin = new QLabel(box);
        twin->setObjectName(QStringLiteral("accessibleLabel"));
        twin->hide();
    }
    twin->setText(text);
    twin->setBuddy(input);
}
} // namespace

QWidget* FieldErrors::wrap(const QString& field, QWidget* input)
{
    return wrapInto(new QWidget(input->parentWidget()), field, input);
}

void FieldErrors::wrapInPlace(const QString& field, QWidget* input)
{
    QWidget* parent = input->parentWidget();
    auto* box = new QWidget(parent);
    delete parent->layout()->replaceWidget(input, box);
    wrapInto(box, field, input);
}

QWidget* FieldErrors::wrapInto(QWidget* box, const QString& field, QWidget* input)
{
    box->setProperty(fieldBoxProperty, true);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    auto* message = new QLabel(box);
    message->setObjectName(field + QStringLiteral("Error"));
    message->setWordWrap(true);
    message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    message->hide();
    layout->addWidget(input);
    layout->addWidget(message);
    // The form's buddy label names the input, not the wrapper.
    box->setFocusProxy(input);
    m_labels.insert(field, message);
    m_inputs.insert(field, input);
    labelInsideBox(input);
    return box;
}

QList<Error> FieldErrors::show(const Error& error)
{
    const QList<Error> problems = error.fieldProblems();
    QList<Error> unshown;
    for (auto it = problems.rbegin(); it != problems.rend(); ++it) { // focus ends on the first
        QLabel* message = m_labels.value(it->field);
        if (!message) {
            unshown.prepend(*it);
            continue;
        }
        message->setText(tr("⚠ %1").arg(it->message));
        QPalette colours = message->palette();
        colours.setColor(QPalette::WindowText, problemText(colours));
        message->setPalette(colours);
        message->show();
        if (QWidget* input = m_inputs.value(it->field)) {
            input->setAccessibleDescription(it->message);
            input->setFocus();
        }
    }
    return unshown;
}

void FieldErrors::showWithRest(const Error& error, QLabel* message)
{
    const QList<Error> unshown = show(error);
    message->setText(unshown.isEmpty() ? QString() : tr("⚠ %1").arg(messagesOf(unshown)));
    message->setVisible(!unshown.isEmpty());
}

void FieldErrors::clear()
{
    for (auto it = m_labels.begin(); it != m_labels.end(); ++it) {
        it.value()->clear();
        it.value()->hide();
        if (QWidget* input = m_inputs.value(it.key()))
            input->setAccessibleDescription({});
    }
}

QString messagesOf(const QList<Error>& problems)
{
    QStringList messages;
    for (const Error& e : problems)
        messages << e.message;
    return messages.join(QLatin1Char(' '));
}

QString visibleText(const QString& labelText)
{
    QString s = labelText;
    s.replace(QLatin1String("&&"), QStringLiteral("\x01"));
    s.remove(QLatin1Char('&'));
    s.replace(QLatin1Char('\x01'), QLatin1Char('&'));
    s = s.trimmed();
    if (s.endsWith(QLatin1Char(':')))
        s.chop(1);
    return s;
}

QLabel* buddyLabel(const QString& text, QWidget* input, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setBuddy(input);
    nameByLabel(label);
    return label;
}

void nameByLabel(QLabel* label)
{
    QWidget* input = label->buddy();
    if (!input)
        return;
    const QString text = label->text();
    input->setAccessibleName(visibleText(text));
    input->setProperty(labelTextProperty, text);
    if (auto* combo = qobject_cast<QComboBox*>(input); combo && combo->lineEdit())
        combo->lineEdit()->setAccessibleName(visibleText(text));
    labelInsideBox(input);
}

} // namespace accord::ui
