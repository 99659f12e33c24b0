#include "querycursor.h"

#include "sql.h"

#include <QSqlError>
#include <QSqlRecord>

namespace accord {

QueryCursor::QueryCursor(const QSqlDatabase& db, const QString& sql, const QVariantList& params)
    : m_db(db)
{
    auto q = runSql(db, sql, params);
    if (!q) {
        m_error = q.error().message;
        return;
    }
    m_query = std::move(*q);
    m_texts.resize(m_query.record().count());
}

bool QueryCursor::next()
{
    if (!ok())
        return false;
    if (m_query.next())
        return true;
    if (m_query.lastError().isValid())
        m_error = storageError(m_db, m_query.lastError()).message;
    return false;
}

std::string_view QueryCursor::text(int column) const
{
    if (column < 0 || column >= m_texts.size())
        return {};
    QByteArray& utf8 = m_texts[column];
    utf8 = m_query.value(column).toString().toUtf8();
    return {utf8.constData(), std::size_t(utf8.size())};
}

} // namespace accord
