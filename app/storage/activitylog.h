#pragma once

#include "domain/result.h"
#include "rowstore.h"

namespace accord {

// tblactivitylog: one row per change, in the vendor's wording.
class ActivityLog
{
public:
    ActivityLog(QSqlDatabase db, const Dialect& dialect, QString operatorName)
        : m_rows(std::move(db), dialect), m_operator(std::move(operatorName))
    {
    }
    Result<void> write(const QString& description, qint64 clientId, qint64 userId) const;

private:
    RowStore m_rows;
    QString m_operator;
};

} // namespace accord
