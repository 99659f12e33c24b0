#include "clientrepository.h"

#include "sql.h"

#include <QObject>

namespace accord {

namespace {
const QString table = QStringLiteral("tblclients");
}

ClientAccount ClientRepository::fromRow(const QVariantMap& row)
{
    ClientAccount c;
    c.id = row.value(QStringLiteral("id")).toLongLong();
    for (const auto& f : clientProfileFields()) {
        const QString column = QLatin1String(f.column);
        c.profile[column] = row.value(column).toString();
    }
    c.emailVerified = row.value(QStringLiteral("email_verified")).toInt() != 0;
    c.lastLogin = storedDate(row.value(QStringLiteral("lastlogin")));
    c.createdAt = storedDate(row.value(QStringLiteral("created_at")));
    c.updatedAt = storedDate(row.value(QStringLiteral("updated_at")));
    c.loaded = row;
    return c;
}

Result<ClientAccount> ClientRepository::find(qint64 id) const
{
    auto row = m_rows.read(table, id);
    if (!row)
        return row.error().kind == Error::Kind::NotFound
                   ? Error::make(Error::Kind::NotFound,
                                 QObject::tr("No client with ID %1.").arg(id))
                   : row.error();
    ClientAccount c = fromRow(*row);
    auto q =
        runSql(m_rows.db(),
               QStringLiteral("SELECT count(*) FROM tblusers_clients WHERE client_id = ?"), {id});
    if (!q)
        return q.error();
    c.userCount = q->next() ? q->value(0).toInt() : 0;
    return c;
}

Result<void> ClientRepository::lock(qint64 id) const
{
    return m_rows.lock(table, id);
}

Result<qint64> ClientRepository::insert(const QVariantMap& columns) const
{
    return m_rows.insert(table, columns);
}

Result<void> ClientRepository::verifyUnchanged(const ClientAccount& loaded) const
{
    return m_rows.verify(table, loaded.loaded);
}

Result<void> ClientRepository::update(const ClientAccount& loaded, const QVariantMap& changes) const
{
    return m_rows.update(table, loaded.loaded, changes);
}

} // namespace accord
