#pragma once

#include "dialect.h"
#include "domain/failedsignins.h"
#include "domain/result.h"

#include <QSqlDatabase>

namespace accord {

// accord_sign_in_failures (migration 4): the failed sign-ins of each login, keyed by a
// hash of the folded email, read and written by every process on the database. Writes run
// inside the caller's write transaction.
class SignInFailureStore
{
public:
    SignInFailureStore(QSqlDatabase db, const Dialect& dialect)
        : m_db(std::move(db)), m_dialect(dialect)
    {
    }

    // Nothing recorded: no failures.
    Result<FailedSignIns> read(const QString& loginKey) const;
    // The row as it is when the write starts, held until commit where the engine can.
    Result<FailedSignIns> readForUpdate(const QString& loginKey) const;
    Result<void> write(const QString& loginKey, const FailedSignIns& failures) const;
    Result<void> clear(const QString& loginKey) const;
    // Drops the counters of logins that have not failed since `before` (the table stays
    // small whatever addresses are tried).
    Result<void> forgetFailuresBefore(const QDateTime& before) const;

private:
    Result<FailedSignIns> select(const QString& loginKey, const QString& suffix) const;
    QSqlDatabase m_db;
    const Dialect& m_dialect;
};

} // namespace accord
