#include "bulkexportwriter.h"

#include "consistentread.h"
#include "csvwriter.h"
#include "database.h"
#include "domain/secrets.h"
#include "jsonwriter.h"
#include "killpoint.h"
#include "migrations.h"
#include "partialfile.h"
#include "rangedoutput.h"
#include "rowcursor.h"
#include "sha256.h"
#include "sharedread.h"
#include "snapshotselection.h"
#include "temporaltext.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QHash>
#include <QSqlField>
#include <QSqlRecord>

#include <sqlite3.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("BulkExport", text);
}

// Writes through to a file and hashes what it writes while hashing is on.
class HashingFile : public QIODevice
{
public:
    explicit HashingFile(QFile& file) : m_file(file)
    {
        open(QIODevice::WriteOnly | QIODevice::Unbuffered);
    }
    void hashFromHere() { m_hashing = true; }
    QString hex() { return QString::fromLatin1(m_hash.finish().toHex()); }

protected:
    qint64 readData(char*, qint64) override { return -1; }
    qint64 writeData(const char* data, qint64 size) override
    {
        if (m_hashing)
            m_hash.add(data, std::size_t(size));
        return m_file.write(data, size);
    }

private:
    QFile& m_file;
    Sha256 m_hash;
    bool m_hashing = false;
};

// Accord's SQLite schema's declared type of every vendor column, in its order: what every
// engine's export writes, so that the same data gives the same files wherever it lives.
struct DeclaredColumn {
    QString name;
    QString type; // integer, text, blob
};

const QHash<QString, QList<DeclaredColumn>>& declaredColumns()
{
    static QHash<QString, QList<DeclaredColumn>> tables;
    static std::once_flag once;
    std::call_once(once, [] {
        sqlite3* db = nullptr;
        if (sqlite3_open(":memory:", &db) != SQLITE_OK) {
            sqlite3_close(db);
            return;
        }
        const QByteArray script =
            Migrations::script(Migrations::forEngine(Engine::SQLite).first()).toUtf8();
        if (sqlite3_exec(db, script.constData(), nullptr, nullptr, nullptr) == SQLITE_OK)
            for (const auto& part : BulkExportWriter::parts()) {
                sqlite3_stmt* info = nullptr;
                const QByteArray sql = QByteArray("PRAGMA table_info(") + part.table + ')';
                if (sqlite3_prepare_v2(db, sql.constData(), -1, &info, nullptr) != SQLITE_OK)
                    continue;
                QList<DeclaredColumn>& columns = tables[QLatin1String(part.table)];
                while (sqlite3_step(info) == SQLITE_ROW)
                    columns.append({QString::fromUtf8(reinterpret_cast<const char*>(
                                        sqlite3_column_text(info, 1))),
                                    QString::fromUtf8(
                                        reinterpret_cast<const char*>(sqlite3_column_text(info, 2)))
                                        .toLower()});
                sqlite3_finalize(info);
            }
        sqlite3_close(db);
    });
    return tables;
}

enum class Kind { Integer, Text, Blob, Flag, Permissions };
struct Column {
    QString name;
    Kind kind = Kind::Text;
    bool temporal = false; // read through Dialect::selectTemporal, written in Accord's text
};

// The columns of `table` an export writes: the declared ones the source has, in the
// declared order (a link's two ids, owner flag and permissions first), then any the source
// has beside them; secrets only when asked for.
std::vector<Column> exportColumns(const QSqlDatabase& db, const QString& table, bool secrets)
{
    const QSqlRecord record = db.record(table);
    QList<DeclaredColumn> declared = declaredColumns().value(table);
    if (table == QLatin1String("tblusers_clients")) {
        QList<DeclaredColumn> first, rest;
        for (const char* name : {"auth_user_id", "client_id", "owner", "permissions"})
            for (const DeclaredColumn& c : std::as_const(declared))
                if (c.name == QLatin1String(name))
                    first << c;
        for (const DeclaredColumn& c : std::as_const(declared))
            if (!std::any_of(first.cbegin(), first.cend(),
                             [&](const DeclaredColumn& f) { return f.name == c.name; }))
                rest << c;
        declared = first + rest;
    }
    std::vector<Column> out;
    auto add = [&](const QString& name, const QString& type) {
        if (!secrets && isSecretColumn(table, name))
            return;
        const int meta = record.field(name).metaType().id();
        Column c{name, Kind::Text, false};
        c.temporal =
            meta == QMetaType::QDateTime || meta == QMetaType::QDate || meta == QMetaType::QTime;
        if (type == QLatin1String("integer"))
            c.kind = Kind::Integer;
        else if (type == QLatin1String("blob"))
            c.kind = Kind::Blob;
        if (table == QLatin1String("tblusers_clients") && name == QLatin1String("owner"))
            c.kind = Kind::Flag;
        if (table == QLatin1String("tblusers_clients") && name == QLatin1String("permissions"))
            c.kind = Kind::Permissions;
        out.push_back(c);
    };
    QSet<QString> seen;
    for (const DeclaredColumn& c : std::as_const(declared))
        if (record.contains(c.name)) {
            add(c.name, c.type);
            seen.insert(c.name);
        }
    for (int i = 0; i < record.count(); ++i) {
        const QSqlField f = record.field(i);
        if (seen.contains(f.name()))
            continue;
        const int meta = f.metaType().id();
        const bool integer = meta == QMetaType::Int || meta == QMetaType::LongLong ||
                             meta == QMetaType::UInt || meta == QMetaType::ULongLong ||
                             meta == QMetaType::Short || meta == QMetaType::UShort;
        add(f.name(), integer                         ? QStringLiteral("integer")
                      : meta == QMetaType::QByteArray ? QStringLiteral("blob")
                                                      : QStringLiteral("text"));
    }
    return out;
}

// Where one table's rows go: a CSV file of its own, or an array of the JSON file.
class Sink
{
public:
    virtual ~Sink() = default;
    virtual void begin(const std::vector<Column>& columns) = 0;
    virtual void row(const RowCursor& r) = 0;
    virtual bool ok() const = 0;
    virtual bool end() = 0;

protected:
    // A temporal column's text (Accord's), false for a null one.
    bool date(const RowCursor& r, int at)
    {
        const auto text = r.nullableText(at);
        return text && accordTemporalText(*text, m_date);
    }
    std::string_view base64(std::string_view bytes)
    {
        m_base64 = QByteArray::fromRawData(bytes.data(), qsizetype(bytes.size())).toBase64();
        return {m_base64.constData(), std::size_t(m_base64.size())};
    }
    std::string m_date;
    QByteArray m_base64;
};

class CsvSink : public Sink
{
public:
    explicit CsvSink(QIODevice& device) : m_csv(device) {}
    void begin(const std::vector<Column>& columns) override
    {
        m_columns = &columns;
        for (const Column& c : columns)
            m_csv.text(QStringView(c.name));
        m_csv.endLine();
    }
    void row(const RowCursor& r) override
    {
        for (std::size_t i = 0; i < m_columns->size(); ++i) {
            const Column& c = (*m_columns)[i];
            const int at = int(i);
            if (c.temporal) {
                date(r, at) ? m_csv.text(m_date) : m_csv.token({});
                continue;
            }
            // A null text is an empty field as '' is (CSV has no null): no test for it.
            if (c.kind == Kind::Text || c.kind == Kind::Permissions) {
                m_csv.text(r.text(at));
                continue;
            }
            if (r.isNull(at)) {
                m_csv.token({});
                continue;
            }
            switch (c.kind) {
            case Kind::Integer:
                m_csv.number(r.int64(at));
                break;
            case Kind::Flag:
                m_csv.token(r.int64(at) ? std::string_view("true") : std::string_view("false"));
                break;
            case Kind::Blob:
                m_csv.token(base64(r.bytes(at)));
                break;
            case Kind::Text:
            case Kind::Permissions:
                m_csv.text(r.text(at));
                break;
            }
        }
        m_csv.endLine();
    }
    bool ok() const override { return m_csv.ok(); }
    bool end() override { return m_csv.finish(); }

private:
    CsvWriter m_csv;
    const std::vector<Column>* m_columns = nullptr;
};

class JsonSink : public Sink
{
public:
    explicit JsonSink(JsonWriter& json) : m_json(json) {}
    void begin(const std::vector<Column>& columns) override
    {
        setColumns(columns);
        m_json.beginArray();
    }
    // The columns of rows that go into an array another writer began.
    void setColumns(const std::vector<Column>& columns)
    {
        m_columns = &columns;
        m_keys.clear();
        // Each key with the comma before it (but the first).
        for (std::size_t i = 0; i < columns.size(); ++i)
            m_keys.push_back((i == 0 ? "" : ",") +
                             JsonWriter::quotedKeyText(columns[i].name.toStdString()));
    }
    void row(const RowCursor& r) override
    {
        // The record formatted straight into the writer's buffer (one value for it).
        std::string& out = m_json.rawValue();
        out += '{';
        for (std::size_t i = 0; i < m_columns->size(); ++i) {
            const Column& c = (*m_columns)[i];
            const int at = int(i);
            out += m_keys[i];
            if (c.temporal) {
                if (date(r, at))
                    JsonWriter::appendString(out, m_date);
                else
                    out.append("null");
                continue;
            }
            if (c.kind == Kind::Text) {
                const auto text = r.nullableText(at);
                if (text)
                    JsonWriter::appendString(out, *text);
                else
                    out.append("null");
                continue;
            }
            if (r.isNull(at)) {
                out.append("null");
                continue;
            }
            switch (c.kind) {
            case Kind::Integer: {
                char digits[24];
                const auto end = std::to_chars(digits, digits + sizeof digits, r.int64(at)).ptr;
                out.append(digits, std::size_t(end - digits));
                break;
            }
            case Kind::Flag:
                out.append(r.int64(at) != 0 ? "true" : "false");
                break;
            case Kind::Blob:
                JsonWriter::appendString(out, base64(r.bytes(at)));
                break;
            case Kind::Text:
                break;
            case Kind::Permissions: {
                // The stored comma-separated names as an array of names.
                out += '[';
                std::string_view names = r.text(at);
                bool first = true;
                while (!names.empty()) {
                    const std::size_t comma = names.find(',');
                    std::string_view name = names.substr(0, comma);
                    while (!name.empty() && name.front() == ' ')
                        name.remove_prefix(1);
                    while (!name.empty() && name.back() == ' ')
                        name.remove_suffix(1);
                    if (!name.empty()) {
                        if (!first)
                            out += ',';
                        first = false;
                        JsonWriter::appendString(out, name);
                    }
                    names = comma == std::string_view::npos ? std::string_view()
                                                            : names.substr(comma + 1);
                }
                out += ']';
                break;
            }
            }
        }
        out += '}';
        m_json.endRawValue();
    }
    bool ok() const override { return m_json.ok(); }
    bool end() override
    {
        m_json.endArray();
        return m_json.ok();
    }

private:
    JsonWriter& m_json;
    const std::vector<Column>* m_columns = nullptr;
    std::vector<std::string> m_keys;
};

// The manifest's keys that come from the caller, in this order.
const char* const originKeys[] = {"source",   "source_snapshot_of", "created_at",
                                  "operator", "accord_version",     "source_schema_version"};

constexpr int countWidth = 12; // room for any row count, padded with spaces

// Writes the manifest object; with `placeholders`, the rows and checksum as blanks of a
// fixed width whose offsets in the output are returned, to be filled in once known.
struct ManifestPlaces {
    std::array<qint64, 3> rows{};
    qint64 checksum = 0;
};
ManifestPlaces writeManifest(JsonWriter& json, const SnapshotManifest& m, bool placeholders,
                             const std::array<qint64, 3>& rows, const QString& checksum,
                             const QStringList& fileChecksums = {})
{
    ManifestPlaces places;
    json.beginObject();
    json.key("format");
    json.string(std::string_view("accord-export"));
    json.key("format_version");
    json.number(1);
    for (const char* key : originKeys)
        if (const QString v = m.value(QLatin1String(key)); !v.isEmpty()) {
            json.key(key);
            json.string(QStringView(v));
        }
    json.key("filter");
    json.string(QStringView(m.value(QStringLiteral("filter"))));
    json.key("secrets_included");
    json.boolean(m.secretsIncluded());
    json.key("rows");
    json.beginObject();
    for (std::size_t i = 0; i < BulkExportWriter::parts().size(); ++i) {
        json.key(BulkExportWriter::parts()[i].table);
        if (placeholders) {
            json.raw(std::string(countWidth, ' '));
            places.rows[i] = json.written() - countWidth;
        } else {
            json.number(rows[i]);
        }
    }
    json.endObject();
    if (!fileChecksums.isEmpty()) {
        json.key("files");
        json.beginObject();
        for (std::size_t i = 0; i < BulkExportWriter::parts().size(); ++i) {
            json.key(std::string(BulkExportWriter::parts()[i].name) + ".csv");
            json.string(QStringView(fileChecksums.at(qsizetype(i))));
        }
        json.endObject();
        json.key("checksum_method");
        json.string(std::string_view("sha256 of each file's bytes"));
    } else {
        json.key("checksum_method");
        json.string(std::string_view("sha256 of the bytes after the manifest"));
        json.key("checksum");
        if (placeholders) {
            json.raw("\"" + std::string(64, '0') + "\"");
            places.checksum = json.written() - 65;
        } else {
            json.string(QStringView(checksum));
        }
    }
    json.endObject();
    return places;
}

bool overwrite(QFile& file, qint64 at, const QByteArray& bytes)
{
    return file.seek(at) && file.write(bytes) == bytes.size();
}

// The manifest's blanks filled in: its checksum and each table's rows.
bool fillManifest(QFile& file, const ManifestPlaces& places, const QString& checksum,
                  const std::array<qint64, 3>& rows)
{
    bool filled = overwrite(file, places.checksum, checksum.toLatin1());
    for (std::size_t i = 0; i < rows.size(); ++i)
        filled = filled && overwrite(file, places.rows[i],
                                     QByteArray::number(rows[i]).rightJustified(countWidth, ' '));
    return filled && file.flush();
}

// The JSON file's start: its outer object and the manifest with blanks for what is known
// at the end; the checksum covers what comes after.
ManifestPlaces beginJsonDocument(JsonWriter& json, HashingFile& hashing,
                                 const SnapshotManifest& manifest)
{
    json.beginObject();
    json.key("manifest");
    const ManifestPlaces places = writeManifest(json, manifest, true, {}, {});
    json.flush();
    hashing.hashFromHere();
    return places;
}

// A finished export's result: each table's rows, in the manifest too, and its time.
BulkExportWritten finished(BulkExportWritten written, const std::array<qint64, 3>& rows,
                           const QElapsedTimer& timer)
{
    for (std::size_t i = 0; i < rows.size(); ++i)
        written.manifest.setRows(QLatin1String(BulkExportWriter::parts()[i].table), rows[i]);
    written.users = rows[0];
    written.clients = rows[1];
    written.links = rows[2];
    written.seconds = double(timer.nsecsElapsed()) / 1e9;
    return written;
}

// The statement that reads `columns` of `table` (append a WHERE and an ORDER BY), and
// whether any of them is a blob (read as bytes, not as the server's text).
std::pair<QString, bool> selectOf(const Dialect& dialect, const QString& table,
                                  const std::vector<Column>& columns)
{
    QStringList select;
    bool blobs = false;
    for (const Column& c : columns) {
        const QString name = dialect.quoteIdentifier(c.name);
        select << (c.temporal ? dialect.selectTemporal(name) : name);
        blobs = blobs || c.kind == Kind::Blob;
    }
    return {QStringLiteral("SELECT %1 FROM %2").arg(select.join(QLatin1String(", ")), table),
            blobs};
}
} // namespace

const std::array<BulkExportWriter::Part, 3>& BulkExportWriter::parts()
{
    static const std::array<Part, 3> all{
        {{"tblusers", "users"}, {"tblclients", "clients"}, {"tblusers_clients", "links"}}};
    return all;
}

Result<BulkExportWritten> BulkExportWriter::write(const BulkExportRequest& request) const
{
    QElapsedTimer timer;
    timer.start();
    const bool csv = request.format == BulkExportRequest::Format::Csv;
    const QFileInfo target(request.target);
    const auto checked = exportTarget(request.target, csv, request.force);
    if (!checked)
        return checked.error();
    const QString targetPath = *checked;
    auto writeError = [&](const QString& path, const QString& reason) {
        return Error::make(Error::Kind::Storage, tr("Cannot write %1: %2").arg(path, reason));
    };

    const QSqlDatabase main = m_database.connection();
    const Dialect& dialect = m_database.dialect();
    const bool filtered = !request.filter.isEverything();
    // One moment of the database: the links read on a thread of their own beside the users
    // and clients where the engine can share a moment between two readers, else everything
    // on this thread.
    std::unique_ptr<SharedRead> moment = filtered ? nullptr : dialect.shareRead(main, 2);

    BulkExportWritten written;
    written.manifest = request.manifest;
    written.manifest.set(QStringLiteral("filter"), request.filter.toText());
    written.manifest.setSecretsIncluded(request.includeSecrets);
    std::array<std::atomic<qint64>, 3> rows{};
    std::atomic<qint64> done{0};
    std::atomic<bool> stop{false};
    qint64 total = -1;
    SnapshotSelection selection;

    // One table's rows into `sink` on `db`: everything in id order, or the selection's.
    // Called on this thread (which reports progress) and on the links' thread.
    const bool reports = bool(request.progress);
    auto exportTable = [&](const QSqlDatabase& db, std::size_t part, Sink& sink,
                           bool reporter) -> Result<void> {
        const QString table = QLatin1String(parts()[part].table);
        const std::vector<Column> columns = exportColumns(db, table, request.includeSecrets);
        const auto [base, blobs] = selectOf(dialect, table, columns);
        sink.begin(columns);
        auto drain = [&](const QString& sql,
                         const std::function<bool(const RowCursor&)>& keep) -> Result<void> {
            // Texts and numbers as the server writes them (its fastest read); blobs need
            // their bytes.
            const auto c = blobs ? dialect.cursor(db, sql) : dialect.textCursor(db, sql);
            qint64 mine = 0;
            while (c->next() && sink.ok()) {
                if (keep && !keep(*c))
                    continue;
                sink.row(*c);
                if (++mine % 4096 == 0) {
                    rows[part] += 4096;
                    const qint64 now = done += 4096;
                    if (stop)
                        return {};
                    if (reporter && reports && !request.progress(now, total)) {
                        stop = true;
                        return {};
                    }
                }
            }
            rows[part] += mine % 4096;
            done += mine % 4096;
            if (!c->ok())
                return Error::make(Error::Kind::Storage,
                                   tr("Cannot read %1: %2").arg(table, c->error()));
            return {};
        };
        if (!filtered)
            return drain(base + QStringLiteral(" ORDER BY id"), {});
        const std::vector<qint64>& ids = part == 1 ? selection.clients : selection.users;
        const QString column = part == 2 ? QStringLiteral("auth_user_id") : QStringLiteral("id");
        int userAt = -1, clientAt = -1;
        for (std::size_t i = 0; i < columns.size(); ++i) {
            if (columns[i].name == QLatin1String("auth_user_id"))
                userAt = int(i);
            if (columns[i].name == QLatin1String("client_id"))
                clientAt = int(i);
        }
        std::function<bool(const RowCursor&)> keep;
        if (part == 2)
            keep = [&](const RowCursor& r) {
                return selection.hasLink(r.int64(userAt), r.int64(clientAt));
            };
        constexpr std::size_t chunk = 1000;
        for (std::size_t from = 0; from < ids.size() && !stop; from += chunk) {
            QStringList list;
            for (std::size_t i = from; i < std::min(ids.size(), from + chunk); ++i)
                list << QString::number(ids[i]);
            if (auto r = drain(base + QStringLiteral(" WHERE %1 IN (%2) ORDER BY id")
                                          .arg(column, list.join(QLatin1Char(','))),
                               keep);
                !r)
                return r;
        }
        return {};
    };

    // One table into its CSV file of the folder. Its checksum.
    auto writePart = [&](const QSqlDatabase& db, std::size_t part, const QString& path,
                         bool reporter) -> Result<QString> {
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly))
            return writeError(path, out.errorString());
        HashingFile hashing(out);
        hashing.hashFromHere();
        CsvSink sink(hashing);
        if (auto r = exportTable(db, part, sink, reporter); !r)
            return r.error();
        if (!sink.end() || !out.flush())
            return writeError(path, out.errorString());
        return hashing.hex();
    };

    // A JSON file at a moment two readers share: in id ranges on two cores.
    if (!csv && moment) {
        moment.reset(); // (the ranges' readers share one of their own)
        return writeJsonInRanges(request, targetPath, written, timer);
    }

    // Where the parts go: the folder's files (the clients' written by a second thread at a
    // shared moment), or the JSON file written on this thread.
    std::optional<PartialFolder> folder;
    std::optional<PartialFile> file;
    auto partPath = [&](std::size_t part) {
        return QDir(folder->path())
            .filePath(QLatin1String(parts()[part].name) + QStringLiteral(".csv"));
    };
    if (csv) {
        folder.emplace(targetPath);
        if (folder->path().isEmpty())
            return Error::make(Error::Kind::Storage,
                               tr("Cannot create a folder in %1.").arg(target.absolutePath()));
    } else {
        file.emplace(targetPath);
        if (file->path().isEmpty())
            return Error::make(Error::Kind::Storage,
                               tr("Cannot create a file in %1.").arg(target.absolutePath()));
    }

    // The second thread: the clients (the widest rows), at the shared moment.
    Result<QString> sideWritten = QString();
    std::thread side;
    std::atomic<bool> sideDone{!moment};
    if (moment)
        side = std::thread([&] {
            {
                const QSqlDatabase db = m_database.connection();
                if (auto begun = moment->begin(db); !begun)
                    sideWritten = begun.error();
                else
                    sideWritten = writePart(db, 1, partPath(1), false);
                if (!sideWritten)
                    stop = true;
                (void)runSql(db, QStringLiteral("COMMIT"));
            }
            m_database.releaseThreadConnection();
            sideDone = true;
        });
    struct Join {
        std::thread& t;
        std::atomic<bool>& stop;
        ~Join()
        {
            if (t.joinable()) {
                stop = true;
                t.join();
            }
        }
    } joinSide{side, stop};

    ConsistentRead read(main);
    if (moment) {
        if (auto r = moment->begin(main); !r)
            return r.error();
    } else if (auto r = read.begin(dialect); !r) {
        return r.error();
    }
    struct EndMoment {
        const QSqlDatabase& db;
        bool on;
        ~EndMoment()
        {
            if (on)
                (void)runSql(db, QStringLiteral("COMMIT"));
        }
    } endMoment{main, bool(moment)};
    if (filtered) {
        auto selected = selectForSnapshot(main, dialect, m_maintained, request.filter);
        if (!selected)
            return selected.error();
        selection = std::move(*selected);
        total = qint64(selection.users.size() + selection.clients.size() + selection.links.size());
    } else if (reports) {
        total = 0;
        for (const auto& part : parts())
            if (auto n = runSql(
                    main, QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(part.table)));
                n && n->next())
                total += n->value(0).toLongLong();
    }
    // Waits for the second thread, still reporting the rows it writes.
    auto finishSide = [&]() -> Result<QString> {
        while (!sideDone) {
            if (reports && !stop && !request.progress(done, total))
                stop = true;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        if (side.joinable())
            side.join();
        return sideWritten;
    };
    auto stopped = [&] {
        written.stopped = true;
        return written;
    };

    if (csv) {
        QStringList checksums;
        for (std::size_t part = 0; part < parts().size() && !stop; ++part) {
            if (moment && part == 1) {
                checksums << QString();
                continue;
            }
            auto sum = writePart(main, part, partPath(part), true);
            if (!sum)
                return sum.error();
            checksums << *sum;
            killPointReached("ACCORD_EXPORT_KILL_AT", "rows");
        }
        auto sideSum = finishSide();
        if (!sideSum)
            return sideSum.error();
        if (stop)
            return stopped();
        if (moment)
            checksums[1] = *sideSum;
        const QString manifestPath = QDir(folder->path()).filePath(QStringLiteral("manifest.json"));
        QFile out(manifestPath);
        if (!out.open(QIODevice::WriteOnly))
            return writeError(manifestPath, out.errorString());
        JsonWriter json(out);
        const std::array<qint64, 3> counts{rows[0], rows[1], rows[2]};
        writeManifest(json, written.manifest, false, counts, {}, checksums);
        if (!json.finish())
            return writeError(manifestPath, out.errorString());
        out.close();
        killPointReached("ACCORD_EXPORT_KILL_AT", "rename");
        if (auto r = folder->commit(targetPath, request.includeSecrets); !r)
            return r.error();
    } else {
        QFile out(file->path());
        if (!out.open(QIODevice::ReadWrite))
            return writeError(file->path(), out.errorString());
        ManifestPlaces places;
        QString checksum;
        {
            HashingFile hashing(out);
            JsonWriter json(hashing);
            places = beginJsonDocument(json, hashing, written.manifest);
            JsonSink sink(json);
            for (std::size_t part = 0; part < parts().size() && !stop; ++part) {
                json.key(parts()[part].name);
                if (auto r = exportTable(main, part, sink, true); !r)
                    return r.error();
                sink.end();
                killPointReached("ACCORD_EXPORT_KILL_AT", "rows");
            }
            if (stop)
                return stopped();
            json.endObject();
            if (!json.finish())
                return writeError(file->path(), out.errorString());
            checksum = hashing.hex();
        }
        if (!fillManifest(out, places, checksum, {rows[0], rows[1], rows[2]}))
            return writeError(file->path(), out.errorString());
        out.close();
        written.manifest.set(QStringLiteral("checksum"), checksum);
        killPointReached("ACCORD_EXPORT_KILL_AT", "rename");
        if (auto r = file->commit(targetPath, request.includeSecrets); !r)
            return r.error();
    }
    return finished(std::move(written), {rows[0], rows[1], rows[2]}, timer);
}

// The whole database as one JSON file in one pass: each table's id ranges formatted on two
// cores at one shared moment (RangedOutput), written in order and hashed as they go.
Result<BulkExportWritten> BulkExportWriter::writeJsonInRanges(const BulkExportRequest& request,
                                                              const QString& targetPath,
                                                              BulkExportWritten written,
                                                              const QElapsedTimer& timer) const
{
    const QSqlDatabase main = m_database.connection();
    const Dialect& dialect = m_database.dialect();
    PartialFile file(targetPath);
    if (file.path().isEmpty())
        return Error::make(
            Error::Kind::Storage,
            tr("Cannot create a file in %1.").arg(QFileInfo(targetPath).absolutePath()));
    auto writeError = [&](const QString& reason) {
        return Error::make(Error::Kind::Storage,
                           tr("Cannot write %1: %2").arg(file.path(), reason));
    };
    QFile out(file.path());
    if (!out.open(QIODevice::ReadWrite))
        return writeError(out.errorString());
    qint64 total = -1;
    if (request.progress) {
        total = 0;
        for (const auto& part : parts())
            if (auto n = runSql(
                    main, QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(part.table)));
                n && n->next())
                total += n->value(0).toLongLong();
    }

    std::array<std::vector<Column>, 3> columns;
    std::array<qint64, 3> counts{};
    ManifestPlaces places;
    QString checksum;
    bool stopped = false;
    {
        HashingFile hashing(out);
        JsonWriter json(hashing);
        places = beginJsonDocument(json, hashing, written.manifest);
        std::vector<RangedOutput::Table> tables;
        for (std::size_t part = 0; part < parts().size(); ++part) {
            const QString table = QLatin1String(parts()[part].table);
            columns[part] = exportColumns(main, table, request.includeSecrets);
            const auto [base, blobs] = selectOf(dialect, table, columns[part]);
            RangedOutput::Table t;
            t.name = table;
            t.format = [&, part, table, base = base,
                        blobs = blobs](const QSqlDatabase& db, const RangedOutput::Range& range,
                                       QByteArray& bytes) -> Result<qint64> {
                QBuffer buffer(&bytes);
                buffer.open(QIODevice::WriteOnly);
                JsonWriter rangeJson(buffer);
                // (An entry of the outer object's array: a line of its own.)
                rangeJson.resumeObject(1);
                rangeJson.resumeArray(range.first ? 0 : 1);
                JsonSink sink(rangeJson);
                sink.setColumns(columns[part]);
                const QString sql = base + QStringLiteral(" WHERE id BETWEEN %1 AND %2 ORDER BY id")
                                               .arg(range.from)
                                               .arg(range.to);
                const auto c = blobs ? dialect.cursor(db, sql) : dialect.textCursor(db, sql);
                qint64 n = 0;
                while (c->next()) {
                    sink.row(*c);
                    ++n;
                }
                if (!c->ok())
                    return Error::make(Error::Kind::Storage,
                                       tr("Cannot read %1: %2").arg(table, c->error()));
                rangeJson.leave();
                rangeJson.leave();
                rangeJson.flush();
                return n;
            };
            t.before = [&json, part](QIODevice&) {
                json.key(parts()[part].name);
                json.beginArray();
                json.leave(); // (its rows come from the ranges)
                return json.flush();
            };
            t.after = [&json](QIODevice&, qint64 rows) {
                json.resumeArray(rows > 0 ? 1 : 0);
                json.endArray();
                return json.flush();
            };
            tables.push_back(std::move(t));
        }
        auto rows = RangedOutput(m_database).write(tables, hashing, [&](qint64 so) {
            if (request.progress && !request.progress(so, total))
                stopped = true;
            return !stopped;
        });
        if (!rows)
            return rows.error();
        if (stopped) {
            written.stopped = true;
            return written;
        }
        counts = {(*rows)[0], (*rows)[1], (*rows)[2]};
        killPointReached("ACCORD_EXPORT_KILL_AT", "rows");
        json.endObject();
        if (!json.finish())
            return writeError(out.errorString());
        checksum = hashing.hex();
    }
    if (!fillManifest(out, places, checksum, counts))
        return writeError(out.errorString());
    out.close();
    written.manifest.set(QStringLiteral("checksum"), checksum);
    killPointReached("ACCORD_EXPORT_KILL_AT", "rename");
    if (auto r = file.commit(targetPath, request.includeSecrets); !r)
        return r.error();
    return finished(std::move(written), counts, timer);
}

} // namespace accord
