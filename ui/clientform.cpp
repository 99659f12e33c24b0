#include "clientform.h"

#include "fielderrors.h"
#include "ui_clientform.h"

#include <QGridLayout>

namespace accord::ui {

ClientForm::ClientForm(QWidget* parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::ClientForm>()), m_errors(new FieldErrors(this))
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("clientForm"));
    static const char* const statuses[] = {QT_TR_NOOP("Active"), QT_TR_NOOP("Inactive"),
                                           QT_TR_NOOP("Closed")};
    for (const char* s : statuses)
        m_ui->status->addItem(tr(s), QLatin1String(s));
    m_ui->country->setCountry(QString());

    for (const ClientField& f : clientProfileFields()) {
        const QString column = QLatin1String(f.column);
        auto* input = findChild<QWidget*>(column, Qt::FindDirectChildrenOnly);
        auto* label = findChild<QLabel*>(column + QStringLiteral("Label"));
        Q_ASSERT(input && label);
        m_inputs.insert(column, input);
        m_errors->wrapInPlace(column, input);
        nameByLabel(label);
        // Top-aligned (an error may grow the row), centred on the input's first line.
        label->setMinimumHeight(input->sizeHint().height());
        label->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        auto changed = [this] {
            if (!m_filling)
                emit edited();
        };
        if (auto* edit = qobject_cast<QLineEdit*>(input))
            connect(edit, &QLineEdit::textChanged, this, changed);
        if (auto* combo = qobject_cast<QComboBox*>(input)) {
            connect(combo, &QComboBox::currentIndexChanged, this, changed);
            if (combo->isEditable())
                connect(combo, &QComboBox::editTextChanged, this, changed);
        }
    }
}

ClientForm::~ClientForm() = default;

void ClientForm::setRecord(const ClientAccount& client)
{
    m_record = client;
    m_errors->clear();
    for (const ClientField& f : clientProfileFields()) {
        const QString column = QLatin1String(f.column);
        setValue(column, client.value(column));
    }
}

QString ClientForm::value(const QString& column) const
{
    QWidget* w = m_inputs.value(column);
    if (w == m_ui->country)
        return m_ui->country->country();
    if (w == m_ui->language)
        return m_ui->language->language();
    if (w == m_ui->status)
        return m_ui->status->currentData().toString();
    if (auto* edit = qobject_cast<QLineEdit*>(w))
        return edit->text();
    return {};
}

void ClientForm::setValue(const QString& column, const QString& value)
{
    m_filling = true;
    QWidget* w = m_inputs.value(column);
    if (w == m_ui->country) {
        m_ui->country->setCountry(value);
    } else if (w == m_ui->language) {
        m_ui->language->setLanguage(value);
    } else if (w == m_ui->status) {
        int index = m_ui->status->findData(value);
        if (index < 0) { // vendor data outside the enum (or none yet): shown as stored
            m_ui->status->addItem(value, value);
            index = m_ui->status->count() - 1;
        }
        m_ui->status->setCurrentIndex(index);
    } else if (auto* edit = qobject_cast<QLineEdit*>(w)) {
        edit->setText(value);
        edit->setCursorPosition(0);
    }
    m_filling = false;
}

QMap<QString, QString> ClientForm::values() const
{
    QMap<QString, QString> out;
    for (const ClientField& f : clientProfileFields())
        if (!m_hidden.contains(QLatin1String(f.column)))
            out.insert(QLatin1String(f.column), value(QLatin1String(f.column)));
    return out;
}

void ClientForm::hideField(const QString& column)
{
    QWidget* input = m_inputs.value(column);
    if (!input)
        return;
    m_hidden.insert(column);
    input->parentWidget()->hide(); // its FieldErrors box
    if (auto* label = findChild<QLabel*>(column + QStringLiteral("Label")))
        label->hide();
}

QMap<QString, QString> ClientForm::changes() const
{
    QMap<QString, QString> out;
    for (const ClientField& f : clientProfileFields()) {
        const QString column = QLatin1String(f.column);
        if (m_hidden.contains(column))
            continue;
        const QString now = value(column);
        if (now != m_record.value(column))
            out.insert(column, now);
    }
    return out;
}

QString ClientForm::label(const QString& column) const
{
    auto* label = findChild<QLabel*>(column + QStringLiteral("Label"));
    return label ? visibleText(label->text()) : column;
}

void ClientForm::setEmailNote(const QString& text)
{
    m_ui->emailWarning->setText(text);
    m_ui->emailWarning->setVisible(!text.isEmpty());
    m_ui->email->setToolTip(text);
}

void ClientForm::addRow(const QString& labelText, const QString& field, QWidget* input)
{
    input->setParent(this);
    const int row = m_ui->fields->rowCount();
    QLabel* label = buddyLabel(labelText, input, this);
    label->setMinimumHeight(input->sizeHint().height());
    m_ui->fields->addWidget(label, row, 0, Qt::AlignTop);
    m_ui->fields->addWidget(m_errors->wrap(field, input), row, 1);
}

} // namespace accord::ui
