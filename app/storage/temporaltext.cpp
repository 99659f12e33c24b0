#include "temporaltext.h"

#include "rowstore.h"

#include <QString>

namespace accord {

namespace {
bool digitsAt(std::string_view s, std::initializer_list<std::size_t> at)
{
    for (std::size_t i : at)
        if (i >= s.size() || s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

// yyyy-MM-dd at the start.
bool isDate(std::string_view s)
{
    return s.size() >= 10 && digitsAt(s, {0, 1, 2, 3, 5, 6, 8, 9}) && s[4] == '-' && s[7] == '-';
}

// yyyy-MM-dd?HH:mm:ss at the start, ? a space or 'T'.
bool isDateTime(std::string_view s)
{
    return s.size() >= 19 && isDate(s) && (s[10] == ' ' || s[10] == 'T') &&
           digitsAt(s, {11, 12, 14, 15, 17, 18}) && s[13] == ':' && s[16] == ':';
}
} // namespace

bool accordTemporalText(std::string_view s, std::string& out)
{
    // Accord's own text already (what SQLite holds): as it is.
    if (s.size() == 20 && s[10] == 'T' && s[19] == 'Z' && isDateTime(s)) {
        out.assign(s);
        return true;
    }
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    if (s.empty() || s.substr(0, 10) == "0000-00-00")
        return false;
    if (s.size() == 10 && isDate(s)) {
        out.assign(s);
        return true;
    }
    if (isDateTime(s)) {
        const std::string_view zone = s.substr(19);
        if (zone.empty() || zone == "Z" || zone == "+00" || zone == "+00:00") {
            out.assign(s.substr(0, 19));
            out[10] = 'T';
            out.push_back('Z');
            return true;
        }
    }
    // Anything else (fractions of a second, another offset): through QDateTime.
    const QString text =
        storedDateText(storedDate(QString::fromUtf8(s.data(), qsizetype(s.size()))));
    if (text.isEmpty()) {
        out.assign(s); // not a date Accord can read: kept as stored
        return true;
    }
    out = text.toStdString();
    return true;
}

} // namespace accord
