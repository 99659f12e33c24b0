#include "bulktable.h"

#include <QCoreApplication>
#include <QSqlField>
#include <QSqlRecord>

#include <map>

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

BulkTable::~BulkTable()
{
    if (m_channel) { // a send of this table's rows may still use the table
        const std::lock_guard lock(m_channel->mutex);
        (void)m_channel->wait();
    }
}

Result<void> BulkTable::Channel::wait()
{
    if (!inflight.valid())
        return {};
    Result<void> sent = inflight.get();
    rows.clear();
    return sent;
}

std::shared_ptr<BulkTable::Channel> BulkTable::channelOf(const QSqlDatabase& db)
{
    static std::mutex mutex;
    static std::map<QString, std::weak_ptr<Channel>> channels;
    const std::lock_guard lock(mutex);
    std::weak_ptr<Channel>& known = channels[db.connectionName()];
    std::shared_ptr<Channel> channel = known.lock();
    if (!channel) {
        channel = std::make_shared<Channel>();
        known = channel;
    }
    return channel;
}

void BulkTable::fail(const Error& error)
{
    m_failed = true;
    m_error = error;
}

Result<void> BulkTable::sendPending()
{
    if (!sendsInBackground())
        return send(m_pending);
    if (!m_channel)
        m_channel = channelOf(m_db);
    const std::lock_guard lock(m_channel->mutex);
    // The previous batch first (a refusal of another table's rows stops this one too).
    if (auto r = m_channel->wait(); !r)
        return r;
    m_channel->rows.swap(m_pending);
    Channel* channel = m_channel.get();
    channel->inflight =
        std::async(std::launch::async, [this, channel] { return send(channel->rows); });
    return {};
}

void BulkTable::refuse(std::size_t column, std::string_view value)
{
    if (m_failed)
        return;
    fail(Error::make(Error::Kind::Validation,
                     QCoreApplication::translate("Storage", "%1.%2 cannot hold “%3”.")
                         .arg(m_table, m_columns.value(qsizetype(column)),
                              QString::fromUtf8(value.data(), qsizetype(value.size())))));
}

bool BulkTable::encodeInteger(std::string& out, std::size_t, std::int64_t v) const
{
    out = std::to_string(v);
    return true;
}

void BulkTable::integer(int i, std::int64_t v)
{
    const auto column = std::size_t(i - 1);
    std::string& field = m_fields[column];
    field.clear();
    if (!encodeInteger(field, column, v))
        refuse(column, std::to_string(v));
}

void BulkTable::text(int i, std::string_view v)
{
    const auto column = std::size_t(i - 1);
    std::string& field = m_fields[column];
    field.clear();
    if (!encodeText(field, column, v, m_temporal[column]))
        refuse(column, v);
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
    if (auto r = sendPending(); !r) {
        fail(r.error());
        return false;
    }
    m_pending.clear();
    m_pendingRows = 0;
    return true;
}

Result<void> BulkTable::finish()
{
    if (sendsInBackground() && !m_channel)
        m_channel = channelOf(m_db);
    std::unique_lock<std::mutex> lock;
    if (m_channel) {
        lock = std::unique_lock(m_channel->mutex);
        if (!m_failed)
            if (auto r = m_channel->wait(); !r)
                fail(r.error());
    }
    if (!m_failed && m_pendingRows > 0) {
        if (auto r = send(m_pending); !r)
            fail(r.error());
        m_pending.clear();
        m_pending.shrink_to_fit();
        m_pendingRows = 0;
    }
    if (m_failed)
        return m_error;
    return {};
}

bool TabSeparatedTable::encodeText(std::string& out, std::size_t, std::string_view v,
                                   bool isTemporal) const
{
    std::string value(v);
    if (isTemporal)
        temporal(value);
    out.reserve(value.size());
    for (const char ch : value) {
        switch (ch) {
        case '\\':
            out += "\\\\";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        default:
            out += ch;
        }
    }
    return true;
}

void TabSeparatedTable::appendRow(std::string& pending, const std::vector<std::string>& fields)
{
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0)
            pending += '\t';
        pending += fields[i];
    }
    pending += '\n';
}

bool TabSeparatedTable::ready(const std::string& pending) const
{
    return pending.size() >= 32 * 1024 * 1024;
}

} // namespace accord
