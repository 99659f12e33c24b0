#include "activitylog.h"

#include "sql.h"

namespace accord {

Result<void> ActivityLog::write(const QString& description, qint64 clientId, qint64 userId) const
{
    auto id = m_rows.insert(QStringLiteral("tblactivitylog"),
                            {{QStringLiteral("date"), nowText()},
                             {QStringLiteral("description"), description},
                             {QStringLiteral("user"), m_operator},
                             {QStringLiteral("userid"), clientId},
                             {QStringLiteral("user_id"), userId},
                             {QStringLiteral("admin_id"), 0},
                             {QStringLiteral("ipaddr"), QString(QLatin1String(""))}});
    if (!id)
        return id.error();
    return {};
}

Result<QList<ActivityEntry>> ActivityLog::newest(const Filter& filter) const
{
    QStringList where{QStringLiteral("1 = 1")};
    QVariantList params;
    if (filter.userId) {
        where << QStringLiteral("user_id = ?");
        params << filter.userId;
    }
    if (filter.clientId) {
        where << QStringLiteral("userid = ?");
        params << filter.clientId;
    }
    if (!filter.text.isEmpty()) {
        // instr, not LIKE: the text is data, '%' and '_' are ordinary characters.
        where << QStringLiteral("instr(lower(description), lower(?)) > 0");
        params << filter.text;
    }
    params << filter.limit;
    auto q = runSql(m_rows.db(),
                    QStringLiteral("SELECT id, date, description, user, userid, user_id FROM "
                                   "tblactivitylog WHERE %1 ORDER BY id DESC LIMIT ?")
                        .arg(where.join(QLatin1String(" AND "))),
                    params);
    if (!q)
        return q.error();
    QList<ActivityEntry> out;
    while (q->next())
        out << ActivityEntry{q->value(0).toLongLong(), storedDate(q->value(1)),
                             q->value(2).toString(),   q->value(3).toString(),
                             q->value(4).toLongLong(), q->value(5).toLongLong()};
    return out;
}

} // namespace accord
