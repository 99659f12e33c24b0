#include "differencestore.h"

#include "rowstore.h"
#include "sql.h"

#include <QCoreApplication>
#include <QHash>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Differences", text);
}

constexpr QChar separator(0x1f); // between the four values of a side's snapshot

const QString selectLinks = QStringLiteral(
    "SELECT l.auth_user_id, l.client_id, l.owner, u.first_name, u.last_name, u.email, "
    "u.language, c.firstname, c.lastname, c.email, c.language FROM tblusers_clients l "
    "JOIN tblusers u ON u.id = l.auth_user_id JOIN tblclients c ON c.id = l.client_id ");
} // namespace

bool LinkDifferences::open() const
{
    int bit = 1;
    for (int kind : kinds) {
        if (kind && !(intended & bit))
            return true;
        bit <<= 1;
    }
    return false;
}

struct DifferenceStore::LinkValues {
    qint64 userId = 0;
    qint64 clientId = 0;
    bool owner = false;
    QStringList user;   // first_name, last_name, email, language
    QStringList client; // firstname, lastname, email, language
};

Result<QList<DifferenceStore::LinkValues>>
DifferenceStore::linkValues(const QString& where, const QVariantList& params) const
{
    auto q = runSql(m_db, selectLinks + where, params);
    if (!q)
        return q.error();
    QList<LinkValues> out;
    while (q->next()) {
        LinkValues v;
        v.userId = q->value(0).toLongLong();
        v.clientId = q->value(1).toLongLong();
        v.owner = q->value(2).toInt() != 0;
        // Stored values, NULL read as '' (the table's columns are NOT NULL).
        auto text = [&](int i) {
            const QString t = q->value(i).toString();
            return t.isNull() ? QString(QLatin1String("")) : t;
        };
        for (int i = 0; i < 4; ++i) {
            v.user << text(3 + i);
            v.client << text(7 + i);
        }
        out << v;
    }
    return out;
}

// Writes the rows of these links (which the caller has deleted first), applying the marks
// that still hold and dropping those whose values changed.
Result<void> DifferenceStore::store(const QList<LinkValues>& links) const
{
    for (const LinkValues& link : links) {
        LinkDifferences d{link.userId, link.clientId, link.owner, {}, 0};
        bool differs = false;
        for (int i = 0; i < 4; ++i) {
            const auto kind = compareValues(link.user.at(i), link.client.at(i));
            d.kinds[std::size_t(i)] = kind ? differenceCode(*kind) : 0;
            differs = differs || kind;
        }
        auto q = runSql(m_db,
                        QStringLiteral("SELECT field, user_values, client_values FROM "
                                       "accord_intended_differences WHERE client_id = ? AND "
                                       "user_id = ?"),
                        {link.clientId, link.userId});
        if (!q)
            return q.error();
        const QString userValues = link.user.join(separator);
        const QString clientValues = link.client.join(separator);
        bool stale = false;
        while (q->next()) {
            if (q->value(1).toString() != userValues || q->value(2).toString() != clientValues) {
                stale = true;
                continue;
            }
            const QString field = q->value(0).toString();
            d.intended |= field.isEmpty() ? 0xf : fieldBit(field);
        }
        if (stale || !differs) {
            // Either side changed since the mark was made: it no longer speaks for them.
            if (auto r =
                    runSql(m_db,
                           QStringLiteral("DELETE FROM accord_intended_differences WHERE "
                                          "client_id = ? AND user_id = ? AND (user_values "
                                          "<> ? OR client_values <> ? OR ? = 0)"),
                           {link.clientId, link.userId, userValues, clientValues, differs ? 1 : 0});
                !r)
                return r.error();
        }
        if (!differs)
            continue;
        if (auto r = runSql(m_db,
                            QStringLiteral("INSERT INTO accord_link_differences (client_id, "
                                           "user_id, owner, first_name_kind, last_name_kind, "
                                           "email_kind, language_kind, intended, open, "
                                           "user_first_name, user_last_name, user_email, "
                                           "user_language, client_firstname, client_lastname, "
                                           "client_email, client_language) VALUES "
                                           "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                            {d.clientId, d.userId, d.owner ? 1 : 0, d.kinds[0], d.kinds[1],
                             d.kinds[2], d.kinds[3], d.intended, d.open() ? 1 : 0, link.user.at(0),
                             link.user.at(1), link.user.at(2), link.user.at(3), link.client.at(0),
                             link.client.at(1), link.client.at(2), link.client.at(3)});
            !r)
            return r.error();
    }
    return {};
}

Result<void> DifferenceStore::refresh(const TouchedRecords& touched) const
{
    QList<LinkValues> links;
    QSet<std::pair<qint64, qint64>> seen;
    auto collect = [&](const QString& deleteWhere, const QString& linkWhere,
                       const QVariantList& params) -> Result<void> {
        if (auto r = runSql(
                m_db, QStringLiteral("DELETE FROM accord_link_differences WHERE ") + deleteWhere,
                params);
            !r)
            return r.error();
        // Marks of links that are gone go with them.
        if (auto r = runSql(m_db,
                            QStringLiteral("DELETE FROM accord_intended_differences WHERE ") +
                                deleteWhere +
                                QStringLiteral(" AND NOT EXISTS (SELECT 1 FROM tblusers_clients "
                                               "l WHERE l.auth_user_id = "
                                               "accord_intended_differences.user_id AND "
                                               "l.client_id = "
                                               "accord_intended_differences.client_id)"),
                            params);
            !r)
            return r.error();
        if (m_dialect.listsOutsideLinks())
            if (auto r = runSql(
                    m_db, QStringLiteral("DELETE FROM accord_dirty_links WHERE ") + deleteWhere,
                    params);
                !r)
                return r.error();
        // The two records of every link, locked: a session writing the other side of a link
        // meanwhile waits (or, crossing this one, is rolled back and runs again), so each
        // link's row is compared from both sides as committed.
        auto found = linkValues(linkWhere + m_dialect.forUpdate(), params);
        if (!found)
            return found.error();
        for (const LinkValues& v : *found)
            if (!seen.contains({v.userId, v.clientId})) {
                seen.insert({v.userId, v.clientId});
                links << v;
            }
        return {};
    };
    for (qint64 user : touched.users)
        if (auto r = collect(QStringLiteral("user_id = ?"),
                             QStringLiteral("WHERE l.auth_user_id = ?"), {user});
            !r)
            return r;
    for (qint64 client : touched.clients)
        if (auto r = collect(QStringLiteral("client_id = ?"),
                             QStringLiteral("WHERE l.client_id = ?"), {client});
            !r)
            return r;
    for (const auto& [user, client] : touched.links) {
        if (touched.users.contains(user) || touched.clients.contains(client))
            continue;
        if (auto r = collect(QStringLiteral("user_id = ? AND client_id = ?"),
                             QStringLiteral("WHERE l.auth_user_id = ? AND l.client_id = ?"),
                             {user, client});
            !r)
            return r;
    }
    // A link found twice (touched user and touched client) was deleted by both passes
    // before either inserted: each link is written once, after every delete.
    return store(links);
}

Result<void> DifferenceStore::rebuildAll() const
{
    if (auto r = runSql(m_db, QStringLiteral("DELETE FROM accord_link_differences")); !r)
        return r.error();
    if (m_dialect.hasAccordFunctions()) {
        // One pass in SQL with the domain's comparison registered as accord_compare.
        if (auto r = runSql(
                m_db,
                QStringLiteral(
                    "INSERT INTO accord_link_differences (client_id, user_id, owner, "
                    "first_name_kind, last_name_kind, email_kind, language_kind, "
                    "user_first_name, user_last_name, user_email, user_language, "
                    "client_firstname, client_lastname, client_email, client_language) "
                    "SELECT client_id, user_id, owner, f, s, e, g, uf, ul, ue, ug, cf, cl, ce, "
                    "cg FROM (SELECT l.client_id, l.auth_user_id AS user_id, CASE WHEN l.owner "
                    "<> 0 THEN 1 ELSE 0 END AS owner, accord_compare(u.first_name, c.firstname) "
                    "AS f, accord_compare(u.last_name, c.lastname) AS s, "
                    "accord_compare(u.email, c.email) AS e, accord_compare(u.language, "
                    "c.language) AS g, coalesce(u.first_name, '') AS uf, coalesce(u.last_name, "
                    "'') AS ul, coalesce(u.email, '') AS ue, coalesce(u.language, '') AS ug, "
                    "coalesce(c.firstname, '') AS cf, coalesce(c.lastname, '') AS cl, "
                    "coalesce(c.email, '') AS ce, coalesce(c.language, '') AS cg FROM "
                    "tblusers_clients l JOIN tblusers u ON u.id = l.auth_user_id JOIN "
                    "tblclients c ON c.id = l.client_id) WHERE f + s + e + g > 0 "
                    "ORDER BY client_id, user_id"));
            !r)
            return r.error();
    } else {
        auto all = linkValues({}, {});
        if (!all)
            return all.error();
        QList<LinkValues> unmarked = *all;
        if (auto r = store(unmarked); !r)
            return r;
    }
    // The few marked links again, so their marks apply (or go, if stale).
    auto q = runSql(m_db, QStringLiteral("SELECT DISTINCT user_id, client_id FROM "
                                         "accord_intended_differences"));
    if (!q)
        return q.error();
    TouchedRecords marked;
    while (q->next())
        marked.links.insert({q->value(0).toLongLong(), q->value(1).toLongLong()});
    return marked.isEmpty() ? Result<void>() : refresh(marked);
}

Result<void> DifferenceStore::mark(qint64 userId, qint64 clientId, const QString& field,
                                   const QString& note, const QString& markedBy,
                                   const std::pair<QStringList, QStringList>* seen) const
{
    if (!field.isEmpty() && !fieldBit(field))
        return Error::validation(QStringLiteral("field"), tr("Unknown field %1.").arg(field));
    auto values = linkValues(QStringLiteral("WHERE l.auth_user_id = ? AND l.client_id = ?"),
                             {userId, clientId});
    if (!values)
        return values.error();
    if (values->isEmpty())
        return Error::make(Error::Kind::NotFound,
                           tr("User %1 has no access to client %2.").arg(userId).arg(clientId));
    const LinkValues& v = values->first();
    if (seen && (seen->first != v.user || seen->second != v.client))
        return Error::make(Error::Kind::Conflict,
                           tr("User %1 or client %2 changed since they were compared; nothing "
                              "was marked. Compare them again.")
                               .arg(userId)
                               .arg(clientId));
    const int index = field.isEmpty() ? -1 : comparedFieldIndex(field);
    bool differs = false;
    for (int i = 0; i < 4; ++i)
        if ((index < 0 || index == i) && compareValues(v.user.at(i), v.client.at(i)))
            differs = true;
    if (!differs)
        return Error::make(Error::Kind::Refused,
                           field.isEmpty()
                               ? tr("User %1 and client %2 do not differ: there is nothing to "
                                    "mark as intended.")
                                     .arg(userId)
                                     .arg(clientId)
                               : tr("%1 does not differ between user %2 and client %3: there is "
                                    "nothing to mark as intended.")
                                     .arg(comparedFieldLabel(field))
                                     .arg(userId)
                                     .arg(clientId));
    if (auto r = runSql(m_db,
                        QStringLiteral("DELETE FROM accord_intended_differences WHERE client_id "
                                       "= ? AND user_id = ? AND field = ?"),
                        {clientId, userId, QString(field + QLatin1String(""))});
        !r)
        return r.error();
    if (auto r = runSql(m_db,
                        QStringLiteral("INSERT INTO accord_intended_differences (client_id, "
                                       "user_id, field, note, marked_by, marked_at, user_values, "
                                       "client_values) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"),
                        {clientId, userId, QString(field + QLatin1String("")),
                         QString(note.trimmed() + QLatin1String("")),
                         QString(markedBy + QLatin1String("")), m_dialect.timestamp(nowText()),
                         v.user.join(separator), v.client.join(separator)});
        !r)
        return r.error();
    TouchedRecords link;
    link.links.insert({userId, clientId});
    return refresh(link);
}

Result<void> DifferenceStore::unmark(qint64 userId, qint64 clientId, const QString& field) const
{
    if (auto r = runSql(m_db,
                        QStringLiteral("DELETE FROM accord_intended_differences WHERE client_id "
                                       "= ? AND user_id = ? AND (field = ? OR ? = '')"),
                        {clientId, userId, QString(field + QLatin1String("")),
                         QString(field + QLatin1String(""))});
        !r)
        return r.error();
    TouchedRecords link;
    link.links.insert({userId, clientId});
    return refresh(link);
}

Result<QList<IntendedMark>> DifferenceStore::marks(qint64 userId, qint64 clientId) const
{
    auto q = runSql(m_db,
                    QStringLiteral("SELECT field, note, marked_by, marked_at FROM "
                                   "accord_intended_differences WHERE client_id = ? AND user_id = "
                                   "? ORDER BY field"),
                    {clientId, userId});
    if (!q)
        return q.error();
    QList<IntendedMark> out;
    while (q->next())
        out << IntendedMark{userId,
                            clientId,
                            q->value(0).toString(),
                            q->value(1).toString(),
                            q->value(2).toString(),
                            storedDate(q->value(3))};
    return out;
}

} // namespace accord
