#pragma once

#include <QString>

#include <string>

struct sqlite3;

namespace accord {

// A raw SQLite connection of a bulk job's own (a snapshot being written or checked, a
// scratch file), used by one thread at a time (no mutex per call), closed on every path; the first
// failure is kept and later calls do nothing.
class SqliteFile
{
public:
    enum class Mode {
        Immutable, // read-only, and nobody writes it meanwhile (a snapshot: no locks, no WAL)
        ReadOnly,
        ReadWrite, // an existing file only, never a new empty one
        Create,
    };
    SqliteFile(const QString& path, Mode mode);
    ~SqliteFile();
    SqliteFile(const SqliteFile&) = delete;
    SqliteFile& operator=(const SqliteFile&) = delete;

    sqlite3* handle() const { return m_handle; }
    bool ok() const { return m_error.empty(); }
    const std::string& error() const { return m_error; }
    QString errorText() const { return QString::fromStdString(m_error); }
    bool exec(const std::string& sql);
    bool fail(const char* message = nullptr);

private:
    sqlite3* m_handle = nullptr;
    std::string m_error;
};

} // namespace accord
