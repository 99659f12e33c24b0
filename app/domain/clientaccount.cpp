#include "clientaccount.h"

#include <QCoreApplication>

namespace accord {

const std::vector<ClientField>& clientProfileFields()
{
    static const std::vector<ClientField> fields{
        {"firstname", QT_TRANSLATE_NOOP("ClientField", "First Name")},
        {"lastname", QT_TRANSLATE_NOOP("ClientField", "Last Name")},
        {"companyname", QT_TRANSLATE_NOOP("ClientField", "Company Name")},
        {"email", QT_TRANSLATE_NOOP("ClientField", "Email")},
        {"address1", QT_TRANSLATE_NOOP("ClientField", "Address 1")},
        {"address2", QT_TRANSLATE_NOOP("ClientField", "Address 2")},
        {"city", QT_TRANSLATE_NOOP("ClientField", "City")},
        {"state", QT_TRANSLATE_NOOP("ClientField", "State")},
        {"postcode", QT_TRANSLATE_NOOP("ClientField", "Postcode")},
        {"country", QT_TRANSLATE_NOOP("ClientField", "Country")},
        {"phonenumber", QT_TRANSLATE_NOOP("ClientField", "Phone Number")},
        {"tax_id", QT_TRANSLATE_NOOP("ClientField", "Tax ID")},
        {"language", QT_TRANSLATE_NOOP("ClientField", "Language")},
        {"status", QT_TRANSLATE_NOOP("ClientField", "Status")},
    };
    return fields;
}

bool isClientProfileField(const QString& column)
{
    for (const auto& f : clientProfileFields())
        if (column == QLatin1String(f.column))
            return true;
    return false;
}

// The activity log keeps the vendor's English labels; the UI translates its own copy.
QString clientFieldLabel(const QString& column)
{
    for (const auto& f : clientProfileFields())
        if (column == QLatin1String(f.column))
            return QString::fromLatin1(f.label);
    return column;
}

} // namespace accord
