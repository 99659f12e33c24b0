#include "translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

namespace accord {

void installTranslations()
{
    auto* accord = new QTranslator(QCoreApplication::instance());
    // English is the source language; its file carries the plural forms.
    if (accord->load(QLocale(), QStringLiteral("accord"), QStringLiteral("_"),
                     QStringLiteral(":/i18n")) ||
        accord->load(QStringLiteral("accord_en"), QStringLiteral(":/i18n")))
        QCoreApplication::installTranslator(accord);
    auto* qt = new QTranslator(QCoreApplication::instance());
    if (qt->load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                 QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
}

} // namespace accord
