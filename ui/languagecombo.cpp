#include "languagecombo.h"

namespace accord::ui {

const QStringList& LanguageCombo::vendorLanguages()
{
    // The languages a vendor install ships with (its lang/ folder names).
    static const QStringList names{QStringLiteral("arabic"),        QStringLiteral("azerbaijani"),
                                   QStringLiteral("catalan"),       QStringLiteral("chinese"),
                                   QStringLiteral("croatian"),      QStringLiteral("czech"),
                                   QStringLiteral("danish"),        QStringLiteral("dutch"),
                                   QStringLiteral("english"),       QStringLiteral("estonian"),
                                   QStringLiteral("farsi"),         QStringLiteral("french"),
                                   QStringLiteral("german"),        QStringLiteral("hebrew"),
                                   QStringLiteral("hungarian"),     QStringLiteral("italian"),
                                   QStringLiteral("macedonian"),    QStringLiteral("norwegian"),
                                   QStringLiteral("portuguese-br"), QStringLiteral("portuguese-pt"),
                                   QStringLiteral("romanian"),      QStringLiteral("russian"),
                                   QStringLiteral("spanish"),       QStringLiteral("swedish"),
                                   QStringLiteral("turkish"),       QStringLiteral("ukranian")};
    return names;
}

LanguageCombo::LanguageCombo(QWidget* parent) : QComboBox(parent)
{
    addItem(tr("Default"), QString(QLatin1String("")));
    for (const QString& name : vendorLanguages()) {
        QString shown = name;
        shown[0] = shown[0].toUpper();
        addItem(shown, name);
    }
}

void LanguageCombo::setLanguage(const QString& stored)
{
    const QString value = stored.isNull() ? QString(QLatin1String("")) : stored;
    int index = findData(value);
    if (index < 0) {
        addItem(value, value);
        index = count() - 1;
    }
    setCurrentIndex(index);
}

QString LanguageCombo::language() const
{
    const QString value = currentData().toString();
    return value.isNull() ? QString(QLatin1String("")) : value;
}

} // namespace accord::ui
