#include "snapshotchecksum.h"

#include "snapshotmanifest.h"
#include "sqlitefile.h"

#include <QCoreApplication>

#include <openssl/evp.h>
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

class Sha256
{
public:
    Sha256() : m_ctx(EVP_MD_CTX_new()) { EVP_DigestInit_ex(m_ctx, EVP_sha256(), nullptr); }
    ~Sha256() { EVP_MD_CTX_free(m_ctx); }
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    void add(const void* data, std::size_t size) { EVP_DigestUpdate(m_ctx, data, size); }
    void add(const std::string& s) { add(s.data(), s.size()); }
    QByteArray finish()
    {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int length = 0;
        EVP_DigestFinal_ex(m_ctx, digest, &length);
        return QByteArray(reinterpret_cast<const char*>(digest), int(length));
    }

private:
    EVP_MD_CTX* m_ctx;
};

QString quoted(const QString& name)
{
    return QLatin1Char('"') + QString(name).replace(QLatin1Char('"'), QLatin1String("\"\"")) +
           QLatin1Char('"');
}

// One table's digest; false (and the file's error) when it cannot be read. A table the
// file lacks comes back with no columns.
bool hashTable(SqliteFile& file, TableChecksum& out)
{
    sqlite3* db = file.handle();
    sqlite3_stmt* info = nullptr;
    const QByteArray pragma =
        QStringLiteral("PRAGMA table_info(%1)").arg(quoted(out.table)).toUtf8();
    if (sqlite3_prepare_v2(db, pragma.constData(), -1, &info, nullptr) != SQLITE_OK)
        return file.fail();
    std::vector<std::pair<int, QString>> keys;
    while (sqlite3_step(info) == SQLITE_ROW) {
        const QString name =
            QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(info, 1)));
        out.columns << name;
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
    std::string buffer;
    buffer.reserve(1 << 17);
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(rows)) == SQLITE_ROW) {
        ++out.rows;
        for (int c = 0; c < columns; ++c) {
            switch (sqlite3_column_type(rows, c)) {
            case SQLITE_NULL:
                buffer.push_back(Null);
                break;
            case SQLITE_INTEGER:
                buffer.push_back(Integer);
                putBigEndian(buffer, std::uint64_t(sqlite3_column_int64(rows, c)), 8);
                break;
            case SQLITE_FLOAT: {
                const double v = sqlite3_column_double(rows, c);
                std::uint64_t bits = 0;
                std::memcpy(&bits, &v, sizeof bits);
                buffer.push_back(Real);
                putBigEndian(buffer, bits, 8);
                break;
            }
            case SQLITE_TEXT: {
                const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(rows, c));
                const auto n = std::size_t(sqlite3_column_bytes(rows, c));
                buffer.push_back(Text);
                putBigEndian(buffer, n, 4);
                buffer.append(p, n);
                break;
            }
            default: {
                const auto* p = static_cast<const char*>(sqlite3_column_blob(rows, c));
                const auto n = std::size_t(sqlite3_column_bytes(rows, c));
                buffer.push_back(Blob);
                putBigEndian(buffer, n, 4);
                if (n)
                    buffer.append(p, n);
                break;
            }
            }
        }
        if (buffer.size() >= (1 << 16)) {
            hash.add(buffer);
            buffer.clear();
        }
    }
    if (rc != SQLITE_DONE) {
        file.fail();
        sqlite3_finalize(rows);
        return false;
    }
    sqlite3_finalize(rows);
    hash.add(buffer);
    out.digest = hash.finish();
    return true;
}

} // namespace

Result<RowsChecksum> checksumRows(const QString& path, bool immutable)
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
    auto worker = [&] {
        SqliteFile file(path, immutable ? SqliteFile::Mode::Immutable : SqliteFile::Mode::ReadOnly);
        for (std::size_t i; file.ok() && (i = next.fetch_add(1)) < work.size();)
            hashTable(file, tables[work[i]]);
        if (!file.ok()) {
            std::lock_guard lock(mutex);
            if (failure.isEmpty())
                failure = file.errorText();
        }
    };
    const unsigned cores = std::clamp(std::thread::hardware_concurrency(), 1u, 4u);
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
