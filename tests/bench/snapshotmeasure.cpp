#include "snapshotmeasure.h"

#include "timedcommand.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>

#include <cstdio>

namespace accord::bench {

namespace {

// A phase of ACCORD_SNAPSHOT_TRACE's breakdown ("   1.234 s  snapshot: NAME").
std::optional<double> phase(const QByteArray& trace, const char* name)
{
    const QRegularExpression line(QStringLiteral("([0-9.]+) s  snapshot: ") +
                                  QRegularExpression::escape(QLatin1String(name)));
    const auto m = line.match(QString::fromUtf8(trace));
    if (!m.hasMatch())
        return std::nullopt;
    return m.captured(1).toDouble();
}

} // namespace

SnapshotFigures measureSnapshots(const QString& dbPath, const QString& scratchDir)
{
    SnapshotFigures f;
    QDir().mkpath(scratchDir);
    const QString s1 = QDir(scratchDir).filePath(QStringLiteral("snapshot-1.sqlite"));
    const QString s2 = QDir(scratchDir).filePath(QStringLiteral("snapshot-2.sqlite"));
    const QString backup = QDir(scratchDir).filePath(QStringLiteral("backup.sqlite"));
    const QString changed = QDir(scratchDir).filePath(QStringLiteral("changed.sqlite"));
    for (const QString& p : {s1, s2, backup, changed})
        QFile::remove(p);
    QProcessEnvironment trace;
    trace.insert(QStringLiteral("ACCORD_SNAPSHOT_TRACE"), QStringLiteral("1"));

    // A whole snapshot from SQLite, beside the shell's page copy of the same file.
    const Timed exported = run(accord(),
                               {QStringLiteral("--db"), dbPath, QStringLiteral("export"),
                                QStringLiteral("--format"), QStringLiteral("sqlite"), s1},
                               dbPath, trace);
    f.exportS = exported.seconds;
    f.copyS = phase(exported.err, "pages copied");
    f.secretsS = phase(exported.err, "secrets cleared, free space zeroed");
    f.hashWaitS = phase(exported.err, "checksum");
    f.backupS =
        run(sqlite3Shell(), {dbPath, QStringLiteral(".backup '%1'").arg(backup)}, dbPath).seconds;
    QFile::remove(backup);

    // Searchable as soon as it opens: its full-text tables came with the pages.
    const Timed fts = run(sqlite3Shell(), {QStringLiteral("file:%1?immutable=1").arg(s1),
                                           QStringLiteral("SELECT count(*) FROM "
                                                          "accord_users_fts_data")});
    f.indexesCarried = fts.seconds && fts.out.trimmed().toLongLong() > 100;
    f.searchS =
        run(accord(),
            {QStringLiteral("--db"), s1, QStringLiteral("users"), QStringLiteral("--search"),
             QStringLiteral("smith"), QStringLiteral("--limit"), QStringLiteral("50")},
            s1)
            .seconds;

    // verify beside the shell doing the same two things: SQLite's page check and a hash of
    // every row of the tables.
    f.verifyS = run(accord(), {QStringLiteral("verify"), s1}, s1).seconds;
    f.shellCheckS = run(sqlite3Shell(),
                        {QStringLiteral("file:%1?immutable=1").arg(s1),
                         QStringLiteral("PRAGMA quick_check"), QStringLiteral(".sha3sum tbl%")},
                        s1)
                        .seconds;
    f.verifyFullS =
        run(accord(), {QStringLiteral("verify"), QStringLiteral("--full"), s1}, s1).seconds;

    // A second snapshot after a day's work: 1,000 clients moved, 1,000 users' language
    // changed, 1,000 links' permissions changed and 1,000 links removed.
    if (QFile::copy(dbPath, changed)) {
        run(sqlite3Shell(),
            {changed, QStringLiteral("UPDATE tblclients SET city = 'Leeds' WHERE id % 1000 = 7; "
                                     "UPDATE tblusers SET language = 'french' WHERE id % 1000 = "
                                     "3; UPDATE tblusers_clients SET permissions = 'tickets' "
                                     "WHERE id % 1500 = 11 AND owner = 0; DELETE FROM "
                                     "tblusers_clients WHERE id % 1500 = 13 AND owner = 0;")});
        run(accord(), {QStringLiteral("--db"), changed, QStringLiteral("export"),
                       QStringLiteral("--format"), QStringLiteral("sqlite"), s2});
        for (const char* suffix : {"", "-wal", "-shm"})
            QFile::remove(changed + QLatin1String(suffix));
        const Timed diffed =
            run(accord(),
                {QStringLiteral("diff"), s1, s2, QStringLiteral("--format"), QStringLiteral("csv")},
                s1);
        f.diffS = diffed.seconds;
        if (diffed.seconds)
            f.diffChanges = diffed.out.count('\n') - 1;
        warm(s2);
        QStringList parts;
        for (const char* table : {"tblusers", "tblclients", "tblusers_clients"})
            parts << QStringLiteral("(SELECT * FROM main.%1 EXCEPT SELECT * FROM b.%1)")
                         .arg(QLatin1String(table))
                  << QStringLiteral("(SELECT * FROM b.%1 EXCEPT SELECT * FROM main.%1)")
                         .arg(QLatin1String(table));
        QStringList counts;
        for (const QString& p : parts)
            counts << QStringLiteral("(SELECT count(*) FROM %1)").arg(p);
        const Timed except =
            run(sqlite3Shell(),
                {QStringLiteral("file:%1?immutable=1").arg(s1),
                 QStringLiteral("ATTACH 'file:%1?immutable=1' AS b").arg(s2),
                 QStringLiteral("SELECT %1").arg(counts.join(QLatin1String(" + ")))},
                s1);
        f.exceptS = except.seconds;
        if (except.seconds)
            f.exceptRows = except.out.trimmed().toLongLong();
    }

    // From PostgreSQL: rows read through the engine's cursor, the search indexes built in
    // the snapshot afterwards (printed apart), beside pg_dump reading the same rows.
    const QString pg = qEnvironmentVariable("ACCORD_BENCH_PG_URL");
    if (!pg.isEmpty()) {
        const QString fromPg = QDir(scratchDir).filePath(QStringLiteral("from-pg.sqlite"));
        QFile::remove(fromPg);
        const Timed e = run(accord(),
                            {QStringLiteral("--db"), pg, QStringLiteral("export"),
                             QStringLiteral("--format"), QStringLiteral("sqlite"), fromPg},
                            {}, trace);
        f.pgExportS = e.seconds;
        f.pgRowsS = phase(e.err, "rows read and written");
        f.pgIndexS = phase(e.err, "search indexes and differences built");
        f.pgDumpS =
            run(QStringLiteral("pg_dump"),
                {QStringLiteral("--data-only"), QStringLiteral("-t"), QStringLiteral("tblusers"),
                 QStringLiteral("-t"), QStringLiteral("tblclients"), QStringLiteral("-t"),
                 QStringLiteral("tblusers_clients"), QStringLiteral("-f"),
                 QStringLiteral("/dev/null"), pg})
                .seconds;
        QFile::remove(fromPg);
    }
    for (const QString& p : {s1, s2})
        QFile::remove(p);
    return f;
}

} // namespace accord::bench
