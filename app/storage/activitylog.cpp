#include "activitylog.h"

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

} // namespace accord
