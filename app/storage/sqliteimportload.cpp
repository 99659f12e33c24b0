#include "sqliteimportload.h"

#include "activitylog.h"
#include "database.h"
#include "differencestore.h"
#include "migrations.h"
#include "rowwriter.h"
#include "sql.h"
#include "sqlitefunctions.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <sqlite3.h>

#include <cstdio>
#include <string>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("ImportService", text);
}

// The tables whose indexes and triggers are set aside while the rows go in.
constexpr const char* loaded[] = {
    "tblusers",           "tblclients",        "tblusers_clients",    "accord_user_keys",
    "accord_client_keys", "accord_user_stats", "accord_client_stats", "accord_link_differences"};
constexpr int vendorTables = 3; // the first three: their indexes come first

struct SetAside {
    bool trigger = false;
    bool vendor = false;
    std::string name, sql;
};

class SqliteImportLoad : public ImportTarget
{
public:
    explicit SqliteImportLoad(Database& database)
        : m_database(database), m_qdb(database.connection()), m_db(sqliteHandle(m_qdb)),
          m_trace(qEnvironmentVariableIsSet("ACCORD_IMPORT_TRACE"))
    {
    }

    ~SqliteImportLoad() override
    {
        if (m_writer)
            (void)m_writer->finish();
        if (m_open)
            exec("ROLLBACK");
        restore();
    }

    Result<void>
    begin(const std::array<std::vector<TargetColumn>, importTableCount>& columns) override
    {
        if (!m_db)
            return Error::make(Error::Kind::Storage, tr("No SQLite connection."));
        m_columns = columns;
        // A rollback journal where no other connection holds the file: the pages the load
        // appends to an empty file are not journaled at all. (With other connections the
        // file stays in WAL, as safe and slower.)
        m_journaled = modeAfter("PRAGMA journal_mode = TRUNCATE") == "truncate";
        m_restored = false;
        exec("PRAGMA cache_size = -1048576");
        exec("PRAGMA temp_store = MEMORY");
        exec("PRAGMA threads = 2");
        if (!exec("BEGIN IMMEDIATE"))
            return failure();
        m_open = true;
        if (auto r = setAside(); !r)
            return r;
        for (int t = 0; t < importTableCount; ++t) {
            sqlite3_stmt* stmt = nullptr;
            const std::string table = tableName(ImportTable(t)).toStdString();
            const std::string sql =
                "SELECT max(coalesce((SELECT max(id) FROM \"" + table +
                "\"), 0), coalesce((SELECT seq FROM sqlite_sequence WHERE name = '" + table +
                "'), 0))";
            if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
                return failure();
            m_highest[std::size_t(t)] =
                sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : 0;
            sqlite3_finalize(stmt);
        }
        m_writer = std::make_unique<RowWriter>(m_db);
        for (int t = 0; t < importTableCount; ++t) {
            std::string names, marks;
            for (const TargetColumn& c : columns[std::size_t(t)]) {
                names += (names.empty() ? "\"" : ", \"") + c.name.toStdString() + "\"";
                marks += marks.empty() ? "?" : ",?";
            }
            const std::string insert = "INSERT INTO " + tableName(ImportTable(t)).toStdString() +
                                       " (" + names + ") VALUES (" + marks + ")";
            m_rows.push_back(m_writer->prepare(names.empty() ? "SELECT 1" : insert.c_str()));
        }
        if (!m_writer->ok()) {
            const std::string message = m_writer->finish();
            m_writer.reset();
            return Error::make(Error::Kind::Storage, QString::fromStdString(message));
        }
        m_writer->start();
        m_timer.start();
        return {};
    }

    Result<qint64> highestId(ImportTable table) override { return m_highest[std::size_t(table)]; }

    Result<void> add(ImportTable table, const std::vector<ImportValue>& row) override
    {
        RowWriter::Rows& rows = m_rows[std::size_t(table)];
        for (std::size_t i = 0; i < row.size(); ++i) {
            const ImportValue& v = row[i];
            const int at = int(i) + 1;
            switch (v.kind) {
            case ImportValue::Kind::Null:
                rows.null(at);
                break;
            case ImportValue::Kind::Integer:
                rows.integer(at, v.integer);
                break;
            case ImportValue::Kind::Text:
                rows.text(at, v.text);
                break;
            }
        }
        if (!rows.step())
            return finishRows();
        return {};
    }

    Result<void> finishRows() override
    {
        if (!m_writer)
            return {};
        const std::string message = m_writer->finish();
        m_writer.reset();
        m_rows.clear();
        trace("rows written");
        if (!message.empty())
            return Error::make(
                Error::Kind::Storage,
                tr("Writing the imported rows failed: %1").arg(QString::fromStdString(message)));
        return {};
    }

    Result<void> commit(const QStringList& logRows,
                        const std::function<bool(int, int)>& step) override
    {
        constexpr int steps = 8;
        int done = 0;
        auto next = [&]() { return !step || step(done++, steps); };
        auto stopped = [] { return Error::make(Error::Kind::Refused, {}); };
        // The vendor tables' indexes first: the link counts below read them.
        if (!next())
            return stopped();
        for (const SetAside& s : m_setAside)
            if (s.vendor && !s.trigger && !exec(s.sql.c_str()))
                return failure();
        if (!next())
            return stopped();
        if (auto r = script(Migrations::keysFill()); !r)
            return r;
        if (!next())
            return stopped();
        // The full-text indexes in one bulk pass each, merged once at the end.
        for (const char* t : {"accord_users_fts", "accord_clients_fts"}) {
            const std::string table = t;
            if (!exec(("INSERT INTO " + table + " (" + table + ", rank) VALUES ('automerge', 0)")
                          .c_str()) ||
                !exec(
                    ("INSERT INTO " + table + " (" + table + ", rank) VALUES ('crisismerge', 2000)")
                        .c_str()))
                return failure();
        }
        if (auto r = script(Migrations::fullTextFill()); !r)
            return r;
        for (const char* t : {"accord_users_fts", "accord_clients_fts"}) {
            const std::string table = t;
            if (!exec(("INSERT INTO " + table + " (" + table + ") VALUES ('optimize')").c_str()) ||
                !exec(("INSERT INTO " + table + " (" + table + ", rank) VALUES ('automerge', 4)")
                          .c_str()) ||
                !exec(("INSERT INTO " + table + " (" + table + ", rank) VALUES ('crisismerge', 16)")
                          .c_str()))
                return failure();
        }
        if (!next())
            return stopped();
        for (const char* sql :
             {"INSERT OR REPLACE INTO accord_user_stats (id, client_count) SELECT u.id, (SELECT "
              "count(*) FROM tblusers_clients l WHERE l.auth_user_id = u.id) FROM tblusers u",
              "INSERT OR REPLACE INTO accord_client_stats (id, user_count) SELECT c.id, (SELECT "
              "count(*) FROM tblusers_clients l WHERE l.client_id = c.id) FROM tblclients c",
              "UPDATE accord_counters SET value = (SELECT count(*) FROM tblusers) WHERE name = "
              "'users'",
              "UPDATE accord_counters SET value = (SELECT count(*) FROM tblclients) WHERE name = "
              "'clients'",
              "UPDATE accord_counters SET value = (SELECT count(*) FROM tblusers_clients) WHERE "
              "name = 'links'"})
            if (!exec(sql))
                return failure();
        if (!next())
            return stopped();
        {
            QElapsedTimer t;
            t.start();
            if (auto r = DifferenceStore(m_qdb, m_database.dialect()).rebuildAll(); !r)
                return r;
            trace("differences compared");
        }
        if (!next())
            return stopped();
        for (const SetAside& s : m_setAside)
            if (!s.vendor && !s.trigger && !exec(s.sql.c_str()))
                return failure();
        for (const SetAside& s : m_setAside)
            if (s.trigger && !exec(s.sql.c_str()))
                return failure();
        if (!next())
            return stopped();
        const ActivityLog log(m_qdb, m_database.dialect(), m_database.operatorName());
        for (const QString& row : logRows)
            if (auto r = log.write(row, 0, 0); !r)
                return r;
        if (!next())
            return stopped();
        if (!exec("COMMIT"))
            return failure();
        m_open = false;
        restore();
        exec("PRAGMA optimize");
        (void)next();
        return {};
    }

private:
    bool exec(const char* sql)
    {
        QElapsedTimer t;
        t.start();
        const bool ok = sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
        if (m_trace)
            std::fprintf(stderr, "%8.3f s  %.70s\n", double(t.nsecsElapsed()) / 1e9, sql);
        return ok;
    }

    void trace(const char* what)
    {
        if (m_trace)
            std::fprintf(stderr, "%8.3f s  %s (from the start)\n",
                         double(m_timer.nsecsElapsed()) / 1e9, what);
    }

    Result<void> script(const QString& sql)
    {
        QElapsedTimer t;
        t.start();
        auto r = runScript(m_qdb, sql);
        if (m_trace)
            std::fprintf(stderr, "%8.3f s  %.70s\n", double(t.nsecsElapsed()) / 1e9,
                         qPrintable(sql.section(QLatin1Char('\n'), 0, 0)));
        return r;
    }

    std::string modeAfter(const char* pragma)
    {
        sqlite3_stmt* stmt = nullptr;
        std::string mode;
        if (sqlite3_prepare_v2(m_db, pragma, -1, &stmt, nullptr) == SQLITE_OK &&
            sqlite3_step(stmt) == SQLITE_ROW)
            mode = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
        sqlite3_finalize(stmt);
        return mode;
    }

    Result<void> setAside()
    {
        std::string in;
        for (const char* t : loaded)
            in += (in.empty() ? "'" : ", '") + std::string(t) + "'";
        sqlite3_stmt* stmt = nullptr;
        const std::string sql = "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN "
                                "('index', 'trigger') AND sql IS NOT NULL AND tbl_name IN (" +
                                in + ") ORDER BY rowid";
        if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
            return failure();
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            SetAside s;
            s.trigger = std::string(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0))) ==
                        "trigger";
            s.name = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1));
            const std::string table = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 2));
            for (int i = 0; i < vendorTables; ++i)
                s.vendor = s.vendor || table == loaded[i];
            s.sql = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3));
            m_setAside.push_back(std::move(s));
        }
        sqlite3_finalize(stmt);
        for (const SetAside& s : m_setAside)
            if (!exec(((s.trigger ? "DROP TRIGGER \"" : "DROP INDEX \"") + s.name + "\"").c_str()))
                return failure();
        return {};
    }

    Error failure()
    {
        return Error::make(Error::Kind::Storage, tr("Writing the imported rows failed: %1")
                                                     .arg(QString::fromUtf8(sqlite3_errmsg(m_db))));
    }

    void restore()
    {
        if (m_restored)
            return;
        m_restored = true;
        exec("PRAGMA cache_size = -2000");
        if (m_journaled)
            exec("PRAGMA journal_mode = WAL");
    }

    Database& m_database;
    QSqlDatabase m_qdb;
    sqlite3* m_db;
    bool m_trace;
    bool m_open = false;
    bool m_journaled = false;
    bool m_restored = true;
    std::array<std::vector<TargetColumn>, importTableCount> m_columns;
    std::array<qint64, importTableCount> m_highest{};
    std::vector<SetAside> m_setAside;
    std::unique_ptr<RowWriter> m_writer;
    std::vector<RowWriter::Rows> m_rows;
    QElapsedTimer m_timer;
};
} // namespace

std::unique_ptr<ImportTarget> sqliteImportLoad(Database& database)
{
    return std::make_unique<SqliteImportLoad>(database);
}

} // namespace accord
