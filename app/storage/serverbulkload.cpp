#include "serverbulkload.h"

#include "dialect.h"
#include "serversearchindex.h"
#include "sql.h"

namespace accord {

namespace {
const std::array<const char*, 4> tables{"tblusers", "tblclients", "tblusers_clients",
                                        "accord_link_differences"};

// Text of a QString for a BulkTable field.
struct Utf8 {
    explicit Utf8(const QString& s) : bytes(s.toUtf8()) {}
    std::string_view view() const { return {bytes.constData(), std::size_t(bytes.size())}; }
    QByteArray bytes;
};
} // namespace

ServerBulkLoad::ServerBulkLoad(const QSqlDatabase& db, const Dialect& dialect,
                               const std::array<QStringList, 4>& columns)
    : m_db(db), m_dialect(dialect)
{
    for (std::size_t i = 0; i < tables.size(); ++i)
        m_tables.push_back(m_dialect.bulkTable(m_db, QLatin1String(tables[i]), columns[i]));
}

ServerBulkLoad::~ServerBulkLoad()
{
    if (!m_open)
        return;
    (void)runSql(m_db, QStringLiteral("ROLLBACK"));
    for (const QString& statement : m_dialect.bulkLoad(false))
        (void)runSql(m_db, statement);
}

Result<void> ServerBulkLoad::begin()
{
    for (const auto& table : m_tables)
        if (!table)
            return Error::make(
                Error::Kind::Storage,
                QStringLiteral("No bulk writer for %1").arg(m_dialect.displayName()));
    if (auto r = runSql(m_db, m_dialect.beginWrite()); !r)
        return r.error();
    m_open = true;
    for (const QString& statement : m_dialect.bulkLoad(true))
        if (auto r = runSql(m_db, statement); !r)
            return r.error();
    return {};
}

Result<void> ServerBulkLoad::writeKeys(Listed listed, qint64 n,
                                       const std::function<Record(Listed, qint64)>& record)
{
    const bool users = listed == Listed::Users;
    const auto& index = static_cast<const ServerSearchIndex&>(m_dialect.searchIndex());
    QStringList columns =
        QStringList{QStringLiteral("id")} + ServerSearchIndex::foldedColumns(listed);
    const int searchKeyAt = int(columns.indexOf(QStringLiteral("search_key"))) + 1;
    columns << (users ? QStringList{QStringLiteral("last_login_key"), QStringLiteral("two_factor")}
                      : QStringList{QStringLiteral("status_key")})
            << QStringLiteral("dirty");
    auto keys = m_dialect.bulkTable(m_db, ServerSearchIndex::keysTable(listed), columns);
    auto stats = m_dialect.bulkTable(
        m_db, users ? QStringLiteral("accord_user_stats") : QStringLiteral("accord_client_stats"),
        {QStringLiteral("id"),
         users ? QStringLiteral("client_count") : QStringLiteral("user_count")});
    std::unique_ptr<BulkTable> text;
    if (index.hasTextTables())
        text = m_dialect.bulkTable(
            m_db, users ? QStringLiteral("accord_user_text") : QStringLiteral("accord_client_text"),
            {QStringLiteral("id"), QStringLiteral("search_text")});
    for (qint64 i = 0; i < n; ++i) {
        const qint64 id = i + 1;
        const Record r = record(listed, i);
        keys->integer(1, id);
        int at = 2;
        for (const QVariant& key : ServerSearchIndex::fold(listed, r.values)) {
            const Utf8 utf8(key.toString());
            keys->text(at, utf8.view());
            if (text && at == searchKeyAt) {
                text->integer(1, id);
                text->text(2, utf8.view());
                if (!text->step())
                    break;
            }
            ++at;
        }
        if (users) {
            keys->text(at++, Utf8(r.lastLogin).view());
            keys->integer(at++, r.twoFactor ? 1 : 0);
        } else {
            keys->text(at++, Utf8(r.status).view());
        }
        keys->integer(at, 0);
        stats->integer(1, id);
        stats->integer(2, r.linkCount);
        if (!keys->step() || !stats->step())
            break;
    }
    for (BulkTable* table : {keys.get(), stats.get(), text.get()})
        if (table)
            if (auto r = table->finish(); !r)
                return r.error();
    return {};
}

Result<void> ServerBulkLoad::finishRows()
{
    for (const auto& table : m_tables)
        if (auto r = table->finish(); !r)
            return r.error();
    return {};
}

Result<void> ServerBulkLoad::commit(qint64 users, qint64 clients, qint64 links,
                                    const std::function<Record(Listed, qint64)>& record)
{
    if (auto r = finishRows(); !r)
        return r.error();
    if (auto r = writeKeys(Listed::Users, users, record); !r)
        return r.error();
    if (auto r = writeKeys(Listed::Clients, clients, record); !r)
        return r.error();
    for (const auto& [name, value] :
         {std::pair{"users", users}, std::pair{"clients", clients}, std::pair{"links", links}})
        if (auto r =
                runSql(m_db, QStringLiteral("UPDATE accord_counters SET value = ? WHERE name = ?"),
                       {value, QLatin1String(name)});
            !r)
            return r.error();
    for (const char* table : {"tblusers", "tblclients", "tblusers_clients"})
        if (auto r = m_dialect.resetIdentity(m_db, QLatin1String(table)); !r)
            return r.error();
    for (const QString& statement : m_dialect.bulkLoad(false))
        if (auto r = runSql(m_db, statement); !r)
            return r.error();
    if (auto r = runSql(m_db, QStringLiteral("COMMIT")); !r)
        return r.error();
    m_open = false;
    // The planner's statistics of tables that were empty a moment ago (whether a term is
    // rare enough for its index or common enough to walk the ids).
    for (const QString& statement : m_dialect.analyzeAfterBulkLoad())
        (void)runSql(m_db, statement);
    return {};
}

} // namespace accord
