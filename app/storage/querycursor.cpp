#include "querycursor.h"

#include "dialect.h"
#include "sql.h"

#include <QSqlError>
#include <QSqlRecord>

namespace accord {

QueryCursor::QueryCursor(const QSqlDatabase& db, const QString& sql, const QVariantList& params)
    : m_db(db)
{
    // Forward-only: the rows stream (a reader of a cursor runs nothing else meanwhile).
    m_query = QSqlQuery(db);
    m_query.setForwardOnly(true);
    const QString inlined =
        params.isEmpty() ? sql : Dialect::of(db).withParameters(db, sql, params);
    bool ok = !inlined.isEmpty() ? m_query.exec(inlined) : m_query.prepare(sql);
    if (ok && inlined.isEmpty()) {
        for (const QVariant& p : params)
            m_query.addBindValue(p);
        ok = m_query.exec();
    }
    if (!ok) {
        m_error = storageError(db, m_query.lastError()).message;
        return;
    }
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

std::string_view QueryCursor::bytes(int column) const
{
    if (column < 0 || column >= m_texts.size())
        return {};
    QByteArray& raw = m_texts[column];
    raw = m_query.value(column).toByteArray();
    return {raw.constData(), std::size_t(raw.size())};
}

} // namespace accord
