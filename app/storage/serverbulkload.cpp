#include "serverbulkload.h"

#include "database.h"
#include "dialect.h"
#include "mroongatext.h"
#include "pendingindexes.h"
#include "serversearchindex.h"
#include "sql.h"

#include <QCoreApplication>
#include <QScopeGuard>

#include <future>

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

ServerBulkLoad::ServerBulkLoad(Database& database, const std::array<QStringList, 4>& columns)
    : m_database(database), m_db(database.connection()), m_dialect(database.dialect())
{
    for (std::size_t i = 0; i < tables.size(); ++i)
        m_tables.push_back(m_dialect.bulkTable(m_db, QLatin1String(tables[i]), columns[i]));
}

ServerBulkLoad::~ServerBulkLoad()
{
    if (!m_open)
        return;
    try {
        (void)waitForTexts();
    } catch (...) { // (what the texts' thread threw: the rollback still comes)
    }
    for (const QString& statement : m_dialect.bulkLoad(false)) // (a session's or the load's)
        (void)runSql(m_db, statement);
    (void)runSql(m_db, QStringLiteral("ROLLBACK"));
    if (m_textsStarted[0] || m_textsStarted[1])
        emptyTexts();
    // Indexes dropped before the transaction (MariaDB): made again over the empty tables.
    if (!m_dialect.hasTransactionalDdl())
        if (auto r = PendingIndexes::build(m_db, m_dialect); !r)
            qWarning("accord: warning: indexes a refused load dropped are still missing (the "
                     "next open builds them): %s",
                     qPrintable(r.error().message));
}

Result<void> ServerBulkLoad::dropIndexes()
{
    auto dropped = m_dialect.dropForBulkLoad(
        m_db, {QStringLiteral("tblusers"), QStringLiteral("tblclients"),
               QStringLiteral("tblusers_clients"), QStringLiteral("accord_link_differences"),
               QStringLiteral("accord_user_keys"), QStringLiteral("accord_client_keys"),
               QStringLiteral("accord_user_stats"), QStringLiteral("accord_client_stats")});
    if (!dropped)
        return dropped.error();
    m_droppedIndexes = *dropped;
    return {};
}

Result<void> ServerBulkLoad::begin()
{
    for (const auto& table : m_tables)
        if (!table)
            return Error::make(
                Error::Kind::Storage,
                QStringLiteral("No bulk writer for %1").arg(m_dialect.displayName()));
    m_open = true; // from here on the destructor undoes what is done
    // DDL that would commit the load's transaction comes before it (MariaDB).
    const bool dropInside = m_dialect.hasTransactionalDdl();
    if (!dropInside)
        if (auto r = dropIndexes(); !r)
            return r.error();
    if (auto r = runSql(m_db, m_dialect.beginWrite()); !r)
        return r.error();
    for (const QString& statement : m_dialect.bulkLoad(true))
        if (auto r = runSql(m_db, statement); !r)
            return r.error();
    if (!dropInside)
        return {};
    if (auto r = dropIndexes(); !r)
        return r.error();
    auto quiet = m_dialect.quietTriggersForBulkLoad(
        m_db, {QStringLiteral("tblusers"), QStringLiteral("tblclients"),
               QStringLiteral("tblusers_clients"), QStringLiteral("accord_link_differences")});
    if (!quiet)
        return quiet.error();
    m_quietTriggers = *quiet;
    return {};
}

ServerBulkLoad::KeyTables ServerBulkLoad::keyTables(Listed listed) const
{
    const bool users = listed == Listed::Users;
    QStringList columns =
        QStringList{QStringLiteral("id")} + ServerSearchIndex::foldedColumns(listed);
    columns << (users ? QStringList{QStringLiteral("last_login_key"), QStringLiteral("two_factor")}
                      : QStringList{QStringLiteral("status_key")})
            << QStringLiteral("dirty");
    return {m_dialect.bulkTable(m_db, ServerSearchIndex::keysTable(listed), columns),
            m_dialect.bulkTable(m_db,
                                users ? QStringLiteral("accord_user_stats")
                                      : QStringLiteral("accord_client_stats"),
                                {QStringLiteral("id"), users ? QStringLiteral("client_count")
                                                             : QStringLiteral("user_count")})};
}

Result<void> ServerBulkLoad::writeKeys(Listed listed, KeyTables& tables, qint64 n,
                                       const std::function<Record(Listed, qint64)>& record)
{
    BulkTable& keys = *tables.keys;
    BulkTable& stats = *tables.stats;
    for (qint64 i = 0; i < n; ++i) {
        const qint64 id = i + 1;
        const Record r = record(listed, i);
        keys.integer(1, id);
        int at = 2;
        for (const QVariant& key : ServerSearchIndex::fold(listed, r.values))
            keys.text(at++, Utf8(key.toString()).view());
        if (listed == Listed::Users) {
            keys.text(at++, Utf8(r.lastLogin).view());
            keys.integer(at++, r.twoFactor ? 1 : 0);
        } else {
            keys.text(at++, Utf8(r.status).view());
        }
        keys.integer(at, 0);
        stats.integer(1, id);
        stats.integer(2, r.linkCount);
        if (!keys.step() || !stats.step())
            break;
    }
    for (BulkTable* table : {&keys, &stats})
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

bool ServerBulkLoad::hasTextTables() const
{
    return static_cast<const ServerSearchIndex&>(m_dialect.searchIndex()).hasTextTables();
}

Result<void> ServerBulkLoad::writeTexts(Listed listed, qint64 n,
                                        const std::function<QStringList(qint64)>& values) const
{
    const MroongaText text(listed, ServerSearchIndex::keysTable(listed));
    auto written = [&]() -> Result<void> {
        const QSqlDatabase db = m_database.connection(); // (this thread's own)
        // (Emptied first: a load killed before its commit leaves texts that name no row.)
        for (const QString& sql :
             {QStringLiteral("TRUNCATE TABLE %1").arg(text.table()), text.dropIndex()})
            if (auto r = runSql(db, sql); !r)
                return r.error();
        auto rows = m_dialect.bulkTable(db, text.table(),
                                        {QStringLiteral("id"), QStringLiteral("search_text")});
        const int searchKeyAt =
            int(ServerSearchIndex::foldedColumns(listed).indexOf(QStringLiteral("search_key")));
        for (qint64 i = 0; i < n; ++i) {
            const QVariantList keys = ServerSearchIndex::fold(listed, values(i));
            rows->integer(1, i + 1);
            rows->text(2, Utf8(keys.at(searchKeyAt).toString()).view());
            if (!rows->step())
                break;
        }
        if (auto r = rows->finish(); !r)
            return r.error();
        if (auto r = runSql(db, text.addIndex()); !r)
            return r.error();
        return MroongaText::noteWritten(db);
    }();
    m_database.releaseThreadConnection(); // (no handle of the connection left)
    return written;
}

void ServerBulkLoad::startTexts(Listed listed, qint64 n, std::function<QStringList(qint64)> values)
{
    bool& started = m_textsStarted[listed == Listed::Users ? 0 : 1];
    if (started || !hasTextTables())
        return;
    started = true;
    // After the table before it (one connection's worth of the server at a time beside the
    // load's own).
    m_texts = std::async(std::launch::async, [this, listed, n, values = std::move(values),
                                              before = std::move(m_texts)]() mutable {
        if (before.valid())
            if (Result<void> r = before.get(); !r)
                return r;
        return writeTexts(listed, n, values);
    });
}

Result<void> ServerBulkLoad::waitForTexts()
{
    return m_texts.valid() ? m_texts.get() : Result<void>();
}

void ServerBulkLoad::emptyTexts()
{
    // No rows for the texts to name (after the rollback: this DDL would commit).
    for (Listed listed : {Listed::Users, Listed::Clients}) {
        const MroongaText text(listed, ServerSearchIndex::keysTable(listed));
        (void)runSql(m_db, QStringLiteral("TRUNCATE TABLE %1").arg(text.table()));
        (void)runSql(m_db, text.addIndex());
    }
    (void)MroongaText::noteWritten(m_db);
}

Result<void> ServerBulkLoad::commit(qint64 users, qint64 clients, qint64 links,
                                    const std::function<Record(Listed, qint64)>& record)
{
    if (auto r = finishRows(); !r)
        return r.error();
    for (auto [listed, n] : {std::pair{Listed::Users, users}, std::pair{Listed::Clients, clients}})
        startTexts(listed, n,
                   [&record, listed = listed](qint64 i) { return record(listed, i).values; });
    // (Those texts read `record`: never left running past this call, whatever happens.)
    const auto joinTexts = qScopeGuard([this] {
        if (m_texts.valid())
            m_texts.wait();
    });
    // Users' keys folded on this thread, clients' on another (folding is most of the
    // work); their rows share the connection, one batch in flight at a time.
    KeyTables userKeys = keyTables(Listed::Users);
    KeyTables clientKeys = keyTables(Listed::Clients);
    auto clientKeysWritten = std::async(std::launch::async, [&] {
        return writeKeys(Listed::Clients, clientKeys, clients, record);
    });
    Result<void> keysWritten = writeKeys(Listed::Users, userKeys, users, record);
    if (Result<void> c = clientKeysWritten.get(); keysWritten && !c)
        keysWritten = c.error();
    if (Result<void> t = waitForTexts(); keysWritten && !t)
        keysWritten = t.error();
    if (!keysWritten)
        return keysWritten.error();
    for (const auto& [name, value] :
         {std::pair{"users", users}, std::pair{"clients", clients}, std::pair{"links", links}})
        if (auto r =
                runSql(m_db, QStringLiteral("UPDATE accord_counters SET value = ? WHERE name = ?"),
                       {value, QLatin1String(name)});
            !r)
            return r.error();
    // Unique indexes hold before the commit; the others are built after it, two at a time
    // where the engine can (recorded first, so a load stopped part-way still gets them).
    QStringList later;
    for (const QString& index : std::as_const(m_droppedIndexes)) {
        if (m_dialect.buildsIndexesAfterBulkLoad() &&
            !index.startsWith(QLatin1String("CREATE UNIQUE"))) {
            later << index;
            continue;
        }
        if (auto r = runSql(m_db, index); !r)
            return r.error();
    }
    if (m_dialect.hasTransactionalDdl()) // (MariaDB's were recorded before they were dropped)
        if (auto r = PendingIndexes::record(m_db, later); !r)
            return r.error();
    for (const char* table : {"tblusers", "tblclients", "tblusers_clients"})
        if (auto r = m_dialect.resetIdentity(m_db, QLatin1String(table)); !r)
            return r.error();
    for (const QString& statement : std::as_const(m_quietTriggers))
        if (auto r = runSql(m_db, statement); !r)
            return r.error();
    if (auto r = runSql(m_db, QStringLiteral("COMMIT")); !r) {
        Error e = r.error();
        e.message = QCoreApplication::translate(
                        "Storage", "The server refused the rows at the commit (%1); nothing "
                                   "was written.")
                        .arg(e.message);
        return e;
    }
    m_open = false;
    const Result<void> held = checkCommitHeld(users);
    // What was set aside is made again whatever the check found (then the planner's
    // statistics of tables that were empty a moment ago: whether a term is rare enough for
    // its index or common enough to walk the ids).
    Result<void> built;
    if (m_dialect.buildsIndexesAfterBulkLoad())
        built = PendingIndexes::buildAll(m_database, m_db, 2, m_dialect.analyzeAfterBulkLoad());
    else
        for (const QString& statement : m_dialect.analyzeAfterBulkLoad())
            (void)runSql(m_db, statement);
    if (!held) {
        if (m_textsStarted[0] || m_textsStarted[1])
            emptyTexts();
        return held.error();
    }
    return built;
}

Result<void> ServerBulkLoad::checkCommitHeld(qint64 users) const
{
    // (MariaDB's session variable; PostgreSQL's SET LOCAL ended with the transaction.)
    for (const QString& statement : m_dialect.bulkLoad(false))
        if (auto r = runSql(m_db, statement); !r)
            return r.error();
    // Never taken on the server's word alone (the `mariadb` shell reported OK for a COMMIT
    // InnoDB had rolled back): the counters were written in the same transaction.
    auto held = runSql(m_db, QStringLiteral("SELECT value FROM accord_counters WHERE name = ?"),
                       {QStringLiteral("users")});
    if (!held)
        return held.error();
    if (!held->next() || held->value(0).toLongLong() != users)
        return Error::make(Error::Kind::Storage,
                           QCoreApplication::translate(
                               "Storage", "%1 did not keep the rows it was sent (a duplicate "
                                          "key?); nothing was written.")
                               .arg(m_dialect.displayName()));
    return {};
}

} // namespace accord
