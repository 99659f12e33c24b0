#include "transaction.h"

#include "searchindex.h"
#include "sql.h"

#include <QCoreApplication>

namespace accord {

Transaction::Transaction(Database& database) : m_database(database), m_db(database.connection()) {}

Transaction::~Transaction()
{
    rollback();
}

Result<void> Transaction::begin()
{
    if (m_database.isReadOnly())
        return Error::make(Error::Kind::ReadOnly, m_database.readOnlyReason().isEmpty()
                                                      ? QCoreApplication::translate(
                                                            "Storage", "The database is read-only.")
                                                      : m_database.readOnlyReason());
    if (auto r = runSql(m_db, m_database.dialect().beginWrite()); !r)
        return r.error();
    m_open = true;
    return {};
}

Result<void> Transaction::commit()
{
    if (auto r = runSql(m_db, QStringLiteral("COMMIT")); !r)
        return r.error(); // the destructor rolls back
    m_open = false;
    m_database.dialect().searchIndex().afterCommit(m_db);
    return {};
}

void Transaction::rollback()
{
    if (!m_open)
        return;
    m_open = false;
    QSqlQuery q(m_db);
    q.exec(QStringLiteral("ROLLBACK"));
}

} // namespace accord
