#pragma once

#include "comparison.h"

#include <QString>

#include <optional>

namespace accord {

// Which links the Mismatches report shows.
struct MismatchFilter {
    bool allLinks = false;     // every link, not only owner links
    bool showIntended = false; // also links whose differences are all marked intended
    QString field;             // only links differing in this field ('' any)
    std::optional<FieldDifference::Kind> kind; // only differences of this kind

    // A compact text form ("all;intended;field=email;kind=differs"), the lazy list's key.
    QString toText() const;
    static MismatchFilter fromText(const QString& text);
    friend bool operator==(const MismatchFilter&, const MismatchFilter&) = default;
};

} // namespace accord
