#include "snapshotwriter.h"

#include "bulkstatement.h"
#include "consistentread.h"
#include "database.h"
#include "differencestore.h"
#include "domain/secrets.h"
#include "freespace.h"
#include "killpoint.h"
#include "migrations.h"
#include "partialfile.h"
#include "rowcursor.h"
#include "snapshotchecksum.h"
#include "snapshotselection.h"
#include "sql.h"
#include "sqlitefile.h"
#include "sqlitefunctions.h"
#include "temporaltext.h"

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSet>
#include <QSqlField>
#include <QSqlRecord>

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <future>
#include <optional>
#include <unordered_set>

namespace accord {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Snapshot", text);
}

double seconds(const QElapsedTimer& t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

// ACCORD_SNAPSHOT_TRACE=1 prints each phase's time on stderr (the benchmark's breakdown).
void trace(const char* phase, const QElapsedTimer& t)
{
    static const bool on = qEnvironmentVariableIsSet("ACCORD_SNAPSHOT_TRACE");
    if (on)
        std::fprintf(stderr, "%8.3f s  snapshot: %s\n", seconds(t), phase);
}

void killPoint(const char* phase)
{
    killPointReached("ACCORD_SNAPSHOT_KILL_AT", phase);
}

Error fileError(const SqliteFile& f, const QString& path)
{
    return Error::make(Error::Kind::Storage,
                       tr("Cannot write the snapshot %1: %2").arg(path, f.errorText()));
}

QString quoted(const QString& name)
{
    return QLatin1Char('"') + name + QLatin1Char('"');
}

struct TargetColumn {
    QString name;
    QString type; // integer, text, blob (as declared)
    bool notNull = false;
    QString defaultSql; // as declared, "NULL" when none
};

std::vector<TargetColumn> targetColumns(sqlite3* db, const QString& table)
{
    std::vector<TargetColumn> out;
    sqlite3_stmt* info = nullptr;
    const QByteArray sql = QStringLiteral("PRAGMA table_info(%1)").arg(quoted(table)).toUtf8();
    if (sqlite3_prepare_v2(db, sql.constData(), -1, &info, nullptr) != SQLITE_OK)
        return out;
    auto text = [&](int i) {
        const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(info, i));
        return p ? QString::fromUtf8(p) : QString();
    };
    while (sqlite3_step(info) == SQLITE_ROW)
        out.push_back(
            {text(1), text(2).toLower(), sqlite3_column_int(info, 3) != 0,
             sqlite3_column_type(info, 4) == SQLITE_NULL ? QStringLiteral("NULL") : text(4)});
    sqlite3_finalize(info);
    return out;
}

// The tables a snapshot holds; any other (a later migration's, a tool's) comes over empty.
bool heldBySnapshot(const QString& table)
{
    static const QSet<QString> held{
        QStringLiteral("tblusers"),
        QStringLiteral("tblclients"),
        QStringLiteral("tblusers_clients"),
        QStringLiteral("tbluser_invites"),
        QStringLiteral("tblactivitylog"),
        QStringLiteral("accord_schema"),
        QStringLiteral("accord_counters"),
        QStringLiteral("accord_user_stats"),
        QStringLiteral("accord_client_stats"),
        QStringLiteral("accord_user_keys"),
        QStringLiteral("accord_client_keys"),
        QStringLiteral("accord_link_differences"),
        QStringLiteral("accord_intended_differences"),
        QStringLiteral("accord_settings"),
    };
    return held.contains(table) || table.startsWith(QLatin1String("accord_users_fts")) ||
           table.startsWith(QLatin1String("accord_clients_fts")) ||
           table.startsWith(QLatin1String("sqlite_"));
}

// A snapshot is never written again: the triggers that keep a live database's search
// indexes, counters and differences in step go, so that no clearing of a secret fires them
// and the file opens in any SQLite tool (they call Accord's own SQL functions).
bool dropTriggers(SqliteFile& f)
{
    QStringList triggers;
    sqlite3_stmt* list = nullptr;
    if (f.ok() &&
        sqlite3_prepare_v2(f.handle(), "SELECT name FROM sqlite_master WHERE type = 'trigger'", -1,
                           &list, nullptr) != SQLITE_OK)
        f.fail();
    while (f.ok() && sqlite3_step(list) == SQLITE_ROW)
        triggers << QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(list, 0)));
    sqlite3_finalize(list);
    for (const QString& trigger : std::as_const(triggers))
        f.exec("DROP TRIGGER " + quoted(trigger).toStdString());
    return f.ok();
}

// A copied database as a snapshot holds it: no manifest of a snapshot it was itself, no
// tables a snapshot does not hold, and no secrets unless they were asked for — each
// overwritten in place with secure_delete on, so the bytes it frees are zeros (what the
// database had freed before is zeroed by zeroFreeSpace).
bool scrubCopy(SqliteFile& f, bool includeSecrets)
{
    if (!registerSqliteFunctions(f.handle()))
        return f.fail("cannot register Accord's SQL functions");
    for (const char* pragma : {"PRAGMA secure_delete = ON", "PRAGMA journal_mode = OFF",
                               "PRAGMA synchronous = OFF", "PRAGMA cache_size = -262144"})
        f.exec(pragma);
    f.exec("BEGIN IMMEDIATE");
    dropTriggers(f);
    f.exec("DROP TABLE IF EXISTS accord_manifest");
    QStringList others;
    {
        sqlite3_stmt* list = nullptr;
        if (f.ok() && sqlite3_prepare_v2(f.handle(),
                                         "SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                         "sql NOT LIKE 'CREATE VIRTUAL TABLE%'",
                                         -1, &list, nullptr) != SQLITE_OK)
            f.fail();
        while (f.ok() && sqlite3_step(list) == SQLITE_ROW) {
            const QString name =
                QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(list, 0)));
            if (!heldBySnapshot(name))
                others << name;
        }
        sqlite3_finalize(list);
    }
    for (const QString& table : std::as_const(others))
        f.exec("DELETE FROM " + quoted(table).toStdString());
    if (!includeSecrets)
        for (const QString& table : SnapshotManifest::rowTables()) {
            QStringList sets, differs;
            for (const TargetColumn& c : targetColumns(f.handle(), table))
                if (isSecretColumn(table, c.name)) {
                    const QString blank = blankSecretSql(c.type, c.notNull);
                    sets << quoted(c.name) + QStringLiteral(" = ") + blank;
                    differs << quoted(c.name) + QStringLiteral(" IS NOT ") + blank;
                }
            if (!sets.isEmpty())
                f.exec(QStringLiteral("UPDATE %1 SET %2 WHERE %3")
                           .arg(table, sets.join(QLatin1String(", ")),
                                differs.join(QLatin1String(" OR ")))
                           .toStdString());
        }
    if (!f.exec("COMMIT"))
        sqlite3_exec(f.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
    return f.ok();
}

// The root page of every table and index (where zeroFreeSpace starts its walk).
QList<quint32> rootPages(SqliteFile& f)
{
    QList<quint32> roots{1};
    sqlite3_stmt* list = nullptr;
    if (sqlite3_prepare_v2(f.handle(), "SELECT rootpage FROM sqlite_master WHERE rootpage > 0", -1,
                           &list, nullptr) != SQLITE_OK) {
        f.fail();
        return {};
    }
    while (sqlite3_step(list) == SQLITE_ROW)
        roots << quint32(sqlite3_column_int64(list, 0));
    sqlite3_finalize(list);
    return roots;
}

// Reads one table's rows from the source through the engine's cursor and writes them into
// the snapshot's table, column by column as the snapshot declares it: dates in Accord's
// text, a NULL where the snapshot's column may not hold one as its type's empty value,
// secrets left out unless asked for.
class TableCopy
{
public:
    TableCopy(const QSqlDatabase& source, const Dialect& dialect, sqlite3* target, QString table,
              bool includeSecrets)
        : m_source(source), m_dialect(dialect), m_table(std::move(table))
    {
        const QSqlRecord record = source.record(m_table);
        QStringList select, insert;
        for (const TargetColumn& c : targetColumns(target, m_table)) {
            if (!record.contains(c.name) || (!includeSecrets && isSecretColumn(m_table, c.name)))
                continue;
            const int type = record.field(c.name).metaType().id();
            Column column;
            column.temporal = type == QMetaType::QDateTime || type == QMetaType::QDate ||
                              type == QMetaType::QTime;
            column.kind = c.type == QLatin1String("integer") ? Kind::Integer
                          : c.type == QLatin1String("blob")  ? Kind::Blob
                                                             : Kind::Text;
            column.notNull = c.notNull;
            const QString name = dialect.quoteIdentifier(c.name);
            select << (column.temporal
                           ? dialect.selectTemporal(name) + QStringLiteral(" AS ") + name
                           : name);
            insert << quoted(c.name);
            m_names.push_back(c.name);
            m_columns.push_back(column);
        }
        m_select =
            QStringLiteral("SELECT %1 FROM %2").arg(select.join(QLatin1String(", ")), m_table);
        const QString sql =
            QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                .arg(m_table, insert.join(QLatin1String(", ")),
                     QStringLiteral("?, ").repeated(int(insert.size()) - 1) + QLatin1Char('?'));
        m_insert = std::make_unique<BulkStatement>(target, sql.toUtf8().constData());
        m_target = target;
    }
    bool ok() const { return m_insert->ok() && !m_columns.empty(); }
    qint64 rows() const { return m_rows; }

    // The rows `where` selects (with its parameters) that `keep` accepts.
    Result<void> copy(const QString& where, const QVariantList& params,
                      const std::function<bool(const RowCursor&)>& keep = {})
    {
        auto c = m_dialect.cursor(m_source, m_select + where, params);
        std::string date;
        while (c->next()) {
            if (keep && !keep(*c))
                continue;
            for (std::size_t i = 0; i < m_columns.size(); ++i) {
                const Column& column = m_columns[i];
                const int p = int(i) + 1;
                const int at = int(i);
                const bool null =
                    c->isNull(at) || (column.temporal && !accordTemporalText(c->text(at), date));
                if (null) {
                    if (!column.notNull)
                        m_insert->null(p);
                    else if (column.kind == Kind::Integer)
                        m_insert->integer(p, 0);
                    else if (column.kind == Kind::Blob)
                        m_insert->blob(p, {});
                    else
                        m_insert->text(p, {});
                } else if (column.temporal) {
                    m_insert->text(p, date);
                } else if (column.kind == Kind::Integer) {
                    m_insert->integer(p, c->int64(at));
                } else if (column.kind == Kind::Blob) {
                    m_insert->blob(p, c->bytes(at));
                } else {
                    m_insert->text(p, c->text(at));
                }
            }
            if (!m_insert->step())
                return Error::make(Error::Kind::Storage,
                                   tr("Cannot write a row of %1 into the snapshot: %2")
                                       .arg(m_table, QString::fromUtf8(sqlite3_errmsg(m_target))));
            ++m_rows;
        }
        if (!c->ok())
            return Error::make(Error::Kind::Storage,
                               tr("Cannot read %1: %2").arg(m_table, c->error()));
        return {};
    }

    // The rows whose `column` is one of `ids`, a few hundred ids a statement.
    Result<void> copyWhereIn(const QString& column, const std::vector<qint64>& ids,
                             const std::function<bool(const RowCursor&)>& keep = {})
    {
        constexpr std::size_t chunk = 500;
        for (std::size_t from = 0; from < ids.size(); from += chunk) {
            const std::size_t n = std::min(chunk, ids.size() - from);
            QVariantList params;
            for (std::size_t i = 0; i < n; ++i)
                params << ids[from + i];
            if (auto r = copy(
                    QStringLiteral(" WHERE %1 IN (%2) ORDER BY id")
                        .arg(column, QStringLiteral("?,").repeated(int(n) - 1) + QLatin1Char('?')),
                    params, keep);
                !r)
                return r;
        }
        return {};
    }

    // Position of a column in the rows `keep` sees, -1 when not copied.
    int position(const QString& name) const
    {
        const auto it = std::find(m_names.begin(), m_names.end(), name);
        return it == m_names.end() ? -1 : int(it - m_names.begin());
    }

private:
    enum class Kind { Integer, Text, Blob };
    struct Column {
        Kind kind = Kind::Text;
        bool temporal = false;
        bool notNull = false;
    };
    const QSqlDatabase& m_source;
    const Dialect& m_dialect;
    QString m_table;
    QString m_select;
    std::vector<Column> m_columns;
    std::vector<QString> m_names;
    std::unique_ptr<BulkStatement> m_insert;
    sqlite3* m_target = nullptr;
    qint64 m_rows = 0;
};

// A Qt connection of the writer's own on the snapshot being written (the migrations and
// the differences run through Qt), removed at the end.
class TargetConnection
{
public:
    explicit TargetConnection(const QString& path)
    {
        static QAtomicInteger<int> counter;
        m_name = QStringLiteral("accord-snapshot-%1").arg(counter.fetchAndAddRelaxed(1));
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_name);
        db.setDatabaseName(path);
        m_ok = db.open() && registerSqliteFunctions(db);
        for (const char* pragma :
             {"PRAGMA journal_mode = OFF", "PRAGMA synchronous = OFF", "PRAGMA secure_delete = ON",
              "PRAGMA cache_size = -262144", "PRAGMA temp_store = MEMORY"})
            m_ok = m_ok && runSql(db, QLatin1String(pragma)).ok();
    }
    ~TargetConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    TargetConnection(const TargetConnection&) = delete;
    TargetConnection& operator=(const TargetConnection&) = delete;
    bool ok() const { return m_ok; }
    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

private:
    QString m_name;
    bool m_ok = false;
};

struct Mark {
    qint64 client = 0, user = 0;
    QString field, note, markedBy, markedAt, userValues, clientValues;
};

} // namespace

Result<void> SnapshotWriter::writeRows(const QString& file, const SnapshotRequest& request,
                                       SnapshotWritten& written) const
{
    QElapsedTimer timer;
    timer.start();
    const Dialect& sqlite = Dialect::of(Engine::SQLite);
    TargetConnection target(file);
    if (!target.ok())
        return Error::make(Error::Kind::Storage, tr("Cannot write the snapshot %1.").arg(file));
    const QSqlDatabase out = target.db();
    if (auto r = Migrations::apply(out, sqlite, 0, 1); !r)
        return r.error();

    // Every table read sees one moment of the source.
    ConsistentRead read(m_source);
    if (auto r = read.begin(m_dialect); !r)
        return r.error();
    const bool filtered = !request.filter.isEverything();
    SnapshotSelection selection;
    if (filtered) {
        auto selected = selectForSnapshot(m_source, m_dialect, m_maintained, request.filter);
        if (!selected)
            return selected.error();
        selection = std::move(*selected);
    }
    // Numbers as the server stores them (a decimal's text, never a double's).
    const QSql::NumericalPrecisionPolicy precision = m_source.numericalPrecisionPolicy();
    QSqlDatabase source = m_source;
    source.setNumericalPrecisionPolicy(QSql::HighPrecision);
    struct RestorePrecision {
        QSqlDatabase& db;
        QSql::NumericalPrecisionPolicy policy;
        ~RestorePrecision() { db.setNumericalPrecisionPolicy(policy); }
    } restore{source, precision};

    sqlite3* handle = sqliteHandle(out);
    if (auto r = runSql(out, QStringLiteral("BEGIN IMMEDIATE")); !r)
        return r.error();
    auto copyTable =
        [&](const char* name,
            const std::function<Result<void>(TableCopy&)>& filteredCopy) -> Result<void> {
        TableCopy copy(source, m_dialect, handle, QLatin1String(name), request.includeSecrets);
        if (!copy.ok())
            return Error::make(Error::Kind::Storage,
                               tr("Cannot copy %1 into the snapshot.").arg(QLatin1String(name)));
        if (auto r = filtered ? filteredCopy(copy) : copy.copy(QStringLiteral(" ORDER BY id"), {});
            !r)
            return r;
        return {};
    };
    Result<void> copied = copyTable("tblusers", [&](TableCopy& c) {
        return c.copyWhereIn(QStringLiteral("id"), selection.users);
    });
    if (copied)
        copied = copyTable("tblclients", [&](TableCopy& c) {
            return c.copyWhereIn(QStringLiteral("id"), selection.clients);
        });
    if (copied)
        copied = copyTable("tblusers_clients", [&](TableCopy& c) {
            const int user = c.position(QStringLiteral("auth_user_id"));
            const int client = c.position(QStringLiteral("client_id"));
            return c.copyWhereIn(QStringLiteral("auth_user_id"), selection.users,
                                 [&](const RowCursor& row) {
                                     return selection.hasLink(row.int64(user), row.int64(client));
                                 });
        });
    if (copied)
        copied = copyTable("tbluser_invites", [&](TableCopy& c) {
            return c.copyWhereIn(QStringLiteral("client_id"), selection.clients);
        });
    if (copied)
        copied = copyTable("tblactivitylog", [&](TableCopy& c) {
            // Rows about a selected client or a selected user, each once.
            std::unordered_set<qint64> seen;
            const int id = c.position(QStringLiteral("id"));
            auto once = [&](const RowCursor& row) { return seen.insert(row.int64(id)).second; };
            if (auto r = c.copyWhereIn(QStringLiteral("userid"), selection.clients, once); !r)
                return r;
            return c.copyWhereIn(QStringLiteral("user_id"), selection.users, once);
        });
    if (!copied) {
        (void)runSql(out, QStringLiteral("ROLLBACK"));
        return copied.error();
    }
    // The intended marks of the copied links, written once their table exists.
    std::vector<Mark> marks;
    if (source.tables().contains(QStringLiteral("accord_intended_differences"))) {
        auto c = m_dialect.cursor(
            source, QStringLiteral("SELECT client_id, user_id, field, note, marked_by, %1, "
                                   "user_values, client_values FROM accord_intended_differences "
                                   "ORDER BY client_id, user_id, field")
                        .arg(m_dialect.selectTemporal(QStringLiteral("marked_at"))));
        auto text = [&](int i) {
            const std::string_view t = c->text(i);
            return QString::fromUtf8(t.data(), qsizetype(t.size()));
        };
        std::string date;
        while (c->next()) {
            if (filtered && !selection.hasLink(c->int64(1), c->int64(0)))
                continue;
            const bool dated = !c->isNull(5) && accordTemporalText(c->text(5), date);
            marks.push_back({c->int64(0), c->int64(1), text(2), text(3), text(4),
                             dated ? QString::fromStdString(date) : QString(), text(6), text(7)});
        }
        if (!c->ok()) {
            (void)runSql(out, QStringLiteral("ROLLBACK"));
            return Error::make(Error::Kind::Storage, c->error());
        }
    }
    if (auto r = runSql(out, QStringLiteral("COMMIT")); !r)
        return r.error();
    read.end();
    written.rowsSeconds = seconds(timer);
    trace("rows read and written", timer);
    killPoint("rows");

    // The snapshot's own indexes: search, counters, link counts and differences, built
    // once over the rows by the schema's own scripts.
    timer.restart();
    if (auto r = Migrations::apply(out, sqlite, 1, Database::latestSchemaVersion(Engine::SQLite));
        !r)
        return r.error();
    if (!marks.empty()) {
        if (auto r = runSql(out, QStringLiteral("BEGIN IMMEDIATE")); !r)
            return r.error();
        TouchedRecords marked;
        for (const Mark& m : marks) {
            if (auto r = runSql(out,
                                QStringLiteral("INSERT INTO accord_intended_differences "
                                               "(client_id, user_id, field, note, marked_by, "
                                               "marked_at, user_values, client_values) VALUES "
                                               "(?, ?, ?, ?, ?, ?, ?, ?)"),
                                {m.client, m.user, m.field, m.note, m.markedBy,
                                 m.markedAt.isEmpty() ? sqlNull() : QVariant(m.markedAt),
                                 m.userValues, m.clientValues});
                !r) {
                (void)runSql(out, QStringLiteral("ROLLBACK"));
                return r.error();
            }
            marked.links.insert({m.user, m.client});
        }
        if (auto r = DifferenceStore(out, sqlite).refresh(marked); !r) {
            (void)runSql(out, QStringLiteral("ROLLBACK"));
            return r.error();
        }
        if (auto r = runSql(out, QStringLiteral("COMMIT")); !r)
            return r.error();
    }
    written.indexSeconds = seconds(timer);
    trace("search indexes and differences built", timer);
    return {};
}

Result<SnapshotWritten> SnapshotWriter::write(const SnapshotRequest& request) const
{
    QElapsedTimer total, timer;
    total.start();
    timer.start();
    const QFileInfo target(request.target);
    const auto checked = exportTarget(request.target, false, request.force);
    if (!checked)
        return checked.error();
    const QString targetPath = *checked;
    if (const QString source = m_source.databaseName();
        !source.isEmpty() && QFileInfo(source).absoluteFilePath() == targetPath)
        return Error::make(Error::Kind::Refused,
                           tr("A snapshot cannot replace the database it is taken from."));

    PartialFile partial(targetPath);
    if (partial.path().isEmpty())
        return Error::make(Error::Kind::Storage,
                           tr("Cannot create a file in %1.").arg(target.absolutePath()));
    SnapshotWritten written;
    std::optional<Result<RowsChecksum>> checksum;
    // The rows are hashed from the database on the other core while its pages are copied
    // and the copy is cleaned, the secrets read as the blanks the copy will hold.
    std::promise<void> pinned;
    std::future<Result<RowsChecksum>> hashing;
    bool hashingCopy = false;
    if (request.filter.isEverything()) {
        auto copied =
            m_dialect.copyIntoSqliteFile(m_source, partial.path(), [&](const QString& rows) {
                hashingCopy = rows == partial.path();
                ChecksumOptions options{false, !request.includeSecrets,
                                        [&pinned] { pinned.set_value(); }};
                hashing = std::async(std::launch::async,
                                     [rows, options] { return checksumRows(rows, options); });
                pinned.get_future().wait();
            });
        // The copy is not cleaned while it is read.
        if (hashing.valid() && (hashingCopy || !copied))
            checksum = hashing.get();
        if (!copied)
            return copied.error();
        written.pagesCopied = *copied;
    }
    if (written.pagesCopied) {
        written.rowsSeconds = seconds(timer);
        trace("pages copied", timer);
        killPoint("rows");
        timer.restart();
        QList<quint32> roots;
        {
            SqliteFile f(partial.path(), SqliteFile::Mode::ReadWrite);
            if (!scrubCopy(f, request.includeSecrets))
                return fileError(f, partial.path());
            roots = rootPages(f);
            if (!f.ok())
                return fileError(f, partial.path());
        }
        trace("  (of which rows cleaned)", timer);
        // What the database had deleted or overwritten, still in its pages' free space and
        // its free pages, zeroed; a file laid out in a way that walk does not know is
        // rebuilt by SQLite instead (slower, the same result).
        if (const QString problem = zeroFreeSpace(partial.path(), roots); !problem.isEmpty()) {
            trace(qPrintable(QStringLiteral("free space rebuilt by VACUUM (%1)").arg(problem)),
                  timer);
            SqliteFile f(partial.path(), SqliteFile::Mode::ReadWrite);
            if (!registerSqliteFunctions(f.handle()) || !f.exec("VACUUM"))
                return fileError(f, partial.path());
        }
        written.secretsSeconds = seconds(timer);
        trace(request.includeSecrets ? "free space zeroed (secrets kept)"
                                     : "secrets cleared, free space zeroed",
              timer);
    } else if (auto r = writeRows(partial.path(), request, written); !r) {
        return r.error();
    } else {
        SqliteFile f(partial.path(), SqliteFile::Mode::ReadWrite);
        if (!dropTriggers(f))
            return fileError(f, partial.path());
    }

    timer.restart();
    if (!checksum && hashing.valid())
        checksum = hashing.get();
    if (!checksum)
        checksum = checksumRows(partial.path(), {false, false, {}});
    if (!*checksum)
        return checksum->error();
    written.checksumSeconds = seconds(timer);
    trace("checksum", timer);
    killPoint("checksum");

    SnapshotManifest& m = written.manifest;
    m = request.manifest;
    m.set(QStringLiteral("format"), QStringLiteral("accord-snapshot"));
    m.set(QStringLiteral("format_version"), QStringLiteral("2")); // 2: the manifest sealed
    m.set(QStringLiteral("filter"), request.filter.toText());
    m.setSecretsIncluded(request.includeSecrets);
    m.set(QStringLiteral("checksum_method"), QStringLiteral("sha256-rows-1"));
    for (const TableChecksum& t : (*checksum)->tables) {
        m.setRows(t.table, t.rows);
        m.setTableChecksum(t.table, QString::fromLatin1(t.digest.toHex()));
    }
    m.set(QStringLiteral("checksum"), (*checksum)->hex());
    {
        SqliteFile f(partial.path(), SqliteFile::Mode::ReadWrite);
        sqlite3_stmt* version = nullptr;
        if (f.ok() &&
            sqlite3_prepare_v2(f.handle(), "SELECT version FROM accord_schema", -1, &version,
                               nullptr) == SQLITE_OK &&
            sqlite3_step(version) == SQLITE_ROW)
            m.set(QStringLiteral("schema_version"),
                  QString::number(sqlite3_column_int(version, 0)));
        sqlite3_finalize(version);
        f.exec("PRAGMA journal_mode = OFF");
        m.seal();
        f.exec("BEGIN IMMEDIATE");
        m.write(f);
        f.exec("COMMIT");
        // A single file: opened read-only it needs no -wal or -shm beside it.
        f.exec("PRAGMA journal_mode = DELETE");
        if (!f.ok())
            return fileError(f, partial.path());
    }
    killPoint("manifest");
    if (auto r = partial.commit(targetPath, request.includeSecrets); !r)
        return r.error();
    written.totalSeconds = seconds(total);
    return written;
}

} // namespace accord
