#pragma once

#include "clientaccount.h"
#include "user.h"

#include <QList>
#include <QString>

#include <optional>
#include <string_view>
#include <vector>

namespace accord {

// One compared pair of a user field and a client field that differ.
struct FieldDifference {
    enum class Kind { CaseOrSpace, EmptySide, Differs };
    QString field; // first_name, last_name, email or language (the user's column name)
    QString userValue;
    QString clientValue;
    Kind kind = Kind::Differs;

    static QString kindName(Kind k);  // case_or_space, empty_side, differs
    static QString kindLabel(Kind k); // in words, for people: "Case or spacing", ...
    friend bool operator==(const FieldDifference&, const FieldDifference&) = default;
};

struct ComparedField {
    const char* userColumn;
    const char* clientColumn;
};
const std::vector<ComparedField>& comparedFields();

// The kind as a number (0 for equal), as stored in accord_link_differences.
int differenceCode(FieldDifference::Kind kind);
std::optional<FieldDifference::Kind> differenceKindOf(int code);
std::optional<FieldDifference::Kind> differenceKindNamed(const QString& name);
// The field's bit in an intended-mark mask (first_name 1, last_name 2, email 4, language 8),
// 0 for an unknown field.
int fieldBit(const QString& userColumn);
// The label a field pair shows under ("First Name", "Last Name", "Email", "Language").
QString comparedFieldLabel(const QString& userColumn);
const ComparedField* comparedField(const QString& userColumn);
int comparedFieldIndex(const QString& userColumn); // -1 for an unknown field

// A compared field's value on each side (field: first_name, last_name, email, language).
QString comparedUserValue(const User& user, const QString& field);
QString comparedClientValue(const ClientAccount& client, const QString& field);

// How two values differ, or nullopt when they are equal (after NFC).
std::optional<FieldDifference::Kind> compareValues(const QString& userValue,
                                                   const QString& clientValue);
// The same for UTF-8 bytes (bulk builds): identical or ASCII values never become QStrings.
std::optional<FieldDifference::Kind> compareUtf8(std::string_view userValue,
                                                 std::string_view clientValue);
// The differing pairs, in the order first_name, last_name, email, language.
QList<FieldDifference> compare(const User& user, const ClientAccount& client);

} // namespace accord
