#include "sqlitefile.h"

#include <QUrl>

#include <sqlite3.h>

namespace accord {

SqliteFile::SqliteFile(const QString& path, Mode mode)
{
    int flags = 0;
    QByteArray name = path.toUtf8();
    switch (mode) {
    case Mode::Immutable:
        flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
        name = (QUrl::fromLocalFile(path).toString() + QStringLiteral("?immutable=1")).toUtf8();
        break;
    case Mode::ReadOnly:
        flags = SQLITE_OPEN_READONLY;
        break;
    case Mode::ReadWrite:
        flags = SQLITE_OPEN_READWRITE;
        break;
    case Mode::Create:
        flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    }
    // One thread uses a bulk job's connection: no mutex around every call.
    flags |= SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(name.constData(), &m_handle, flags, nullptr) != SQLITE_OK)
        fail();
    else
        sqlite3_busy_timeout(m_handle, 10000);
}

SqliteFile::~SqliteFile()
{
    sqlite3_close(m_handle);
}

bool SqliteFile::exec(const std::string& sql)
{
    if (ok() && sqlite3_exec(m_handle, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
        fail();
    return ok();
}

bool SqliteFile::fail(const char* message)
{
    if (ok())
        m_error = message ? message : m_handle ? sqlite3_errmsg(m_handle) : "out of memory";
    return false;
}

} // namespace accord
