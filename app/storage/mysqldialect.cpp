#include "mysqldialect.h"

#include "bulktable.h"
#include "database.h"
#include "pendingindexes.h"
#include "queryinterrupter.h"
#include "rowcursor.h"
#include "serversearchindex.h"
#include "sql.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlError>

#include <mysql.h>

#include <charconv>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <thread>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Storage", text);
}

MYSQL* connectionHandle(const QSqlDatabase& db)
{
    const QVariant v = db.driver() ? db.driver()->handle() : QVariant();
    // Qt names the type by its struct tag (st_mysql*).
    if (!v.isValid() ||
        (qstrcmp(v.typeName(), "st_mysql*") != 0 && qstrcmp(v.typeName(), "MYSQL*") != 0))
        return nullptr;
    return *static_cast<MYSQL* const*>(v.data());
}

// Rows as Connector/C hands them over, streamed (mysql_use_result): text and its length,
// no QVariant, QString or UTF-16 copy per value, which cost a two-million-line report
// two thirds of its time through QSqlQuery (the driver also keeps the whole result).
class MysqlTextCursor final : public TextRowCursor
{
public:
    MysqlTextCursor(const QSqlDatabase& db, const QString& sql)
    {
        m_mysql = connectionHandle(db);
        if (!m_mysql) {
            m_error = tr("No MariaDB connection for the read.");
            return;
        }
        const QByteArray utf8 = sql.toUtf8();
        if (mysql_real_query(m_mysql, utf8.constData(), utf8.size()) != 0) {
            m_error = QString::fromUtf8(mysql_error(m_mysql));
            return;
        }
        m_result = mysql_use_result(m_mysql);
        if (!m_result) {
            if (mysql_field_count(m_mysql) != 0)
                m_error = QString::fromUtf8(mysql_error(m_mysql));
            return;
        }
        m_columns = int(mysql_num_fields(m_result));
    }
    ~MysqlTextCursor() override
    {
        if (m_result)
            mysql_free_result(m_result); // (reads and drops the rows not yet read)
    }
    MysqlTextCursor(const MysqlTextCursor&) = delete;
    MysqlTextCursor& operator=(const MysqlTextCursor&) = delete;

    bool ok() const override { return m_error.isEmpty(); }
    QString error() const override { return m_error; }
    bool next() override
    {
        if (!m_result)
            return false;
        m_row = mysql_fetch_row(m_result);
        if (m_row) {
            m_lengths = mysql_fetch_lengths(m_result);
            return true;
        }
        if (mysql_errno(m_mysql) != 0)
            m_error = QString::fromUtf8(mysql_error(m_mysql));
        return false;
    }
    std::string_view text(int column) const override
    {
        if (!m_row || column < 0 || column >= m_columns || !m_row[column])
            return {};
        return {m_row[column], std::size_t(m_lengths[column])};
    }
    bool isNull(int column) const override
    {
        return !m_row || column < 0 || column >= m_columns || !m_row[column];
    }

private:
    MYSQL* m_mysql = nullptr;
    MYSQL_RES* m_result = nullptr;
    MYSQL_ROW m_row = nullptr;
    unsigned long* m_lengths = nullptr;
    int m_columns = 0;
    QString m_error;
};

// KILL QUERY on a second connection of its own, from a thread of its own: the caller (a
// keystroke on the GUI thread) never waits for the server.
class MysqlInterrupter : public QueryInterrupter
{
public:
    MysqlInterrupter(unsigned long threadId, DatabaseLocation location)
        : m_threadId(threadId), m_location(std::move(location)), m_thread([this] { run(); })
    {
    }
    ~MysqlInterrupter() override
    {
        {
            std::lock_guard lock(m_mutex);
            m_stopping = true;
        }
        m_wake.notify_one();
        m_thread.join();
    }
    void interrupt() override
    {
        {
            std::lock_guard lock(m_mutex);
            m_pending = true;
        }
        m_wake.notify_one();
    }

private:
    void run()
    {
        mysql_thread_init();
        MYSQL* killer = nullptr;
        for (;;) {
            {
                std::unique_lock lock(m_mutex);
                m_wake.wait(lock, [this] { return m_pending || m_stopping; });
                if (m_stopping)
                    break;
                m_pending = false;
            }
            if (!killer)
                killer = connect();
            const QByteArray kill = "KILL QUERY " + QByteArray::number(qulonglong(m_threadId));
            if (killer && mysql_real_query(killer, kill.constData(), kill.size()) != 0) {
                mysql_close(killer); // lost: a new one next time
                killer = nullptr;
            }
        }
        if (killer)
            mysql_close(killer);
        mysql_thread_end();
    }
    MYSQL* connect() const
    {
        MYSQL* m = mysql_init(nullptr);
        if (!m)
            return nullptr;
        unsigned int timeout = 5;
        mysql_options(m, MYSQL_OPT_CONNECT_TIMEOUT, &timeout);
        const QByteArray ca = m_location.caFile.toLocal8Bit();
        if (m_location.tls != TlsMode::Off)
            mysql_ssl_set(m, nullptr, nullptr, ca.constData(), nullptr, nullptr);
        const QByteArray host = m_location.host.toUtf8(), user = m_location.user.toUtf8(),
                         password = m_location.password.toUtf8();
        if (!mysql_real_connect(m, host.constData(), user.constData(), password.constData(),
                                nullptr, unsigned(m_location.port), nullptr, 0)) {
            mysql_close(m);
            return nullptr;
        }
        return m;
    }

    const unsigned long m_threadId;
    const DatabaseLocation m_location;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    bool m_pending = false;
    bool m_stopping = false;
    std::thread m_thread;
};
} // namespace

void MysqlDialect::prepare(QSqlDatabase& db, const DatabaseLocation& location, bool) const
{
    db.setHostName(location.host);
    db.setPort(location.port);
    db.setUserName(location.user);
    db.setDatabaseName(location.name);
    db.setPassword(location.password);
    QString options = QStringLiteral("CLIENT_FOUND_ROWS;MYSQL_OPT_CONNECT_TIMEOUT=10");
    if (location.tls != TlsMode::Off)
        options += QStringLiteral(";SSL_CA=") + location.caFile;
    db.setConnectOptions(options);
}

QList<TlsMode> MysqlDialect::tlsModes() const
{
    return {TlsMode::Off, TlsMode::VerifyCa};
}

Result<void> MysqlDialect::checkTls(const QSqlDatabase& db, const DatabaseLocation& location) const
{
    if (location.tls == TlsMode::Off)
        return {};
    MYSQL* m = connectionHandle(db);
    if (!m || !mysql_get_ssl_cipher(m)) {
        Error e = Error::make(Error::Kind::Refused,
                              tr("TLS: the connection to %1 is not encrypted, though the "
                                 "profile asks for TLS; Accord does not fall back to plain "
                                 "text.")
                                  .arg(location.display()));
        e.field = QStringLiteral("tls");
        return e;
    }
    return {};
}

bool MysqlDialect::isIdle(const QSqlDatabase& db) const
{
    MYSQL* m = connectionHandle(db);
    unsigned int status = 0;
    if (!m || mariadb_get_infov(m, MARIADB_CONNECTION_SERVER_STATUS, &status) != 0)
        return false;
    return (status & SERVER_STATUS_IN_TRANS) == 0;
}

Error MysqlDialect::connectionError(const QSqlError& error, const DatabaseLocation& location) const
{
    const int code = error.nativeErrorCode().toInt();
    const QString text =
        (error.databaseText().isEmpty() ? error.text() : error.databaseText()).trimmed();
    const QString where = QStringLiteral("%1:%2").arg(location.host).arg(location.port);
    auto refusal = [&](const char* field, const QString& message) {
        Error e = Error::make(Error::Kind::Refused, message).withServerText(text);
        e.field = QLatin1String(field);
        return e;
    };
    switch (code) {
    case 2026: // CR_SSL_CONNECTION_ERROR
        return refusal("tls", tr("TLS failed with %1: %2").arg(where, text));
    case 1045: // ER_ACCESS_DENIED_ERROR
    case 1698: // ER_ACCESS_DENIED_NO_PASSWORD_ERROR
        return refusal("password",
                       tr("Authentication failed: %1 refused user %2 with this password (%3).")
                           .arg(where, location.user, text));
    case 1044: // ER_DBACCESS_DENIED_ERROR
    case 1049: // ER_BAD_DB_ERROR
        return refusal(
            "database",
            tr("No such database on %1 (or none this user may use): %2").arg(where, text));
    case 2002: // CR_CONNECTION_ERROR
    case 2003: // CR_CONN_HOST_ERROR
    case 2005: // CR_UNKNOWN_HOST
        return refusal("host",
                       tr("Host unreachable: nothing answers at %1 (%2).").arg(where, text));
    default:
        break;
    }
    if (text.contains(QLatin1String("SSL")) || text.contains(QLatin1String("TLS")))
        return refusal("tls", tr("TLS failed with %1: %2").arg(where, text));
    return Dialect::connectionError(error, location);
}

Result<void> MysqlDialect::configure(const QSqlDatabase& db, bool) const
{
    const int lockSeconds = std::max(1, (busyTimeoutMs() + 999) / 1000);
    for (const QString& setting :
         {QStringLiteral("SET SESSION sql_mode = 'STRICT_ALL_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
                         "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION'"),
          QStringLiteral("SET SESSION time_zone = '+00:00'"),
          QStringLiteral("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED"),
          QStringLiteral("SET SESSION innodb_lock_wait_timeout = %1").arg(lockSeconds),
          QStringLiteral("SET SESSION max_statement_time = %1")
              .arg(double(statementTimeoutMs()) / 1000.0)})
        if (auto r = runSql(db, setting); !r)
            return r.error();
    return {};
}

Error MysqlDialect::error(const QSqlError& error) const
{
    const int code = error.nativeErrorCode().toInt();
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    switch (code) {
    case 1062: // ER_DUP_ENTRY
    case 1586: // ER_DUP_ENTRY_WITH_KEY_NAME
        return Error::make(Error::Kind::Clash, tr("That value is already used: %1").arg(text));
    case 1044: // ER_DBACCESS_DENIED_ERROR
    case 1142: // ER_TABLEACCESS_DENIED_ERROR
    case 1143: // ER_COLUMNACCESS_DENIED_ERROR
    case 1227: // ER_SPECIFIC_ACCESS_DENIED_ERROR
        return Error::make(Error::Kind::ReadOnly,
                           tr("read-only: your database role may not change data"))
            .withServerText(text);
    case 1290: // ER_OPTION_PREVENTS_STATEMENT (--read-only)
    case 1792: // ER_CANT_EXECUTE_IN_READ_ONLY_TRANSACTION
    case 1036: // ER_OPEN_AS_READONLY
        return Error::make(Error::Kind::ReadOnly, tr("read-only: the server accepts no changes"))
            .withServerText(text);
    case 1317: // ER_QUERY_INTERRUPTED (KILL QUERY)
        return Error::make(Error::Kind::Busy,
                           tr("The query was interrupted: a newer one replaced it."));
    case 1205: // ER_LOCK_WAIT_TIMEOUT
    case 1969: // ER_STATEMENT_TIMEOUT
        return Error::make(Error::Kind::Busy,
                           tr("The database is busy: another session holds the record, or the "
                              "server did not answer in time. Try again in a moment."));
    case 1213: // ER_LOCK_DEADLOCK (also Galera's certification failure)
    case 1180: // ER_ERROR_DURING_COMMIT
        return Error::make(Error::Kind::RolledBack,
                           tr("The server rolled the change back: %1").arg(text));
    case 1049: // ER_BAD_DB_ERROR
        return Error::make(Error::Kind::NotFound, tr("No such database: %1").arg(text));
    case 2006: // CR_SERVER_GONE_ERROR
    case 2013: // CR_SERVER_LOST
        return Error::make(Error::Kind::Storage,
                           tr("The connection to the server was lost: %1").arg(text));
    default:
        break;
    }
    return Error::make(Error::Kind::Storage, tr("Database error: %1").arg(text));
}

QString MysqlDialect::backupAdvice(const DatabaseLocation& location) const
{
    return QStringLiteral("mariadb-dump -h %1 -P %2 -u %3 --single-transaction %4 > %4.sql")
        .arg(location.host)
        .arg(location.port)
        .arg(location.user, location.name);
}

Result<void> MysqlDialect::lockSchema(const QSqlDatabase& db) const
{
    auto q = runSql(db, QStringLiteral("SELECT GET_LOCK('accord_schema', 600)"));
    if (!q)
        return q.error();
    if (!q->next() || q->value(0).toInt() != 1)
        return Error::make(Error::Kind::Busy,
                           tr("Another session is updating the database's schema; try again "
                              "when it has finished."));
    return {};
}

void MysqlDialect::unlockSchema(const QSqlDatabase& db) const
{
    (void)runSql(db, QStringLiteral("SELECT RELEASE_LOCK('accord_schema')"));
}

QVariant MysqlDialect::timestamp(const QVariant& value) const
{
    // MariaDB's strict mode refuses the 'T' and 'Z' of ISO 8601 in a DATETIME.
    static const QRegularExpression iso(
        QStringLiteral("^(\\d{4}-\\d{2}-\\d{2})T(\\d{2}:\\d{2}:\\d{2})(?:\\.\\d+)?Z$"));
    if (value.typeId() != QMetaType::QString)
        return value;
    const auto match = iso.match(value.toString());
    if (!match.hasMatch())
        return value;
    return QString(match.captured(1) + QLatin1Char(' ') + match.captured(2));
}

QString MysqlDialect::upsert(const QString&, const QStringList& columns) const
{
    QStringList sets;
    for (const QString& c : columns)
        sets << QStringLiteral("%1 = VALUES(%1)").arg(quoteIdentifier(c));
    return QStringLiteral(" ON DUPLICATE KEY UPDATE ") + sets.join(QLatin1String(", "));
}

QString MysqlDialect::containsText(const QString& column) const
{
    return QStringLiteral("instr(lower(%1), lower(?)) > 0").arg(column);
}

namespace {
// Multi-row INSERTs of literal values (escaped by the client library for the connection's
// character set), a megabyte at a time: several times faster than bound parameters.
class LiteralInsertTable : public BulkTable
{
public:
    LiteralInsertTable(QSqlDatabase db, QString table, QStringList columns)
        : BulkTable(std::move(db), std::move(table), std::move(columns))
    {
        QStringList quoted;
        for (const QString& c : m_columns)
            quoted << QLatin1Char('`') + c + QLatin1Char('`');
        m_prefix = QStringLiteral("INSERT INTO %1 (%2) VALUES ")
                       .arg(m_table, quoted.join(QLatin1String(", ")))
                       .toStdString();
    }

protected:
    bool encodeText(std::string& out, std::size_t, std::string_view v, bool temporal) const override
    {
        std::string value(v);
        // MariaDB's strict mode refuses the 'T' and 'Z' of ISO 8601 in a DATETIME.
        if (temporal && value.size() >= 19 && value[10] == 'T') {
            value[10] = ' ';
            value.resize(19);
        }
        MYSQL* m = connectionHandle(m_db);
        out.resize(value.size() * 2 + 3);
        out[0] = '\'';
        const unsigned long n =
            m ? mysql_real_escape_string(m, out.data() + 1, value.data(), value.size())
              : mysql_escape_string(out.data() + 1, value.data(), value.size());
        out.resize(n + 1);
        out += '\'';
        return true;
    }
    void encodeNull(std::string& out) const override { out = "NULL"; }
    void appendRow(std::string& pending, const std::vector<std::string>& fields) override
    {
        if (pending.empty())
            pending = m_prefix;
        else
            pending += ',';
        pending += '(';
        for (std::size_t i = 0; i < fields.size(); ++i) {
            if (i > 0)
                pending += ',';
            pending += fields[i];
        }
        pending += ')';
    }
    bool ready(const std::string& pending) const override { return pending.size() >= 1 << 20; }
    Result<void> send(std::string& pending) override
    {
        MYSQL* m = connectionHandle(m_db);
        if (!m)
            return Error::make(Error::Kind::Storage, tr("No MariaDB connection for the rows."));
        if (mysql_real_query(m, pending.data(), pending.size()) != 0)
            return Error::make(Error::Kind::Storage, QString::fromUtf8(mysql_error(m)));
        return {};
    }

private:
    std::string m_prefix;
};

// LOAD DATA LOCAL INFILE of rows served from memory (the client library's infile handler,
// which then answers nothing else: no file is ever read), in the shared text form: several
// times faster than multi-row INSERTs, which MariaDB parses value by value.
class LoadDataTable : public TabSeparatedTable
{
public:
    LoadDataTable(QSqlDatabase db, QString table, QStringList columns)
        : TabSeparatedTable(std::move(db), std::move(table), std::move(columns))
    {
    }

protected:
    void temporal(std::string& value) const override
    {
        // MariaDB's strict mode refuses the 'T' and 'Z' of ISO 8601 in a DATETIME.
        if (value.size() >= 19 && value[10] == 'T') {
            value[10] = ' ';
            value.resize(19);
        }
    }
    Result<void> send(std::string& pending) override
    {
        MYSQL* m = connectionHandle(m_db);
        if (!m)
            return Error::make(Error::Kind::Storage, tr("No MariaDB connection for the rows."));
        struct Source {
            const std::string* rows;
            std::size_t at = 0;
        } source{&pending};
        mysql_set_local_infile_handler(
            m,
            [](void** state, const char*, void* userdata) {
                *state = userdata;
                return 0;
            },
            [](void* state, char* buffer, unsigned int length) {
                auto* s = static_cast<Source*>(state);
                const std::size_t n = std::min<std::size_t>(length, s->rows->size() - s->at);
                std::memcpy(buffer, s->rows->data() + s->at, n);
                s->at += n;
                return int(n);
            },
            [](void*) {},
            [](void*, char* message, unsigned int length) {
                std::snprintf(message, length, "Accord's rows could not be read");
                return 2000; // CR_UNKNOWN_ERROR
            },
            &source);
        QStringList quoted;
        for (const QString& c : m_columns)
            quoted << QLatin1Char('`') + c + QLatin1Char('`');
        const QByteArray sql =
            QStringLiteral("LOAD DATA LOCAL INFILE 'accord-rows' INTO TABLE %1 CHARACTER SET "
                           "utf8mb4 FIELDS TERMINATED BY '\\t' ESCAPED BY '\\\\' LINES "
                           "TERMINATED BY '\\n' (%2)")
                .arg(m_table, quoted.join(QLatin1String(", ")))
                .toUtf8();
        const int failed = mysql_real_query(m, sql.constData(), sql.size());
        mysql_set_local_infile_default(m);
        if (failed != 0)
            return Error::make(Error::Kind::Storage, QString::fromUtf8(mysql_error(m)));
        if (mysql_warning_count(m) > 0) { // strict mode makes bad data an error; anything else
            // The first warning names the value and its column.
            QString first;
            if (mysql_real_query(m, "SHOW WARNINGS LIMIT 1", 21) == 0)
                if (MYSQL_RES* warnings = mysql_store_result(m)) {
                    if (MYSQL_ROW row = mysql_fetch_row(warnings);
                        row && mysql_num_fields(warnings) >= 3 && row[2])
                        first = QString::fromUtf8(row[2]);
                    mysql_free_result(warnings);
                }
            return Error::make(
                Error::Kind::Storage,
                first.isEmpty()
                    ? tr("MariaDB changed rows while loading %1.").arg(m_table)
                    : tr("MariaDB changed rows while loading %1: %2").arg(m_table, first));
        }
        return {};
    }
};
} // namespace

std::unique_ptr<BulkTable> MysqlDialect::bulkTable(const QSqlDatabase& db, const QString& table,
                                                   const QStringList& columns) const
{
    // The client library asks for LOCAL INFILE at connect unless it was built without it.
    MYSQL* m = connectionHandle(db);
    if (m && (m->client_flag & CLIENT_LOCAL_FILES) && (m->server_capabilities & CLIENT_LOCAL_FILES))
        return std::make_unique<LoadDataTable>(db, table, columns);
    return std::make_unique<LiteralInsertTable>(db, table, columns);
}

QStringList MysqlDialect::bulkLoad(bool on) const
{
    // A session variable: set back when the load ends, committed or not. (InnoDB's bulk
    // mode for empty tables, without unique and foreign key checks, was measured slower at
    // 1M users with a 2 GB buffer pool: 108.7 s against 80.6 s.)
    return {on ? QStringLiteral("SET @accord_bulk_load = 1")
               : QStringLiteral("SET @accord_bulk_load = NULL")};
}

Result<QStringList> MysqlDialect::dropForBulkLoad(const QSqlDatabase& db,
                                                  const QStringList& tables) const
{
    // The non-unique B-tree indexes (unique ones keep refusing duplicates as the rows
    // arrive; Mroonga's are the text tables' own), in words that make them again, a
    // column's prefix length kept. Recorded (committed) before any is dropped. (The
    // triggers stay: another program's write meanwhile keeps its bookkeeping, and the
    // load's session has theirs off.)
    auto q = runSql(db, QStringLiteral("SELECT TABLE_NAME, INDEX_NAME, COLUMN_NAME, SUB_PART "
                                       "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA "
                                       "= DATABASE() AND TABLE_NAME IN (%1) AND NON_UNIQUE = 1 "
                                       "AND INDEX_TYPE = 'BTREE' ORDER BY TABLE_NAME, "
                                       "INDEX_NAME, SEQ_IN_INDEX")
                            .arg(sqlTextList(tables)));
    if (!q)
        return q.error();
    struct Index {
        QString table, name;
        QStringList columns;
    };
    QList<Index> found;
    while (q->next()) {
        const QString table = q->value(0).toString();
        const QString name = q->value(1).toString();
        if (found.isEmpty() || found.last().table != table || found.last().name != name)
            found.append({table, name, {}});
        QString column = quoteIdentifier(q->value(2).toString());
        if (!q->value(3).isNull())
            column += QStringLiteral("(%1)").arg(q->value(3).toInt());
        found.last().columns << column;
    }
    // One statement per table: InnoDB builds all of a table's new indexes in one pass
    // over its rows, and two statements on one table could not run at once anyway.
    QStringList definitions, drops;
    for (qsizetype i = 0; i < found.size();) {
        const QString table = found.at(i).table;
        QStringList adds, dropped;
        for (; i < found.size() && found.at(i).table == table; ++i) {
            adds << QStringLiteral("ADD INDEX IF NOT EXISTS %1 (%2)")
                        .arg(quoteIdentifier(found.at(i).name),
                             found.at(i).columns.join(QLatin1String(", ")));
            dropped
                << QStringLiteral("DROP INDEX IF EXISTS %1").arg(quoteIdentifier(found.at(i).name));
        }
        definitions << QStringLiteral("ALTER TABLE %1 %2")
                           .arg(quoteIdentifier(table), adds.join(QLatin1String(", ")));
        drops << QStringLiteral("ALTER TABLE %1 %2")
                     .arg(quoteIdentifier(table), dropped.join(QLatin1String(", ")));
    }
    if (auto r = PendingIndexes::record(db, definitions); !r)
        return r.error();
    for (const QString& drop : std::as_const(drops))
        if (auto r = runSql(db, drop); !r)
            return r.error();
    return definitions;
}

QStringList MysqlDialect::analyzeAfterBulkLoad() const
{
    return {
        QStringLiteral("ANALYZE TABLE tblusers, tblclients, tblusers_clients, accord_user_keys, "
                       "accord_client_keys, accord_user_stats, accord_client_stats, "
                       "accord_link_differences, accord_user_text, accord_client_text")};
}

std::unique_ptr<RowCursor> MysqlDialect::textCursor(const QSqlDatabase& db, const QString& sql,
                                                    const QVariantList& params) const
{
    noteSql(sql, params);
    return std::make_unique<MysqlTextCursor>(
        db, params.isEmpty() ? sql : inlineParameters(db, sql, params));
}

const SearchIndex& MysqlDialect::searchIndex() const
{
    static const ServerSearchIndex index(ServerSearchIndex::Substrings::MroongaText,
                                         ServerSearchIndex::PrefixRanges::Union);
    return index;
}

std::unique_ptr<QueryInterrupter> MysqlDialect::interrupter(const QSqlDatabase& db,
                                                            const DatabaseLocation& location,
                                                            std::function<bool()>) const
{
    MYSQL* handle = connectionHandle(db);
    if (!handle)
        return nullptr;
    return std::make_unique<MysqlInterrupter>(mysql_thread_id(handle), location);
}

} // namespace accord
