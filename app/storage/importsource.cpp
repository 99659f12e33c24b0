#include "importsource.h"

#include "sqlitefile.h"

#include <QCoreApplication>
#include <QFileInfo>

#include <sqlite3.h>

#include <string>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("ImportService", text);
}

const char* const tableNames[importTableCount] = {"tblusers", "tblclients", "tblusers_clients"};

// An Accord snapshot or live file, or any file with the vendor's tables: read-only (a
// live file may be in use by its own Accord meanwhile).
class SqliteRecordSource : public RecordSource
{
public:
    explicit SqliteRecordSource(QString path) : m_path(std::move(path)) {}
    QString name() const override { return QFileInfo(m_path).fileName(); }
    QString nameOf(ImportTable table) const override
    {
        return QStringLiteral("%1 (%2)").arg(name(), tableName(table));
    }

    Result<void> open() override
    {
        if (!QFileInfo(m_path).isFile())
            return Error::make(Error::Kind::NotFound, tr("%1: no such file.").arg(m_path));
        m_file = std::make_unique<SqliteFile>(m_path, SqliteFile::Mode::ReadOnly);
        if (!m_file->ok())
            return failure();
        for (int t = 0; t < importTableCount; ++t) {
            sqlite3_stmt* stmt = nullptr;
            if (sqlite3_prepare_v2(m_file->handle(),
                                   "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND "
                                   "name = ?1",
                                   -1, &stmt, nullptr) != SQLITE_OK)
                return failure();
            sqlite3_bind_text(stmt, 1, tableNames[t], -1, SQLITE_STATIC);
            const bool present =
                sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_int(stmt, 0) > 0;
            sqlite3_finalize(stmt);
            if (present)
                m_tables << ImportTable(t);
        }
        if (m_tables.isEmpty())
            return Error::make(Error::Kind::Validation,
                               tr("%1 holds none of the tables tblusers, tblclients and "
                                  "tblusers_clients.")
                                   .arg(name()));
        return {};
    }

    QList<ImportTable> tables() const override { return m_tables; }

    Result<void> read(ImportTable table, QStringList& columns,
                      const std::function<bool(const SourceRecord&)>& record) override
    {
        sqlite3* db = m_file->handle();
        const std::string table_ = tableNames[int(table)];
        m_size = -1;
        m_position = 0;
        {
            sqlite3_stmt* count = nullptr;
            if (sqlite3_prepare_v2(db, ("SELECT count(*) FROM \"" + table_ + "\"").c_str(), -1,
                                   &count, nullptr) == SQLITE_OK &&
                sqlite3_step(count) == SQLITE_ROW)
                m_size = sqlite3_column_int64(count, 0);
            sqlite3_finalize(count);
        }
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db, ("SELECT * FROM \"" + table_ + "\" ORDER BY id").c_str(), -1,
                               &stmt, nullptr) != SQLITE_OK)
            return failure();
        const int n = sqlite3_column_count(stmt);
        columns.clear();
        for (int i = 0; i < n; ++i)
            columns << QString::fromUtf8(sqlite3_column_name(stmt, i));
        SourceRecord r;
        r.values.resize(std::size_t(n));
        std::vector<std::string> numbers(static_cast<std::size_t>(n));
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            r.line = ++m_position;
            for (int i = 0; i < n; ++i) {
                SourceValue& v = r.values[std::size_t(i)];
                switch (sqlite3_column_type(stmt, i)) {
                case SQLITE_NULL:
                    v = {SourceValue::State::Null, {}};
                    break;
                case SQLITE_INTEGER:
                    numbers[std::size_t(i)] = std::to_string(sqlite3_column_int64(stmt, i));
                    v = {SourceValue::State::Text, numbers[std::size_t(i)]};
                    break;
                default: {
                    const void* bytes = sqlite3_column_type(stmt, i) == SQLITE_BLOB
                                            ? sqlite3_column_blob(stmt, i)
                                            : sqlite3_column_text(stmt, i);
                    const int size = sqlite3_column_bytes(stmt, i);
                    v = {SourceValue::State::Text,
                         std::string_view(static_cast<const char*>(bytes), std::size_t(size))};
                    break;
                }
                }
            }
            if (!record(r))
                break;
        }
        const bool failed = rc != SQLITE_ROW && rc != SQLITE_DONE;
        sqlite3_finalize(stmt);
        if (failed)
            return failure();
        return {};
    }

    qint64 position() const override { return m_position; }
    qint64 size() const override { return m_size; }

private:
    Error failure() const
    {
        const QString message = m_file && m_file->handle()
                                    ? QString::fromUtf8(sqlite3_errmsg(m_file->handle()))
                                    : tr("cannot be opened");
        return Error::make(Error::Kind::Storage, tr("%1: %2").arg(name(), message));
    }

    QString m_path;
    std::unique_ptr<SqliteFile> m_file;
    QList<ImportTable> m_tables;
    qint64 m_position = 0;
    qint64 m_size = -1;
};
} // namespace

QString tableName(ImportTable table)
{
    return QLatin1String(tableNames[int(table)]);
}

// Until CsvReader and JsonReader land: a source that says so.
namespace {
class UnreadableSource : public RecordSource
{
public:
    UnreadableSource(QString path, QString format)
        : m_path(std::move(path)), m_format(std::move(format))
    {
    }
    QString name() const override { return QFileInfo(m_path).fileName(); }
    Result<void> open() override
    {
        return Error::make(Error::Kind::Refused,
                           tr("%1: reading %2 is not built in yet.").arg(name(), m_format));
    }
    QList<ImportTable> tables() const override { return {}; }
    Result<void> read(ImportTable, QStringList&,
                      const std::function<bool(const SourceRecord&)>&) override
    {
        return {};
    }
    qint64 position() const override { return 0; }
    qint64 size() const override { return -1; }

private:
    QString m_path, m_format;
};
} // namespace

std::unique_ptr<RecordSource> csvRecordSource(const QString& path)
{
    return std::make_unique<UnreadableSource>(path, QStringLiteral("CSV"));
}

std::unique_ptr<RecordSource> jsonRecordSource(const QString& path)
{
    return std::make_unique<UnreadableSource>(path, QStringLiteral("JSON"));
}

std::unique_ptr<RecordSource> sqliteRecordSource(const QString& path)
{
    return std::make_unique<SqliteRecordSource>(path);
}

std::optional<ImportTable> tableOfColumns(const QStringList& columns)
{
    auto has = [&](const char* name) {
        return columns.contains(QLatin1String(name), Qt::CaseInsensitive);
    };
    if ((has("auth_user_id") || has("user_id")) && has("client_id"))
        return ImportTable::Links;
    if (has("firstname") || has("lastname") || has("companyname") || has("country") ||
        has("phonenumber") || has("address1"))
        return ImportTable::Clients;
    if (has("first_name") || has("last_name") || has("email"))
        return ImportTable::Users;
    return std::nullopt;
}

} // namespace accord
