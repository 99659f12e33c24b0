#pragma once

#include "dialect.h"
#include "domain/result.h"
#include "domain/user.h"

#include <QSqlDatabase>

#include <functional>

namespace accord {

// Lists users for the headless `users` command and other whole-list readers, through the
// same search as the lists (Dialect::searchIndex()).
class UserDirectory
{
public:
    UserDirectory(QSqlDatabase db, const Dialect& dialect) : m_db(std::move(db)), m_dialect(dialect)
    {
    }

    // Users matching `search`, id descending, each with clientCount; limit <= 0 for all.
    Result<void> forEach(const QString& search, int limit,
                         const std::function<void(const User&)>& visit) const;

private:
    QSqlDatabase m_db;
    const Dialect& m_dialect;
};

} // namespace accord
