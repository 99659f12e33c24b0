// `diff OLD NEW` and the service behind Compare with Snapshot, on every engine: a snapshot
// against the live database it was taken of, two snapshots, two live URLs; users, clients
// and links added, removed and changed field by field, by DESIGN's rules (links keyed by
// user and client, secrets shown changed without values and only when both sides hold
// them, updated_at alone no change), as table, CSV and JSON.
#include "services/accessservice.h"
#include "services/clientservice.h"
#include "services/diffservice.h"
#include "services/snapshotservice.h"
#include "services/userservice.h"
#include "storage/sharedread.h"
#include "testsupport.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

using namespace accord;
using accord::test::runAccord;
using accord::test::TempDatabase;
using Change = RecordChange::Change;

namespace {

Permissions only(Permission p)
{
    Permissions out;
    out.set(p);
    return out;
}

// "changed user 2: first_name,last_name" for each change, in the order given.
QStringList summary(const DatabaseDiff& diff)
{
    QStringList out;
    for (const RecordChange& c : diff.changes) {
        QStringList fields;
        for (const FieldChange& f : c.fields)
            if (f.field != QLatin1String("updated_at")) // within the same second, or not
                fields << f.field + (f.secret ? QStringLiteral("(secret)") : QString());
        out << RecordChange::changeName(c.change) + QLatin1Char(' ') + c.targetText() +
                   (fields.isEmpty() ? QString()
                                     : QStringLiteral(": ") + fields.join(QLatin1Char(',')));
    }
    return out;
}

} // namespace

class TestDiffService : public QObject
{
    Q_OBJECT

    std::unique_ptr<TempDatabase> t;
    qint64 ada = 0, bob = 0, cy = 0, adaCo = 0, bobCo = 0;

    QString snapshotOf(const char* name, bool secrets = false)
    {
        const QString path = t->dir.filePath(QLatin1String(name));
        SnapshotOptions options;
        options.target = path;
        options.includeSecrets = secrets;
        auto written = SnapshotService(t->db).exportSnapshot(options);
        if (!written)
            qFatal("export: %s", qPrintable(written.error().message));
        return path;
    }

    DatabaseDiff diff(const QString& older, const QString& newer)
    {
        // The live side is the test's own opening (its server password is the test's).
        auto side = [&](const QString& p) -> Result<DatabasePtr> {
            return p == t->url ? Result<DatabasePtr>(t->db) : DiffService::open(p);
        };
        auto a = side(older);
        auto b = side(newer);
        if (!a || !b)
            qFatal("cannot open a side: %s", qPrintable((a ? b : a).error().message));
        auto d = DiffService(*a, *b).diff();
        if (!d)
            qFatal("diff: %s", qPrintable(d.error().message));
        return *d;
    }

    // What happens after the review: a user renamed, one added, one removed; a client's city
    // changed; a link added, one removed, one's permissions changed.
    void changeThings()
    {
        auto u = UserService(t->db).find(ada);
        UserChanges rename;
        rename.firstName = QStringLiteral("Augusta");
        QVERIFY(UserService(t->db).update(*u, rename).ok());
        test::addUser(t->db, QStringLiteral("Dee"), QStringLiteral("New"),
                      QStringLiteral("dee@example.com"));
        QVERIFY(UserService(t->db).remove(cy).ok());
        auto c = ClientService(t->db).find(bobCo);
        QVERIFY(ClientService(t->db)
                    .update(*c, {{QStringLiteral("city"), QStringLiteral("Leeds")}})
                    .ok());
        AccessService access(t->db);
        QVERIFY(access.grant(ada, bobCo, only(Permission::Invoices)).ok());
        QVERIFY(access.grant(bob, adaCo, only(Permission::Quotes)).ok());
    }

private slots:
    void initTestCase_data() { test::addEngineRows(); }
    void init()
    {
        test::useRowEngine();
        t = std::make_unique<TempDatabase>();
        ada = test::addUser(t->db, QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                            QStringLiteral("ada@example.com"));
        bob = test::addUser(t->db, QStringLiteral("Bob"), QStringLiteral("Ray"),
                            QStringLiteral("bob@example.com"));
        cy = test::addUser(t->db, QStringLiteral("Cy"), QStringLiteral("Unlinked"),
                           QStringLiteral("cy@example.com"));
        adaCo = test::addClient(t->db, ada, QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                                QStringLiteral("ada@example.com"));
        bobCo = test::addClient(t->db, bob, QStringLiteral("Bob"), QStringLiteral("Ray"),
                                QStringLiteral("bob@example.com"));
        QVERIFY(AccessService(t->db).grant(bob, adaCo, only(Permission::Tickets)).ok());
    }
    void cleanup() { t.reset(); }

    void aSnapshotAgainstItsLiveDatabaseShowsWhatChanged()
    {
        const QString before = snapshotOf("before.sqlite");
        QVERIFY(diff(before, t->url).changes.isEmpty());
        changeThings();
        const DatabaseDiff d = diff(before, t->url);
        const QStringList got = summary(d);
        const QStringList want{
            QStringLiteral("changed user %1: first_name").arg(ada),
            QStringLiteral("removed user %1").arg(cy),
            QStringLiteral("added user %1").arg(cy + 1),
            QStringLiteral("changed client %1: city").arg(bobCo),
            QStringLiteral("added link user %1 / client %2").arg(ada).arg(bobCo),
            QStringLiteral("changed link user %1 / client %2: permissions").arg(bob).arg(adaCo),
        };
        QCOMPARE(got, want);
        QCOMPARE(d.users.added, 1);
        QCOMPARE(d.users.removed, 1);
        QCOMPARE(d.users.changed, 1);
        QCOMPARE(d.clients.changed, 1);
        QCOMPARE(d.links.added, 1);
        QCOMPARE(d.links.changed, 1);
        QCOMPARE(d.links.removed, 0);
        const FieldChange& name = d.changes.first().fields.first();
        QCOMPARE(name.oldValue, QStringLiteral("Ada"));
        QCOMPARE(name.newValue, QStringLiteral("Augusta"));
        QVERIFY(d.changes.first().label.contains(QLatin1String("ada@example.com")));
        // Reversed, added is removed.
        const DatabaseDiff back = diff(t->url, before);
        QCOMPARE(back.users.added, 1);
        QCOMPARE(back.users.removed, 1);
        QCOMPARE(back.links.removed, 1);
    }

    void aLiveDatabaseIsReadAtOneMoment()
    {
        // Another admin adds a client and its owner while the diff's two readers begin (one
        // reads the users and links, the other the clients): the diff sees none of it, where
        // a second read of its own would see half of it.
        const QString before = snapshotOf("moment.sqlite");
        DatabasePtr other = t->openAgain();
        std::thread writer;
        std::atomic<bool> wrote{false};
        bool between = false;
        auto write = [&] {
            const qint64 dee = test::addUser(other, QStringLiteral("Dee"), QStringLiteral("New"),
                                             QStringLiteral("dee@example.com"));
            test::addClient(other, dee, QStringLiteral("Dee"), QStringLiteral("New"),
                            QStringLiteral("dee@example.com"));
            other->releaseThreadConnection();
            wrote = true;
        };
        SharedRead::setBetweenReadersHook([&] {
            between = true;
            writer = std::thread(write);
            // Time for a write nothing holds off to commit (SQLite's waits for the readers).
            for (int i = 0; i < 200 && !wrote; ++i)
                std::this_thread::sleep_for(std::chrono::milliseconds(10));
        });
        const DatabaseDiff d = diff(before, t->url);
        SharedRead::setBetweenReadersHook({});
        if (writer.joinable())
            writer.join();
        QVERIFY2(d.changes.isEmpty(), qPrintable(summary(d).join(QLatin1String("; "))));
        if (!between) // an engine that cannot share a moment: one reader read it all
            write();
        QVERIFY(wrote);
        const DatabaseDiff after = diff(before, t->url);
        QCOMPARE(after.users.added, 1);
        QCOMPARE(after.clients.added, 1);
        QCOMPARE(after.links.added, 1);
    }

    void twoSnapshotsAndSecretsShownWithoutValues()
    {
        const QString before = snapshotOf("s1.sqlite", true);
        QVERIFY(UserService(t->db).setPassword(bob, QStringLiteral("a new password")).ok());
        // updated_at alone is no change.
        test::exec(*t->db, QStringLiteral("UPDATE tblclients SET updated_at = ? WHERE id = ?"),
                   {QStringLiteral("2030-01-01 00:00:00"), adaCo});
        const QString after = snapshotOf("s2.sqlite", true);
        const DatabaseDiff d = diff(before, after);
        QVERIFY(d.secretsCompared);
        QCOMPARE(d.changes.size(), 1);
        const RecordChange& c = d.changes.first();
        QCOMPARE(c.record.userId, bob);
        bool sawPassword = false;
        for (const FieldChange& f : c.fields)
            if (f.field == QLatin1String("password")) {
                sawPassword = true;
                QVERIFY(f.secret);
                QVERIFY(f.oldValue.isEmpty() && f.newValue.isEmpty());
            }
        QVERIFY(sawPassword);
        // Nor printed by the command, in any format.
        const QString hash = test::column(*t->db,
                                          QStringLiteral("SELECT password FROM tblusers "
                                                         "WHERE id = ?"),
                                          {bob})
                                 .toString();
        for (const char* format : {"table", "csv", "json"}) {
            const auto run = runAccord({QStringLiteral("diff"), before, after,
                                        QStringLiteral("--format"), QLatin1String(format)});
            QCOMPARE(run.exitCode, 0);
            QVERIFY2(run.outText().contains(QLatin1String("password")), format);
            QVERIFY2(!run.outText().contains(hash), format);
        }
        // A snapshot without secrets: they are not compared, and the table says so.
        const QString bare = snapshotOf("s3.sqlite");
        const DatabaseDiff noSecrets = diff(bare, t->url);
        QVERIFY(!noSecrets.secretsCompared);
        QVERIFY(noSecrets.changes.isEmpty());
        const auto run = runAccord({QStringLiteral("diff"), bare, t->url});
        QVERIFY(run.outText().contains(QLatin1String("Secret columns are not compared")));
        QVERIFY(run.outText().contains(QLatin1String("No differences.")));
    }

    void formatsForPeopleAndScripts()
    {
        const QString before = snapshotOf("f.sqlite");
        changeThings();
        const auto table = runAccord({QStringLiteral("diff"), before, t->url});
        QCOMPARE(table.exitCode, 0);
        QVERIFY2(table.outText().contains(QLatin1String("Users: 1 added, 1 removed, 1 changed.")),
                 table.out);
        QVERIFY(table.outText().contains(QLatin1String("\"Ada\"")));
        QVERIFY(table.outText().contains(QLatin1String("\"Augusta\"")));
        QVERIFY(table.outText().contains(QLatin1String("(live)")));

        const auto json = runAccord({QStringLiteral("diff"), before, t->url,
                                     QStringLiteral("--format"), QStringLiteral("json")});
        QCOMPARE(json.exitCode, 0);
        const QJsonArray changes = QJsonDocument::fromJson(json.out).array();
        QCOMPARE(changes.size(), 6);
        const QJsonObject first = changes.at(0).toObject();
        QCOMPARE(first.value(QStringLiteral("record")).toString(), QStringLiteral("user"));
        QCOMPARE(first.value(QStringLiteral("change")).toString(), QStringLiteral("changed"));
        QCOMPARE(first.value(QStringLiteral("user_id")).toInteger(), ada);
        const QJsonObject field = first.value(QStringLiteral("fields")).toArray().at(0).toObject();
        QCOMPARE(field.value(QStringLiteral("field")).toString(), QStringLiteral("first_name"));
        QCOMPARE(field.value(QStringLiteral("old_value")).toString(), QStringLiteral("Ada"));
        QCOMPARE(field.value(QStringLiteral("new_value")).toString(), QStringLiteral("Augusta"));
        const QJsonObject link = changes.at(4).toObject(); // links by user, then client
        QCOMPARE(link.value(QStringLiteral("record")).toString(), QStringLiteral("link"));
        QCOMPARE(link.value(QStringLiteral("user_id")).toInteger(), ada);
        QCOMPARE(link.value(QStringLiteral("client_id")).toInteger(), bobCo);

        const auto csv = runAccord({QStringLiteral("diff"), before, t->url,
                                    QStringLiteral("--format"), QStringLiteral("csv")});
        QCOMPARE(csv.exitCode, 0);
        const QStringList lines = csv.outText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(
            lines.first(),
            QStringLiteral("record,change,user_id,client_id,field,old_value,new_value,secret"));
        QVERIFY2(lines.contains(
                     QStringLiteral("user,changed,%1,,first_name,Ada,Augusta,false").arg(ada)),
                 csv.out);
        QVERIFY(lines.contains(QStringLiteral("user,removed,%1,,,,,false").arg(cy)));
    }

    void twoLiveDatabasesByUrl()
    {
        TempDatabase other(t->engine);
        const qint64 first =
            test::addUser(other.db, QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                          QStringLiteral("ada@example.com"));
        QCOMPARE(first, ada);
        const auto run = runAccord({QStringLiteral("diff"), t->url, other.url,
                                    QStringLiteral("--format"), QStringLiteral("json")});
        QVERIFY2(run.exitCode == 0, run.err);
        const QJsonArray changes = QJsonDocument::fromJson(run.out).array();
        // bob and cy, both clients and all three links are gone in the other; ada is the same
        // but for her dates.
        int removed = 0;
        for (const QJsonValue& v : changes)
            removed +=
                v.toObject().value(QStringLiteral("change")).toString() == QLatin1String("removed");
        QCOMPARE(removed, 2 + 2 + 3);
        // Comparing writes nothing on either side, and migrates nothing.
        QCOMPARE(test::column(*t->db, QStringLiteral("SELECT count(*) FROM tblusers")).toInt(), 3);
    }

    void usageAndRefusals()
    {
        QCOMPARE(runAccord({QStringLiteral("diff"), t->url}).exitCode, 2);
        QCOMPARE(runAccord({QStringLiteral("diff"), t->url, t->url, QStringLiteral("--format"),
                            QStringLiteral("xml")})
                     .exitCode,
                 2);
        const QString missing = t->dir.filePath(QStringLiteral("missing.sqlite"));
        const auto run = runAccord({QStringLiteral("diff"), missing, t->url});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(!QFileInfo::exists(missing));
    }
};

QTEST_GUILESS_MAIN(TestDiffService)
#include "tst_diffservice.moc"
