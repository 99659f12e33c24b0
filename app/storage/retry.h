#pragma once

#include "domain/result.h"

#include <QCoreApplication>

namespace accord {

// DESIGN's retry rule: a write the server rolled back (a deadlock, a serialization
// failure, a Galera certification failure — MariaDB reports all as 1213) runs again,
// whole, a few times. It runs with the same values the admin loaded, so its optimistic
// WHERE turns a lost race into a Conflict, never an overwrite; after the last attempt the
// database is busy. `write` begins, writes and commits one transaction.
template <typename Write>
auto runWrite(Write&& write) -> decltype(write())
{
    constexpr int attempts = 4;
    for (int attempt = 1;; ++attempt) {
        auto result = write();
        if (result || result.error().kind != Error::Kind::RolledBack)
            return result;
        if (attempt == attempts)
            return Error::make(Error::Kind::Busy,
                               QCoreApplication::translate(
                                   "Storage", "The database is busy: the server rolled the change "
                                              "back %1 times (other sessions wrote the same "
                                              "records). Try again in a moment.")
                                   .arg(attempts));
    }
}

} // namespace accord
