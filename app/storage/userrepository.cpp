#include "userrepository.h"

#include "searchindex.h"
#include "sql.h"

#include <QSqlRecord>

namespace accord {

namespace {
const QString table = QStringLiteral("tblusers");
}

User UserRepository::fromRow(const QVariantMap& row)
{
    User u;
    u.id = row.value(QStringLiteral("id")).toLongLong();
    u.firstName = row.value(QStringLiteral("first_name")).toString();
    u.lastName = row.value(QStringLiteral("last_name")).toString();
    u.email = row.value(QStringLiteral("email")).toString();
    u.language = row.value(QStringLiteral("language")).toString();
    u.emailVerifiedAt = storedDate(row.value(QStringLiteral("email_verified_at")));
    u.twoFactorEnabled = !row.value(QStringLiteral("second_factor")).toString().isEmpty();
    u.lastLogin = storedDate(row.value(QStringLiteral("last_login")));
    u.createdAt = storedDate(row.value(QStringLiteral("created_at")));
    u.updatedAt = storedDate(row.value(QStringLiteral("updated_at")));
    u.loaded = row;
    return u;
}

Result<User> UserRepository::find(qint64 id) const
{
    auto row = m_rows.read(table, id);
    if (!row)
        return row.error().kind == Error::Kind::NotFound
                   ? Error::make(Error::Kind::NotFound, QObject::tr("No user with ID %1.").arg(id))
                   : row.error();
    User u = fromRow(*row);
    auto count = clientCount(id);
    if (!count)
        return count.error();
    u.clientCount = *count;
    return u;
}

Result<std::optional<User>> UserRepository::findByEmail(const QString& email) const
{
    auto id = m_rows.dialect().searchIndex().userWithLogin(m_rows.db(), email);
    if (!id)
        return id.error();
    if (!*id)
        return std::optional<User>();
    auto row = m_rows.read(table, **id);
    if (!row)
        return row.error();
    return std::optional<User>(fromRow(*row));
}

Result<qint64> UserRepository::insert(const QVariantMap& columns) const
{
    return m_rows.insert(table, columns);
}

Result<void> UserRepository::verifyUnchanged(const User& loaded) const
{
    return m_rows.verify(table, loaded.loaded);
}

Result<void> UserRepository::update(const User& loaded, const QVariantMap& changes) const
{
    return m_rows.update(table, loaded.loaded, changes);
}

Result<void> UserRepository::remove(const User& loaded) const
{
    return m_rows.remove(table, loaded.loaded);
}

Result<int> UserRepository::clientCount(qint64 userId) const
{
    auto q = runSql(m_rows.db(),
                    QStringLiteral("SELECT count(*) FROM tblusers_clients WHERE auth_user_id = ?"),
                    {userId});
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toInt() : 0;
}

Result<bool> UserRepository::isEmpty() const
{
    auto q = runSql(m_rows.db(), QStringLiteral("SELECT 1 FROM tblusers LIMIT 1"));
    if (!q)
        return q.error();
    return !q->next();
}

} // namespace accord
