#include "sqlitebulkload.h"

#include "bulkstatement.h"
#include "migrations.h"
#include "sql.h"
#include "sqlitefunctions.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <cstdio>
#include <thread>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("SampleGenerator", text);
}

// Everything rebuilt afterwards, and the differences table emptied.
constexpr const char* dropped[] = {"DROP TRIGGER IF EXISTS accord_user_keys_ai",
                                   "DROP TRIGGER IF EXISTS accord_user_keys_ad",
                                   "DROP TRIGGER IF EXISTS accord_user_keys_au",
                                   "DROP TRIGGER IF EXISTS accord_client_keys_ai",
                                   "DROP TRIGGER IF EXISTS accord_client_keys_ad",
                                   "DROP TRIGGER IF EXISTS accord_client_keys_au",
                                   "DROP TRIGGER IF EXISTS accord_links_owner",
                                   "DROP TRIGGER IF EXISTS accord_users_ai",
                                   "DROP TRIGGER IF EXISTS accord_users_ad",
                                   "DROP TRIGGER IF EXISTS accord_users_au",
                                   "DROP TRIGGER IF EXISTS accord_clients_ai",
                                   "DROP TRIGGER IF EXISTS accord_clients_ad",
                                   "DROP TRIGGER IF EXISTS accord_clients_au",
                                   "DROP TRIGGER IF EXISTS accord_links_ai",
                                   "DROP TRIGGER IF EXISTS accord_links_ad",
                                   "DROP TRIGGER IF EXISTS accord_links_au",
                                   "DROP TABLE IF EXISTS accord_user_stats",
                                   "DROP TABLE IF EXISTS accord_client_stats",
                                   "DROP TABLE IF EXISTS accord_users_fts",
                                   "DROP TABLE IF EXISTS accord_clients_fts",
                                   "DROP TABLE IF EXISTS accord_user_keys",
                                   "DROP TABLE IF EXISTS accord_client_keys",
                                   "DROP TABLE IF EXISTS accord_dirty_links",
                                   "DROP INDEX IF EXISTS accord_users_first_fold",
                                   "DROP INDEX IF EXISTS accord_users_last_fold",
                                   "DROP INDEX IF EXISTS accord_users_email_fold",
                                   "DROP INDEX IF EXISTS accord_clients_first_fold",
                                   "DROP INDEX IF EXISTS accord_clients_last_fold",
                                   "DROP INDEX IF EXISTS accord_clients_email_fold",
                                   "DROP INDEX IF EXISTS accord_users_last_login",
                                   "DROP INDEX IF EXISTS accord_users_two_factor",
                                   "DROP INDEX IF EXISTS accord_clients_status",
                                   "DROP INDEX IF EXISTS accord_clients_company_fold",
                                   "DROP INDEX IF EXISTS tblusers_email_unique",
                                   "DROP INDEX IF EXISTS firstname_lastname",
                                   "DROP INDEX IF EXISTS email",
                                   "DROP INDEX IF EXISTS user_id_client_id",
                                   "DROP INDEX IF EXISTS client_id_owner_idx",
                                   "DROP INDEX IF EXISTS accord_link_differences_report",
                                   "DROP INDEX IF EXISTS accord_link_differences_user",
                                   "DELETE FROM accord_link_differences"};

// The rows' statements, in the order of users(), clients(), links() and differences().
constexpr const char* inserts[] = {
    "INSERT INTO tblusers (id, first_name, last_name, email, password, language, "
    "second_factor, email_verified_at, last_login, created_at, updated_at) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
    "INSERT INTO tblclients (id, uuid, firstname, lastname, companyname, email, "
    "address1, address2, city, state, postcode, country, phonenumber, language, "
    "status, email_verified, datecreated, created_at, updated_at) "
    "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "INSERT INTO tblusers_clients (auth_user_id, client_id, owner, permissions, "
    "last_login, created_at, updated_at) VALUES (?,?,?,?,?,?,?)",
    "INSERT INTO accord_link_differences (client_id, user_id, owner, first_name_kind, "
    "last_name_kind, email_kind, language_kind, user_first_name, user_last_name, user_email, "
    "user_language, client_firstname, client_lastname, client_email, client_language) VALUES "
    "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"};

constexpr const char* vendorIndexes[] = {
    "CREATE UNIQUE INDEX tblusers_email_unique ON tblusers (email)",
    "CREATE INDEX firstname_lastname ON tblclients (firstname, lastname)",
    "CREATE INDEX email ON tblclients (email)",
    "CREATE UNIQUE INDEX user_id_client_id ON tblusers_clients (auth_user_id, client_id)",
    "CREATE INDEX client_id_owner_idx ON tblusers_clients (client_id, owner)"};

constexpr const char* counters[] = {
    "UPDATE accord_counters SET value = (SELECT count(*) FROM tblusers) WHERE name = 'users'",
    "UPDATE accord_counters SET value = (SELECT count(*) FROM tblclients) WHERE name = 'clients'",
    "UPDATE accord_counters SET value = (SELECT count(*) FROM tblusers_clients) WHERE name = "
    "'links'"};

constexpr const char* differenceIndexes[] = {
    "CREATE INDEX accord_link_differences_report ON accord_link_differences (owner, open, "
    "client_id, user_id)",
    "CREATE INDEX accord_link_differences_user ON accord_link_differences (user_id, client_id)"};
} // namespace

SqliteBulkLoad::SqliteBulkLoad(const QSqlDatabase& db, bool trace)
    : m_qdb(db), m_db(sqliteHandle(db)), m_trace(trace)
{
}

SqliteBulkLoad::~SqliteBulkLoad()
{
    if (m_writer)
        (void)m_writer->finish();
    if (m_open)
        exec("ROLLBACK");
    restore();
}

bool SqliteBulkLoad::exec(const char* sql) const
{
    QElapsedTimer t;
    t.start();
    const bool ok = sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
    // ACCORD_SAMPLE_TRACE=1 prints each bulk statement's time (for the benchmark's breakdown).
    if (m_trace)
        std::fprintf(stderr, "%8.3f s  %.70s\n", double(t.nsecsElapsed()) / 1e9, sql);
    return ok;
}

Error SqliteBulkLoad::failure()
{
    Error e = Error::make(
        Error::Kind::Storage,
        tr("Writing the sample data failed: %1").arg(QString::fromUtf8(sqlite3_errmsg(m_db))));
    if (m_open)
        exec("ROLLBACK");
    m_open = false;
    restore();
    return e;
}

void SqliteBulkLoad::restore()
{
    if (m_restored)
        return;
    m_restored = true;
    exec("PRAGMA synchronous = NORMAL");
    exec("PRAGMA cache_size = -2000");
    if (m_unjournaled)
        exec("PRAGMA journal_mode = WAL");
}

Result<void> SqliteBulkLoad::begin()
{
    if (!m_db)
        return Error::make(Error::Kind::Storage, tr("No SQLite connection."));
    // Nothing else may use the file meanwhile: no journal (a failure leaves an empty
    // database to re-initialise), a large cache and worker threads for the index sorts.
    m_restored = false;
    m_unjournaled = exec("PRAGMA journal_mode = OFF");
    exec("PRAGMA cache_size = -1048576");
    exec("PRAGMA temp_store = MEMORY");
    exec("PRAGMA threads = 2");
    exec("PRAGMA synchronous = OFF");
    if (!exec("BEGIN IMMEDIATE"))
        return failure();
    m_open = true;
    for (const char* drop : dropped)
        if (!exec(drop))
            return failure();
    m_writer = std::make_unique<RowWriter>(m_db);
    for (const char* insert : inserts)
        m_rows.push_back(m_writer->prepare(insert));
    if (!m_writer->ok()) {
        const std::string message = m_writer->finish();
        m_writer.reset();
        Error e = failure();
        e.message = tr("Writing the sample data failed: %1").arg(QString::fromStdString(message));
        return e;
    }
    m_writer->start();
    return {};
}

Result<void> SqliteBulkLoad::commit()
{
    const std::string message = m_writer ? m_writer->finish() : std::string("not begun");
    m_writer.reset();
    m_rows.clear();
    if (!message.empty()) {
        Error e = failure();
        e.message = tr("Writing the sample data failed: %1").arg(QString::fromStdString(message));
        return e;
    }
    if (!exec("COMMIT"))
        return failure();
    m_open = false;
    return {};
}

Result<void> SqliteBulkLoad::rebuild(const std::vector<std::uint16_t>& clientsOfUser,
                                     const std::vector<std::uint8_t>& usersOnClient,
                                     const FullTextRows& fullTextRows, bool fullTextOnTheSide)
{
    // The full-text indexes on the other core meanwhile (see fulltextbuild.h), in a scratch
    // directory beside the database (the same disk, not a small /tmp). Without one, or if
    // that build or its copy fails, they are filled here afterwards instead: slower, never
    // missing.
    const char* databaseFile = sqlite3_db_filename(m_db, "main");
    const QString databasePath = QString::fromUtf8(databaseFile ? databaseFile : "");
    const QFileInfo databaseInfo(databasePath);
    const QTemporaryDir scratchDir(
        databaseInfo.dir().filePath(databaseInfo.fileName() + QStringLiteral("-fulltext-XXXXXX")));
    const std::string scratch =
        scratchDir.filePath(QStringLiteral("fulltext.sqlite")).toStdString();
    std::string fullTextError = !fullTextOnTheSide ? "asked to fill them in place"
                                : scratchDir.isValid() && !databasePath.isEmpty()
                                    ? std::string()
                                    : "no scratch directory beside the database";
    std::thread fullText;
    if (fullTextError.empty())
        fullText =
            std::thread([&] { fullTextError = buildFullText(scratch, fullTextRows, m_trace); });
    struct Joiner {
        std::thread& thread;
        ~Joiner()
        {
            if (thread.joinable())
                thread.join();
        }
    } joiner{fullText};

    if (!exec("BEGIN IMMEDIATE"))
        return failure();
    m_open = true;
    for (const char* index : vendorIndexes)
        if (!exec(index))
            return failure();
    // The search schema: its tables (the full-text ones still empty), the keys folded
    // from the rows in one statement per table, then the indexes and triggers.
    for (const QString& script :
         {Migrations::searchScript(Migrations::SearchPart::Tables), Migrations::keysFill(),
          Migrations::searchScript(Migrations::SearchPart::Indexes),
          Migrations::searchScript(Migrations::SearchPart::Triggers)}) {
        QElapsedTimer t;
        t.start();
        if (auto r = runScript(m_qdb, script); !r) {
            (void)failure();
            return r.error();
        }
        if (m_trace)
            std::fprintf(stderr, "%8.3f s  %.70s\n", double(t.nsecsElapsed()) / 1e9,
                         qPrintable(script.section(QLatin1Char('\n'), 0, 0)));
    }
    for (const char* count : counters)
        if (!exec(count))
            return failure();
    {
        // Each user's and client's link count (the lists sort by them).
        BulkStatement userStats(m_db,
                                "INSERT INTO accord_user_stats (id, client_count) VALUES (?,?)");
        BulkStatement clientStats(m_db,
                                  "INSERT INTO accord_client_stats (id, user_count) VALUES (?,?)");
        if (!userStats.ok() || !clientStats.ok())
            return failure();
        for (std::size_t i = 0; i < clientsOfUser.size(); ++i) {
            userStats.integer(1, std::int64_t(i + 1));
            userStats.integer(2, clientsOfUser[i]);
            if (!userStats.step())
                return failure();
        }
        for (std::size_t i = 0; i < usersOnClient.size(); ++i) {
            clientStats.integer(1, std::int64_t(i + 1));
            clientStats.integer(2, usersOnClient[i]);
            if (!clientStats.step())
                return failure();
        }
    }
    for (const char* index : differenceIndexes)
        if (!exec(index))
            return failure();
    if (!exec("COMMIT"))
        return failure();
    m_open = false;
    if (fullText.joinable())
        fullText.join();
    if (fullTextError.empty())
        fullTextError = copyFullText(databasePath.toStdString(), scratch, m_trace);
    if (!fullTextError.empty()) {
        if (m_trace)
            std::fprintf(stderr, "full-text indexes filled in place: %s\n", fullTextError.c_str());
        if (auto r = fillFullTextInPlace(); !r)
            return r;
    }
    restore();
    exec("PRAGMA optimize");
    return {};
}

Result<void> SqliteBulkLoad::fillFullTextInPlace()
{
    if (!exec("BEGIN IMMEDIATE"))
        return failure();
    m_open = true;
    for (const char* empty : {"INSERT INTO accord_users_fts (accord_users_fts) VALUES "
                              "('delete-all')",
                              "INSERT INTO accord_clients_fts (accord_clients_fts) VALUES "
                              "('delete-all')"})
        if (!exec(empty))
            return failure();
    if (auto r = runScript(m_qdb, Migrations::fullTextFill()); !r) {
        (void)failure();
        return r.error();
    }
    for (const char* merge : {"INSERT INTO accord_users_fts (accord_users_fts) VALUES ('optimize')",
                              "INSERT INTO accord_clients_fts (accord_clients_fts) VALUES "
                              "('optimize')"})
        if (!exec(merge))
            return failure();
    if (!exec("COMMIT"))
        return failure();
    m_open = false;
    return {};
}

} // namespace accord
