#pragma once

#include "dialect.h"
#include "domain/result.h"
#include "sql.h"

#include <QSqlDatabase>

namespace accord {

// One moment of a live database for a long read on one connection (an export): begun by
// the dialect's statements, ended on every path when it goes.
class ConsistentRead
{
public:
    explicit ConsistentRead(QSqlDatabase db) : m_db(std::move(db)) {}
    ~ConsistentRead() { end(); }
    ConsistentRead(const ConsistentRead&) = delete;
    ConsistentRead& operator=(const ConsistentRead&) = delete;

    Result<void> begin(const Dialect& dialect)
    {
        for (const QString& statement : dialect.beginConsistentRead()) {
            if (auto r = runSql(m_db, statement); !r)
                return r.error();
            m_open = true;
        }
        return {};
    }

    // Ends it now (COMMIT), before the reader goes on to other work.
    void end()
    {
        if (m_open)
            (void)runSql(m_db, QStringLiteral("COMMIT"));
        m_open = false;
    }

private:
    QSqlDatabase m_db;
    bool m_open = false;
};

} // namespace accord
