#pragma once

#include <QComboBox>

namespace accord::ui {

// The language of a user or client: "Default" (stored as '') or one of the vendor's
// language names. A stored name outside the usual list is kept and shown as it is.
class LanguageCombo : public QComboBox
{
    Q_OBJECT
public:
    explicit LanguageCombo(QWidget* parent = nullptr);

    void setLanguage(const QString& stored);
    QString language() const; // the value to store

    static const QStringList& vendorLanguages();
};

} // namespace accord::ui
