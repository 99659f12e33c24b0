#include "settingsrepository.h"

#include "sql.h"

namespace accord {

Result<std::optional<QString>> SettingsRepository::value(const QString& name) const
{
    auto q =
        runSql(m_db, QStringLiteral("SELECT value FROM accord_settings WHERE name = ?"), {name});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<QString>();
    return std::optional<QString>(q->value(0).toString());
}

Result<void> SettingsRepository::setValue(const QString& name, const QString& value) const
{
    if (auto r = runSql(m_db, QStringLiteral("DELETE FROM accord_settings WHERE name = ?"), {name});
        !r)
        return r.error();
    if (auto r =
            runSql(m_db, QStringLiteral("INSERT INTO accord_settings (name, value) VALUES (?, ?)"),
                   {name, value});
        !r)
        return r.error();
    return {};
}

} // namespace accord
