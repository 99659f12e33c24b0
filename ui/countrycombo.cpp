#include "countrycombo.h"

#include "domain/countries.h"

#include <QCompleter>
#include <QLineEdit>

namespace accord::ui {

CountryCombo::CountryCombo(QWidget* parent) : QComboBox(parent)
{
    setEditable(true);
    setInsertPolicy(QComboBox::NoInsert);
    for (const Country& c : countries())
        addItem(tr("%1 (%2)").arg(c.name, c.code), c.code);
    completer()->setCompletionMode(QCompleter::PopupCompletion);
    completer()->setFilterMode(Qt::MatchContains);
    completer()->setCaseSensitivity(Qt::CaseInsensitive);
    lineEdit()->setPlaceholderText(tr("Type a country or its code"));
}

void CountryCombo::setCountry(const QString& code)
{
    const int index = code.isEmpty() ? -1 : findData(code);
    setCurrentIndex(index);
    if (index < 0)
        setEditText(code);
    m_set = code;
    m_setText = currentText();
}

QString CountryCombo::country() const
{
    if (currentText() == m_setText)
        return m_set;
    const QString text = currentText().trimmed();
    if (text.isEmpty())
        return QString(QLatin1String(""));
    const int index = findText(text, Qt::MatchFixedString);
    if (index >= 0)
        return itemData(index).toString();
    if (isCountryCode(text.toUpper()))
        return text.toUpper();
    for (const Country& c : countries())
        if (c.name.compare(text, Qt::CaseInsensitive) == 0)
            return c.code;
    return text;
}

} // namespace accord::ui
