#include "snapshotcheck.h"

#include "snapshotchecksum.h"
#include "sqlitefile.h"
#include "sqlitefunctions.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QStringList>

#include <sqlite3.h>

#include <thread>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Snapshot", text);
}

Error damaged(const QString& path, const QString& why)
{
    return Error::make(Error::Kind::Refused,
                       tr("%1 is not a whole snapshot: %2").arg(QFileInfo(path).fileName(), why));
}

// SQLite's own check of every page and index; "" when it finds nothing.
QString integrityProblems(const QString& path, IntegrityDepth depth)
{
    SqliteFile f(path, SqliteFile::Mode::Immutable);
    if (f.ok() && !registerSqliteFunctions(f.handle())) // the expression indexes call them
        f.fail("cannot register Accord's SQL functions");
    sqlite3_stmt* check = nullptr;
    if (f.ok() && sqlite3_prepare_v2(f.handle(),
                                     depth == IntegrityDepth::Full ? "PRAGMA integrity_check"
                                                                   : "PRAGMA quick_check",
                                     -1, &check, nullptr) != SQLITE_OK)
        f.fail();
    QStringList problems;
    int rc = SQLITE_ROW;
    while (f.ok() && (rc = sqlite3_step(check)) == SQLITE_ROW) {
        const QString line =
            QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(check, 0)));
        if (line != QLatin1String("ok"))
            problems << line;
    }
    if (f.ok() && rc != SQLITE_DONE)
        f.fail();
    sqlite3_finalize(check);
    if (!f.ok())
        return f.errorText();
    if (problems.size() > 3)
        problems = problems.mid(0, 3) << tr("…");
    return problems.join(QLatin1String("; "));
}
} // namespace

Result<SnapshotCheck> checkSnapshot(const QString& path, IntegrityDepth depth)
{
    if (!QFileInfo(path).isFile())
        return Error::make(Error::Kind::NotFound, tr("No such snapshot: %1").arg(path));
    const auto manifest = SnapshotManifest::peek(path);
    if (!manifest) {
        // A damaged file may hide its manifest: say it is damaged rather than foreign.
        if (const QString problems = integrityProblems(path, IntegrityDepth::Pages);
            !problems.isEmpty())
            return damaged(path, tr("SQLite's integrity check says: %1").arg(problems));
        return Error::make(Error::Kind::Refused,
                           tr("%1 is not an Accord snapshot: it has no manifest.")
                               .arg(QFileInfo(path).fileName()));
    }
    SnapshotCheck out;
    out.manifest = *manifest;
    QElapsedTimer timer;
    timer.start();
    QString problems;
    double integritySeconds = 0;
    std::thread integrity([&] {
        QElapsedTimer t;
        t.start();
        problems = integrityProblems(path, depth);
        integritySeconds = double(t.nsecsElapsed()) / 1e9;
    });
    auto checksum = checksumRows(path, {true, false, {}});
    out.checksumSeconds = double(timer.nsecsElapsed()) / 1e9;
    integrity.join();
    out.integritySeconds = integritySeconds;
    if (!problems.isEmpty())
        return damaged(path, tr("SQLite's integrity check says: %1").arg(problems));
    if (!checksum)
        return damaged(path, checksum.error().message);
    if (manifest->checksum().isEmpty())
        return damaged(path, tr("its manifest holds no checksum."));
    QStringList changed;
    for (const TableChecksum& t : checksum->tables) {
        const qint64 listed = manifest->rows(t.table);
        if (listed >= 0 && listed != t.rows)
            changed << tr("%1 holds %2 rows, the manifest says %3")
                           .arg(t.table)
                           .arg(t.rows)
                           .arg(listed);
        else if (manifest->tableChecksum(t.table) != QString::fromLatin1(t.digest.toHex()))
            changed << tr("the rows of %1 changed since it was written").arg(t.table);
    }
    if (!changed.isEmpty() || checksum->hex() != manifest->checksum()) {
        if (changed.isEmpty())
            changed << tr("the checksum of its rows is not the manifest's");
        return damaged(path, changed.join(QLatin1String("; ")));
    }
    if (!manifest->sealIntact())
        return damaged(path, tr("its manifest (source, time, operator, filter, counts or "
                                "checksums) was changed after it was written."));
    return out;
}

} // namespace accord
