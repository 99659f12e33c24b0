// Snapshots on every engine: what a whole or filtered snapshot holds, its manifest, the
// secrets rule down to the file's bytes, the 0600 mode, --force, a killed export, and a
// snapshot opening read-only, searchable and never migrated.
#include "services/accessservice.h"
#include "services/snapshotservice.h"
#include "services/userservice.h"
#include "storage/snapshotchecksum.h"
#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTest>

#include <memory>

using namespace accord;
using accord::test::column;
using accord::test::runAccord;
using accord::test::TempDatabase;

namespace {

QByteArray bytesOf(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

// A file's bytes with what SQLite keeps beside it (a live database's WAL).
QByteArray fileAndWal(const QString& path)
{
    QByteArray all = bytesOf(path);
    if (QFile::exists(path + QStringLiteral("-wal")))
        all += bytesOf(path + QStringLiteral("-wal"));
    return all;
}

DatabasePtr openSnapshot(const QString& path)
{
    auto db = Database::open(*DatabaseLocation::parse(path), OpenOptions{});
    if (!db)
        qFatal("cannot open the snapshot %s: %s", qPrintable(path), qPrintable(db.error().message));
    return *db;
}

qint64 count(Database& db, const char* table)
{
    return column(db, QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table)))
        .toLongLong();
}

} // namespace

class TestSnapshotService : public QObject
{
    Q_OBJECT

    std::unique_ptr<TempDatabase> t;
    qint64 ada = 0, bob = 0, cy = 0;       // users
    qint64 adaCo = 0, bobCo = 0, cyCo = 0; // clients they own
    QString hash, token;                   // the secrets of ada and of an invite

    QString out(const char* name) const { return t->dir.filePath(QLatin1String(name)); }

    // Three owners with a client each; bob also a non-owner of ada's client; bob's client's
    // email differs from bob's (a mismatch); ada with a password, a remember token and an
    // invite pending on her client.
    void fill()
    {
        ada = test::addUser(t->db, QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                            QStringLiteral("ada@example.com"));
        bob = test::addUser(t->db, QStringLiteral("Bob"), QStringLiteral("Ray"),
                            QStringLiteral("bob@example.com"));
        cy = test::addUser(t->db, QStringLiteral("Cy"), QStringLiteral("Élan"),
                           QStringLiteral("cy@example.com"));
        adaCo = test::addClient(t->db, ada, QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                                QStringLiteral("ada@example.com"));
        bobCo = test::addClient(t->db, bob, QStringLiteral("Bob"), QStringLiteral("Ray"),
                                QStringLiteral("billing@ray.example"));
        cyCo = test::addClient(t->db, cy, QStringLiteral("Cy"), QStringLiteral("Élan"),
                               QStringLiteral("cy@example.com"));
        Permissions tickets;
        tickets.set(Permission::Tickets);
        AccessService access(t->db);
        QVERIFY(access.grant(bob, adaCo, tickets).ok());
        QVERIFY(UserService(t->db).setPassword(ada, QStringLiteral("correct horse battery")).ok());
        hash = column(*t->db, QStringLiteral("SELECT password FROM tblusers WHERE id = ?"), {ada})
                   .toString();
        QVERIFY(hash.startsWith(QLatin1String("$2y$")));
        test::exec(*t->db, QStringLiteral("UPDATE tblusers SET remember_token = ? WHERE id = ?"),
                   {QStringLiteral("remember-7f3a9c-known"), ada});
        auto invite = access.invite(adaCo, QStringLiteral("new@example.com"), tickets);
        QVERIFY(invite.ok());
        token = invite->token;
        QVERIFY(token.size() >= 16);
    }

    // `accord --db SOURCE export --format sqlite OUT ARGS…`
    test::Run exportTo(const QString& target, const QStringList& args = {})
    {
        return runAccord(QStringList{QStringLiteral("--db"), t->url, QStringLiteral("export"),
                                     QStringLiteral("--format"), QStringLiteral("sqlite"), target} +
                         args);
    }

private slots:
    void initTestCase_data() { test::addEngineRows(); }
    void init()
    {
        test::useRowEngine();
        t = std::make_unique<TempDatabase>();
        fill();
    }
    void cleanup() { t.reset(); }

    void wholeSnapshotHoldsEveryRecordAndIsSearchableAtOnce()
    {
        const QString file = out("whole.sqlite");
        const auto run = exportTo(file);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(run.outText().contains(QLatin1String("Snapshot written to")));
        auto snap = openSnapshot(file);
        for (const char* table :
             {"tblusers", "tblclients", "tblusers_clients", "tbluser_invites", "tblactivitylog"})
            QCOMPARE(count(*snap, table), count(*t->db, table));
        QCOMPARE(count(*snap, "tblusers"), 3);
        QCOMPARE(count(*snap, "tblusers_clients"), 4);
        // Its search indexes came with it: a substring and a prefix search answer at once.
        const auto found = runAccord({QStringLiteral("--db"), file, QStringLiteral("users"),
                                      QStringLiteral("--search"), QStringLiteral("velac"),
                                      QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(found.exitCode, 0);
        QVERIFY2(found.outText().contains(QLatin1String("ada@example.com")), found.out);
        QVERIFY(!found.outText().contains(QLatin1String("bob@example.com")));
        QVERIFY(count(*snap, "accord_users_fts") > 0 || count(*snap, "accord_users_fts_data") > 0);
        const auto clients = runAccord({QStringLiteral("--db"), file, QStringLiteral("mismatches"),
                                        QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(clients.exitCode, 0);
        QVERIFY2(clients.outText().contains(QLatin1String("billing@ray.example")), clients.out);
    }

    void aChangeCommittedJustBeforeIsInTheSnapshot()
    {
        // On SQLite the change stays in the write-ahead log (no checkpoint copies it into
        // the file): the copy of the file's bytes must carry the log's too.
        if (t->engine == Engine::SQLite)
            test::exec(*t->db, QStringLiteral("PRAGMA wal_autocheckpoint = 0"));
        test::exec(*t->db, QStringLiteral("UPDATE tblusers SET last_name = ? WHERE id = ?"),
                   {QStringLiteral("Walonly-9d2c"), ada});
        if (t->engine == Engine::SQLite) { // the premise
            QVERIFY(!bytesOf(t->path).contains("Walonly-9d2c"));
            QVERIFY(fileAndWal(t->path).contains("Walonly-9d2c"));
        }
        const QString file = out("recent.sqlite");
        const auto run = exportTo(file);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(!QFile::exists(file + QStringLiteral("-wal")));
        auto snap = openSnapshot(file);
        QCOMPARE(column(*snap, QStringLiteral("SELECT last_name FROM tblusers WHERE id = ?"), {ada})
                     .toString(),
                 QStringLiteral("Walonly-9d2c"));
        QCOMPARE(count(*snap, "tblusers"), 3);
        snap.reset();
        const auto verified = runAccord({QStringLiteral("verify"), file});
        QVERIFY2(verified.exitCode == 0, verified.out + verified.err);
        // The live database was not changed or locked by the export: it takes a write.
        test::exec(*t->db, QStringLiteral("UPDATE tblusers SET last_name = ? WHERE id = ?"),
                   {QStringLiteral("Lovelace"), ada});
    }

    void manifestSaysWhatTheSnapshotIs()
    {
        const QString file = out("m.sqlite");
        SnapshotOptions options;
        options.target = file;
        auto written = SnapshotService(t->db).exportSnapshot(options);
        QVERIFY2(written.ok(), qPrintable(written ? QString() : written.error().message));
        auto snap = openSnapshot(file);
        QVERIFY(snap->snapshot().has_value());
        const SnapshotManifest& m = *snap->snapshot();
        QCOMPARE(m.source(), t->db->location().display());
        QVERIFY(!m.source().contains(qEnvironmentVariable("ACCORD_TEST_DB_PASSWORD")) ||
                qEnvironmentVariable("ACCORD_TEST_DB_PASSWORD").isEmpty());
        QVERIFY(qAbs(m.createdAt().secsTo(QDateTime::currentDateTimeUtc())) < 120);
        QCOMPARE(m.operatorName(), t->db->operatorName());
        QCOMPARE(m.accordVersion(), QStringLiteral(ACCORD_VERSION));
        QCOMPARE(m.schemaVersion(), Database::latestSchemaVersion(Engine::SQLite));
        QVERIFY(m.filter().isEverything());
        QVERIFY(!m.secretsIncluded());
        QCOMPARE(m.rows(QStringLiteral("tblusers")), 3);
        QCOMPARE(m.rows(QStringLiteral("tblclients")), 3);
        QCOMPARE(m.rows(QStringLiteral("tblusers_clients")), 4);
        QCOMPARE(m.rows(QStringLiteral("tbluser_invites")), 1);
        QCOMPARE(m.rows(QStringLiteral("tblactivitylog")), count(*t->db, "tblactivitylog"));
        // The checksum is the documented one over the file's rows.
        auto rows = checksumRows(file, {true, false, {}});
        QVERIFY(rows.ok());
        QCOMPARE(m.checksum(), rows->hex());
        QCOMPARE(m.value(QStringLiteral("checksum_method")), QStringLiteral("sha256-rows-1"));
        // The same manifest as a file's raw table, for tools that are not Accord.
        QCOMPARE(column(*snap,
                        QStringLiteral("SELECT value FROM accord_manifest WHERE key = 'checksum'"))
                     .toString(),
                 rows->hex());
    }

    void secretsAreGoneFromTheFilesBytes()
    {
        // A deleted user's token and a replaced password hash linger in the free space of a
        // SQLite database's pages: a copy of its pages must not carry them.
        const qint64 gone = test::addUser(t->db, QStringLiteral("Gone"), QStringLiteral("Away"),
                                          QStringLiteral("gone@example.com"));
        test::exec(*t->db, QStringLiteral("UPDATE tblusers SET reset_token = ? WHERE id = ?"),
                   {QStringLiteral("reset-deleted-5b1e-known"), gone});
        QVERIFY(UserService(t->db).remove(gone).ok());
        QVERIFY(UserService(t->db).setPassword(bob, QStringLiteral("first password")).ok());
        const QString oldHash =
            column(*t->db, QStringLiteral("SELECT password FROM tblusers WHERE id = ?"), {bob})
                .toString();
        QVERIFY(UserService(t->db).setPassword(bob, QStringLiteral("second password")).ok());
        if (t->engine == Engine::SQLite) // the premise: the source's bytes still hold them
            QVERIFY(fileAndWal(t->path).contains("reset-deleted-5b1e-known"));

        const QString file = out("nosecrets.sqlite");
        const auto run = exportTo(file);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QByteArray bytes = bytesOf(file);
        QVERIFY(!QFile::exists(file + QStringLiteral("-wal")));
        for (const QString& secret : {hash, token, oldHash, QStringLiteral("remember-7f3a9c-known"),
                                      QStringLiteral("reset-deleted-5b1e-known")})
            QVERIFY2(!bytes.contains(secret.toUtf8()), qPrintable(secret));
        QVERIFY(bytes.contains("ada@example.com")); // the rows themselves are there
        QCOMPARE(QFileInfo(file).permissions() & QFileDevice::ReadOther, QFileDevice::ReadOther);
        auto snap = openSnapshot(file);
        QVERIFY(!snap->snapshot()->secretsIncluded());
        QCOMPARE(count(*snap, "tbluser_invites"), 1);
        QCOMPARE(column(*snap, QStringLiteral("SELECT count(*) FROM tblusers WHERE "
                                              "coalesce(password, '') <> '' OR "
                                              "coalesce(remember_token, '') <> ''"))
                     .toInt(),
                 0);

        // With --include-secrets they are in, and the file is its owner's alone.
        const QString with = out("secrets.sqlite");
        const auto run2 = exportTo(with, {QStringLiteral("--include-secrets")});
        QVERIFY2(run2.exitCode == 0, run2.err.constData());
        const QByteArray withBytes = bytesOf(with);
        QVERIFY(withBytes.contains(hash.toUtf8()));
        QVERIFY(withBytes.contains(token.toUtf8()));
        QCOMPARE(QFileInfo(with).permissions() &
                     (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup |
                      QFileDevice::WriteOther),
                 QFileDevice::Permissions());
        QVERIFY(openSnapshot(with)->snapshot()->secretsIncluded());
        QVERIFY(!withBytes.contains("reset-deleted-5b1e-known")); // deleted stays deleted
    }

    void oneClientWithItsUsers()
    {
        const QString file = out("client.sqlite");
        const auto run = exportTo(file, {QStringLiteral("--client"), QString::number(adaCo)});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        auto snap = openSnapshot(file);
        QCOMPARE(
            column(*snap, QStringLiteral("SELECT group_concat(id) FROM tblclients")).toString(),
            QString::number(adaCo));
        QCOMPARE(count(*snap, "tblusers"), 2); // ada (owner) and bob (tickets)
        QCOMPARE(count(*snap, "tblusers_clients"), 2);
        QCOMPARE(count(*snap, "tbluser_invites"), 1);
        QCOMPARE(snap->snapshot()->filter(), SnapshotFilter::client(adaCo));
        QCOMPARE(snap->snapshot()->rows(QStringLiteral("tblclients")), 1);
        // Searchable too (its indexes were built for what it holds).
        const auto found = runAccord({QStringLiteral("--db"), file, QStringLiteral("users"),
                                      QStringLiteral("--search"), QStringLiteral("Ray"),
                                      QStringLiteral("--format"), QStringLiteral("csv")});
        QVERIFY2(found.outText().contains(QLatin1String("bob@example.com")), found.out);
    }

    void theUsersASearchFindsWithTheirClients()
    {
        const QString file = out("search.sqlite");
        const auto run = exportTo(file, {QStringLiteral("--search"), QStringLiteral("bob@")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        auto snap = openSnapshot(file);
        QCOMPARE(column(*snap, QStringLiteral("SELECT group_concat(id) FROM tblusers")).toString(),
                 QString::number(bob));
        QCOMPARE(count(*snap, "tblclients"), 2); // bob's own and ada's, where he has access
        QCOMPARE(count(*snap, "tblusers_clients"), 2);
        QCOMPARE(snap->snapshot()->filter(), SnapshotFilter::users(QStringLiteral("bob@")));
    }

    void theClientsASearchFindsWithTheirUsers()
    {
        // The Clients tab's shown rows (the GUI's Export Snapshot of Shown Rows…).
        const QString file = out("clients.sqlite");
        SnapshotOptions options;
        options.target = file;
        options.filter = SnapshotFilter::clients(QStringLiteral("ray.example"));
        auto written = SnapshotService(t->db).exportSnapshot(options);
        QVERIFY2(written.ok(), qPrintable(written ? QString() : written.error().message));
        auto snap = openSnapshot(file);
        QCOMPARE(
            column(*snap, QStringLiteral("SELECT group_concat(id) FROM tblclients")).toString(),
            QString::number(bobCo));
        QCOMPARE(column(*snap, QStringLiteral("SELECT group_concat(id) FROM tblusers")).toString(),
                 QString::number(bob));
        QCOMPARE(snap->snapshot()->filter(), options.filter);
        QCOMPARE(runAccord({QStringLiteral("verify"), file}).exitCode, 0);
    }

    void theLinksTheMismatchReportLists()
    {
        const QString owners = out("mm.sqlite");
        auto run = exportTo(owners, {QStringLiteral("--mismatches")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        auto snap = openSnapshot(owners);
        // Only bob's owner link differs (his client's email).
        QCOMPARE(count(*snap, "tblusers_clients"), 1);
        QCOMPARE(
            column(*snap, QStringLiteral("SELECT client_id FROM tblusers_clients")).toLongLong(),
            bobCo);
        QCOMPARE(count(*snap, "tblusers"), 1);
        QCOMPARE(count(*snap, "tblclients"), 1);

        const QString all = out("mmall.sqlite");
        run = exportTo(all, {QStringLiteral("--mismatches"), QStringLiteral("--all-links")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        auto snapAll = openSnapshot(all);
        // And bob's tickets link to ada's client (his details are not the account's).
        QCOMPARE(count(*snapAll, "tblusers_clients"), 2);
        QVERIFY(snapAll->snapshot()->filter().mismatches.allLinks);
    }

    void anExistingTargetNeedsForce()
    {
        const QString file = out("twice.sqlite");
        QCOMPARE(exportTo(file).exitCode, 0);
        const QByteArray first = bytesOf(file);
        const auto refused = exportTo(file);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.errText().contains(QLatin1String("--force")), refused.err);
        QCOMPARE(bytesOf(file), first);
        test::addUser(t->db, QStringLiteral("Dee"), QStringLiteral("New"),
                      QStringLiteral("dee@example.com"));
        QCOMPARE(exportTo(file, {QStringLiteral("--force")}).exitCode, 0);
        QCOMPARE(count(*openSnapshot(file), "tblusers"), 4);
    }

    void aKilledExportLeavesNoFileThatLooksComplete()
    {
        const QString file = out("killed.sqlite");
        for (const char* phase : {"rows", "checksum", "manifest"}) {
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("ACCORD_SNAPSHOT_KILL_AT"), QLatin1String(phase));
            const auto run = test::runAccordWithEnvironment(
                {QStringLiteral("--db"), t->url, QStringLiteral("export"),
                 QStringLiteral("--format"), QStringLiteral("sqlite"), file},
                env);
            QVERIFY2(run.exitCode != 0, phase);
            QVERIFY2(!QFile::exists(file), phase);
            // What it left behind is named as unfinished; before its manifest is written no
            // verify takes it as whole (killed after it, only the rename was missing).
            const QStringList left =
                QDir(t->dir.path()).entryList({QStringLiteral("killed.sqlite.partial-*")});
            for (const QString& name : left) {
                const bool journal = name.endsWith(QLatin1String("-journal")) ||
                                     name.endsWith(QLatin1String("-wal")) ||
                                     name.endsWith(QLatin1String("-shm"));
                if (!journal && qstrcmp(phase, "manifest") != 0)
                    QCOMPARE(runAccord({QStringLiteral("verify"), t->dir.filePath(name)}).exitCode,
                             1);
                QFile::remove(t->dir.filePath(name));
            }
        }
        // A kill while replacing with --force leaves the old snapshot in place.
        QCOMPARE(exportTo(file).exitCode, 0);
        const QByteArray before = bytesOf(file);
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("ACCORD_SNAPSHOT_KILL_AT"), QStringLiteral("manifest"));
        test::runAccordWithEnvironment({QStringLiteral("--db"), t->url, QStringLiteral("export"),
                                        QStringLiteral("--format"), QStringLiteral("sqlite"), file,
                                        QStringLiteral("--force")},
                                       env);
        QCOMPARE(bytesOf(file), before);
        QCOMPARE(runAccord({QStringLiteral("verify"), file}).exitCode, 0);
    }

    void aSnapshotOpensReadOnlyBecauseItsManifestSaysSo()
    {
        const QString file = out("ro.sqlite");
        QCOMPARE(exportTo(file).exitCode, 0);
        QFile::setPermissions(file, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QVERIFY(QFileInfo(file).isWritable());
        auto snap = openSnapshot(file);
        QVERIFY(snap->isReadOnly());
        QVERIFY2(snap->readOnlyReason().contains(QLatin1String("snapshot")),
                 qPrintable(snap->readOnlyReason()));
        UserChanges rename;
        rename.firstName = QStringLiteral("Changed");
        auto refused = UserService(snap).update(*UserService(snap).find(ada), rename);
        QVERIFY(!refused.ok());
        const auto cli = runAccord({QStringLiteral("--db"), file, QStringLiteral("user"),
                                    QStringLiteral("set"), QString::number(ada),
                                    QStringLiteral("--first-name"), QStringLiteral("Changed")});
        QCOMPARE(cli.exitCode, 1);
        QVERIFY2(cli.errText().contains(QLatin1String("read-only")), cli.err);
        QCOMPARE(runAccord({QStringLiteral("verify"), file}).exitCode, 0);
    }

    void aSnapshotOfASnapshotHasNoSecretsToInclude()
    {
        const QString first = out("first.sqlite");
        QCOMPARE(exportTo(first).exitCode, 0);
        const QString second = out("second.sqlite");
        const auto run = runAccord({QStringLiteral("--db"), first, QStringLiteral("export"),
                                    QStringLiteral("--format"), QStringLiteral("sqlite"), second,
                                    QStringLiteral("--include-secrets")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        auto snap = openSnapshot(second);
        QVERIFY(!snap->snapshot()->secretsIncluded());
        QCOMPARE(snap->snapshot()->value(QStringLiteral("source_snapshot_of")),
                 t->db->location().display());
        QCOMPARE(runAccord({QStringLiteral("verify"), second}).exitCode, 0);
    }
};

QTEST_GUILESS_MAIN(TestSnapshotService)
#include "tst_snapshotservice.moc"
