#include "snapshotchecksum.h"

#include "domain/secrets.h"
#include "sha256.h"
#include "snapshotmanifest.h"
#include "sqlitefile.h"

#include <QCoreApplication>

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstring>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace accord {

namespace {

// Value tags: NULL, integer (8 bytes big-endian), real (IEEE 754 bits, big-endian), text
// and blob (4-byte big-endian length, then the bytes).
enum Tag : char { Null = 0, Integer = 1, Real = 2, Text = 3, Blob = 4 };

void putBigEndian(std::string& out, std::uint64_t v, int bytes)
{
    for (int i = bytes - 1; i >= 0; --i)
        out.push_back(char((v >> (8 * i)) & 0xff));
}

// The encoded values of a table, hashed 64 KiB at a time.
class ValueBuffer
{
public:
    explicit ValueBuffer(Sha256& hash) : m_hash(hash) {}
    void tag(char t)
    {
        reserve(1);
        m_data[m_used++] = static_cast<unsigned char>(t);
    }
    void integer(char t, std::uint64_t v)
    {
        reserve(9);
        unsigned char* p = m_data + m_used;
        p[0] = static_cast<unsigned char>(t);
        for (int i = 0; i < 8; ++i)
            p[1 + i] = static_cast<unsigned char>(v >> (56 - 8 * i));
        m_used += 9;
    }
    void bytes(char t, const void* data, std::size_t n)
    {
        reserve(5);
        unsigned char* p = m_data + m_used;
        p[0] = static_cast<unsigned char>(t);
        for (int i = 0; i < 4; ++i)
            p[1 + i] = static_cast<unsigned char>(n >> (24 - 8 * i));
        m_used += 5;
        if (n > sizeof m_data - m_used) {
            flush();
            m_hash.add(data, n);
            return;
        }
        if (n)
            std::memcpy(m_data + m_used, data, n);
        m_used += n;
    }
    void flush()
    {
        m_hash.add(m_data, m_used);
        m_used = 0;
    }

private:
    void reserve(std::size_t n)
    {
        if (m_used + n > sizeof m_data)
            flush();
    }
    Sha256& m_hash;
    unsigned char m_data[1 << 16];
    std::size_t m_used = 0;
};

QString quoted(const QString& name)
{
    return QLatin1Char('"') + QString(name).replace(QLatin1Char('"'), QLatin1String("\"\"")) +
           QLatin1Char('"');
}

// One table's digest; false (and the file's error) when it cannot be read. A table the
// file lacks comes back with no columns.
bool hashTable(SqliteFile& file, TableChecksum& out, bool blankSecrets)
{
    sqlite3* db = file.handle();
    sqlite3_stmt* info = nullptr;
    const QByteArray pragma =
        QStringLiteral("PRAGMA table_info(%1)").arg(quoted(out.table)).toUtf8();
    if (sqlite3_prepare_v2(db, pragma.constData(), -1, &info, nullptr) != SQLITE_OK)
        return file.fail();
    std::vector<std::pair<int, QString>> keys;
    std::vector<int> blanks; // per column: the tag hashed instead of a secret, or -1
    while (sqlite3_step(info) == SQLITE_ROW) {
        const QString name =
            QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(info, 1)));
        const QString type =
            QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(info, 2)));
        out.columns << name;
        int blank = -1;
        if (blankSecrets && isSecretColumn(out.table, name)) {
            const QString sql = blankSecretSql(type, sqlite3_column_int(info, 3) != 0);
            blank = sql == QLatin1String("x''") ? Blob : sql == QLatin1String("''") ? Text : Null;
        }
        blanks.push_back(blank);
        if (const int pk = sqlite3_column_int(info, 5); pk > 0)
            keys.emplace_back(pk, name);
    }
    sqlite3_finalize(info);
    if (out.columns.isEmpty())
        return true;
    std::sort(keys.begin(), keys.end());
    QStringList select, order;
    for (const QString& c : std::as_const(out.columns))
        select << quoted(c);
    for (const auto& [position, name] : keys)
        order << quoted(name);
    if (order.isEmpty())
        order << QStringLiteral("rowid");
    const QByteArray sql =
        QStringLiteral("SELECT %1 FROM %2 ORDER BY %3")
            .arg(select.join(QLatin1Char(',')), quoted(out.table), order.join(QLatin1Char(',')))
            .toUtf8();
    sqlite3_stmt* rows = nullptr;
    if (sqlite3_prepare_v2(db, sql.constData(), -1, &rows, nullptr) != SQLITE_OK)
        return file.fail();
    const int columns = int(out.columns.size());
    Sha256 hash;
    auto buffer = std::make_unique<ValueBuffer>(hash);
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
        ++out.rows;
        for (int c = 0; c < columns; ++c) {
            if (const int blank = blanks[std::size_t(c)]; blank >= 0) {
                if (blank == Null)
                    buffer->tag(Null);
                else
                    buffer->bytes(char(blank), nullptr, 0);
                continue;
            }
            sqlite3_value* v = sqlite3_column_value(rows, c);
            switch (sqlite3_value_type(v)) {
            case SQLITE_NULL:
                buffer->tag(Null);
                break;
            case SQLITE_INTEGER:
                buffer->integer(Integer, std::uint64_t(sqlite3_value_int64(v)));
                break;
            case SQLITE_FLOAT: {
                const double d = sqlite3_value_double(v);
                std::uint64_t bits = 0;
                std::memcpy(&bits, &d, sizeof bits);
                buffer->integer(Real, bits);
                break;
            }
            case SQLITE_TEXT: {
                const unsigned char* p = sqlite3_value_text(v);
                buffer->bytes(Text, p, std::size_t(sqlite3_value_bytes(v)));
                break;
            }
            default: {
                const void* p = sqlite3_value_blob(v);
                buffer->bytes(Blob, p, std::size_t(sqlite3_value_bytes(v)));
                break;
            }
            }
        }
    }
    if (rc != SQLITE_DONE) {
        file.fail();
        sqlite3_finalize(rows);
        return false;
    }
    sqlite3_finalize(rows);
    buffer->flush();
    out.digest = hash.finish();
    return true;
}

} // namespace

QString blankSecretSql(const QString& declaredType, bool notNull)
{
    if (declaredType.compare(QLatin1String("blob"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("x''");
    return notNull ? QStringLiteral("''") : QStringLiteral("NULL");
}

Result<RowsChecksum> checksumRows(const QString& path, const ChecksumOptions& options)
{
    const QStringList& order = SnapshotManifest::rowTables();
    std::vector<TableChecksum> tables(std::size_t(order.size()));
    for (qsizetype i = 0; i < order.size(); ++i)
        tables[std::size_t(i)].table = order.at(i);
    // The largest tables first, so two cores finish at about the same time.
    const std::vector<std::size_t> work{1, 0, 2, 5, 3, 4};
    std::atomic<std::size_t> next{0};
    std::mutex mutex;
    QString failure;
    const unsigned cores = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
    std::atomic<unsigned> pinning{cores};
    auto worker = [&] {
        SqliteFile file(path, options.immutable ? SqliteFile::Mode::Immutable
                                                : SqliteFile::Mode::ReadOnly);
        // Pages read from the mapped file, not copied in by a system call each.
        file.exec("PRAGMA mmap_size = 2147418112");
        // Every table this reader hashes is read in one transaction, begun (by a first
        // read) before the file's writers are let go.
        file.exec("BEGIN");
        file.exec("SELECT count(*) FROM sqlite_schema");
        if (pinning.fetch_sub(1) == 1 && options.pinned)
            options.pinned();
        for (std::size_t i; file.ok() && (i = next.fetch_add(1)) < work.size();)
            hashTable(file, tables[work[i]], options.blankSecrets);
        file.exec("COMMIT");
        if (!file.ok()) {
            std::lock_guard lock(mutex);
            if (failure.isEmpty())
                failure = file.errorText();
        }
    };
    std::vector<std::thread> threads;
    for (unsigned t = 1; t < cores; ++t)
        threads.emplace_back(worker);
    worker();
    for (std::thread& t : threads)
        t.join();
    if (!failure.isEmpty())
        return Error::make(
            Error::Kind::Storage,
            QCoreApplication::translate("Snapshot", "Cannot read %1: %2").arg(path, failure));
    RowsChecksum out;
    Sha256 overall;
    for (TableChecksum& t : tables) {
        if (t.columns.isEmpty())
            continue;
        std::string header = t.table.toStdString();
        header.push_back('\0');
        header += t.columns.join(QLatin1Char(',')).toStdString();
        header.push_back('\0');
        putBigEndian(header, std::uint64_t(t.rows), 8);
        overall.add(header);
        overall.add(t.digest.constData(), std::size_t(t.digest.size()));
        out.tables << std::move(t);
    }
    out.digest = overall.finish();
    return out;
}

} // namespace accord
