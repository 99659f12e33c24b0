#pragma once

#include "domain/result.h"

#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace accord {

// accord_settings: choices remembered by the database itself (name -> value), so every
// admin and every headless command on it sees the same. Only Accord's own databases have
// the table; callers ask Database::hasDifferenceTable() first.
class SettingsRepository
{
public:
    explicit SettingsRepository(QSqlDatabase db) : m_db(std::move(db)) {}

    Result<std::optional<QString>> value(const QString& name) const;
    // Replaces the value; run it inside the caller's write transaction.
    Result<void> setValue(const QString& name, const QString& value) const;

private:
    QSqlDatabase m_db;
};

} // namespace accord
