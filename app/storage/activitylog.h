#pragma once

#include "domain/result.h"
#include "rowstore.h"

#include <QDateTime>
#include <QList>

namespace accord {

struct ActivityEntry {
    qint64 id = 0;
    QDateTime date;
    QString description;
    QString user; // who acted
    qint64 clientId = 0;
    qint64 userId = 0;
    friend bool operator==(const ActivityEntry&, const ActivityEntry&) = default;
};

// tblactivitylog: one row per change, in the vendor's wording.
class ActivityLog
{
public:
    ActivityLog(QSqlDatabase db, const Dialect& dialect, QString operatorName)
        : m_rows(std::move(db), dialect), m_operator(std::move(operatorName))
    {
    }
    Result<void> write(const QString& description, qint64 clientId, qint64 userId) const;

    struct Filter {
        qint64 userId = 0;
        qint64 clientId = 0;
        QString text;
        int limit = 200;
    };
    Result<QList<ActivityEntry>> newest(const Filter& filter) const;

private:
    RowStore m_rows;
    QString m_operator;
};

} // namespace accord
