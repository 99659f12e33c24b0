#include "bulkstatement.h"

#include <sqlite3.h>

namespace accord {

BulkStatement::BulkStatement(sqlite3* db, const char* sql)
{
    m_ok = sqlite3_prepare_v2(db, sql, -1, &m_stmt, nullptr) == SQLITE_OK;
    m_texts.resize(std::size_t(sqlite3_bind_parameter_count(m_stmt)) + 1);
}

BulkStatement::~BulkStatement()
{
    sqlite3_finalize(m_stmt);
}

void BulkStatement::text(int i, std::string_view s)
{
    std::string& buffer = m_texts[std::size_t(i)];
    buffer.assign(s);
    sqlite3_bind_text(m_stmt, i, buffer.data(), int(buffer.size()), SQLITE_STATIC);
}

void BulkStatement::blob(int i, std::string_view bytes)
{
    std::string& buffer = m_texts[std::size_t(i)];
    buffer.assign(bytes);
    sqlite3_bind_blob(m_stmt, i, buffer.data(), int(buffer.size()), SQLITE_STATIC);
}

void BulkStatement::integer(int i, std::int64_t v)
{
    sqlite3_bind_int64(m_stmt, i, v);
}

void BulkStatement::null(int i)
{
    sqlite3_bind_null(m_stmt, i);
}

bool BulkStatement::step()
{
    const int rc = sqlite3_step(m_stmt);
    sqlite3_reset(m_stmt);
    return rc == SQLITE_DONE;
}

} // namespace accord
