#pragma once

#include <QString>

namespace accord {

// What a search box asks for, per DESIGN's search rules: 3+ characters a substring (NFC),
// 1-2 characters a prefix (folded), `#123` an id; '%' and '_' are ordinary characters.
struct SearchTerm {
    enum class Kind { All, Id, Prefix, Substring };
    Kind kind = Kind::All;
    QString text; // NFC (Substring) or folded (Prefix)
    qint64 id = 0;

    static SearchTerm parse(const QString& input);
    friend bool operator==(const SearchTerm&, const SearchTerm&) = default;
};

} // namespace accord
