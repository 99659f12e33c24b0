#pragma once

#include <array>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace accord {

// The search script's two full-text indexes built in bulk away from the database: into a
// scratch file of their own, so that they fill on another core while the database's own
// connection builds its B-tree indexes (SQLite lets one connection write a file at a
// time), then copied in. For the sample generator's index phase.

// The rows to index, by position: user i and client i have id i + 1.
struct FullTextRows {
    std::size_t users = 0;
    std::size_t clients = 0;
    // A user's first name, last name and email as stored.
    std::function<std::array<std::string_view, 3>(std::size_t)> user;
    // A client's first name, last name, company and email as stored.
    std::function<std::array<std::string_view, 4>(std::size_t)> client;
};

// Fills both indexes into `scratch` (a new file) with the keys folded as Accord folds them.
// Returns SQLite's message, or nothing.
std::string buildFullText(const std::string& scratch, const FullTextRows& rows, bool trace);

// Copies the scratch file's indexes into the database's (empty) FTS5 tables, row for row
// of their shadow tables, in one transaction of a connection of its own. Returns SQLite's
// message, or nothing.
std::string copyFullText(const std::string& database, const std::string& scratch, bool trace);

} // namespace accord
