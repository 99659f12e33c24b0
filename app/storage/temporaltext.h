#pragma once

#include <string>
#include <string_view>

namespace accord {

// A date or timestamp as a server reads it out as text (PostgreSQL's "2024-01-31
// 10:00:00+00", MariaDB's "2024-01-31 10:00:00" in a UTC session, a vendor zero date) in
// Accord's own text: "2024-01-31T10:00:00Z", a date alone as "2024-01-31". Writes it into
// `out` and returns true, or returns false for a value that reads as null (a zero date,
// a blank). Byte by byte for the usual shapes: a million rows' dates cost no QDateTime.
bool accordTemporalText(std::string_view stored, std::string& out);

} // namespace accord
