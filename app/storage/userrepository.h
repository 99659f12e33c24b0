#pragma once

#include "domain/user.h"
#include "rowstore.h"

#include <optional>

namespace accord {

class UserRepository
{
public:
    UserRepository(QSqlDatabase db, const Dialect& dialect, TouchedRecords* touched = nullptr)
        : m_rows(std::move(db), dialect, touched)
    {
    }

    Result<User> find(qint64 id) const;
    // The user whose login equals `email` after folding (trim, NFC, case).
    Result<std::optional<User>> findByEmail(const QString& email) const;
    Result<qint64> insert(const QVariantMap& columns) const;
    Result<void> update(const User& loaded, const QVariantMap& changes) const;
    // A Conflict unless the stored row is still exactly as loaded.
    Result<void> verifyUnchanged(const User& loaded) const;
    Result<void> remove(const User& loaded) const;
    Result<int> clientCount(qint64 userId) const;
    Result<bool> isEmpty() const; // no user at all

    static User fromRow(const QVariantMap& row);

private:
    RowStore m_rows;
};

} // namespace accord
