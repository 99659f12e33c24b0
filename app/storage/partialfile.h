#pragma once

#include "domain/result.h"

#include <QString>

namespace accord {

// The absolute path of an export's target (a file, or a folder when `folder`), or why it
// cannot be written there: one already there without `force`, one of the other kind, or no
// folder to put it in.
Result<QString> exportTarget(const QString& target, bool folder, bool force);

// A file being written: OUT.partial-XXXXXX beside the target, made empty and 0600 before
// anything is written into it, removed (with a SQLite journal beside it) unless it was
// renamed to the target. What a crash leaves is a partial file, never a half-written OUT.
class PartialFile
{
public:
    explicit PartialFile(const QString& target);
    ~PartialFile();
    PartialFile(const PartialFile&) = delete;
    PartialFile& operator=(const PartialFile&) = delete;
    const QString& path() const { return m_path; } // empty when none could be made
    // Flushed to disk, given its final mode (0600 with secrets, else 0644) and renamed over
    // the target.
    Result<void> commit(const QString& target, bool secrets);

private:
    QString m_path;
};

// The same for a folder of files (a CSV export): OUT.partial-XXXXXX/ beside the target,
// 0700 while it is written; commit() syncs its files and puts it in the target's place in
// one rename (exchanged atomically with a folder it replaces, which is then removed).
class PartialFolder
{
public:
    explicit PartialFolder(const QString& target);
    ~PartialFolder();
    PartialFolder(const PartialFolder&) = delete;
    PartialFolder& operator=(const PartialFolder&) = delete;
    const QString& path() const { return m_path; }
    Result<void> commit(const QString& target, bool secrets);

private:
    QString m_path;
};

} // namespace accord
