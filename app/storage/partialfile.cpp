#include "partialfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRandomGenerator>

#include <cstring>
#include <filesystem>

#ifdef Q_OS_UNIX
#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Snapshot", text);
}

QString candidateName(const QString& target)
{
    return target +
           QStringLiteral(".partial-%1")
               .arg(QRandomGenerator::global()->generate() & 0xffffff, 6, 16, QLatin1Char('0'));
}

void syncPath(const QString& path)
{
#ifdef Q_OS_UNIX
    if (const int fd = ::open(QFile::encodeName(path).constData(), O_RDONLY | O_CLOEXEC); fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
#else
    Q_UNUSED(path);
#endif
}

void setMode(const QString& path, bool secrets, bool folder)
{
#ifdef Q_OS_UNIX
    ::chmod(QFile::encodeName(path).constData(),
            folder ? (secrets ? 0700 : 0755) : (secrets ? 0600 : 0644));
#else
    QFileDevice::Permissions mode = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
    if (!secrets)
        mode |= QFileDevice::ReadGroup | QFileDevice::ReadOther;
    QFile::setPermissions(path, mode);
#endif
}

Error renameError(const QString& from, const QString& to, const QString& reason)
{
    return Error::make(Error::Kind::Storage,
                       tr("Cannot rename %1 to %2: %3").arg(from, to, reason));
}
} // namespace

Result<QString> exportTarget(const QString& target, bool folder, bool force)
{
    const QFileInfo info(target);
    const QString path = info.absoluteFilePath();
    if (info.exists() && folder && !info.isDir())
        return Error::make(Error::Kind::Refused, tr("%1 is not a folder.").arg(path));
    if (info.exists() && !folder && !info.isFile())
        return Error::make(Error::Kind::Refused, tr("%1 is not a file.").arg(path));
    if (info.exists() && !force)
        return Error::make(Error::Kind::Refused,
                           tr("%1 already exists; add --force to replace it.").arg(path));
    if (!info.absoluteDir().exists())
        return Error::make(Error::Kind::NotFound,
                           tr("There is no folder %1.").arg(info.absolutePath()));
    return path;
}

PartialFile::PartialFile(const QString& target)
{
    for (int attempt = 0; attempt < 20 && m_path.isEmpty(); ++attempt) {
        const QString candidate = candidateName(target);
#ifdef Q_OS_UNIX
        const int fd = ::open(QFile::encodeName(candidate).constData(),
                              O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
            ::close(fd);
            m_path = candidate;
        } else if (errno != EEXIST) {
            return;
        }
#else
        QFile f(candidate);
        if (!f.exists() && f.open(QIODevice::WriteOnly | QIODevice::NewOnly)) {
            f.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            m_path = candidate;
        }
#endif
    }
}

PartialFile::~PartialFile()
{
    if (!m_path.isEmpty())
        for (const char* suffix : {"", "-journal", "-wal", "-shm"})
            QFile::remove(m_path + QLatin1String(suffix));
}

Result<void> PartialFile::commit(const QString& target, bool secrets)
{
    syncPath(m_path);
    setMode(m_path, secrets, false);
    // What a replaced database left beside it must not be read as this file's.
    for (const char* suffix : {"-journal", "-wal", "-shm"})
        QFile::remove(target + QLatin1String(suffix));
    std::error_code error;
    std::filesystem::rename(std::filesystem::path(m_path.toStdString()),
                            std::filesystem::path(target.toStdString()), error);
    if (error)
        return renameError(m_path, target, QString::fromStdString(error.message()));
    m_path.clear();
    return {};
}

PartialFolder::PartialFolder(const QString& target)
{
    for (int attempt = 0; attempt < 20 && m_path.isEmpty(); ++attempt) {
        const QString candidate = candidateName(target);
#ifdef Q_OS_UNIX
        if (::mkdir(QFile::encodeName(candidate).constData(), 0700) == 0)
            m_path = candidate;
        else if (errno != EEXIST)
            return;
#else
        if (!QFileInfo::exists(candidate) && QDir().mkdir(candidate))
            m_path = candidate;
#endif
    }
}

PartialFolder::~PartialFolder()
{
    if (!m_path.isEmpty())
        QDir(m_path).removeRecursively();
}

Result<void> PartialFolder::commit(const QString& target, bool secrets)
{
    const QDir dir(m_path);
    for (const QString& name : dir.entryList(QDir::Files))
        syncPath(dir.filePath(name));
    syncPath(m_path);
    setMode(m_path, secrets, true);
    const QByteArray from = QFile::encodeName(m_path);
    const QByteArray to = QFile::encodeName(target);
#ifdef Q_OS_LINUX
    // A folder it replaces is swapped out in the same step, so OUT is always one whole
    // export or the other; the old one is then removed from where this one was.
    if (QFileInfo(target).isDir()) {
        if (::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_EXCHANGE) != 0)
            return renameError(m_path, target, QString::fromLocal8Bit(std::strerror(errno)));
        QDir(m_path).removeRecursively();
        m_path.clear();
        return {};
    }
#endif
    if (QFileInfo(target).isDir() && !QDir(target).removeRecursively())
        return renameError(m_path, target, tr("the folder there cannot be removed"));
    std::error_code error;
    std::filesystem::rename(std::filesystem::path(from.toStdString()),
                            std::filesystem::path(to.toStdString()), error);
    if (error)
        return renameError(m_path, target, QString::fromStdString(error.message()));
    m_path.clear();
    return {};
}

} // namespace accord
