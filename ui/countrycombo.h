#pragma once

#include <QComboBox>

namespace accord::ui {

// A client's country: the ISO 3166 countries by name, searchable by typing any part of
// the name or the code. A stored value outside the list (vendor data) is shown as it is,
// so validation can say what is wrong with it.
class CountryCombo : public QComboBox
{
    Q_OBJECT
public:
    explicit CountryCombo(QWidget* parent = nullptr);

    void setCountry(const QString& code);
    QString country() const; // the code to store, or the typed text when it names none

private:
    // The value as set and how it was shown: untouched legacy data ("gb") stays unchanged.
    QString m_set;
    QString m_setText;
};

} // namespace accord::ui
