#include "accessrepository.h"

#include "sql.h"

#include <QSqlRecord>

namespace accord {

namespace {
const QString links = QStringLiteral("tblusers_clients");
const QString invites = QStringLiteral("tbluser_invites");
} // namespace

Access AccessRepository::fromRow(const QVariantMap& row)
{
    Access a;
    a.id = row.value(QStringLiteral("id")).toLongLong();
    a.userId = row.value(QStringLiteral("auth_user_id")).toLongLong();
    a.clientId = row.value(QStringLiteral("client_id")).toLongLong();
    a.owner = row.value(QStringLiteral("owner")).toInt() != 0;
    a.stored = Permissions::fromStored(row.value(QStringLiteral("permissions")).toString());
    a.lastLogin = storedDate(row.value(QStringLiteral("last_login")));
    a.createdAt = storedDate(row.value(QStringLiteral("created_at")));
    a.loaded = row;
    return a;
}

Invite AccessRepository::inviteFromRow(const QVariantMap& row)
{
    Invite i;
    i.id = row.value(QStringLiteral("id")).toLongLong();
    i.token = row.value(QStringLiteral("token")).toString();
    i.email = row.value(QStringLiteral("email")).toString();
    i.clientId = row.value(QStringLiteral("client_id")).toLongLong();
    i.permissions = Permissions::fromStored(row.value(QStringLiteral("permissions")).toString());
    i.acceptedAt = storedDate(row.value(QStringLiteral("accepted_at")));
    i.createdAt = storedDate(row.value(QStringLiteral("created_at")));
    i.deletedAt = storedDate(row.value(QStringLiteral("deleted_at")));
    return i;
}

Result<QList<Access>> AccessRepository::list(const QString& where, qint64 id,
                                             const QString& order) const
{
    auto q = runSql(m_rows.db(),
                    m_rows.selectAll(links) +
                        QStringLiteral(" WHERE %1 = ? ORDER BY %2").arg(where, order),
                    {id});
    if (!q)
        return q.error();
    QList<Access> out;
    while (q->next())
        out << fromRow(recordToMap(q->record()));
    return out;
}

Result<std::optional<Access>> AccessRepository::find(qint64 userId, qint64 clientId) const
{
    auto q = runSql(m_rows.db(),
                    m_rows.selectAll(links) +
                        QStringLiteral(" WHERE auth_user_id = ? AND client_id = ?"),
                    {userId, clientId});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<Access>();
    return std::optional<Access>(fromRow(recordToMap(q->record())));
}

Result<QList<Access>> AccessRepository::forClient(qint64 clientId) const
{
    return list(QStringLiteral("client_id"), clientId, QStringLiteral("owner DESC, auth_user_id"));
}

Result<QList<Access>> AccessRepository::forUser(qint64 userId) const
{
    return list(QStringLiteral("auth_user_id"), userId, QStringLiteral("client_id"));
}

Result<std::optional<Access>> AccessRepository::ownerOf(qint64 clientId) const
{
    auto all = forClient(clientId);
    if (!all)
        return all.error();
    for (const Access& a : *all)
        if (a.owner)
            return std::optional<Access>(a);
    return std::optional<Access>();
}

Result<qint64> AccessRepository::insert(const QVariantMap& columns) const
{
    return m_rows.insert(links, columns);
}

Result<void> AccessRepository::update(const Access& loaded, const QVariantMap& changes) const
{
    return m_rows.update(links, loaded.loaded, changes);
}

Result<void> AccessRepository::verifyUnchanged(const Access& loaded) const
{
    return m_rows.verify(links, loaded.loaded);
}

Result<void> AccessRepository::remove(const Access& loaded) const
{
    return m_rows.remove(links, loaded.loaded);
}

Result<qint64> AccessRepository::insertInvite(const QVariantMap& columns) const
{
    return m_rows.insert(invites, columns);
}

Result<Invite> AccessRepository::findInvite(qint64 id) const
{
    auto row = m_rows.read(invites, id);
    if (!row)
        return row.error();
    return inviteFromRow(*row);
}

Result<QList<Invite>> AccessRepository::invitesForClient(qint64 clientId) const
{
    auto q = runSql(m_rows.db(),
                    m_rows.selectAll(invites) +
                        QStringLiteral(" WHERE client_id = ? AND deleted_at IS NULL AND "
                                       "accepted_at IS NULL ORDER BY id DESC"),
                    {clientId});
    if (!q)
        return q.error();
    QList<Invite> out;
    while (q->next())
        out << inviteFromRow(recordToMap(q->record()));
    return out;
}

Result<void> AccessRepository::markInviteDeleted(const Invite& invite, const QString& when) const
{
    auto q =
        runSql(m_rows.db(),
               QStringLiteral("UPDATE tbluser_invites SET deleted_at = ?, updated_at = ? "
                              "WHERE id = ? AND deleted_at IS NULL AND accepted_at IS NULL"),
               {m_rows.dialect().timestamp(when), m_rows.dialect().timestamp(when), invite.id});
    if (!q)
        return q.error();
    if (q->numRowsAffected() != 1)
        return Error::make(Error::Kind::Conflict,
                           QObject::tr("The invite was already cancelled or accepted."));
    return {};
}

Result<std::optional<Invite>> AccessRepository::findInviteByToken(const QString& token) const
{
    auto q =
        runSql(m_rows.db(),
               m_rows.selectAll(invites) + QStringLiteral(" WHERE token = ? ORDER BY id"), {token});
    if (!q)
        return q.error();
    // The vendor's column compares without case on MariaDB: the token must match exactly.
    while (q->next()) {
        const Invite i = inviteFromRow(recordToMap(q->record()));
        if (i.token == token)
            return std::optional<Invite>(i);
    }
    return std::optional<Invite>();
}

Result<void> AccessRepository::markInviteAccepted(const Invite& invite, const QString& when) const
{
    auto q =
        runSql(m_rows.db(),
               QStringLiteral("UPDATE tbluser_invites SET accepted_at = ?, updated_at = ? "
                              "WHERE id = ? AND deleted_at IS NULL AND accepted_at IS NULL"),
               {m_rows.dialect().timestamp(when), m_rows.dialect().timestamp(when), invite.id});
    if (!q)
        return q.error();
    if (q->numRowsAffected() != 1)
        return Error::make(Error::Kind::Conflict,
                           QObject::tr("The invite was cancelled or accepted meanwhile."));
    return {};
}

} // namespace accord
