#include "signinfailurestore.h"

#include "rowstore.h"
#include "sql.h"

namespace accord {

Result<FailedSignIns> SignInFailureStore::select(const QString& loginKey,
                                                 const QString& suffix) const
{
    auto q = runSql(m_db,
                    QStringLiteral("SELECT failures, last_failure_at, next_allowed_at FROM "
                                   "accord_sign_in_failures WHERE login_key = ?") +
                        suffix,
                    {loginKey});
    if (!q)
        return q.error();
    FailedSignIns out;
    if (q->next()) {
        out.count = q->value(0).toInt();
        out.lastFailureAt = storedDate(q->value(1));
        out.nextAllowedAt = storedDate(q->value(2));
    }
    return out;
}

Result<FailedSignIns> SignInFailureStore::read(const QString& loginKey) const
{
    return select(loginKey, {});
}

Result<FailedSignIns> SignInFailureStore::readForUpdate(const QString& loginKey) const
{
    return select(loginKey, m_dialect.forUpdate());
}

Result<void> SignInFailureStore::write(const QString& loginKey, const FailedSignIns& failures) const
{
    if (auto r = clear(loginKey); !r)
        return r;
    const QString next = storedDateText(failures.nextAllowedAt);
    if (auto r = runSql(m_db,
                        QStringLiteral("INSERT INTO accord_sign_in_failures (login_key, failures, "
                                       "last_failure_at, next_allowed_at) VALUES (?, ?, ?, ?)"),
                        {loginKey, failures.count,
                         m_dialect.timestamp(storedDateText(failures.lastFailureAt)),
                         next.isEmpty() ? sqlNull() : m_dialect.timestamp(next)});
        !r)
        return r.error();
    return {};
}

Result<void> SignInFailureStore::clear(const QString& loginKey) const
{
    if (auto r =
            runSql(m_db, QStringLiteral("DELETE FROM accord_sign_in_failures WHERE login_key = ?"),
                   {loginKey});
        !r)
        return r.error();
    return {};
}

Result<void> SignInFailureStore::forgetFailuresBefore(const QDateTime& before) const
{
    if (auto r = runSql(m_db,
                        QStringLiteral("DELETE FROM accord_sign_in_failures WHERE "
                                       "last_failure_at < ?"),
                        {m_dialect.timestamp(storedDateText(before))});
        !r)
        return r.error();
    return {};
}

} // namespace accord
