#include "importsource.h"

#include "csvreader.h"
#include "jsonreader.h"
#include "sqlitefile.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QScopeGuard>

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <deque>
#include <string>
#include <unordered_map>

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

namespace {

QString fileNameOf(const QString& path)
{
    return QFileInfo(path).fileName();
}

// A CSV file of one table: its header row names the columns (and so the table), each
// record after it is a row. Blank lines are passed over; an empty field is NULL where the
// column may hold one (CSV has no other way to write it).
class CsvRecordSource : public RecordSource
{
public:
    explicit CsvRecordSource(QString path) : m_path(std::move(path)) {}
    QString name() const override { return fileNameOf(m_path); }

    Result<void> open() override
    {
        QFile file(m_path);
        if (!file.open(QIODevice::ReadOnly))
            return Error::make(Error::Kind::NotFound, tr("%1: %2").arg(m_path, file.errorString()));
        m_size = file.size();
        CsvReader reader(file);
        if (!reader.next()) {
            m_errorLine = reader.ok() ? 1 : reader.line();
            return Error::make(Error::Kind::Validation,
                               reader.ok() ? tr("the file is empty: a CSV file starts with a "
                                                "header row of column names.")
                                           : reader.error());
        }
        QStringList columns;
        for (int i = 0; i < reader.fieldCount(); ++i)
            columns << QString::fromUtf8(reader.field(i).data(), qsizetype(reader.field(i).size()))
                           .trimmed();
        const auto table = tableOfColumns(columns);
        if (!table) {
            m_errorLine = 1;
            return Error::make(Error::Kind::Validation,
                               tr("the header row (%1) names no user, client or link columns "
                                  "(e.g. first_name,last_name,email,language for users).")
                                   .arg(columns.join(QLatin1Char(','))));
        }
        m_table = *table;
        return {};
    }

    QList<ImportTable> tables() const override { return {m_table}; }

    Result<void> read(ImportTable table, QStringList& columns,
                      const std::function<bool(const SourceRecord&)>& record) override
    {
        if (table != m_table)
            return {};
        QFile file(m_path);
        if (!file.open(QIODevice::ReadOnly))
            return Error::make(Error::Kind::Storage, tr("%1: %2").arg(m_path, file.errorString()));
        CsvReader reader(file);
        m_reader = &reader;
        const auto done = qScopeGuard([this] { m_reader = nullptr; });
        columns.clear();
        if (reader.next())
            for (int i = 0; i < reader.fieldCount(); ++i)
                columns << QString::fromUtf8(reader.field(i).data(),
                                             qsizetype(reader.field(i).size()));
        SourceRecord r;
        while (reader.ok() && reader.next()) {
            const int n = reader.fieldCount();
            if (n == 1 && reader.field(0).empty())
                continue; // a blank line
            r.line = reader.line();
            r.values.resize(std::size_t(n));
            for (int i = 0; i < n; ++i)
                r.values[std::size_t(i)] = {SourceValue::State::Text, reader.field(i)};
            if (!record(r))
                return {};
        }
        if (!reader.ok()) {
            m_errorLine = reader.line();
            return Error::make(Error::Kind::Validation, reader.error());
        }
        return {};
    }

    qint64 errorLine() const override { return m_errorLine; }
    qint64 position() const override { return m_reader ? m_reader->bytesRead() : 0; }
    qint64 size() const override { return m_size; }
    bool emptyMeansNull() const override { return true; }
    bool blobsInBase64() const override { return true; }

private:
    QString m_path;
    ImportTable m_table = ImportTable::Users;
    CsvReader* m_reader = nullptr;
    qint64 m_size = -1;
    qint64 m_errorLine = 0;
};

// A JSON file as `export --format json` writes it: one object whose "users", "clients" and
// "links" arrays hold a record object each ("manifest" is passed over). open() reads it
// through once, checking it is well-formed and noting where each array starts, so that each
// read() starts there.
class JsonRecordSource : public RecordSource
{
public:
    explicit JsonRecordSource(QString path) : m_path(std::move(path)) {}
    QString name() const override { return fileNameOf(m_path); }

    Result<void> open() override
    {
        QFile file(m_path);
        if (!file.open(QIODevice::ReadOnly))
            return Error::make(Error::Kind::NotFound, tr("%1: %2").arg(m_path, file.errorString()));
        m_size = file.size();
        JsonReader reader(file);
        if (reader.next() != JsonReader::Token::BeginObject)
            return invalid(reader, tr("a bulk JSON file is one object with \"users\", "
                                      "\"clients\" and \"links\" arrays."));
        for (;;) {
            const JsonReader::Token token = reader.next();
            if (token == JsonReader::Token::EndObject)
                break;
            if (token != JsonReader::Token::Key)
                return invalid(reader, {});
            const std::string_view key = reader.text();
            int table = -1;
            for (int t = 0; t < importTableCount; ++t)
                if (key == jsonKeys[t])
                    table = t;
            if (table < 0) {
                if (key != "manifest")
                    return invalid(reader,
                                   tr("unknown key \"%1\": a bulk JSON file holds "
                                      "\"manifest\", \"users\", \"clients\" and "
                                      "\"links\".")
                                       .arg(QString::fromUtf8(key.data(), qsizetype(key.size()))));
                if (!reader.skipValue())
                    return invalid(reader, {});
                continue;
            }
            if (m_start[std::size_t(table)].offset >= 0)
                return invalid(reader,
                               tr("\"%1\" is given twice.").arg(QLatin1String(jsonKeys[table])));
            if (reader.next() != JsonReader::Token::BeginArray)
                return invalid(
                    reader,
                    tr("\"%1\" is an array of records.").arg(QLatin1String(jsonKeys[table])));
            m_start[std::size_t(table)] = {reader.bytesRead() - 1, reader.line()};
            m_tables << ImportTable(table);
            for (;;) { // its elements: skipped here, read by read()
                if (!reader.skipValue()) {
                    if (!reader.ok())
                        return invalid(reader, {});
                    break;
                }
            }
            if (reader.next() != JsonReader::Token::EndArray)
                return invalid(reader, {});
        }
        if (reader.next() != JsonReader::Token::End)
            return invalid(reader, {});
        if (m_tables.isEmpty())
            return Error::make(Error::Kind::Validation,
                               tr("it holds none of \"users\", \"clients\" and \"links\"."));
        std::sort(m_tables.begin(), m_tables.end());
        return {};
    }

    QList<ImportTable> tables() const override { return m_tables; }

    Result<void> read(ImportTable table, QStringList& columns,
                      const std::function<bool(const SourceRecord&)>& record) override
    {
        const Start start = m_start[std::size_t(table)];
        if (start.offset < 0)
            return {};
        QFile file(m_path);
        if (!file.open(QIODevice::ReadOnly) || !file.seek(start.offset))
            return Error::make(Error::Kind::Storage, tr("%1: %2").arg(m_path, file.errorString()));
        JsonReader reader(file);
        m_reader = &reader;
        m_readerBase = start.offset;
        const auto done = qScopeGuard([this] { m_reader = nullptr; });
        const qint64 lines = start.line - 1;
        columns.clear();
        std::unordered_map<std::string, int> byKey;
        std::deque<std::string> held; // each column's value of the current record (stays put)
        SourceRecord r;
        std::string key;
        if (reader.next() != JsonReader::Token::BeginArray)
            return invalid(reader, {}, lines);
        for (;;) {
            JsonReader::Token token = reader.next();
            if (token == JsonReader::Token::EndArray)
                break;
            if (token != JsonReader::Token::BeginObject)
                return invalid(reader,
                               tr("each element of \"%1\" is a record object.")
                                   .arg(QLatin1String(jsonKeys[int(table)])),
                               lines);
            r.line = reader.line() + lines;
            std::fill(r.values.begin(), r.values.end(), SourceValue{});
            while ((token = reader.next()) == JsonReader::Token::Key) {
                key.assign(reader.text());
                auto it = byKey.find(key);
                if (it == byKey.end()) {
                    it = byKey.emplace(key, int(columns.size())).first;
                    columns << QString::fromStdString(key);
                    held.emplace_back();
                    r.values.resize(held.size());
                }
                const auto at = std::size_t(it->second);
                SourceValue& value = r.values[at];
                std::string& text = held[at];
                token = reader.next();
                switch (token) {
                case JsonReader::Token::Null:
                    value = {SourceValue::State::Null, {}};
                    continue;
                case JsonReader::Token::String:
                case JsonReader::Token::Number:
                case JsonReader::Token::True:
                case JsonReader::Token::False:
                    text.assign(reader.text());
                    break;
                case JsonReader::Token::BeginArray: // permissions: an array of names
                    text.clear();
                    while ((token = reader.next()) == JsonReader::Token::String) {
                        if (!text.empty())
                            text += ',';
                        text.append(reader.text());
                    }
                    if (token != JsonReader::Token::EndArray)
                        return invalid(reader,
                                       reader.ok() ? tr("%1: an array value holds names (text) "
                                                        "only.")
                                                         .arg(QString::fromStdString(key))
                                                   : QString(),
                                       lines);
                    break;
                default:
                    return invalid(reader,
                                   reader.ok() ? tr("%1: a value is text, a number, true, false, "
                                                    "null or an array of names.")
                                                     .arg(QString::fromStdString(key))
                                               : QString(),
                                   lines);
                }
                value = {SourceValue::State::Text, text};
            }
            if (token != JsonReader::Token::EndObject)
                return invalid(reader, {}, lines);
            if (!record(r))
                return {};
        }
        return {};
    }

    qint64 errorLine() const override { return m_errorLine; }
    qint64 position() const override { return m_reader ? m_readerBase + m_reader->bytesRead() : 0; }
    qint64 size() const override { return m_size; }
    bool blobsInBase64() const override { return true; }

private:
    static constexpr const char* jsonKeys[importTableCount] = {"users", "clients", "links"};
    struct Start {
        qint64 offset = -1; // of the array's '['
        qint64 line = 0;
    };

    // The reader's own error, or `message` where the input is well-formed but not what an
    // import reads.
    Error invalid(const JsonReader& reader, const QString& message, qint64 lines = 0)
    {
        m_errorLine = reader.line() + lines;
        const QString text =
            !reader.ok() || message.isEmpty()
                ? (reader.ok() ? tr("not what a bulk JSON file holds here.") : reader.error())
                : message;
        return Error::make(Error::Kind::Validation, text);
    }

    QString m_path;
    std::array<Start, importTableCount> m_start{};
    QList<ImportTable> m_tables;
    JsonReader* m_reader = nullptr;
    qint64 m_readerBase = 0;
    qint64 m_size = -1;
    qint64 m_errorLine = 0;
};

} // namespace

std::unique_ptr<RecordSource> csvRecordSource(const QString& path)
{
    return std::make_unique<CsvRecordSource>(path);
}

std::unique_ptr<RecordSource> jsonRecordSource(const QString& path)
{
    return std::make_unique<JsonRecordSource>(path);
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
