// `accord verify` and the check a snapshot passes before it opens: a whole snapshot from
// every engine exits 0; a row changed with Python's sqlite3 module, a deleted row, a
// damaged page, an edited manifest or a file that is no snapshot exit 1 with the reason;
// a snapshot an older build wrote verifies and opens without being migrated.
#include "services/snapshotservice.h"
#include "storage/snapshotchecksum.h"
#include "storage/snapshotmanifest.h"
#include "storage/sqlitefile.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTest>

#include <memory>

using namespace accord;
using accord::test::runAccord;
using accord::test::TempDatabase;

namespace {

// Runs a Python script on the file with Python's own sqlite3 module (as anyone with the
// file could), fatal when Python fails.
void python(const QString& file, const QString& script)
{
    QProcess p;
    p.start(QStringLiteral("python3"),
            {QStringLiteral("-c"),
             QStringLiteral("import sqlite3, sys\nc = sqlite3.connect(sys.argv[1])\n") + script +
                 QStringLiteral("\nc.commit()\nc.close()\n"),
             file});
    if (!p.waitForFinished(30000) || p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0)
        qFatal("python3 failed: %s", p.readAllStandardError().constData());
}

} // namespace

class TestSnapshotVerify : public QObject
{
    Q_OBJECT

    std::unique_ptr<TempDatabase> t;
    QString snapshot; // a whole snapshot of t, written afresh for each test

    QString copy(const char* name)
    {
        const QString path = t->dir.filePath(QLatin1String(name));
        QFile::remove(path);
        if (!QFile::copy(snapshot, path))
            qFatal("cannot copy the snapshot");
        QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        return path;
    }

    // verify's exit status, and the reason it gives (stderr).
    std::pair<int, QString> verify(const QString& path)
    {
        const auto run = runAccord({QStringLiteral("verify"), path});
        return {run.exitCode, run.errText() + run.outText()};
    }

private slots:
    void initTestCase_data() { test::addEngineRows(); }
    void init()
    {
        test::useRowEngine();
        t = std::make_unique<TempDatabase>();
        for (int i = 1; i <= 30; ++i) {
            const qint64 user = test::addUser(t->db, QStringLiteral("First%1").arg(i),
                                              QStringLiteral("Last%1").arg(i),
                                              QStringLiteral("u%1@example.com").arg(i));
            test::addClient(t->db, user, QStringLiteral("First%1").arg(i),
                            QStringLiteral("Last%1").arg(i),
                            QStringLiteral("c%1@example.com").arg(i));
        }
        snapshot = t->dir.filePath(QStringLiteral("whole.sqlite"));
        SnapshotOptions options;
        options.target = snapshot;
        auto written = SnapshotService(t->db).exportSnapshot(options);
        if (!written)
            qFatal("export: %s", qPrintable(written.error().message));
    }
    void cleanup() { t.reset(); }

    void aWholeSnapshotVerifies()
    {
        const auto run = runAccord({QStringLiteral("verify"), snapshot});
        QCOMPARE(run.exitCode, 0);
        QVERIFY2(run.outText().contains(QLatin1String("is whole")), run.out);
        QVERIFY(run.outText().contains(t->db->location().display()));
        QVERIFY(run.outText().contains(QLatin1String("30 users")));
        QVERIFY(run.outText().contains(QLatin1String("quick_check")));
        // --full adds SQLite's integrity_check (every index entry against its row).
        const auto full = runAccord({QStringLiteral("verify"), QStringLiteral("--full"), snapshot});
        QCOMPARE(full.exitCode, 0);
        QVERIFY2(full.outText().contains(QLatin1String("integrity_check")), full.out);
        QVERIFY(SnapshotService::verify(snapshot, IntegrityDepth::Full).ok());
    }

    void aRowChangedWithPythonIsFound()
    {
        const QString file = copy("language.sqlite");
        python(file, QStringLiteral("c.execute(\"UPDATE tblusers SET language = 'french' WHERE "
                                    "id = 7\")"));
        const auto [status, reason] = verify(file);
        QCOMPARE(status, 1);
        QVERIFY2(reason.contains(QLatin1String("tblusers")), qPrintable(reason));
        QVERIFY(!SnapshotService::verify(file).ok());
    }

    void aNameChangedWithPythonIsFoundToo()
    {
        // Python writes a name as it writes any column: no function of Accord's is needed.
        const QString file = copy("name.sqlite");
        python(file, QStringLiteral("c.execute(\"UPDATE tblclients SET firstname = 'Mallory' WHERE "
                                    "id = 3\")"));
        const auto [status, reason] = verify(file);
        QCOMPARE(status, 1);
        QVERIFY2(reason.contains(QLatin1String("not a whole snapshot")), qPrintable(reason));
    }

    void aDeletedLinkIsFound()
    {
        const QString file = copy("deleted.sqlite");
        python(file, QStringLiteral("c.execute('DELETE FROM tblusers_clients WHERE rowid = 2')"));
        const auto [status, reason] = verify(file);
        QCOMPARE(status, 1);
        QVERIFY2(reason.contains(QLatin1String("tblusers_clients holds 29 rows")),
                 qPrintable(reason));
    }

    void anEditedManifestIsFound()
    {
        const QString file = copy("manifest.sqlite");
        python(file, QStringLiteral("c.execute(\"UPDATE accord_manifest SET value = '31' WHERE "
                                    "key = 'rows.tblusers'\")"));
        auto [status, reason] = verify(file);
        QCOMPARE(status, 1);
        QVERIFY2(reason.contains(QLatin1String("the manifest says 31")), qPrintable(reason));

        const QString noSum = copy("nosum.sqlite");
        python(noSum, QStringLiteral("c.execute(\"DELETE FROM accord_manifest WHERE key LIKE "
                                     "'checksum%'\")"));
        std::tie(status, reason) = verify(noSum);
        QCOMPARE(status, 1);
        QVERIFY2(reason.contains(QLatin1String("checksum")), qPrintable(reason));

        // The manifest's own fields are under its seal: who took it, when, from where.
        for (const char* key : {"operator", "created_at", "source", "secrets", "filter"}) {
            const QString edited = copy((QByteArray("edited-") + key + ".sqlite").constData());
            python(edited,
                   QStringLiteral("c.execute(\"UPDATE accord_manifest SET value = value || 'x' "
                                  "WHERE key = '%1'\")")
                       .arg(QLatin1String(key)));
            std::tie(status, reason) = verify(edited);
            QCOMPARE(status, 1);
            QVERIFY2(reason.contains(QLatin1String("manifest")), qPrintable(reason));
        }
        // Removing the seal is found too (a sealed format's manifest must carry it).
        const QString unsealed = copy("unsealed.sqlite");
        python(unsealed, QStringLiteral("c.execute(\"DELETE FROM accord_manifest WHERE key = "
                                        "'manifest_checksum'\")"));
        std::tie(status, reason) = verify(unsealed);
        QCOMPARE(status, 1);
        QVERIFY2(reason.contains(QLatin1String("manifest")), qPrintable(reason));
    }

    void aDamagedPageIsFound()
    {
        const QString file = copy("damaged.sqlite");
        {
            QFile f(file);
            QVERIFY(f.open(QIODevice::ReadWrite));
            const qint64 size = f.size();
            QVERIFY(size > 8 * 4096);
            // Garbage over the middle of the file, past the schema's first page.
            f.seek(size / 2);
            f.write(QByteArray(3000, '\xA5'));
        }
        const auto [status, reason] = verify(file);
        QCOMPARE(status, 1);
        QVERIFY2(reason.contains(QLatin1String("not a whole snapshot")) ||
                     reason.contains(QLatin1String("malformed")),
                 qPrintable(reason));
    }

    void whatIsNoSnapshotIsRefused()
    {
        if (!t->isServer()) {
            const auto [status, reason] = verify(t->path);
            QCOMPARE(status, 1);
            QVERIFY2(reason.contains(QLatin1String("no manifest")), qPrintable(reason));
        } else {
            const auto [status, reason] = verify(t->url);
            QCOMPARE(status, 1);
            QVERIFY2(reason.contains(QLatin1String("server database")), qPrintable(reason));
        }
        const auto [status, reason] = verify(t->dir.filePath(QStringLiteral("missing.sqlite")));
        QCOMPARE(status, 1);
        QVERIFY2(reason.contains(QLatin1String("No such snapshot")), qPrintable(reason));
        QVERIFY(!QFile::exists(t->dir.filePath(QStringLiteral("missing.sqlite"))));
        QCOMPARE(runAccord({QStringLiteral("verify")}).exitCode, 2);
    }

    void anOlderBuildsSnapshotOpensWithoutBeingMigrated()
    {
        // As a build of schema version 2 wrote it: without the differences tables (version
        // 3's), its manifest and checksum of what it holds.
        const QString file = copy("older.sqlite");
        python(file, QStringLiteral("for t in ('accord_link_differences', "
                                    "'accord_intended_differences', 'accord_settings'):\n"
                                    "    c.execute('DROP TABLE ' + t)\n"
                                    "c.execute('UPDATE accord_schema SET version = 2')"));
        auto manifest = SnapshotManifest::peek(file);
        QVERIFY(manifest.has_value());
        auto rows = checksumRows(file, {false, false, {}});
        QVERIFY(rows.ok());
        manifest->set(QStringLiteral("schema_version"), QStringLiteral("2"));
        manifest->set(QStringLiteral("accord_version"), QStringLiteral("0.0.9"));
        manifest->set(QStringLiteral("checksum"), rows->hex());
        // That build wrote format 1, without the manifest's seal.
        manifest->set(QStringLiteral("format_version"), QStringLiteral("1"));
        QMap<QString, QString> values = manifest->values();
        values.remove(QStringLiteral("manifest_checksum"));
        SnapshotManifest older;
        for (auto it = values.cbegin(); it != values.cend(); ++it)
            older.set(it.key(), it.value());
        manifest = older;
        {
            SqliteFile f(file, SqliteFile::Mode::ReadWrite);
            QVERIFY(f.exec("DELETE FROM accord_manifest"));
            QVERIFY(manifest->write(f));
        }
        QVERIFY(!rows->tables.empty());
        const auto [status, reason] = verify(file);
        QVERIFY2(status == 0, qPrintable(reason));

        const QByteArray before = [&] {
            QFile f(file);
            f.open(QIODevice::ReadOnly);
            return f.readAll();
        }();
        {
            auto db = Database::open(*DatabaseLocation::parse(file), OpenOptions{});
            QVERIFY2(db.ok(), qPrintable(db ? QString() : db.error().message));
            QCOMPARE((*db)->schemaVersion(), 2);
            QVERIFY((*db)->isReadOnly());
            QVERIFY((*db)->backupPath().isEmpty());
        }
        const auto listed = runAccord({QStringLiteral("--db"), file, QStringLiteral("users"),
                                       QStringLiteral("--search"), QStringLiteral("First7"),
                                       QStringLiteral("--format"), QStringLiteral("csv")});
        QVERIFY2(listed.exitCode == 0, listed.err);
        QVERIFY(listed.outText().contains(QLatin1String("u7@example.com")));
        QVERIFY(QDir(t->dir.path()).entryList({QStringLiteral("older.sqlite.bak-*")}).isEmpty());
        QFile f(file);
        QVERIFY(f.open(QIODevice::ReadOnly));
        QCOMPARE(f.readAll(), before);
        QCOMPARE(verify(file).first, 0);
    }
};

QTEST_GUILESS_MAIN(TestSnapshotVerify)
#include "tst_snapshotverify.moc"
