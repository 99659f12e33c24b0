#include "fulltextbuild.h"

#include "bulkstatement.h"
#include "domain/textfolding.h"
#include "migrations.h"
#include "sqlitefile.h"

#include <QElapsedTimer>
#include <QStringList>

#include <sqlite3.h>

#include <cstdio>

namespace accord {

// One bulk pass per index: no merging while filling, one merge at the end (about twice as
// fast as FTS5's incremental merges), then the defaults again.
std::string buildFullText(const std::string& scratch, const FullTextRows& rows, bool trace)
{
    QStringList createTables; // as the search script creates them
    for (const QString& line :
         Migrations::searchScript(Migrations::SearchPart::Tables).split(QLatin1Char('\n')))
        if (line.startsWith(QLatin1String("CREATE VIRTUAL TABLE")))
            createTables << line;
    QElapsedTimer timer;
    timer.start();
    SqliteFile c(QString::fromStdString(scratch), SqliteFile::Mode::Create);
    for (const char* pragma : {"PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF",
                               "PRAGMA cache_size = -524288", "PRAGMA temp_store = MEMORY"})
        c.exec(pragma);
    for (const QString& create : createTables)
        c.exec(create.toStdString());
    c.exec("BEGIN");
    for (const char* table : {"accord_users_fts", "accord_clients_fts"}) {
        const std::string t = table;
        c.exec("INSERT INTO " + t + " (" + t + ", rank) VALUES ('automerge', 0)");
        c.exec("INSERT INTO " + t + " (" + t + ", rank) VALUES ('crisismerge', 2000)");
    }
    if (c.ok()) {
        // The keys as the keys tables hold them (SqliteSearchIndex's folding).
        BulkStatement user(c.handle(),
                           "INSERT INTO accord_users_fts (rowid, name, email) VALUES (?1, ?2, ?3)");
        if (!user.ok())
            c.fail();
        std::string name;
        for (std::size_t i = 0; c.ok() && i < rows.users; ++i) {
            const auto [first, last, email] = rows.user(i);
            name.assign(first).append(" ").append(last);
            user.integer(1, std::int64_t(i + 1));
            user.text(2, foldUtf8(name));
            user.text(3, foldUtf8(email, true));
            if (!user.step())
                c.fail();
        }
    }
    if (c.ok()) {
        BulkStatement client(c.handle(),
                             "INSERT INTO accord_clients_fts (rowid, name, company, email) VALUES "
                             "(?1, ?2, ?3, ?4)");
        if (!client.ok())
            c.fail();
        std::string name;
        for (std::size_t i = 0; c.ok() && i < rows.clients; ++i) {
            const auto [first, last, company, email] = rows.client(i);
            name.assign(first).append(" ").append(last);
            client.integer(1, std::int64_t(i + 1));
            client.text(2, foldUtf8(name));
            client.text(3, foldUtf8(company));
            client.text(4, foldUtf8(email));
            if (!client.step())
                c.fail();
        }
    }
    for (const char* table : {"accord_users_fts", "accord_clients_fts"}) {
        const std::string t = table;
        c.exec("INSERT INTO " + t + " (" + t + ") VALUES ('optimize')");
        c.exec("INSERT INTO " + t + " (" + t + ", rank) VALUES ('automerge', 4)");
        c.exec("INSERT INTO " + t + " (" + t + ", rank) VALUES ('crisismerge', 16)");
    }
    c.exec("COMMIT");
    if (trace)
        std::fprintf(stderr, "%8.3f s  full-text indexes (scratch file, in parallel)\n",
                     double(timer.nsecsElapsed()) / 1e9);
    return c.error();
}

// FTS5 keeps its structure cached per connection and rereads it when another connection
// has committed (PRAGMA data_version): the copy is that other connection, so the
// database's own connections go on with the copied index.
std::string copyFullText(const std::string& database, const std::string& scratch, bool trace)
{
    QElapsedTimer timer;
    timer.start();
    SqliteFile c(QString::fromStdString(database), SqliteFile::Mode::ReadWrite); // never a new file
    c.exec("PRAGMA synchronous = OFF");
    if (c.ok()) {
        sqlite3_stmt* attach = nullptr;
        if (sqlite3_prepare_v2(c.handle(), "ATTACH DATABASE ?1 AS scratch", -1, &attach, nullptr) !=
            SQLITE_OK)
            c.fail();
        sqlite3_bind_text(attach, 1, scratch.data(), int(scratch.size()), SQLITE_STATIC);
        if (c.ok() && sqlite3_step(attach) != SQLITE_DONE)
            c.fail();
        sqlite3_finalize(attach);
    }
    std::vector<std::string> shadows;
    if (c.ok()) {
        sqlite3_stmt* list = nullptr;
        if (sqlite3_prepare_v2(c.handle(),
                               "SELECT name FROM scratch.sqlite_master WHERE type = 'table' AND "
                               "(name LIKE 'accord\\_users\\_fts\\_%' ESCAPE '\\' OR "
                               "name LIKE 'accord\\_clients\\_fts\\_%' ESCAPE '\\')",
                               -1, &list, nullptr) != SQLITE_OK)
            c.fail();
        while (c.ok() && sqlite3_step(list) == SQLITE_ROW)
            shadows.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(list, 0)));
        sqlite3_finalize(list);
    }
    c.exec("BEGIN IMMEDIATE");
    for (const std::string& shadow : shadows) {
        c.exec("DELETE FROM main.\"" + shadow + "\"");
        c.exec("INSERT INTO main.\"" + shadow + "\" SELECT * FROM scratch.\"" + shadow + "\"");
    }
    if (c.ok() && shadows.size() != 8) // data, idx, docsize and config of each index
        c.fail("the scratch file does not hold the two full-text indexes");
    if (!c.exec("COMMIT"))
        sqlite3_exec(c.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    c.exec("DETACH DATABASE scratch");
    if (trace)
        std::fprintf(stderr, "%8.3f s  full-text indexes copied (%zu shadow tables)\n",
                     double(timer.nsecsElapsed()) / 1e9, shadows.size());
    return c.error();
}

} // namespace accord
