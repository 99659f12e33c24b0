#include "bulktable.h"

#include <QSqlField>
#include <QSqlRecord>

namespace accord {

BulkTable::BulkTable(QSqlDatabase db, QString table, QStringList columns)
    : m_db(std::move(db)), m_table(std::move(table)), m_columns(std::move(columns)),
      m_fields(std::size_t(m_columns.size()))
{
    const QSqlRecord record = m_db.record(m_table);
    for (const QString& column : m_columns) {
        const int type = record.field(column).metaType().id();
        m_temporal.push_back(type == QMetaType::QDateTime || type == QMetaType::QDate);
    }
}

void BulkTable::integer(int i, std::int64_t v)
{
    m_fields[std::size_t(i - 1)] = std::to_string(v);
}

void BulkTable::text(int i, std::string_view v)
{
    std::string& field = m_fields[std::size_t(i - 1)];
    field.clear();
    encodeText(field, v, m_temporal[std::size_t(i - 1)]);
}

void BulkTable::null(int i)
{
    std::string& field = m_fields[std::size_t(i - 1)];
    field.clear();
    encodeNull(field);
}

bool BulkTable::step()
{
    if (m_failed)
        return false;
    appendRow(m_pending, m_fields);
    ++m_pendingRows;
    if (!ready(m_pending))
        return true;
    if (auto r = send(m_pending); !r) {
        m_failed = true;
        m_error = r.error();
        return false;
    }
    m_pending.clear();
    m_pendingRows = 0;
    return true;
}

Result<void> BulkTable::finish()
{
    if (!m_failed && m_pendingRows > 0) {
        if (auto r = send(m_pending); !r) {
            m_failed = true;
            m_error = r.error();
        }
        m_pending.clear();
        m_pending.shrink_to_fit();
        m_pendingRows = 0;
    }
    if (m_failed)
        return m_error;
    return {};
}

} // namespace accord
