#pragma once

// What the keychain, profile and TLS suites share: the test servers' keeper1 role (whose
// long password appears in no other text, so finding it anywhere is a leak), the CA files
// tests/services.sh made, and everything a password could leak into.
#include "storage/database.h"
#include "testsupport.h"

#include <QFile>
#include <QMutex>
#include <QSettings>
#include <QSqlQuery>
#include <QStringList>

namespace accord::test {

inline QString requiredVariable(const char* name)
{
    const QString value = qEnvironmentVariable(name);
    if (value.isEmpty())
        qFatal("%s is not set: tests/services.sh exports it when it starts the servers", name);
    return value;
}

inline QString keeperPassword()
{
    return requiredVariable("ACCORD_TEST_KEYCHAIN_PASSWORD");
}

// The temp database as keeper1 would reach it, without a password.
inline DatabaseLocation keeperLocation(const TempDatabase& t)
{
    DatabaseLocation l = t.location;
    l.user = requiredVariable("ACCORD_TEST_KEYCHAIN_USER");
    l.password.clear();
    return l;
}

inline QString trustedCa()
{
    return requiredVariable("ACCORD_TEST_TLS_CA");
}

inline QString wrongCa()
{
    return requiredVariable("ACCORD_TEST_TLS_WRONG_CA");
}

// Whether the calling thread's connection to the database is encrypted, as the server
// sees it.
inline bool encryptedOnServer(Database& db)
{
    if (db.engine() == Engine::PostgreSQL)
        return column(db, QStringLiteral("SELECT ssl FROM pg_stat_ssl WHERE pid = "
                                         "pg_backend_pid()"))
            .toBool();
    QSqlQuery q(db.connection());
    if (!q.exec(QStringLiteral("SHOW SESSION STATUS LIKE 'Ssl_cipher'")) || !q.next())
        qFatal("cannot read Ssl_cipher");
    return !q.value(1).toString().isEmpty();
}

// The settings file's bytes as they are on disk now.
inline QByteArray settingsFileBytes()
{
    QSettings settings;
    settings.sync();
    QFile file(settings.fileName());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// This process's command line as the OS shows it to every user.
inline QByteArray ownCommandLine()
{
    QFile file(QStringLiteral("/proc/self/cmdline"));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Every message Qt's logging sees while it is alive (qDebug, qWarning, ... from any code).
class LogCapture
{
public:
    LogCapture()
    {
        s_self = this;
        m_previous = qInstallMessageHandler(&LogCapture::handle);
    }
    ~LogCapture()
    {
        qInstallMessageHandler(m_previous);
        s_self = nullptr;
    }
    QStringList lines() const
    {
        QMutexLocker lock(&m_mutex);
        return m_lines;
    }

private:
    static void handle(QtMsgType type, const QMessageLogContext& context, const QString& text)
    {
        if (LogCapture* self = s_self) {
            QMutexLocker lock(&self->m_mutex);
            self->m_lines << text;
            if (self->m_previous)
                self->m_previous(type, context, text);
        }
    }
    static inline LogCapture* s_self = nullptr;
    QtMessageHandler m_previous = nullptr;
    mutable QMutex m_mutex;
    QStringList m_lines;
};

} // namespace accord::test
