#pragma once

#include "mismatchfilter.h"

#include <QString>

#include <optional>

namespace accord {

// What a snapshot holds: everything, or one client with its users, or the users (or
// clients) a search finds with the records they are linked to, or the links a mismatch
// report lists with their two records. Written into the manifest as text ("all",
// "client:42", "users:élodie", "clients:acme", "mismatches:all;field=email").
struct SnapshotFilter {
    enum class Kind { Everything, Client, Users, Clients, Mismatches };
    Kind kind = Kind::Everything;
    qint64 clientId = 0;         // Client
    QString search;              // Users, Clients: as typed in the search box
    MismatchFilter mismatches{}; // Mismatches

    static SnapshotFilter everything() { return {}; }
    static SnapshotFilter client(qint64 id) { return {Kind::Client, id, {}, {}}; }
    static SnapshotFilter users(const QString& search) { return {Kind::Users, 0, search, {}}; }
    static SnapshotFilter clients(const QString& search) { return {Kind::Clients, 0, search, {}}; }
    static SnapshotFilter links(const MismatchFilter& report)
    {
        return {Kind::Mismatches, 0, {}, report};
    }
    bool isEverything() const { return kind == Kind::Everything; }

    QString toText() const;
    static std::optional<SnapshotFilter> fromText(const QString& text);
    // In words, for banners and messages: "everything", "client 42 and its users", ...
    QString describe() const;
    friend bool operator==(const SnapshotFilter&, const SnapshotFilter&) = default;
};

} // namespace accord
