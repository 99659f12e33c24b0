#include "batchinsert.h"

#include "sql.h"

#include <QSqlField>
#include <QSqlRecord>

namespace accord {

BatchInsert::BatchInsert(QSqlDatabase db, const Dialect& dialect, QString table,
                         QStringList columns, int rowsPerStatement)
    : m_db(std::move(db)), m_dialect(dialect), m_table(std::move(table)),
      m_columns(std::move(columns)), m_rowsPerStatement(rowsPerStatement),
      m_row(std::size_t(m_columns.size()))
{
    const QSqlRecord record = m_db.record(m_table);
    for (const QString& column : m_columns) {
        const int type = record.field(column).metaType().id();
        m_temporal.push_back(type == QMetaType::QDateTime || type == QMetaType::QDate);
    }
}

void BatchInsert::updateExisting(const QString& key)
{
    QStringList others = m_columns;
    others.removeAll(key);
    m_suffix = m_dialect.upsert(key, others);
}

void BatchInsert::text(int i, std::string_view v)
{
    const auto at = std::size_t(i - 1);
    QVariant value = QString::fromUtf8(v.data(), qsizetype(v.size()));
    m_row[at] = m_temporal[at] ? m_dialect.timestamp(value) : value;
}

bool BatchInsert::step()
{
    if (!ok())
        return false;
    for (QVariant& v : m_row)
        m_pending << std::exchange(v, QVariant());
    if (++m_pendingRows >= m_rowsPerStatement)
        return flush();
    return true;
}

Result<void> BatchInsert::finish()
{
    if (ok())
        flush();
    if (m_failed)
        return m_error;
    return {};
}

bool BatchInsert::flush()
{
    if (m_pendingRows == 0)
        return true;
    QStringList quoted;
    for (const QString& c : m_columns)
        quoted << m_dialect.quoteIdentifier(c);
    const QString one = QLatin1Char('(') + QStringLiteral("?, ").repeated(m_columns.size() - 1) +
                        QStringLiteral("?)");
    QStringList rows;
    for (int r = 0; r < m_pendingRows; ++r)
        rows << one;
    auto q = runSql(m_db,
                    QStringLiteral("INSERT INTO %1 (%2) VALUES %3%4")
                        .arg(m_table, quoted.join(QLatin1String(", ")),
                             rows.join(QLatin1String(", ")), m_suffix),
                    m_pending);
    m_pending.clear();
    m_pendingRows = 0;
    if (!q) {
        m_failed = true;
        m_error = q.error();
        return false;
    }
    return true;
}

} // namespace accord
