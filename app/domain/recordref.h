#pragma once

#include <QtGlobal>

namespace accord {

// Which record something is about — an error (the record that conflicted, clashed or is
// missing) or a notice of change: a user, a client account, or the link between the two.
struct RecordRef {
    enum class Kind { None, User, Client, Link };
    Kind kind = Kind::None;
    qint64 userId = 0;   // User, Link
    qint64 clientId = 0; // Client, Link

    static RecordRef user(qint64 id) { return {Kind::User, id, 0}; }
    static RecordRef client(qint64 id) { return {Kind::Client, 0, id}; }
    static RecordRef link(qint64 userId, qint64 clientId) { return {Kind::Link, userId, clientId}; }

    bool isNone() const { return kind == Kind::None; }
    bool isUser(qint64 id) const { return kind == Kind::User && userId == id; }
    bool isClient(qint64 id) const { return kind == Kind::Client && clientId == id; }
    friend bool operator==(const RecordRef&, const RecordRef&) = default;
};

} // namespace accord
