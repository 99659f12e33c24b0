#pragma once

#include "storage/database.h"

#include <QByteArray>
#include <QStringList>
#include <QTemporaryDir>
#include <QVariantList>

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

// The test's own reads and writes (fatal on a driver error: a test's setup must not fail
// silently). The first column of the first row, or an invalid QVariant.
QVariant column(Database& db, const QString& sql, const QVariantList& params = {});
void exec(Database& db, const QString& sql, const QVariantList& params = {});
// One value of one stored row, as text: `sql` selects it with the row's id as its one
// parameter.
QString storedText(Database& db, const char* sql, qint64 id);
// Records made through the services, as the application makes them (fatal on a refusal).
qint64 addUser(const DatabasePtr& db, const QString& first, const QString& last,
               const QString& email, const QString& language = {});
// A client owned by `owner`, in GB.
qint64 addClient(const DatabasePtr& db, qint64 owner, const QString& first, const QString& last,
                 const QString& email, const QString& language = {});
// tblactivitylog's descriptions, oldest first.
QStringList descriptions(Database& db);

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
