#pragma once

#include "clientaccount.h"
#include "user.h"

#include <QList>
#include <QString>

#include <optional>
#include <vector>

namespace accord {

// One compared pair of a user field and a client field that differ.
struct FieldDifference {
    enum class Kind { CaseOrSpace, EmptySide, Differs };
    QString field; // first_name, last_name, email or language (the user's column name)
    QString userValue;
    QString clientValue;
    Kind kind = Kind::Differs;

    static QString kindName(Kind k); // case_or_space, empty_side, differs
    friend bool operator==(const FieldDifference&, const FieldDifference&) = default;
};

struct ComparedField {
    const char* userColumn;
    const char* clientColumn;
};
const std::vector<ComparedField>& comparedFields();

// How two values differ, or nullopt when they are equal (after NFC).
std::optional<FieldDifference::Kind> compareValues(const QString& userValue,
                                                   const QString& clientValue);
// The differing pairs, in the order first_name, last_name, email, language.
QList<FieldDifference> compare(const User& user, const ClientAccount& client);

} // namespace accord
