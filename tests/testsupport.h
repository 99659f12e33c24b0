#pragma once

#include "storage/database.h"

#include <QByteArray>
#include <QStringList>
#include <QTemporaryDir>

namespace accord::test {

// A fresh SQLite file in its own temporary folder, migrated to the latest schema.
struct TempDatabase {
    TempDatabase();
    QTemporaryDir dir;
    QString path;
    DatabasePtr db;
    // A second, independent opening of the same file (another session).
    DatabasePtr openAgain() const;
};

struct Run {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QString outText() const { return QString::fromUtf8(out); }
    QString errText() const { return QString::fromUtf8(err); }
};
// Runs the built `accord` binary with these arguments and standard input.
Run runAccord(const QStringList& args, const QByteArray& input = {});
// The same as a user without privileges (through setpriv when the tests run as root, so
// file permissions apply as they do for an admin).
Run runAccordUnprivileged(const QStringList& args, const QByteArray& input = {});

} // namespace accord::test
