#pragma once

#include <QString>

#include <vector>

namespace accord {

struct Country {
    QString code; // ISO 3166-1 alpha-2
    QString name; // English short name
};

const std::vector<Country>& countries();
bool isCountryCode(const QString& code);
QString countryName(const QString& code);

} // namespace accord
