// Bulk exports on every engine: a CSV folder and a JSON file with every vendor
// column but the secrets, what their manifests say, the filters, --force, a
// stopped or killed export leaving nothing at the target.
#include "domain/secrets.h"
#include "services/accessservice.h"
#include "services/snapshotservice.h"
#include "services/userservice.h"
#include "storage/csvreader.h"
#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QSqlRecord>
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

// A CSV file as rows of fields (the header first), read with Accord's own
// reader.
QList<QStringList> csvRows(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(path));
    CsvReader reader(f);
    QList<QStringList> rows;
    while (reader.next()) {
        QStringList fields;
        for (int i = 0; i < reader.fieldCount(); ++i) {
            const std::string_view v = reader.field(i);
            fields << QString::fromUtf8(v.data(), qsizetype(v.size()));
        }
        rows << fields;
    }
    if (!reader.ok())
        qFatal("%s: %s", qPrintable(path), qPrintable(reader.error()));
    return rows;
}

// The row of `rows` (after the header) whose `key` column is `value`.
QStringList rowWhere(const QList<QStringList>& rows, const QString& key, const QString& value)
{
    const qsizetype at = rows.value(0).indexOf(key);
    for (qsizetype i = 1; i < rows.size(); ++i)
        if (rows.at(i).value(at) == value)
            return rows.at(i);
    return {};
}

QString sha256(const QByteArray& bytes)
{
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex());
}

} // namespace

class TestBulkExport : public QObject
{
    Q_OBJECT

    std::unique_ptr<TempDatabase> t;
    qint64 ada = 0, bob = 0, cy = 0;       // users
    qint64 adaCo = 0, bobCo = 0, cyCo = 0; // clients they own
    QString hash;                          // ada's password hash

    QString out(const char* name) const { return t->dir.filePath(QLatin1String(name)); }

    // Three owners with a client each, bob also on ada's client with tickets
    // alone; ada with a password and a remember token; a comma, a quote and a
    // line break in a name.
    void fill()
    {
        ada = test::addUser(t->db, QStringLiteral("Ada"), QStringLiteral("Lovelace, Countess"),
                            QStringLiteral("ada@example.com"));
        bob = test::addUser(t->db, QStringLiteral("Bob \"the\" Builder"), QStringLiteral("Ray"),
                            QStringLiteral("bob@example.com"));
        cy = test::addUser(t->db, QStringLiteral("Cy"), QStringLiteral("Élan"),
                           QStringLiteral("cy@example.com"), QStringLiteral("french"));
        adaCo = test::addClient(t->db, ada, QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                                QStringLiteral("ada@example.com"));
        bobCo = test::addClient(t->db, bob, QStringLiteral("Bob"), QStringLiteral("Ray"),
                                QStringLiteral("billing@ray.example"));
        cyCo = test::addClient(t->db, cy, QStringLiteral("Cy"), QStringLiteral("Élan"),
                               QStringLiteral("cy@example.com"));
        test::exec(*t->db, QStringLiteral("UPDATE tblclients SET address1 = ? WHERE id = ?"),
                   {QStringLiteral("1 Main St\nFlat 2"), adaCo});
        Permissions tickets;
        tickets.set(Permission::Tickets);
        QVERIFY(AccessService(t->db).grant(bob, adaCo, tickets).ok());
        QVERIFY(UserService(t->db).setPassword(ada, QStringLiteral("correct horse battery")).ok());
        hash = column(*t->db, QStringLiteral("SELECT password FROM tblusers WHERE id = ?"), {ada})
                   .toString();
        QVERIFY(hash.startsWith(QLatin1String("$2y$")));
        test::exec(*t->db, QStringLiteral("UPDATE tblusers SET remember_token = ? WHERE id = ?"),
                   {QStringLiteral("remember-7f3a9c-known"), ada});
    }

    test::Run exportTo(const char* format, const QString& target, const QStringList& args = {})
    {
        return runAccord(QStringList{QStringLiteral("--db"), t->url, QStringLiteral("export"),
                                     QStringLiteral("--format"), QLatin1String(format), target} +
                         args);
    }

    // The vendor table's columns as the database has them, without its secrets.
    QStringList columnsWithoutSecrets(const char* table) const
    {
        const QSqlRecord record = t->db->connection().record(QLatin1String(table));
        QStringList names;
        for (int i = 0; i < record.count(); ++i)
            if (!isSecretColumn(QLatin1String(table), record.fieldName(i)))
                names << record.fieldName(i);
        return names;
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

    void csvFolderHoldsEveryVendorColumnButTheSecrets()
    {
        const QString folder = out("bulk");
        const auto run = exportTo("csv", folder);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        QVERIFY(run.outText().contains(QLatin1String("3 users, 3 clients, 4 links")));
        QCOMPARE(QDir(folder).entryList(QDir::Files, QDir::Name),
                 (QStringList{QStringLiteral("clients.csv"), QStringLiteral("links.csv"),
                              QStringLiteral("manifest.json"), QStringLiteral("users.csv")}));

        const auto users = csvRows(QDir(folder).filePath(QStringLiteral("users.csv")));
        QCOMPARE(users.size(), 4);
        QStringList header = users.at(0), expected = columnsWithoutSecrets("tblusers");
        QCOMPARE(header.first(), QStringLiteral("id"));
        header.sort();
        expected.sort();
        QCOMPARE(header, expected);
        QVERIFY(!users.at(0).contains(QStringLiteral("password")));
        const QStringList adaRow = rowWhere(users, QStringLiteral("id"), QString::number(ada));
        const auto at = [&](const QString& key) { return users.at(0).indexOf(key); };
        QCOMPARE(adaRow.value(at(QStringLiteral("last_name"))),
                 QStringLiteral("Lovelace, Countess"));
        QCOMPARE(rowWhere(users, QStringLiteral("id"), QString::number(bob))
                     .value(at(QStringLiteral("first_name"))),
                 QStringLiteral("Bob \"the\" Builder"));
        QCOMPARE(rowWhere(users, QStringLiteral("id"), QString::number(cy))
                     .value(at(QStringLiteral("last_name"))),
                 QStringLiteral("Élan"));
        const QString created = adaRow.value(at(QStringLiteral("created_at")));
        QVERIFY2(QDateTime::fromString(created, Qt::ISODate).isValid() &&
                     created.endsWith(QLatin1Char('Z')) && created.size() == 20,
                 qPrintable(created));

        const auto clients = csvRows(QDir(folder).filePath(QStringLiteral("clients.csv")));
        QCOMPARE(clients.size(), 4);
        QCOMPARE(rowWhere(clients, QStringLiteral("id"), QString::number(adaCo))
                     .value(clients.at(0).indexOf(QStringLiteral("address1"))),
                 QStringLiteral("1 Main St\nFlat 2"));
        for (const QString& secret : secretColumns(QStringLiteral("tblclients")))
            QVERIFY2(!clients.at(0).contains(secret), qPrintable(secret));

        const auto links = csvRows(QDir(folder).filePath(QStringLiteral("links.csv")));
        QCOMPARE(links.size(), 5);
        QCOMPARE(links.at(0).mid(0, 4),
                 (QStringList{QStringLiteral("auth_user_id"), QStringLiteral("client_id"),
                              QStringLiteral("owner"), QStringLiteral("permissions")}));
        int owners = 0;
        for (qsizetype i = 1; i < links.size(); ++i) {
            const QStringList& l = links.at(i);
            QVERIFY(l.at(2) == QLatin1String("true") || l.at(2) == QLatin1String("false"));
            owners += l.at(2) == QLatin1String("true");
            if (l.at(0) == QString::number(bob) && l.at(1) == QString::number(adaCo)) {
                QCOMPARE(l.at(2), QStringLiteral("false"));
                QCOMPARE(l.at(3), QStringLiteral("tickets"));
            }
        }
        QCOMPARE(owners, 3);

        for (const char* name : {"users.csv", "clients.csv", "links.csv"}) {
            const QByteArray bytes = bytesOf(QDir(folder).filePath(QLatin1String(name)));
            QVERIFY(!bytes.contains(hash.toUtf8()));
            QVERIFY(!bytes.contains("remember-7f3a9c-known"));
        }
        const QJsonObject manifest =
            QJsonDocument::fromJson(bytesOf(QDir(folder).filePath(QStringLiteral("manifest.json"))))
                .object();
        QCOMPARE(manifest.value(QStringLiteral("secrets_included")).toBool(true), false);
        QCOMPARE(manifest.value(QStringLiteral("rows"))
                     .toObject()
                     .value(QStringLiteral("tblusers_clients"))
                     .toInteger(),
                 4);
        QCOMPARE(
            manifest.value(QStringLiteral("files")).toObject().value(QStringLiteral("users.csv")),
            sha256(bytesOf(QDir(folder).filePath(QStringLiteral("users.csv")))));
        QVERIFY(!manifest.value(QStringLiteral("source")).toString().isEmpty());
        QVERIFY(
            !manifest.value(QStringLiteral("source")).toString().contains(QLatin1String("pw")) ||
            !t->isServer());
    }

    void jsonFileIsOneDocumentWithItsManifestAndARecordPerLine()
    {
        const QString file = out("bulk.json");
        const auto run = exportTo("json", file);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QByteArray bytes = bytesOf(file);
        QJsonParseError error;
        const QJsonObject doc = QJsonDocument::fromJson(bytes, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        QCOMPARE(doc.keys(), (QStringList{QStringLiteral("clients"), QStringLiteral("links"),
                                          QStringLiteral("manifest"), QStringLiteral("users")}));
        // The manifest comes first, then one record a line.
        QVERIFY(bytes.startsWith("{\n  \"manifest\": {"));
        QCOMPARE(bytes.count("\n    {\"id\":"), 6); // three users, three clients
        const QJsonObject manifest = doc.value(QStringLiteral("manifest")).toObject();
        const QJsonObject rows = manifest.value(QStringLiteral("rows")).toObject();
        QCOMPARE(rows.value(QStringLiteral("tblusers")).toInteger(), 3);
        QCOMPARE(rows.value(QStringLiteral("tblclients")).toInteger(), 3);
        QCOMPARE(rows.value(QStringLiteral("tblusers_clients")).toInteger(), 4);
        QCOMPARE(manifest.value(QStringLiteral("secrets_included")).toBool(true), false);
        QCOMPARE(manifest.value(QStringLiteral("filter")).toString(), QStringLiteral("all"));
        // The checksum covers every byte after the manifest.
        const qsizetype after = bytes.indexOf(",\n  \"users\": [");
        QVERIFY(after > 0);
        QCOMPARE(manifest.value(QStringLiteral("checksum")).toString(), sha256(bytes.mid(after)));

        const QJsonArray users = doc.value(QStringLiteral("users")).toArray();
        QCOMPARE(users.size(), 3);
        const QJsonObject first = users.at(0).toObject();
        QCOMPARE(first.value(QStringLiteral("id")).toInteger(), ada); // id order
        QVERIFY(first.value(QStringLiteral("id")).isDouble());
        QCOMPARE(first.value(QStringLiteral("last_name")).toString(),
                 QStringLiteral("Lovelace, Countess"));
        QVERIFY(!first.contains(QStringLiteral("password")));
        QVERIFY(!first.contains(QStringLiteral("remember_token")));
        QVERIFY(first.value(QStringLiteral("last_login")).isNull());
        QVERIFY(first.value(QStringLiteral("created_at")).toString().endsWith(QLatin1Char('Z')));
        QCOMPARE(users.at(2).toObject().value(QStringLiteral("language")).toString(),
                 QStringLiteral("french"));
        QVERIFY(!bytes.contains(hash.toUtf8()));

        const QJsonArray links = doc.value(QStringLiteral("links")).toArray();
        QCOMPARE(links.size(), 4);
        bool sawBob = false;
        for (const QJsonValue& v : links) {
            const QJsonObject l = v.toObject();
            QVERIFY(l.value(QStringLiteral("owner")).isBool());
            if (l.value(QStringLiteral("auth_user_id")).toInteger() == bob &&
                l.value(QStringLiteral("client_id")).toInteger() == adaCo) {
                sawBob = true;
                QCOMPARE(l.value(QStringLiteral("permissions")).toArray(),
                         QJsonArray{QStringLiteral("tickets")});
            }
        }
        QVERIFY(sawBob);
        QCOMPARE(doc.value(QStringLiteral("clients"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("address1"))
                     .toString(),
                 QStringLiteral("1 Main St\nFlat 2"));
    }

    void aJsonExportOfManyRangesKeepsEveryRecordInOrder()
    {
        // Users in three of the ranges the export's two threads format (32,768 ids each),
        // with ranges of no ids between them, and a table with no rows at all.
        QStringList values;
        for (int i = 0; i < 3000; ++i)
            values << QStringLiteral("(%1, 'Many', 'Rows', 'many%2@example.com')")
                          .arg((i < 1000   ? 100
                                : i < 2000 ? 40000
                                           : 200000) +
                               i)
                          .arg(i);
        test::exec(*t->db, QStringLiteral("INSERT INTO tblusers (id, first_name, last_name, email) "
                                          "VALUES ") +
                               values.join(QLatin1Char(',')));
        // And one id far beyond the rest (another program's): ranges as wide as it takes.
        test::exec(*t->db, QStringLiteral("INSERT INTO tblusers (id, first_name, last_name, "
                                          "email) VALUES (4000000000, 'Far', 'Away', "
                                          "'far@example.com')"));
        test::exec(*t->db, QStringLiteral("DELETE FROM tblusers_clients"));
        const QString file = out("many.json");
        const auto run = exportTo("json", file);
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QByteArray bytes = bytesOf(file);
        QJsonParseError error;
        const QJsonObject doc = QJsonDocument::fromJson(bytes, &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
        const QJsonArray users = doc.value(QStringLiteral("users")).toArray();
        QCOMPARE(users.size(), 3004);
        qint64 previous = 0;
        for (const QJsonValue& u : users) {
            const qint64 id = u.toObject().value(QStringLiteral("id")).toInteger();
            QVERIFY2(id > previous, qPrintable(QString::number(id)));
            previous = id;
        }
        QCOMPARE(previous, qint64(4000000000));
        QCOMPARE(doc.value(QStringLiteral("clients")).toArray().size(), 3);
        QVERIFY(doc.value(QStringLiteral("links")).isArray());
        QCOMPARE(doc.value(QStringLiteral("links")).toArray().size(), 0);
        QVERIFY(bytes.contains("\"links\": []"));
        QCOMPARE(bytes.count("\n    {\"id\":"), 3004 + 3); // a record a line
        const QJsonObject manifest = doc.value(QStringLiteral("manifest")).toObject();
        QCOMPARE(manifest.value(QStringLiteral("rows"))
                     .toObject()
                     .value(QStringLiteral("tblusers"))
                     .toInteger(),
                 3004);
        const qsizetype after = bytes.indexOf(",\n  \"users\": [");
        QCOMPARE(manifest.value(QStringLiteral("checksum")).toString(), sha256(bytes.mid(after)));
    }

    void includeSecretsKeepsThemAndTheFileIsTheOwnersAlone()
    {
        const QString file = out("secrets.json");
        const auto run = exportTo("json", file, {QStringLiteral("--include-secrets")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject doc = QJsonDocument::fromJson(bytesOf(file)).object();
        QVERIFY(doc.value(QStringLiteral("manifest"))
                    .toObject()
                    .value(QStringLiteral("secrets_included"))
                    .toBool());
        QCOMPARE(doc.value(QStringLiteral("users"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("password"))
                     .toString(),
                 hash);
        QCOMPARE(QFileInfo(file).permissions() &
                     (QFileDevice::ReadGroup | QFileDevice::ReadOther | QFileDevice::WriteGroup |
                      QFileDevice::WriteOther),
                 QFileDevice::Permissions());
        const QString folder = out("secrets-csv");
        QCOMPARE(exportTo("csv", folder, {QStringLiteral("--include-secrets")}).exitCode, 0);
        QVERIFY(
            bytesOf(QDir(folder).filePath(QStringLiteral("users.csv"))).contains(hash.toUtf8()));
        QCOMPARE(QFileInfo(folder).permissions() & (QFileDevice::ReadOther | QFileDevice::ExeOther),
                 QFileDevice::Permissions());
    }

    void oneClientWithItsUsers()
    {
        const QString folder = out("one-client");
        const auto run =
            exportTo("csv", folder, {QStringLiteral("--client"), QString::number(adaCo)});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const auto users = csvRows(QDir(folder).filePath(QStringLiteral("users.csv")));
        QCOMPARE(users.size(), 3); // header, ada, bob
        QVERIFY(!rowWhere(users, QStringLiteral("id"), QString::number(ada)).isEmpty());
        QVERIFY(!rowWhere(users, QStringLiteral("id"), QString::number(bob)).isEmpty());
        const auto clients = csvRows(QDir(folder).filePath(QStringLiteral("clients.csv")));
        QCOMPARE(clients.size(), 2);
        const auto links = csvRows(QDir(folder).filePath(QStringLiteral("links.csv")));
        QCOMPARE(links.size(),
                 3); // ada's and bob's links to ada's client, not bob's own
        for (qsizetype i = 1; i < links.size(); ++i)
            QCOMPARE(links.at(i).at(1), QString::number(adaCo));
    }

    void theUsersASearchFindsWithTheirClients()
    {
        const QString file = out("search.json");
        const auto run =
            exportTo("json", file, {QStringLiteral("--search"), QStringLiteral("élan")});
        QVERIFY2(run.exitCode == 0, run.err.constData());
        const QJsonObject doc = QJsonDocument::fromJson(bytesOf(file)).object();
        const QJsonArray users = doc.value(QStringLiteral("users")).toArray();
        QCOMPARE(users.size(), 1);
        QCOMPARE(users.at(0).toObject().value(QStringLiteral("id")).toInteger(), cy);
        QCOMPARE(doc.value(QStringLiteral("clients")).toArray().size(), 1);
        QCOMPARE(doc.value(QStringLiteral("links")).toArray().size(), 1);
    }

    void anExistingTargetNeedsForceAndIsReplacedWhole()
    {
        const QString folder = out("again");
        QCOMPARE(exportTo("csv", folder).exitCode, 0);
        const auto refused = exportTo("csv", folder);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY(refused.errText().contains(QLatin1String("--force")));
        test::addUser(t->db, QStringLiteral("Dee"), QStringLiteral("New"),
                      QStringLiteral("dee@example.com"));
        QCOMPARE(exportTo("csv", folder, {QStringLiteral("--force")}).exitCode, 0);
        QCOMPARE(csvRows(QDir(folder).filePath(QStringLiteral("users.csv"))).size(), 5);
        const QString file = out("again.json");
        QCOMPARE(exportTo("json", file).exitCode, 0);
        QCOMPARE(exportTo("json", file).exitCode, 1);
        QCOMPARE(exportTo("json", file, {QStringLiteral("--force")}).exitCode, 0);
        // Nothing partial is left beside the targets.
        QCOMPARE(QDir(t->dir.path()).entryList({QStringLiteral("*.partial-*")}, QDir::AllEntries),
                 QStringList());
        // A folder is not replaced by a file, nor a file by a folder.
        QCOMPARE(exportTo("json", folder, {QStringLiteral("--force")}).exitCode, 1);
        QCOMPARE(exportTo("csv", file, {QStringLiteral("--force")}).exitCode, 1);
    }

    void aStoppedExportLeavesNothingAtTheTarget()
    {
        // More rows than one progress step, so that the export is stopped part-way.
        QStringList values;
        for (int i = 0; i < 5000; ++i)
            values << QStringLiteral("('Many', 'Rows', 'many%1@example.com')").arg(i);
        test::exec(*t->db, QStringLiteral("INSERT INTO tblusers (first_name, last_name, email) "
                                          "VALUES ") +
                               values.join(QLatin1Char(',')));
        for (auto format : {BulkExportRequest::Format::Csv, BulkExportRequest::Format::Json}) {
            SnapshotOptions options;
            options.target =
                out(format == BulkExportRequest::Format::Csv ? "stopped" : "stopped.json");
            int calls = 0;
            qint64 totals = -1;
            auto written =
                SnapshotService(t->db).exportBulk(options, format, [&](qint64 rows, qint64 total) {
                    ++calls;
                    totals = total;
                    return rows < 4096;
                });
            QVERIFY(written.ok());
            QVERIFY(written->stopped);
            QCOMPARE(calls, 1);
            QCOMPARE(totals, 5003 + 3 + 4); // every user, client and link to write
            QVERIFY(!QFileInfo::exists(options.target));
        }
        QCOMPARE(QDir(t->dir.path()).entryList({QStringLiteral("*.partial-*")}, QDir::AllEntries),
                 QStringList());
    }

    void aKilledExportLeavesNoTarget()
    {
        for (const char* phase : {"rows", "rename"})
            for (const char* format : {"csv", "json"}) {
                QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
                environment.insert(QStringLiteral("ACCORD_EXPORT_KILL_AT"), QLatin1String(phase));
                const QString target = out(format);
                const auto run = test::runAccordWithEnvironment(
                    {QStringLiteral("--db"), t->url, QStringLiteral("export"),
                     QStringLiteral("--format"), QLatin1String(format), target},
                    environment);
                QVERIFY2(run.exitCode != 0, phase);
                QVERIFY2(!QFileInfo::exists(target), phase);
                // The next export is whole.
                QCOMPARE(exportTo(format, target).exitCode, 0);
                QVERIFY(QFileInfo::exists(target));
                QFile::remove(target);
                QDir(target).removeRecursively();
            }
    }
};

QTEST_GUILESS_MAIN(TestBulkExport)
#include "tst_bulkexport.moc"
