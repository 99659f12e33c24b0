// The headless commands, run through the built binary as a script or an admin would.
#include "clitesting.h"
#include "services/matchservice.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "storage/sql.h"
#include "testsupport.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <limits>
#include <memory>
#include <utility>

using accord::test::Run;

// A refusal or usage error: one line on stderr, containing `needle` (case-insensitive).
#define EXPECT_ONE_ERROR_LINE(run, needle)                                                         \
    do {                                                                                           \
        const QString e_ = (run).errText();                                                        \
        QVERIFY2(e_.endsWith(QLatin1Char('\n')) && e_.count(QLatin1Char('\n')) == 1,               \
                 qPrintable(QStringLiteral("not one line: ") + e_));                               \
        QVERIFY2(e_.contains(QStringLiteral(needle), Qt::CaseInsensitive), qPrintable(e_));        \
    } while (0)

namespace {

const QStringList allPermissions{
    QStringLiteral("profile"),        QStringLiteral("contacts"),   QStringLiteral("products"),
    QStringLiteral("manageproducts"), QStringLiteral("productsso"), QStringLiteral("domains"),
    QStringLiteral("managedomains"),  QStringLiteral("invoices"),   QStringLiteral("quotes"),
    QStringLiteral("tickets"),        QStringLiteral("affiliates"), QStringLiteral("emails"),
    QStringLiteral("orders")};

QStringList names(const QJsonArray& array)
{
    QStringList out;
    for (const QJsonValue& v : array)
        out << v.toString();
    return out;
}

bool isDateOrNull(const QJsonValue& v)
{
    static const QRegularExpression re(
        QStringLiteral("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$"));
    return v.isNull() || (v.isString() && re.match(v.toString()).hasMatch());
}

// RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks.
QList<QStringList> parseCsv(const QString& text)
{
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool inQuotes = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar ch = text.at(i);
        if (inQuotes) {
            if (ch != QLatin1Char('"'))
                field += ch;
            else if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"'))
                field += text.at(++i);
            else
                inQuotes = false;
        } else if (ch == QLatin1Char('"')) {
            inQuotes = true;
        } else if (ch == QLatin1Char(',')) {
            record << field;
            field.clear();
        } else if (ch == QLatin1Char('\n')) {
            record << field;
            field.clear();
            records << record;
            record.clear();
        } else {
            field += ch;
        }
    }
    if (!field.isEmpty() || !record.isEmpty())
        records << (record << field);
    return records;
}

// DESIGN's comparison rule, written here from its text alone so the report is checked
// against something other than itself: '' when equal after NFC, else the kind's name.
QString differenceKind(const QString& userValue, const QString& clientValue)
{
    const auto nfc = [](const QString& s) { return s.normalized(QString::NormalizationForm_C); };
    if (nfc(userValue) == nfc(clientValue))
        return {};
    // Trimmed, inner whitespace collapsed, case-folded (and composed again: folding may
    // decompose).
    const auto loose = [&](const QString& s) { return nfc(nfc(s).simplified().toCaseFolded()); };
    if (loose(userValue) == loose(clientValue))
        return QStringLiteral("case_or_space");
    if (userValue.trimmed().isEmpty() != clientValue.trimmed().isEmpty())
        return QStringLiteral("empty_side");
    return QStringLiteral("differs");
}

const QStringList reportHeader{QStringLiteral("user_id"),    QStringLiteral("client_id"),
                               QStringLiteral("owner"),      QStringLiteral("field"),
                               QStringLiteral("user_value"), QStringLiteral("client_value"),
                               QStringLiteral("kind")};

// A mismatches JSON array as the CSV's rows (one per differing field), for comparing both.
QList<QStringList> reportRowsOf(const QJsonArray& links)
{
    QList<QStringList> rows;
    for (const QJsonValue& v : links) {
        const QJsonObject link = v.toObject();
        for (const QJsonValue& f : link.value(QStringLiteral("fields")).toArray()) {
            const QJsonObject field = f.toObject();
            rows << QStringList{
                QString::number(link.value(QStringLiteral("user_id")).toInteger()),
                QString::number(link.value(QStringLiteral("client_id")).toInteger()),
                link.value(QStringLiteral("owner")).toBool() ? QStringLiteral("true")
                                                             : QStringLiteral("false"),
                field.value(QStringLiteral("field")).toString(),
                field.value(QStringLiteral("user_value")).toString(),
                field.value(QStringLiteral("client_value")).toString(),
                field.value(QStringLiteral("kind")).toString()};
        }
    }
    return rows;
}

QJsonObject difference(const char* field, const QString& userValue, const QString& clientValue,
                       const char* kind)
{
    return {{QStringLiteral("field"), QLatin1String(field)},
            {QStringLiteral("user_value"), userValue},
            {QStringLiteral("client_value"), clientValue},
            {QStringLiteral("kind"), QLatin1String(kind)}};
}

QJsonObject linkDifferences(qint64 userId, qint64 clientId, bool owner, const QJsonArray& fields)
{
    return {{QStringLiteral("user_id"), userId},
            {QStringLiteral("client_id"), clientId},
            {QStringLiteral("owner"), owner},
            {QStringLiteral("fields"), fields}};
}

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<accord::test::TempDatabase> m_t; // no schema: the tests run `init`
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_db;
    bool onServer() const { return m_t->isServer(); }
    // Whether a database with Accord's schema is there: the file, or the server's tables.
    bool hasSchema() const
    {
        if (!onServer())
            return QFile::exists(m_db);
        bool found = false;
        {
            QSqlDatabase raw = m_t->rawConnection(QStringLiteral("schema-check"));
            found = raw.tables().contains(QStringLiteral("accord_schema"));
            raw.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("schema-check"));
        return found;
    }

    Run accord(const QStringList& args, const QByteArray& input = {}) const
    {
        return accord::test::runAccord(QStringList{QStringLiteral("--db"), m_db} + args, input);
    }
    bool initDatabase() const { return accord({QStringLiteral("init")}).exitCode == 0; }
    // The id a creating command printed alone, or -1.
    static qint64 printedId(const Run& r)
    {
        static const QRegularExpression re(QStringLiteral("^[0-9]+\n$"));
        if (r.exitCode != 0 || !re.match(r.outText()).hasMatch()) {
            qWarning("no id printed: exit %d, out %s, err %s", r.exitCode, r.out.constData(),
                     r.err.constData());
            return -1;
        }
        return r.outText().trimmed().toLongLong();
    }
    qint64 addUser(const QString& email, const QString& first = QStringLiteral("Ada"),
                   const QString& last = QStringLiteral("Lovelace")) const
    {
        return printedId(
            accord({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--email"), email,
                    QStringLiteral("--first-name"), first, QStringLiteral("--last-name"), last}));
    }
    qint64 addClient(const QString& email, qint64 ownerUser = 0) const
    {
        QStringList args{QStringLiteral("client"),      QStringLiteral("add"),
                         QStringLiteral("--firstname"), QStringLiteral("Grace"),
                         QStringLiteral("--lastname"),  QStringLiteral("Hopper"),
                         QStringLiteral("--email"),     email,
                         QStringLiteral("--country"),   QStringLiteral("US")};
        if (ownerUser)
            args << QStringLiteral("--owner-user") << QString::number(ownerUser);
        return printedId(accord(args));
    }
    QJsonObject showJson(const QString& what, qint64 id) const
    {
        const Run r = accord({what, QStringLiteral("show"), QString::number(id),
                              QStringLiteral("--format"), QStringLiteral("json")});
        if (r.exitCode != 0)
            return {};
        return QJsonDocument::fromJson(r.out).object();
    }
    QJsonArray usersJson(const QStringList& extra = {}) const
    {
        const Run r = accord(QStringList{QStringLiteral("users"), QStringLiteral("--format"),
                                         QStringLiteral("json")} +
                             extra);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
        if (r.exitCode != 0 || error.error != QJsonParseError::NoError || !doc.isArray())
            qWarning("users json: exit %d, %s, err %s", r.exitCode, qPrintable(error.errorString()),
                     r.err.constData());
        return doc.array();
    }
    // The permissions of a user's link to a client, from `user show`.
    QJsonObject linkOf(qint64 userId, qint64 clientId) const
    {
        const QJsonArray clients =
            showJson(QStringLiteral("user"), userId).value(QStringLiteral("clients")).toArray();
        for (const QJsonValue& v : clients)
            if (v.toObject().value(QStringLiteral("client_id")).toInteger() == clientId)
                return v.toObject();
        return {};
    }
    // A client owned by an existing user, with these details.
    qint64 addOwnedClient(qint64 owner, const QString& first, const QString& last,
                          const QString& email, const QString& language = {}) const
    {
        QStringList args{QStringLiteral("client"),       QStringLiteral("add"),
                         QStringLiteral("--firstname"),  first,
                         QStringLiteral("--lastname"),   last,
                         QStringLiteral("--email"),      email,
                         QStringLiteral("--country"),    QStringLiteral("GB"),
                         QStringLiteral("--owner-user"), QString::number(owner)};
        if (!language.isEmpty())
            args << QStringLiteral("--language") << language;
        return printedId(accord(args));
    }
    Run compare(qint64 user, qint64 client, const QString& format = QStringLiteral("table")) const
    {
        return accord({QStringLiteral("compare"), QString::number(user), QString::number(client),
                       QStringLiteral("--format"), format});
    }
    QJsonObject compareJson(qint64 user, qint64 client) const
    {
        const Run r = compare(user, client, QStringLiteral("json"));
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out, &error);
        if (r.exitCode != 0 || error.error != QJsonParseError::NoError || !doc.isObject())
            qWarning("compare json: exit %d, %s, err %s", r.exitCode,
                     qPrintable(error.errorString()), r.err.constData());
        return doc.object();
    }
    Run match(qint64 user, qint64 client, const QStringList& options) const
    {
        return accord(
            QStringList{QStringLiteral("match"), QString::number(user), QString::number(client)} +
            options);
    }
    Run mismatches(const QString& format, bool allLinks = false) const
    {
        QStringList args{QStringLiteral("mismatches"), QStringLiteral("--format"), format};
        if (allLinks)
            args << QStringLiteral("--all-links");
        return accord(args);
    }
    // tblactivitylog's descriptions, read by the test itself.
    QStringList activity() const
    {
        auto opened = accord::Database::open(m_t->location);
        if (!opened)
            qFatal("cannot open %s", qPrintable(m_db));
        return accord::test::descriptions(**opened);
    }
    // A user and the client it owns whose last name and email case differ (as in DESIGN's
    // example): Ada Lovelace <ada@example.com> and Ada Byron <ADA@example.com>.
    std::pair<qint64, qint64> driftedPair() const
    {
        const qint64 user = addUser(QStringLiteral("ada@example.com"), QStringLiteral("Ada"),
                                    QStringLiteral("Lovelace"));
        const qint64 client = addOwnedClient(user, QStringLiteral("Ada"), QStringLiteral("Byron"),
                                             QStringLiteral("ADA@example.com"));
        return {user, client};
    }
    // The report computed independently of Accord's comparison code: the test's own join
    // of the vendor tables on its own connection, and the test's own reading of the rule.
    QList<QStringList> independentReport(bool allLinks) const
    {
        static const char* const fields[] = {"first_name", "last_name", "email", "language"};
        const QString connection = QStringLiteral("independent-report");
        QList<QStringList> rows;
        {
            QSqlDatabase db = m_t->rawConnection(connection);
            QSqlQuery q(db);
            q.setForwardOnly(true);
            const QString sql =
                QStringLiteral(
                    "SELECT l.auth_user_id, l.client_id, l.owner, u.first_name, u.last_name, "
                    "u.email, u.language, c.firstname, c.lastname, c.email, c.language "
                    "FROM tblusers_clients l JOIN tblusers u ON u.id = l.auth_user_id "
                    "JOIN tblclients c ON c.id = l.client_id %1 "
                    "ORDER BY l.client_id, l.auth_user_id")
                    .arg(allLinks ? QString() : QStringLiteral("WHERE l.owner <> 0"));
            if (!q.exec(sql))
                qFatal("independent join: %s", qPrintable(q.lastError().text()));
            while (q.next()) {
                const bool owner = q.value(2).toLongLong() != 0;
                for (int i = 0; i < 4; ++i) {
                    const QString userValue = q.value(3 + i).toString();
                    const QString clientValue = q.value(7 + i).toString();
                    const QString kind = differenceKind(userValue, clientValue);
                    if (kind.isEmpty())
                        continue;
                    rows << QStringList{q.value(0).toString(),
                                        q.value(1).toString(),
                                        owner ? QStringLiteral("true") : QStringLiteral("false"),
                                        QLatin1String(fields[i]),
                                        userValue,
                                        clientValue,
                                        kind};
                }
            }
        }
        QSqlDatabase::removeDatabase(connection);
        return rows;
    }

private slots:
    void initTestCase_data() { accord::test::addEngineRows(); }
    void init()
    {
        accord::test::useRowEngine();
        m_t.reset();
        m_t = std::make_unique<accord::test::TempDatabase>(
            accord::test::currentEngine(), accord::test::TempDatabase::Schema::None);
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        m_db = m_t->url;
    }

    // ---- the command line itself ----

    void versionAndHelpNeedNoDatabase()
    {
        const Run version = accord::test::runAccord({QStringLiteral("--version")});
        EXPECT_EXIT(version, 0);
        QVERIFY(version.outText().contains(QStringLiteral(ACCORD_VERSION)));

        const Run help = accord::test::runAccord({QStringLiteral("--help")});
        EXPECT_EXIT(help, 0);
        for (const char* command :
             {"init", "users", "user add", "user passwd", "client add", "link", "unlink", "invite",
              "compare", "match", "mismatches", "login"})
            QVERIFY2(help.outText().contains(QLatin1String(command)), command);

        const Run commandHelp = accord::test::runAccord(
            {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--help")});
        EXPECT_EXIT(commandHelp, 0);
        QVERIFY(commandHelp.outText().contains(QStringLiteral("--first-name")));
        QVERIFY(!hasSchema());
    }

    void unknownCommandIsAUsageError()
    {
        QVERIFY(initDatabase());
        for (const QStringList& args :
             {QStringList{QStringLiteral("frobnicate")},
              QStringList{QStringLiteral("reconcile"), QStringLiteral("1"), QStringLiteral("2")},
              QStringList{QStringLiteral("user"), QStringLiteral("rename"), QStringLiteral("1")},
              QStringList{QStringLiteral("user")}}) {
            const Run r = accord(args);
            EXPECT_EXIT(r, 2);
            EXPECT_ONE_ERROR_LINE(r, "accord");
            QVERIFY(r.out.isEmpty());
        }
    }

    void unknownOptionIsAUsageError()
    {
        QVERIFY(initDatabase());
        const Run afterCommand = accord({QStringLiteral("users"), QStringLiteral("--colour")});
        EXPECT_EXIT(afterCommand, 2);
        EXPECT_ONE_ERROR_LINE(afterCommand, "colour");
        EXPECT_EXIT(accord({QStringLiteral("--colour"), QStringLiteral("users")}), 2);
        // A client field that does not exist is an unknown option too.
        EXPECT_EXIT(accord({QStringLiteral("client"), QStringLiteral("add"),
                            QStringLiteral("--favourite-colour"), QStringLiteral("red")}),
                    2);
    }

    void missingDbIsAUsageError()
    {
        const Run r = accord::test::runAccord({QStringLiteral("users")});
        EXPECT_EXIT(r, 2);
        EXPECT_ONE_ERROR_LINE(r, "--db");
    }

    void onlyInitCreatesADatabase()
    {
        const QList<QStringList> commands{
            {QStringLiteral("users")},
            {QStringLiteral("user"), QStringLiteral("show"), QStringLiteral("1")},
            {QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--email"),
             QStringLiteral("a@example.com"), QStringLiteral("--first-name"), QStringLiteral("A"),
             QStringLiteral("--last-name"), QStringLiteral("B")},
            {QStringLiteral("user"), QStringLiteral("set"), QStringLiteral("1"),
             QStringLiteral("--first-name"), QStringLiteral("A")},
            {QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("1")},
            {QStringLiteral("user"), QStringLiteral("delete"), QStringLiteral("1")},
            {QStringLiteral("client"), QStringLiteral("show"), QStringLiteral("1")},
            {QStringLiteral("client"), QStringLiteral("set"), QStringLiteral("1"),
             QStringLiteral("--city"), QStringLiteral("Paris")},
            {QStringLiteral("link"), QStringLiteral("1"), QStringLiteral("2"),
             QStringLiteral("--owner")},
            {QStringLiteral("unlink"), QStringLiteral("1"), QStringLiteral("2")},
            {QStringLiteral("invite"), QStringLiteral("1"), QStringLiteral("a@example.com"),
             QStringLiteral("--permissions"), QStringLiteral("tickets")},
            {QStringLiteral("login"), QStringLiteral("a@example.com")},
            {QStringLiteral("compare"), QStringLiteral("1"), QStringLiteral("2")},
            {QStringLiteral("match"), QStringLiteral("1"), QStringLiteral("2"),
             QStringLiteral("--from"), QStringLiteral("user")},
            {QStringLiteral("mismatches")},
        };
        for (const QStringList& args : commands) {
            const Run r = accord(args, "password123\n");
            EXPECT_EXIT(r, 1);
            EXPECT_ONE_ERROR_LINE(r, "no such database");
            QVERIFY2(!hasSchema(), qPrintable(args.join(QLatin1Char(' '))));
        }
        const Run init = accord({QStringLiteral("init")});
        EXPECT_EXIT(init, 0);
        QVERIFY(hasSchema());
        EXPECT_EXIT(accord({QStringLiteral("init")}), 0); // again: nothing to do, still fine
        EXPECT_EXIT(accord({QStringLiteral("users")}), 0);
    }

    void aFolderIsNotADatabase()
    {
        const Run r = accord::test::runAccord(
            {QStringLiteral("--db"), m_dir->path(), QStringLiteral("users")});
        EXPECT_EXIT(r, 1);
        EXPECT_ONE_ERROR_LINE(r, "database");
    }

    // ---- init ----

    void initWithSampleWritesUsersClientsAndLinks()
    {
        const Run r =
            accord({QStringLiteral("init"), QStringLiteral("--sample"), QStringLiteral("50"),
                    QStringLiteral("--sample-password"), QStringLiteral("sample-pass-1")});
        EXPECT_EXIT(r, 0);
        QVERIFY2(r.outText().contains(QStringLiteral("50")), qPrintable(r.outText()));

        const QJsonArray users = usersJson();
        QCOMPARE(users.size(), 50);
        qint64 previous = std::numeric_limits<qint64>::max();
        int withClients = 0;
        for (const QJsonValue& v : users) {
            const qint64 id = v.toObject().value(QStringLiteral("id")).toInteger();
            QVERIFY(id < previous);
            previous = id;
            withClients += v.toObject().value(QStringLiteral("client_count")).toInt() > 0;
        }
        QVERIFY(withClients > 25);

        // Sample users sign in with the sample password, under any case of their email.
        const QString email = users.first().toObject().value(QStringLiteral("email")).toString();
        EXPECT_EXIT(accord({QStringLiteral("login"), email.toUpper()}, "sample-pass-1\n"), 0);

        const Run again =
            accord({QStringLiteral("init"), QStringLiteral("--sample"), QStringLiteral("10")});
        EXPECT_EXIT(again, 1);
        EXPECT_ONE_ERROR_LINE(again, "users");
        QCOMPARE(usersJson().size(), 50);
    }

    void initRefusesBadSampleArguments()
    {
        for (const QStringList& args :
             {QStringList{QStringLiteral("--sample"), QStringLiteral("many")},
              QStringList{QStringLiteral("--sample"), QStringLiteral("0")},
              QStringList{QStringLiteral("--sample-password"), QStringLiteral("long-enough")}}) {
            EXPECT_EXIT(accord(QStringList{QStringLiteral("init")} + args), 2);
            QVERIFY(!hasSchema());
        }
        const Run shortPassword =
            accord({QStringLiteral("init"), QStringLiteral("--sample"), QStringLiteral("5"),
                    QStringLiteral("--sample-password"), QStringLiteral("short")});
        EXPECT_EXIT(shortPassword, 1);
        EXPECT_ONE_ERROR_LINE(shortPassword, "password");
    }

    void olderSchemaIsMigratedByAnyCommand()
    {
        {
            // A database at schema version 1, as an older Accord left it.
            auto opened = accord::Database::open(m_t->location, accord::OpenOptions{true, false});
            QVERIFY(opened);
            QVERIFY(accord::Migrations::apply((*opened)->connection(), (*opened)->dialect(), 0, 1));
        }
        if (onServer()) {
            // A shared server is migrated on purpose: every other command refuses and asks
            // for a dump first (no .bak on a server), then `init` brings it up to date.
            const Run refused = accord({QStringLiteral("users")});
            EXPECT_EXIT(refused, 1);
            EXPECT_ONE_ERROR_LINE(refused, "init");
            QVERIFY2(refused.errText().contains(m_t->engine == accord::Engine::PostgreSQL
                                                    ? QLatin1String("pg_dump")
                                                    : QLatin1String("mariadb-dump")),
                     qPrintable(refused.errText()));
            EXPECT_EXIT(accord({QStringLiteral("init")}), 0);
            EXPECT_EXIT(accord({QStringLiteral("users")}), 0);
            auto migrated = accord::Database::open(m_t->location);
            QVERIFY(migrated);
            QCOMPARE((*migrated)->schemaVersion(),
                     accord::Database::latestSchemaVersion(m_t->engine));
            return;
        }
        const Run r = accord({QStringLiteral("users")});
        EXPECT_EXIT(r, 0);
        QVERIFY(QFile::exists(m_db + QStringLiteral(".bak-1")));
        auto reopened = accord::Database::open(*accord::DatabaseLocation::parse(m_db),
                                               accord::OpenOptions{false, false});
        QVERIFY(reopened);
        QCOMPARE((*reopened)->schemaVersion(),
                 accord::Database::latestSchemaVersion(accord::Engine::SQLite));
    }

    void newerSchemaIsRefused()
    {
        QVERIFY(initDatabase());
        {
            auto opened = accord::Database::open(m_t->location);
            QVERIFY(opened);
            QVERIFY(accord::runSql((*opened)->connection(),
                                   QStringLiteral("UPDATE accord_schema SET version = 999")));
        }
        const Run r = accord({QStringLiteral("users")});
        EXPECT_EXIT(r, 1);
        EXPECT_ONE_ERROR_LINE(r, "newer");
    }

    void busyDatabaseIsARefusalNotAHang()
    {
        QVERIFY(initDatabase());
        QCOMPARE(addUser(QStringLiteral("ada@example.com")), 1);
        // Another session holds the user's row (on SQLite, the whole file) in a write.
        auto opened = accord::Database::open(m_t->location);
        QVERIFY(opened);
        QSqlDatabase db = (*opened)->connection();
        QVERIFY(accord::runSql(db, (*opened)->dialect().beginWrite()));
        QVERIFY(accord::runSql(
            db, QStringLiteral("UPDATE tblusers SET first_name = first_name WHERE id = 1")));
        qputenv("ACCORD_BUSY_TIMEOUT_MS", "200");
        const Run r = accord({QStringLiteral("user"), QStringLiteral("set"), QStringLiteral("1"),
                              QStringLiteral("--first-name"), QStringLiteral("Augusta")});
        qunsetenv("ACCORD_BUSY_TIMEOUT_MS");
        QVERIFY(accord::runSql(db, QStringLiteral("ROLLBACK")));
        EXPECT_EXIT(r, 1);
        EXPECT_ONE_ERROR_LINE(r, "busy");
    }

    void readOnlyDatabaseRefusesWrites()
    {
        QVERIFY(initDatabase());
        QVERIFY(addUser(QStringLiteral("ada@example.com")) > 0);
        if (onServer()) {
            // Support staff's role may SELECT only: reading works, every write exits 1
            // saying why, and nothing changes.
            QVERIFY(m_t->openAsReadOnlyRole()->isReadOnly());
            const QStringList db{QStringLiteral("--db"), m_t->readOnlyUrl()};
            const Run list = accord::test::runAccord(db + QStringList{QStringLiteral("users")});
            EXPECT_EXIT(list, 0);
            QVERIFY(list.outText().contains(QLatin1String("ada@example.com")));
            for (const QStringList& write :
                 {QStringList{QStringLiteral("user"), QStringLiteral("set"), QStringLiteral("1"),
                              QStringLiteral("--first-name"), QStringLiteral("Augusta")},
                  QStringList{QStringLiteral("client"), QStringLiteral("add"),
                              QStringLiteral("--firstname"), QStringLiteral("A"),
                              QStringLiteral("--lastname"), QStringLiteral("B"),
                              QStringLiteral("--email"), QStringLiteral("ab@example.com"),
                              QStringLiteral("--country"), QStringLiteral("GB")}}) {
                const Run r = accord::test::runAccord(db + write);
                EXPECT_EXIT(r, 1);
                EXPECT_ONE_ERROR_LINE(r, "read-only: your database role may not change data");
            }
            QCOMPARE(showJson(QStringLiteral("user"), 1).value(QStringLiteral("first_name")),
                     QJsonValue(QStringLiteral("Ada")));
            return;
        }
        // A file (and folder) the admin may read but not write: reading works, writing is
        // refused. As root, the commands run as an unprivileged user so permissions apply.
        const QFile::Permissions readable =
            QFileDevice::ReadOwner | QFileDevice::ReadGroup | QFileDevice::ReadOther;
        QVERIFY(QFile::setPermissions(m_db, readable));
        QVERIFY(QFile::setPermissions(QFileInfo(m_db).absolutePath(),
                                      readable | QFileDevice::ExeOwner | QFileDevice::ExeGroup |
                                          QFileDevice::ExeOther));
        const QStringList db{QStringLiteral("--db"), m_db};
        const Run list =
            accord::test::runAccordUnprivileged(db + QStringList{QStringLiteral("users")});
        EXPECT_EXIT(list, 0);
        QVERIFY(list.outText().contains(QLatin1String("ada@example.com")));
        const Run r = accord::test::runAccordUnprivileged(
            db + QStringList{QStringLiteral("user"), QStringLiteral("set"), QStringLiteral("1"),
                             QStringLiteral("--first-name"), QStringLiteral("Augusta")});
        EXPECT_EXIT(r, 1);
        EXPECT_ONE_ERROR_LINE(r, "read-only");
        QVERIFY(QFile::setPermissions(QFileInfo(m_db).absolutePath(), QFileDevice::ReadOwner |
                                                                          QFileDevice::WriteOwner |
                                                                          QFileDevice::ExeOwner));
    }

    // ---- users ----

    void usersListsIdDescendingInEveryFormat()
    {
        QVERIFY(initDatabase());
        QCOMPARE(addUser(QStringLiteral("ada@example.com"), QStringLiteral("Ada"),
                         QStringLiteral("Lovelace")),
                 1);
        QCOMPARE(addUser(QStringLiteral("alan@example.com"), QStringLiteral("Alan"),
                         QStringLiteral("Turing, Jr.")),
                 2);
        QCOMPARE(addUser(QStringLiteral("edsger@example.com"), QStringLiteral("Edsger"),
                         QStringLiteral("Dijkstra")),
                 3);

        const QJsonArray all = usersJson();
        QCOMPARE(all.size(), 3);
        const QJsonObject first = all.at(0).toObject();
        QCOMPARE(first.value(QStringLiteral("id")).toInteger(), 3);
        const QStringList keys{QStringLiteral("id"),           QStringLiteral("first_name"),
                               QStringLiteral("last_name"),    QStringLiteral("email"),
                               QStringLiteral("language"),     QStringLiteral("email_verified_at"),
                               QStringLiteral("two_factor"),   QStringLiteral("last_login"),
                               QStringLiteral("client_count"), QStringLiteral("created_at"),
                               QStringLiteral("updated_at")};
        QStringList sortedKeys = keys;
        sortedKeys.sort();
        QCOMPARE(first.keys(), sortedKeys);
        QVERIFY(first.value(QStringLiteral("id")).isDouble());
        QVERIFY(first.value(QStringLiteral("two_factor")).isBool());
        QCOMPARE(first.value(QStringLiteral("language")).toString(), QString());
        QCOMPARE(first.value(QStringLiteral("client_count")).toInt(), 0);
        QVERIFY(first.value(QStringLiteral("last_login")).isNull());
        for (const char* date : {"email_verified_at", "last_login", "created_at", "updated_at"})
            QVERIFY2(isDateOrNull(first.value(QLatin1String(date))), date);
        QVERIFY(!first.value(QStringLiteral("created_at")).isNull());

        const QJsonArray limited = usersJson({QStringLiteral("--limit"), QStringLiteral("2")});
        QCOMPARE(limited.size(), 2);
        QCOMPARE(limited.at(1).toObject().value(QStringLiteral("id")).toInteger(), 2);

        const QJsonArray byId = usersJson({QStringLiteral("--search"), QStringLiteral("#2")});
        QCOMPARE(byId.size(), 1);
        QCOMPARE(byId.at(0).toObject().value(QStringLiteral("email")).toString(),
                 QStringLiteral("alan@example.com"));
        const QJsonArray byText = usersJson({QStringLiteral("--search"), QStringLiteral("DIJK")});
        QCOMPARE(byText.size(), 1);
        QCOMPARE(usersJson({QStringLiteral("--search"), QStringLiteral("nobody-here")}).size(), 0);

        const Run csv =
            accord({QStringLiteral("users"), QStringLiteral("--format"), QStringLiteral("csv")});
        EXPECT_EXIT(csv, 0);
        const QStringList lines = csv.outText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 4);
        QCOMPARE(lines.at(0), keys.join(QLatin1Char(',')));
        QVERIFY(lines.at(1).startsWith(QStringLiteral("3,Edsger,Dijkstra,edsger@example.com,,")));
        QVERIFY2(lines.at(2).startsWith(QStringLiteral("2,Alan,\"Turing, Jr.\",")),
                 qPrintable(lines.at(2))); // a comma in a value is quoted

        const Run table = accord({QStringLiteral("users")});
        EXPECT_EXIT(table, 0);
        const QStringList rows = table.outText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(rows.size(), 5); // header, rule, three users
        QVERIFY(rows.at(0).contains(QStringLiteral("Email")));
        QVERIFY(rows.at(2).startsWith(QStringLiteral("3 ")));
        QVERIFY(rows.at(4).startsWith(QStringLiteral("1 ")));
    }

    void usersRefusesBadArguments()
    {
        QVERIFY(initDatabase());
        EXPECT_EXIT(
            accord({QStringLiteral("users"), QStringLiteral("--format"), QStringLiteral("xml")}),
            2);
        EXPECT_EXIT(
            accord({QStringLiteral("users"), QStringLiteral("--limit"), QStringLiteral("ten")}), 2);
        EXPECT_EXIT(accord({QStringLiteral("users"), QStringLiteral("extra")}), 2);
        const Run empty =
            accord({QStringLiteral("users"), QStringLiteral("--format"), QStringLiteral("json")});
        EXPECT_EXIT(empty, 0);
        QVERIFY(QJsonDocument::fromJson(empty.out).isArray());
        QCOMPARE(QJsonDocument::fromJson(empty.out).array().size(), 0);
    }

    // ---- user add / show / set ----

    void userAddPrintsTheNewIdAlone()
    {
        QVERIFY(initDatabase());
        const Run r = accord({QStringLiteral("user"), QStringLiteral("add"),
                              QStringLiteral("--email"), QStringLiteral("  Élodie@Example.com "),
                              QStringLiteral("--first-name"), QStringLiteral("Élodie"),
                              QStringLiteral("--last-name"), QStringLiteral("Durand"),
                              QStringLiteral("--language"), QStringLiteral("french")});
        EXPECT_EXIT(r, 0);
        QCOMPARE(r.outText(), QStringLiteral("1\n"));
        QVERIFY(r.err.isEmpty());
        const QJsonObject user = showJson(QStringLiteral("user"), 1);
        QCOMPARE(user.value(QStringLiteral("email")).toString(),
                 QStringLiteral("Élodie@Example.com"));
        QCOMPARE(user.value(QStringLiteral("first_name")).toString(), QStringLiteral("Élodie"));
        QCOMPARE(user.value(QStringLiteral("language")).toString(), QStringLiteral("french"));
        QCOMPARE(user.value(QStringLiteral("clients")).toArray().size(), 0);
    }

    void userAddNeedsEmailAndNames()
    {
        QVERIFY(initDatabase());
        const Run noEmail =
            accord({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--first-name"),
                    QStringLiteral("A"), QStringLiteral("--last-name"), QStringLiteral("B")});
        EXPECT_EXIT(noEmail, 2);
        EXPECT_ONE_ERROR_LINE(noEmail, "--email");
        const Run noLastName = accord({QStringLiteral("user"), QStringLiteral("add"),
                                       QStringLiteral("--email"), QStringLiteral("a@example.com"),
                                       QStringLiteral("--first-name"), QStringLiteral("A")});
        EXPECT_EXIT(noLastName, 2);
        EXPECT_ONE_ERROR_LINE(noLastName, "--last-name");
        QCOMPARE(usersJson().size(), 0);
    }

    void userAddRefusesValuesTheRulesRefuse()
    {
        QVERIFY(initDatabase());
        const auto add = [this](const QString& email, const QString& first, const QString& lang) {
            return accord({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--email"),
                           email, QStringLiteral("--first-name"), first,
                           QStringLiteral("--last-name"), QStringLiteral("B"),
                           QStringLiteral("--language"), lang});
        };
        const Run badEmail = add(QStringLiteral("not-an-email"), QStringLiteral("A"), QString());
        EXPECT_EXIT(badEmail, 1);
        EXPECT_ONE_ERROR_LINE(badEmail, "email");
        const Run noFirstName = add(QStringLiteral("a@example.com"), QString(), QString());
        EXPECT_EXIT(noFirstName, 1);
        EXPECT_ONE_ERROR_LINE(noFirstName, "first");
        const Run badLanguage =
            add(QStringLiteral("a@example.com"), QStringLiteral("A"), QStringLiteral("English"));
        EXPECT_EXIT(badLanguage, 1);
        EXPECT_ONE_ERROR_LINE(badLanguage, "language");
        QCOMPARE(usersJson().size(), 0);
    }

    void emailInAnotherCaseIsAlreadyUsed()
    {
        QVERIFY(initDatabase());
        QCOMPARE(addUser(QStringLiteral("Bob@Example.com")), 1);
        const Run clash =
            accord({QStringLiteral("user"), QStringLiteral("add"), QStringLiteral("--email"),
                    QStringLiteral("bob@EXAMPLE.COM"), QStringLiteral("--first-name"),
                    QStringLiteral("Robert"), QStringLiteral("--last-name"), QStringLiteral("B")});
        EXPECT_EXIT(clash, 1);
        EXPECT_ONE_ERROR_LINE(clash, "email");
        QVERIFY(clash.errText().contains(QStringLiteral("already")));
        QCOMPARE(usersJson().size(), 1);

        QCOMPARE(addUser(QStringLiteral("carol@example.com")), 2);
        const Run moved =
            accord({QStringLiteral("user"), QStringLiteral("set"), QStringLiteral("2"),
                    QStringLiteral("--email"), QStringLiteral("BOB@example.com")});
        EXPECT_EXIT(moved, 1);
        EXPECT_ONE_ERROR_LINE(moved, "email");
        QCOMPARE(showJson(QStringLiteral("user"), 2).value(QStringLiteral("email")).toString(),
                 QStringLiteral("carol@example.com"));
    }

    void userShowJsonListsTheClientAccounts()
    {
        QVERIFY(initDatabase());
        const qint64 owner = addUser(QStringLiteral("owner@example.com"));
        const qint64 helper = addUser(QStringLiteral("helper@example.com"));
        const qint64 client = addClient(QStringLiteral("owner@example.com"), owner);
        QVERIFY(client > 0);
        EXPECT_EXIT(
            accord({QStringLiteral("link"), QString::number(helper), QString::number(client),
                    QStringLiteral("--permissions"), QStringLiteral("invoices,profile")}),
            0);

        const Run r =
            accord({QStringLiteral("user"), QStringLiteral("show"), QString::number(owner),
                    QStringLiteral("--format"), QStringLiteral("json")});
        EXPECT_EXIT(r, 0);
        QJsonParseError error;
        const QJsonObject user = QJsonDocument::fromJson(r.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(user.value(QStringLiteral("id")).toInteger(), owner);
        QCOMPARE(user.value(QStringLiteral("client_count")).toInt(), 1);
        QVERIFY(user.value(QStringLiteral("two_factor")).isBool());
        const QJsonArray clients = user.value(QStringLiteral("clients")).toArray();
        QCOMPARE(clients.size(), 1);
        const QJsonObject link = clients.at(0).toObject();
        QCOMPARE(link.keys(), (QStringList{QStringLiteral("client_id"), QStringLiteral("owner"),
                                           QStringLiteral("permissions")}));
        QCOMPARE(link.value(QStringLiteral("client_id")).toInteger(), client);
        QCOMPARE(link.value(QStringLiteral("owner")), QJsonValue(true));
        QCOMPARE(names(link.value(QStringLiteral("permissions")).toArray()), allPermissions);

        const QJsonObject helperLink = linkOf(helper, client);
        QCOMPARE(helperLink.value(QStringLiteral("owner")), QJsonValue(false));
        QCOMPARE(names(helperLink.value(QStringLiteral("permissions")).toArray()),
                 (QStringList{QStringLiteral("profile"), QStringLiteral("invoices")}));

        const Run table =
            accord({QStringLiteral("user"), QStringLiteral("show"), QString::number(owner)});
        EXPECT_EXIT(table, 0);
        QVERIFY(table.outText().contains(QStringLiteral("owner@example.com")));
        QVERIFY(table.outText().contains(QStringLiteral("Default"))); // language ''
        QVERIFY(table.outText().contains(QStringLiteral("Grace Hopper")));
    }

    void userShowRefusesBadIds()
    {
        QVERIFY(initDatabase());
        const Run missing =
            accord({QStringLiteral("user"), QStringLiteral("show"), QStringLiteral("42")});
        EXPECT_EXIT(missing, 1);
        EXPECT_ONE_ERROR_LINE(missing, "42");
        EXPECT_EXIT(accord({QStringLiteral("user"), QStringLiteral("show"), QStringLiteral("abc")}),
                    2);
        EXPECT_EXIT(accord({QStringLiteral("user"), QStringLiteral("show")}), 2);
        EXPECT_EXIT(accord({QStringLiteral("user"), QStringLiteral("show"), QStringLiteral("1"),
                            QStringLiteral("2")}),
                    2);
        QCOMPARE(addUser(QStringLiteral("a@example.com")), 1);
        EXPECT_EXIT(accord({QStringLiteral("user"), QStringLiteral("show"), QStringLiteral("1"),
                            QStringLiteral("--format"), QStringLiteral("csv")}),
                    2);
    }

    void userSetChangesOnlyTheGivenFields()
    {
        QVERIFY(initDatabase());
        QCOMPARE(addUser(QStringLiteral("ada@example.com")), 1);
        const Run r = accord({QStringLiteral("user"), QStringLiteral("set"), QStringLiteral("1"),
                              QStringLiteral("--first-name"), QStringLiteral("Augusta"),
                              QStringLiteral("--language"), QStringLiteral("english")});
        EXPECT_EXIT(r, 0);
        QJsonObject user = showJson(QStringLiteral("user"), 1);
        QCOMPARE(user.value(QStringLiteral("first_name")).toString(), QStringLiteral("Augusta"));
        QCOMPARE(user.value(QStringLiteral("last_name")).toString(), QStringLiteral("Lovelace"));
        QCOMPARE(user.value(QStringLiteral("language")).toString(), QStringLiteral("english"));

        // '' is the Default language.
        EXPECT_EXIT(accord({QStringLiteral("user"), QStringLiteral("set"), QStringLiteral("1"),
                            QStringLiteral("--language"), QString()}),
                    0);
        QCOMPARE(showJson(QStringLiteral("user"), 1).value(QStringLiteral("language")).toString(),
                 QString());

        EXPECT_EXIT(accord({QStringLiteral("user"), QStringLiteral("set"), QStringLiteral("1")}),
                    2);
        const Run badEmail =
            accord({QStringLiteral("user"), QStringLiteral("set"), QStringLiteral("1"),
                    QStringLiteral("--email"), QStringLiteral("ada at example")});
        EXPECT_EXIT(badEmail, 1);
        EXPECT_ONE_ERROR_LINE(badEmail, "email");
        const Run missing =
            accord({QStringLiteral("user"), QStringLiteral("set"), QStringLiteral("7"),
                    QStringLiteral("--first-name"), QStringLiteral("X")});
        EXPECT_EXIT(missing, 1);
        EXPECT_ONE_ERROR_LINE(missing, "7");
    }

    // ---- passwords and sign-in ----

    void userPasswdReadsOneLineFromStdin()
    {
        QVERIFY(initDatabase());
        QCOMPARE(addUser(QStringLiteral("ada@example.com")), 1);
        const QStringList passwd{QStringLiteral("user"), QStringLiteral("passwd"),
                                 QStringLiteral("1")};
        const QStringList login{QStringLiteral("login"), QStringLiteral("ada@example.com")};

        EXPECT_EXIT(accord(passwd, " correct horse\nsecond line\n"), 0);
        EXPECT_EXIT(accord(login, " correct horse\n"), 0);
        EXPECT_EXIT(accord(login, " correct horse"), 0);  // no newline at the end: same line
        EXPECT_EXIT(accord(login, "correct horse\n"), 1); // nothing but the newline is removed
        EXPECT_EXIT(accord(login, " correct horse \n"), 1);

        const Run tooShort = accord(passwd, "short\n");
        EXPECT_EXIT(tooShort, 1);
        EXPECT_ONE_ERROR_LINE(tooShort, "password");
        const Run emptyLine = accord(passwd, "\n");
        EXPECT_EXIT(emptyLine, 1);
        EXPECT_ONE_ERROR_LINE(emptyLine, "password");
        EXPECT_EXIT(accord(passwd, QByteArray("")), 1);
        EXPECT_EXIT(accord(login, " correct horse\n"), 0); // the refusals changed nothing

        const Run missing =
            accord({QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("9")},
                   "long enough\n");
        EXPECT_EXIT(missing, 1);
        EXPECT_ONE_ERROR_LINE(missing, "9");
    }

    void loginMatchesTheEmailAfterFoldingAndChangesNothing()
    {
        QVERIFY(initDatabase());
        QCOMPARE(addUser(QStringLiteral("Élodie@Example.com")), 1);
        EXPECT_EXIT(accord({QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("1")},
                           "s3cret-pass\n"),
                    0);
        const QJsonObject before = showJson(QStringLiteral("user"), 1);

        EXPECT_EXIT(accord({QStringLiteral("login"), QStringLiteral("ÉLODIE@EXAMPLE.COM")},
                           "s3cret-pass\n"),
                    0);
        EXPECT_EXIT(accord({QStringLiteral("login"), QStringLiteral(" élodie@example.com ")},
                           "s3cret-pass\n"),
                    0);
        const Run wrong = accord({QStringLiteral("login"), QStringLiteral("elodie@example.com")},
                                 "s3cret-pass\n");
        EXPECT_EXIT(wrong, 1); // accents are not folded
        const Run badPassword =
            accord({QStringLiteral("login"), QStringLiteral("élodie@example.com")}, "guess-123\n");
        EXPECT_EXIT(badPassword, 1);
        EXPECT_ONE_ERROR_LINE(badPassword, "password");
        EXPECT_EXIT(accord({QStringLiteral("login"), QStringLiteral("élodie@example.com")}, "\n"),
                    1);
        EXPECT_EXIT(accord({QStringLiteral("login")}, "s3cret-pass\n"), 2);

        QCOMPARE(showJson(QStringLiteral("user"), 1), before);
    }

    void secretsAreNeverPrinted()
    {
        QVERIFY(initDatabase());
        QCOMPARE(addUser(QStringLiteral("ada@example.com")), 1);
        EXPECT_EXIT(accord({QStringLiteral("user"), QStringLiteral("passwd"), QStringLiteral("1")},
                           "long enough\n"),
                    0);
        const qint64 client = addClient(QStringLiteral("grace@example.com"));
        QVERIFY(client > 0);
        const Run invite = accord({QStringLiteral("invite"), QString::number(client),
                                   QStringLiteral("new@example.com"),
                                   QStringLiteral("--permissions"), QStringLiteral("tickets")});
        EXPECT_EXIT(invite, 0);
        const QString token = invite.outText().trimmed();

        const QList<QStringList> reads{
            {QStringLiteral("users")},
            {QStringLiteral("users"), QStringLiteral("--format"), QStringLiteral("csv")},
            {QStringLiteral("users"), QStringLiteral("--format"), QStringLiteral("json")},
            {QStringLiteral("user"), QStringLiteral("show"), QStringLiteral("1")},
            {QStringLiteral("user"), QStringLiteral("show"), QStringLiteral("1"),
             QStringLiteral("--format"), QStringLiteral("json")},
            {QStringLiteral("client"), QStringLiteral("show"), QString::number(client)},
            {QStringLiteral("client"), QStringLiteral("show"), QString::number(client),
             QStringLiteral("--format"), QStringLiteral("json")}};
        for (const QStringList& args : reads) {
            const Run r = accord(args);
            EXPECT_EXIT(r, 0);
            QVERIFY2(!r.outText().contains(QStringLiteral("$2y$")), qPrintable(r.outText()));
            QVERIFY2(!r.outText().contains(token), qPrintable(r.outText()));
            QVERIFY(!r.outText().contains(QStringLiteral("password")));
        }
    }

    // ---- user delete ----

    void userDeleteIsRefusedWhileLinked()
    {
        QVERIFY(initDatabase());
        const qint64 first = addUser(QStringLiteral("first@example.com"));
        const qint64 second = addUser(QStringLiteral("second@example.com"));
        const qint64 client = addClient(QStringLiteral("c@example.com"), first);
        QVERIFY(client > 0);

        const Run linked =
            accord({QStringLiteral("user"), QStringLiteral("delete"), QString::number(first)});
        EXPECT_EXIT(linked, 1);
        EXPECT_ONE_ERROR_LINE(linked, "access");
        QCOMPARE(showJson(QStringLiteral("user"), first).value(QStringLiteral("id")).toInteger(),
                 first);

        EXPECT_EXIT(accord({QStringLiteral("link"), QString::number(second),
                            QString::number(client), QStringLiteral("--owner")}),
                    0);
        EXPECT_EXIT(
            accord({QStringLiteral("unlink"), QString::number(first), QString::number(client)}), 0);
        EXPECT_EXIT(
            accord({QStringLiteral("user"), QStringLiteral("delete"), QString::number(first)}), 0);
        EXPECT_EXIT(
            accord({QStringLiteral("user"), QStringLiteral("show"), QString::number(first)}), 1);
        EXPECT_EXIT(
            accord({QStringLiteral("user"), QStringLiteral("delete"), QString::number(first)}), 1);
        EXPECT_EXIT(accord({QStringLiteral("user"), QStringLiteral("delete"), QStringLiteral("x")}),
                    2);
    }

    // ---- clients ----

    void clientAddMakesAnOwnerUserFromItsDetails()
    {
        QVERIFY(initDatabase());
        const Run r = accord(
            {QStringLiteral("client"), QStringLiteral("add"), QStringLiteral("--firstname"),
             QStringLiteral("Grace"), QStringLiteral("--lastname"), QStringLiteral("Hopper"),
             QStringLiteral("--companyname"), QStringLiteral("Navy"), QStringLiteral("--email"),
             QStringLiteral("grace@example.com"), QStringLiteral("--country"), QStringLiteral("US"),
             QStringLiteral("--language"), QStringLiteral("english")});
        EXPECT_EXIT(r, 0);
        QCOMPARE(r.outText(), QStringLiteral("1\n"));

        const QJsonObject client = showJson(QStringLiteral("client"), 1);
        QCOMPARE(client.value(QStringLiteral("companyname")).toString(), QStringLiteral("Navy"));
        const QJsonArray users = client.value(QStringLiteral("users")).toArray();
        QCOMPARE(users.size(), 1);
        const QJsonObject link = users.at(0).toObject();
        QCOMPARE(link.keys(), (QStringList{QStringLiteral("owner"), QStringLiteral("permissions"),
                                           QStringLiteral("user_id")}));
        QCOMPARE(link.value(QStringLiteral("owner")), QJsonValue(true));
        QCOMPARE(names(link.value(QStringLiteral("permissions")).toArray()), allPermissions);
        const QJsonObject owner =
            showJson(QStringLiteral("user"), link.value(QStringLiteral("user_id")).toInteger());
        QCOMPARE(owner.value(QStringLiteral("email")).toString(),
                 QStringLiteral("grace@example.com"));
        QCOMPARE(owner.value(QStringLiteral("first_name")).toString(), QStringLiteral("Grace"));
        QCOMPARE(owner.value(QStringLiteral("language")).toString(), QStringLiteral("english"));
    }

    void clientAddWithAnExistingOwner()
    {
        QVERIFY(initDatabase());
        const qint64 user = addUser(QStringLiteral("ada@example.com"));
        // The client's email may be another user's: the owner is given.
        const qint64 client = addClient(QStringLiteral("ADA@example.com"), user);
        QVERIFY(client > 0);
        QCOMPARE(linkOf(user, client).value(QStringLiteral("owner")), QJsonValue(true));
        QCOMPARE(usersJson().size(), 1);

        EXPECT_EXIT(
            accord({QStringLiteral("client"), QStringLiteral("add"), QStringLiteral("--firstname"),
                    QStringLiteral("A"), QStringLiteral("--owner-user"), QStringLiteral("one")}),
            2);
        const Run noSuchOwner =
            accord({QStringLiteral("client"), QStringLiteral("add"), QStringLiteral("--firstname"),
                    QStringLiteral("A"), QStringLiteral("--lastname"), QStringLiteral("B"),
                    QStringLiteral("--email"), QStringLiteral("x@example.com"),
                    QStringLiteral("--country"), QStringLiteral("FR"),
                    QStringLiteral("--owner-user"), QStringLiteral("99")});
        EXPECT_EXIT(noSuchOwner, 1);
        EXPECT_ONE_ERROR_LINE(noSuchOwner, "99");
        EXPECT_EXIT(
            accord({QStringLiteral("client"), QStringLiteral("show"), QString::number(client + 1)}),
            1);
    }

    void clientAddRefusesWhatTheRulesRefuse()
    {
        QVERIFY(initDatabase());
        const auto add = [this](const QString& email, const QString& country) {
            return accord({QStringLiteral("client"), QStringLiteral("add"),
                           QStringLiteral("--firstname"), QStringLiteral("Grace"),
                           QStringLiteral("--lastname"), QStringLiteral("Hopper"),
                           QStringLiteral("--email"), email, QStringLiteral("--country"), country});
        };
        const Run noCountry = add(QStringLiteral("g@example.com"), QString());
        EXPECT_EXIT(noCountry, 1);
        EXPECT_ONE_ERROR_LINE(noCountry, "country");
        const Run badCountry = add(QStringLiteral("g@example.com"), QStringLiteral("XX"));
        EXPECT_EXIT(badCountry, 1);
        EXPECT_ONE_ERROR_LINE(badCountry, "country");
        const Run badEmail = add(QStringLiteral("g-at-example"), QStringLiteral("GB"));
        EXPECT_EXIT(badEmail, 1);
        EXPECT_ONE_ERROR_LINE(badEmail, "email");

        // Without --owner-user the new owner's email must be free, in any case.
        QCOMPARE(addUser(QStringLiteral("taken@example.com")), 1);
        const Run clash = add(QStringLiteral("TAKEN@example.com"), QStringLiteral("GB"));
        EXPECT_EXIT(clash, 1);
        EXPECT_ONE_ERROR_LINE(clash, "email");

        EXPECT_EXIT(accord({QStringLiteral("client"), QStringLiteral("add")}), 2);
        EXPECT_EXIT(accord({QStringLiteral("client"), QStringLiteral("show"), QStringLiteral("1")}),
                    1); // nothing was created
        QCOMPARE(usersJson().size(), 1);
    }

    void everyRefusedFieldGetsALineOfItsOwn()
    {
        QVERIFY(initDatabase());
        const Run r =
            accord({QStringLiteral("client"), QStringLiteral("add"), QStringLiteral("--firstname"),
                    QStringLiteral("Grace"), QStringLiteral("--lastname"), QStringLiteral(" "),
                    QStringLiteral("--email"), QStringLiteral("g-at-example"),
                    QStringLiteral("--country"), QStringLiteral("XX")});
        EXPECT_EXIT(r, 1);
        const QStringList lines = r.errText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 3);
        QVERIFY2(lines.at(0).startsWith(QStringLiteral("accord: lastname: ")),
                 qPrintable(lines.at(0)));
        QVERIFY2(lines.at(1).startsWith(QStringLiteral("accord: email: ")),
                 qPrintable(lines.at(1)));
        QVERIFY2(lines.at(2).startsWith(QStringLiteral("accord: country: ")),
                 qPrintable(lines.at(2)));
        QCOMPARE(usersJson().size(), 0); // nothing was created
    }

    void clientShowJsonUsesTheColumnNames()
    {
        QVERIFY(initDatabase());
        const qint64 client = addClient(QStringLiteral("grace@example.com"));
        const Run r =
            accord({QStringLiteral("client"), QStringLiteral("show"), QString::number(client),
                    QStringLiteral("--format"), QStringLiteral("json")});
        EXPECT_EXIT(r, 0);
        QJsonParseError error;
        const QJsonObject c = QJsonDocument::fromJson(r.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        for (const char* key :
             {"id", "firstname", "lastname", "companyname", "email", "address1", "address2", "city",
              "state", "postcode", "country", "phonenumber", "tax_id", "language", "status",
              "email_verified", "created_at", "updated_at", "users"})
            QVERIFY2(c.contains(QLatin1String(key)), key);
        QCOMPARE(c.value(QStringLiteral("id")).toInteger(), client);
        QVERIFY(c.value(QStringLiteral("id")).isDouble());
        QCOMPARE(c.value(QStringLiteral("language")).toString(), QString());
        QCOMPARE(c.value(QStringLiteral("status")).toString(), QStringLiteral("Active"));
        QVERIFY(c.value(QStringLiteral("email_verified")).isBool());
        QVERIFY(isDateOrNull(c.value(QStringLiteral("created_at"))));
        QVERIFY(!c.value(QStringLiteral("created_at")).isNull());
        for (const char* secret : {"password", "authdata", "securityqans", "cardnum", "pwresetkey"})
            QVERIFY2(!c.contains(QLatin1String(secret)), secret);

        const Run table =
            accord({QStringLiteral("client"), QStringLiteral("show"), QString::number(client)});
        EXPECT_EXIT(table, 0);
        QVERIFY(table.outText().contains(QStringLiteral("Default")));
        QVERIFY(table.outText().contains(QStringLiteral("grace@example.com")));
        EXPECT_EXIT(
            accord({QStringLiteral("client"), QStringLiteral("show"), QStringLiteral("#1")}), 2);
    }

    void clientSetChangesTheGivenFields()
    {
        QVERIFY(initDatabase());
        const qint64 client = addClient(QStringLiteral("grace@example.com"));
        const QString id = QString::number(client);
        EXPECT_EXIT(accord({QStringLiteral("client"), QStringLiteral("set"), id,
                            QStringLiteral("--city"), QStringLiteral("Arlington"),
                            QStringLiteral("--companyname"), QStringLiteral("Navy")}),
                    0);
        QJsonObject c = showJson(QStringLiteral("client"), client);
        QCOMPARE(c.value(QStringLiteral("city")).toString(), QStringLiteral("Arlington"));
        QCOMPARE(c.value(QStringLiteral("companyname")).toString(), QStringLiteral("Navy"));
        QCOMPARE(c.value(QStringLiteral("firstname")).toString(), QStringLiteral("Grace"));

        // An optional field may be emptied again.
        EXPECT_EXIT(accord({QStringLiteral("client"), QStringLiteral("set"), id,
                            QStringLiteral("--companyname"), QString()}),
                    0);
        QCOMPARE(showJson(QStringLiteral("client"), client)
                     .value(QStringLiteral("companyname"))
                     .toString(),
                 QString());

        const Run badCountry = accord({QStringLiteral("client"), QStringLiteral("set"), id,
                                       QStringLiteral("--country"), QStringLiteral("ZZ"),
                                       QStringLiteral("--city"), QStringLiteral("Nowhere")});
        EXPECT_EXIT(badCountry, 1);
        EXPECT_ONE_ERROR_LINE(badCountry, "country");
        const Run noName = accord({QStringLiteral("client"), QStringLiteral("set"), id,
                                   QStringLiteral("--firstname"), QString()});
        EXPECT_EXIT(noName, 1);
        EXPECT_ONE_ERROR_LINE(noName, "firstname");
        QCOMPARE(
            showJson(QStringLiteral("client"), client).value(QStringLiteral("city")).toString(),
            QStringLiteral("Arlington")); // nothing of a refused save was kept

        EXPECT_EXIT(accord({QStringLiteral("client"), QStringLiteral("set"), id}), 2);
        EXPECT_EXIT(accord({QStringLiteral("client"), QStringLiteral("set"), id,
                            QStringLiteral("--uuid"), QStringLiteral("x")}),
                    2);
        const Run missing =
            accord({QStringLiteral("client"), QStringLiteral("set"), QStringLiteral("77"),
                    QStringLiteral("--city"), QStringLiteral("Paris")});
        EXPECT_EXIT(missing, 1);
        EXPECT_ONE_ERROR_LINE(missing, "77");
    }

    // ---- links ----

    void linkGrantsAndChangesPermissions()
    {
        QVERIFY(initDatabase());
        const qint64 owner = addUser(QStringLiteral("owner@example.com"));
        const qint64 user = addUser(QStringLiteral("staff@example.com"));
        const qint64 client = addClient(QStringLiteral("c@example.com"), owner);
        const QString u = QString::number(user), c = QString::number(client);

        const Run granted = accord({QStringLiteral("link"), u, c, QStringLiteral("--permissions"),
                                    QStringLiteral("tickets,profile")});
        EXPECT_EXIT(granted, 0);
        QJsonObject link = linkOf(user, client);
        QCOMPARE(link.value(QStringLiteral("owner")), QJsonValue(false));
        QCOMPARE(names(link.value(QStringLiteral("permissions")).toArray()),
                 (QStringList{QStringLiteral("profile"), QStringLiteral("tickets")}));

        EXPECT_EXIT(accord({QStringLiteral("link"), u, c, QStringLiteral("--permissions"),
                            QStringLiteral("invoices")}),
                    0);
        QCOMPARE(names(linkOf(user, client).value(QStringLiteral("permissions")).toArray()),
                 QStringList{QStringLiteral("invoices")});

        const Run unknown = accord({QStringLiteral("link"), u, c, QStringLiteral("--permissions"),
                                    QStringLiteral("invoices,billing")});
        EXPECT_EXIT(unknown, 2);
        EXPECT_ONE_ERROR_LINE(unknown, "billing");
        EXPECT_EXIT(accord({QStringLiteral("link"), u, c}), 2);
        EXPECT_EXIT(accord({QStringLiteral("link"), u, c, QStringLiteral("--owner"),
                            QStringLiteral("--permissions"), QStringLiteral("profile")}),
                    2);
        EXPECT_EXIT(accord({QStringLiteral("link"), u, QStringLiteral("c1"),
                            QStringLiteral("--permissions"), QStringLiteral("profile")}),
                    2);
        const Run none =
            accord({QStringLiteral("link"), u, c, QStringLiteral("--permissions"), QString()});
        EXPECT_EXIT(none, 1);
        EXPECT_ONE_ERROR_LINE(none, "permission");
        QCOMPARE(names(linkOf(user, client).value(QStringLiteral("permissions")).toArray()),
                 QStringList{QStringLiteral("invoices")});

        const Run onOwner = accord({QStringLiteral("link"), QString::number(owner), c,
                                    QStringLiteral("--permissions"), QStringLiteral("profile")});
        EXPECT_EXIT(onOwner, 1);
        EXPECT_ONE_ERROR_LINE(onOwner, "owner");
        QCOMPARE(names(linkOf(owner, client).value(QStringLiteral("permissions")).toArray()),
                 allPermissions);

        const Run noUser = accord({QStringLiteral("link"), QStringLiteral("99"), c,
                                   QStringLiteral("--permissions"), QStringLiteral("profile")});
        EXPECT_EXIT(noUser, 1);
        EXPECT_ONE_ERROR_LINE(noUser, "99");
        const Run noClient = accord({QStringLiteral("link"), u, QStringLiteral("98"),
                                     QStringLiteral("--permissions"), QStringLiteral("profile")});
        EXPECT_EXIT(noClient, 1);
        EXPECT_ONE_ERROR_LINE(noClient, "98");
    }

    void linkOwnerMovesTheOwnership()
    {
        QVERIFY(initDatabase());
        const qint64 first = addUser(QStringLiteral("first@example.com"));
        const qint64 second = addUser(QStringLiteral("second@example.com"));
        const qint64 client = addClient(QStringLiteral("c@example.com"), first);

        // The link is created when missing.
        EXPECT_EXIT(accord({QStringLiteral("link"), QString::number(second),
                            QString::number(client), QStringLiteral("--owner")}),
                    0);
        QCOMPARE(linkOf(second, client).value(QStringLiteral("owner")), QJsonValue(true));
        const QJsonObject demoted = linkOf(first, client);
        QCOMPARE(demoted.value(QStringLiteral("owner")), QJsonValue(false));
        QCOMPARE(names(demoted.value(QStringLiteral("permissions")).toArray()), allPermissions);

        const QJsonArray users =
            showJson(QStringLiteral("client"), client).value(QStringLiteral("users")).toArray();
        QCOMPARE(users.size(), 2);
        int owners = 0;
        for (const QJsonValue& v : users)
            owners += v.toObject().value(QStringLiteral("owner")).toBool();
        QCOMPARE(owners, 1);

        // Making the owner the owner again changes nothing.
        EXPECT_EXIT(accord({QStringLiteral("link"), QString::number(second),
                            QString::number(client), QStringLiteral("--owner")}),
                    0);
        QCOMPARE(linkOf(second, client).value(QStringLiteral("owner")), QJsonValue(true));
    }

    void unlinkRemovesAccessButNeverTheOwner()
    {
        QVERIFY(initDatabase());
        const qint64 owner = addUser(QStringLiteral("owner@example.com"));
        const qint64 user = addUser(QStringLiteral("staff@example.com"));
        const qint64 client = addClient(QStringLiteral("c@example.com"), owner);
        const QString c = QString::number(client);
        EXPECT_EXIT(accord({QStringLiteral("link"), QString::number(user), c,
                            QStringLiteral("--permissions"), QStringLiteral("tickets")}),
                    0);

        EXPECT_EXIT(accord({QStringLiteral("unlink"), QString::number(user), c}), 0);
        QVERIFY(linkOf(user, client).isEmpty());
        const Run notLinked = accord({QStringLiteral("unlink"), QString::number(user), c});
        EXPECT_EXIT(notLinked, 1);
        EXPECT_ONE_ERROR_LINE(notLinked, "no access");

        const Run ownerRemoval = accord({QStringLiteral("unlink"), QString::number(owner), c});
        EXPECT_EXIT(ownerRemoval, 1);
        EXPECT_ONE_ERROR_LINE(ownerRemoval, "owner");
        QCOMPARE(linkOf(owner, client).value(QStringLiteral("owner")), QJsonValue(true));

        EXPECT_EXIT(accord({QStringLiteral("unlink"), QString::number(owner)}), 2);
        EXPECT_EXIT(accord({QStringLiteral("unlink"), QStringLiteral("one"), c}), 2);
    }

    // ---- invites ----

    void invitePrintsTheTokenAlone()
    {
        QVERIFY(initDatabase());
        const qint64 client = addClient(QStringLiteral("c@example.com"));
        const QString c = QString::number(client);
        const Run r = accord({QStringLiteral("invite"), c, QStringLiteral("Guest@Example.com"),
                              QStringLiteral("--permissions"), QStringLiteral("tickets,invoices")});
        EXPECT_EXIT(r, 0);
        static const QRegularExpression token(QStringLiteral("^[A-Za-z0-9_-]{20,}\n$"));
        QVERIFY2(token.match(r.outText()).hasMatch(), qPrintable(r.outText()));

        const Run table = accord({QStringLiteral("client"), QStringLiteral("show"), c});
        QVERIFY(table.outText().contains(QStringLiteral("Guest@Example.com")));

        const Run again = accord({QStringLiteral("invite"), c, QStringLiteral("guest@example.COM"),
                                  QStringLiteral("--permissions"), QStringLiteral("tickets")});
        EXPECT_EXIT(again, 1);
        EXPECT_ONE_ERROR_LINE(again, "email");
        const Run alreadyLinked =
            accord({QStringLiteral("invite"), c, QStringLiteral("C@example.com"),
                    QStringLiteral("--permissions"), QStringLiteral("tickets")});
        EXPECT_EXIT(alreadyLinked, 1);
        EXPECT_ONE_ERROR_LINE(alreadyLinked, "access");
        const Run badEmail = accord({QStringLiteral("invite"), c, QStringLiteral("nobody"),
                                     QStringLiteral("--permissions"), QStringLiteral("tickets")});
        EXPECT_EXIT(badEmail, 1);
        EXPECT_ONE_ERROR_LINE(badEmail, "email");
        const Run noClient =
            accord({QStringLiteral("invite"), QStringLiteral("55"), QStringLiteral("x@example.com"),
                    QStringLiteral("--permissions"), QStringLiteral("tickets")});
        EXPECT_EXIT(noClient, 1);
        EXPECT_ONE_ERROR_LINE(noClient, "55");

        EXPECT_EXIT(accord({QStringLiteral("invite"), c, QStringLiteral("x@example.com")}), 2);
        EXPECT_EXIT(accord({QStringLiteral("invite"), c, QStringLiteral("x@example.com"),
                            QStringLiteral("--permissions"), QStringLiteral("everything")}),
                    2);
        EXPECT_EXIT(accord({QStringLiteral("invite"), c}), 2);
    }

    // ---- compare, match, mismatches ----

    void compareListsOnlyTheDifferingFields()
    {
        QVERIFY(initDatabase());
        const auto [user, client] = driftedPair();
        QVERIFY(user > 0 && client > 0);

        const Run json = compare(user, client, QStringLiteral("json"));
        EXPECT_EXIT(json, 0); // differences are the answer, not a failure
        QVERIFY(json.err.isEmpty());
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(json.out, &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(doc.object(),
                 linkDifferences(user, client, true,
                                 {difference("last_name", QStringLiteral("Lovelace"),
                                             QStringLiteral("Byron"), "differs"),
                                  difference("email", QStringLiteral("ada@example.com"),
                                             QStringLiteral("ADA@example.com"), "case_or_space")}));
        QVERIFY(doc.object().value(QStringLiteral("user_id")).isDouble());
        QVERIFY(doc.object().value(QStringLiteral("owner")).isBool());

        const Run table = compare(user, client);
        EXPECT_EXIT(table, 0);
        const QString text = table.outText();
        QVERIFY2(text.contains(QStringLiteral("Last Name")) &&
                     text.contains(QStringLiteral("\"Byron\"")) &&
                     text.contains(QStringLiteral("\"ADA@example.com\"")) &&
                     text.contains(QStringLiteral("Case or spacing")),
                 qPrintable(text));
        QVERIFY2(!text.contains(QStringLiteral("First Name")) &&
                     !text.contains(QStringLiteral("no differences")),
                 qPrintable(text));

        // A pair whose details agree.
        const qint64 grace = addUser(QStringLiteral("grace@example.com"), QStringLiteral("Grace"),
                                     QStringLiteral("Hopper"));
        const qint64 navy = addOwnedClient(grace, QStringLiteral("Grace"), QStringLiteral("Hopper"),
                                           QStringLiteral("grace@example.com"));
        QCOMPARE(compareJson(grace, navy), linkDifferences(grace, navy, true, {}));
        const Run same = compare(grace, navy);
        EXPECT_EXIT(same, 0);
        QVERIFY2(same.outText().contains(QStringLiteral("no differences")),
                 qPrintable(same.outText()));
    }

    void compareRefusesAPairThatIsNotLinked()
    {
        QVERIFY(initDatabase());
        const auto [user, client] = driftedPair();
        const qint64 stranger = addUser(QStringLiteral("stranger@example.com"));
        const Run r = compare(stranger, client, QStringLiteral("json"));
        EXPECT_EXIT(r, 1);
        EXPECT_ONE_ERROR_LINE(r, "no access");
        QVERIFY(r.out.isEmpty());
        EXPECT_EXIT(compare(user, 99), 1);
        EXPECT_EXIT(compare(99, client), 1);

        const Run notANumber =
            accord({QStringLiteral("compare"), QStringLiteral("ada"), QString::number(client)});
        EXPECT_EXIT(notANumber, 2);
        EXPECT_ONE_ERROR_LINE(notANumber, "numeric");
        EXPECT_EXIT(compare(user, client, QStringLiteral("csv")), 2);
        EXPECT_EXIT(accord({QStringLiteral("compare"), QString::number(user)}), 2);
    }

    void matchFromUserCopiesTheUsersDetailsToTheClient()
    {
        QVERIFY(initDatabase());
        const auto [user, client] = driftedPair();
        const QJsonObject userBefore = showJson(QStringLiteral("user"), user);
        const QStringList logBefore = activity();

        const Run r = match(user, client, {QStringLiteral("--from"), QStringLiteral("user")});
        EXPECT_EXIT(r, 0);
        QCOMPARE(r.outText(), QStringLiteral("Client %1 Last Name: \"Byron\" → \"Lovelace\"\n"
                                             "Client %1 Email: \"ADA@example.com\" → "
                                             "\"ada@example.com\"\n")
                                  .arg(client));

        QCOMPARE(compareJson(user, client), linkDifferences(user, client, true, {}));
        QVERIFY(compare(user, client).outText().contains(QStringLiteral("no differences")));
        const QJsonObject stored = showJson(QStringLiteral("client"), client);
        QCOMPARE(stored.value(QStringLiteral("lastname")).toString(), QStringLiteral("Lovelace"));
        QCOMPARE(stored.value(QStringLiteral("email")).toString(),
                 QStringLiteral("ada@example.com"));
        QCOMPARE(showJson(QStringLiteral("user"), user), userBefore); // the source is untouched

        // One log row, for the client: the only record written.
        const QStringList log = activity();
        QCOMPARE(log.size(), logBefore.size() + 1);
        QCOMPARE(log.last(), QStringLiteral("Client Profile Modified - Last Name: 'Byron' to "
                                            "'Lovelace', Email: 'ADA@example.com' to "
                                            "'ada@example.com' - Client ID: %1")
                                 .arg(client));
    }

    void matchFromClientRefusesAnEmailAnotherUserHas()
    {
        QVERIFY(initDatabase());
        const qint64 user = addUser(QStringLiteral("ada@example.com"), QStringLiteral("Ada"),
                                    QStringLiteral("Lovelace"));
        const qint64 client = addOwnedClient(user, QStringLiteral("Ada"), QStringLiteral("Byron"),
                                             QStringLiteral("bob@example.com"));
        const qint64 bob = addUser(QStringLiteral("BOB@Example.com"), QStringLiteral("Bob"),
                                   QStringLiteral("Builder"));
        QVERIFY(user > 0 && client > 0 && bob > 0);
        const QJsonObject userBefore = showJson(QStringLiteral("user"), user);
        const QJsonObject clientBefore = showJson(QStringLiteral("client"), client);
        const QJsonObject bobBefore = showJson(QStringLiteral("user"), bob);
        const QStringList logBefore = activity();

        const Run r = match(user, client, {QStringLiteral("--from"), QStringLiteral("client")});
        EXPECT_EXIT(r, 1);
        EXPECT_ONE_ERROR_LINE(r, "email");
        QVERIFY(r.out.isEmpty());

        // Nothing of it was kept: not the email, not the last name planned beside it.
        QCOMPARE(showJson(QStringLiteral("user"), user), userBefore);
        QCOMPARE(showJson(QStringLiteral("client"), client), clientBefore);
        QCOMPARE(showJson(QStringLiteral("user"), bob), bobBefore);
        QCOMPARE(activity(), logBefore);
        QCOMPARE(compareJson(user, client).value(QStringLiteral("fields")).toArray().size(), 2);
    }

    void matchDryRunWritesNothing()
    {
        QVERIFY(initDatabase());
        const auto [user, client] = driftedPair();
        const QJsonObject userBefore = showJson(QStringLiteral("user"), user);
        const QJsonObject clientBefore = showJson(QStringLiteral("client"), client);
        const QStringList logBefore = activity();

        const Run r = match(
            user, client,
            {QStringLiteral("--from"), QStringLiteral("client"), QStringLiteral("--dry-run")});
        EXPECT_EXIT(r, 0);
        const QString text = r.outText();
        QVERIFY2(text.contains(QStringLiteral("dry run")), qPrintable(text));
        QVERIFY2(text.contains(
                     QStringLiteral("User %1 Last Name: \"Lovelace\" → \"Byron\"").arg(user)) &&
                     text.contains(QStringLiteral("User %1 Email: \"ada@example.com\" → "
                                                  "\"ADA@example.com\"")
                                       .arg(user)),
                 qPrintable(text));

        QCOMPARE(showJson(QStringLiteral("user"), user), userBefore);
        QCOMPARE(showJson(QStringLiteral("client"), client), clientBefore);
        QCOMPARE(activity(), logBefore);
    }

    void matchWithNothingToChangeSaysSoAndLogsNothing()
    {
        QVERIFY(initDatabase());
        const auto [user, client] = driftedPair();
        const QJsonObject clientBefore = showJson(QStringLiteral("client"), client);
        const QStringList logBefore = activity();

        // The chosen field already agrees.
        const Run agreeing =
            match(user, client,
                  {QStringLiteral("--from"), QStringLiteral("user"), QStringLiteral("--fields"),
                   QStringLiteral("first_name,language")});
        EXPECT_EXIT(agreeing, 0);
        QVERIFY2(agreeing.outText().contains(QStringLiteral("nothing to change")),
                 qPrintable(agreeing.outText()));
        QVERIFY(agreeing.err.isEmpty());
        QCOMPARE(showJson(QStringLiteral("client"), client), clientBefore);
        QCOMPARE(activity(), logBefore);

        // Matched once, a second match finds nothing left.
        EXPECT_EXIT(match(user, client, {QStringLiteral("--from"), QStringLiteral("user")}), 0);
        const QStringList logAfterMatch = activity();
        QCOMPARE(logAfterMatch.size(), logBefore.size() + 1);
        for (const QString& from : {QStringLiteral("user"), QStringLiteral("client")}) {
            const Run again = match(user, client, {QStringLiteral("--from"), from});
            EXPECT_EXIT(again, 0);
            QVERIFY2(again.outText().contains(QStringLiteral("nothing to change")),
                     qPrintable(again.outText()));
        }
        QCOMPARE(activity(), logAfterMatch);
    }

    void matchFieldsLimitsTheFields()
    {
        QVERIFY(initDatabase());
        const auto [user, client] = driftedPair();
        const QStringList logBefore = activity();

        const Run r = match(user, client,
                            {QStringLiteral("--from"), QStringLiteral("client"),
                             QStringLiteral("--fields"), QStringLiteral("last_name")});
        EXPECT_EXIT(r, 0);
        QCOMPARE(r.outText(),
                 QStringLiteral("User %1 Last Name: \"Lovelace\" → \"Byron\"\n").arg(user));
        const QJsonObject stored = showJson(QStringLiteral("user"), user);
        QCOMPARE(stored.value(QStringLiteral("last_name")).toString(), QStringLiteral("Byron"));
        QCOMPARE(stored.value(QStringLiteral("email")).toString(),
                 QStringLiteral("ada@example.com"));
        // The email was left as it was, and still differs.
        QCOMPARE(compareJson(user, client),
                 linkDifferences(user, client, true,
                                 {difference("email", QStringLiteral("ada@example.com"),
                                             QStringLiteral("ADA@example.com"), "case_or_space")}));
        const QStringList log = activity();
        QCOMPARE(log.size(), logBefore.size() + 1);
        QCOMPARE(log.last(), QStringLiteral("User Account Modified - Last Name changed from "
                                            "'Lovelace' to 'Byron' - User ID: %1")
                                 .arg(user));
    }

    void matchRefusesBadArguments()
    {
        QVERIFY(initDatabase());
        const auto [user, client] = driftedPair();
        const QJsonObject before = compareJson(user, client);
        const QStringList logBefore = activity();

        const Run noFrom = match(user, client, {});
        EXPECT_EXIT(noFrom, 2);
        EXPECT_ONE_ERROR_LINE(noFrom, "--from");
        const Run badFrom = match(user, client, {QStringLiteral("--from"), QStringLiteral("both")});
        EXPECT_EXIT(badFrom, 2);
        EXPECT_ONE_ERROR_LINE(badFrom, "both");
        const Run unknownField =
            match(user, client,
                  {QStringLiteral("--from"), QStringLiteral("user"), QStringLiteral("--fields"),
                   QStringLiteral("email,nickname")});
        EXPECT_EXIT(unknownField, 2);
        EXPECT_ONE_ERROR_LINE(unknownField, "nickname");
        // A client column name is not a compared field's name.
        EXPECT_EXIT(match(user, client,
                          {QStringLiteral("--from"), QStringLiteral("user"),
                           QStringLiteral("--fields"), QStringLiteral("lastname")}),
                    2);
        EXPECT_EXIT(match(user, client,
                          {QStringLiteral("--from"), QStringLiteral("user"),
                           QStringLiteral("--fields"), QString()}),
                    2);
        EXPECT_EXIT(
            match(user, client,
                  {QStringLiteral("--from"), QStringLiteral("user"), QStringLiteral("--force")}),
            2);
        const Run notANumber =
            accord({QStringLiteral("match"), QString::number(user), QStringLiteral("c1"),
                    QStringLiteral("--from"), QStringLiteral("user")});
        EXPECT_EXIT(notANumber, 2);
        EXPECT_ONE_ERROR_LINE(notANumber, "numeric");

        const qint64 stranger = addUser(QStringLiteral("stranger@example.com"));
        const Run notLinked =
            match(stranger, client, {QStringLiteral("--from"), QStringLiteral("user")});
        EXPECT_EXIT(notLinked, 1);
        EXPECT_ONE_ERROR_LINE(notLinked, "no access");

        QCOMPARE(compareJson(user, client), before);
        QCOMPARE(activity().size(), logBefore.size() + 1); // only the stranger's creation
    }

    void mismatchesReportsOwnerLinksByClientThenUser()
    {
        QVERIFY(initDatabase());
        const qint64 ada = addUser(QStringLiteral("ada@example.com"), QStringLiteral("Ada"),
                                   QStringLiteral("Lovelace"));
        const qint64 alan = addUser(QStringLiteral("alan@example.com"), QStringLiteral("Alan"),
                                    QStringLiteral("Turing"));
        const qint64 sam = addUser(QStringLiteral("sam@example.com"), QStringLiteral("Sam"),
                                   QStringLiteral("Staff"));
        const qint64 grace = addUser(QStringLiteral("grace@example.com"), QStringLiteral("Grace"),
                                     QStringLiteral("Hopper"));
        // Client ids ascend while their owners' user ids do not: the order is by client.
        const qint64 turing =
            addOwnedClient(alan, QStringLiteral("Alan"), QStringLiteral("Turing, Jr."),
                           QStringLiteral("alan@example.com"), QStringLiteral("french"));
        const qint64 lovelace =
            addOwnedClient(ada, QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                           QStringLiteral("ADA@example.com"));
        const qint64 hopper =
            addOwnedClient(grace, QStringLiteral("Grace"), QStringLiteral("Hopper"),
                           QStringLiteral("grace@example.com"));
        QVERIFY(turing > 0 && lovelace > turing && hopper > lovelace);
        EXPECT_EXIT(accord({QStringLiteral("link"), QString::number(sam), QString::number(turing),
                            QStringLiteral("--permissions"), QStringLiteral("tickets")}),
                    0);
        EXPECT_EXIT(accord({QStringLiteral("link"), QString::number(ada), QString::number(hopper),
                            QStringLiteral("--permissions"), QStringLiteral("invoices")}),
                    0);

        const QJsonObject turingOwner = linkDifferences(
            alan, turing, true,
            {difference("last_name", QStringLiteral("Turing"), QStringLiteral("Turing, Jr."),
                        "differs"),
             difference("language", QString(), QStringLiteral("french"), "empty_side")});
        const QJsonObject lovelaceOwner =
            linkDifferences(ada, lovelace, true,
                            {difference("email", QStringLiteral("ada@example.com"),
                                        QStringLiteral("ADA@example.com"), "case_or_space")});
        const QJsonObject turingStaff = linkDifferences(
            sam, turing, false,
            {difference("first_name", QStringLiteral("Sam"), QStringLiteral("Alan"), "differs"),
             difference("last_name", QStringLiteral("Staff"), QStringLiteral("Turing, Jr."),
                        "differs"),
             difference("email", QStringLiteral("sam@example.com"),
                        QStringLiteral("alan@example.com"), "differs"),
             difference("language", QString(), QStringLiteral("french"), "empty_side")});
        const QJsonObject hopperStaff = linkDifferences(
            ada, hopper, false,
            {difference("first_name", QStringLiteral("Ada"), QStringLiteral("Grace"), "differs"),
             difference("last_name", QStringLiteral("Lovelace"), QStringLiteral("Hopper"),
                        "differs"),
             difference("email", QStringLiteral("ada@example.com"),
                        QStringLiteral("grace@example.com"), "differs")});

        const Run json = mismatches(QStringLiteral("json"));
        EXPECT_EXIT(json, 0);
        QCOMPARE(QJsonDocument::fromJson(json.out).array(),
                 (QJsonArray{turingOwner, lovelaceOwner}));
        const Run all = mismatches(QStringLiteral("json"), true);
        EXPECT_EXIT(all, 0);
        // Both users of the Turing client (Alan's id is lower than Sam's), then the others.
        QVERIFY(alan < sam);
        QCOMPARE(QJsonDocument::fromJson(all.out).array(),
                 (QJsonArray{turingOwner, turingStaff, lovelaceOwner, hopperStaff}));

        const Run csv = mismatches(QStringLiteral("csv"));
        EXPECT_EXIT(csv, 0);
        const QString a = QString::number(ada), t = QString::number(alan),
                      lt = QString::number(turing), ll = QString::number(lovelace);
        QCOMPARE(csv.outText(),
                 QStringLiteral("user_id,client_id,owner,field,user_value,client_value,kind\n") +
                     t + QLatin1Char(',') + lt +
                     QStringLiteral(",true,last_name,Turing,\"Turing, Jr.\",differs\n") + t +
                     QLatin1Char(',') + lt + QStringLiteral(",true,language,,french,empty_side\n") +
                     a + QLatin1Char(',') + ll +
                     QStringLiteral(",true,email,ada@example.com,ADA@example.com,case_or_space\n"));
        const Run allCsv = mismatches(QStringLiteral("csv"), true);
        EXPECT_EXIT(allCsv, 0);
        const QList<QStringList> allRows = parseCsv(allCsv.outText());
        QCOMPARE(allRows.value(0), reportHeader);
        QCOMPARE(allRows.mid(1), reportRowsOf(QJsonDocument::fromJson(all.out).array()));

        const Run table = mismatches(QStringLiteral("table"));
        EXPECT_EXIT(table, 0);
        const QStringList lines = table.outText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 6); // header, rule, three differing fields, the count
        QVERIFY2(lines.at(0).contains(QStringLiteral("Client ID")), qPrintable(lines.at(0)));
        QVERIFY2(lines.at(2).startsWith(lt + QLatin1Char(' ')) &&
                     lines.at(2).contains(QStringLiteral("\"Turing, Jr.\"")),
                 qPrintable(lines.at(2)));
        QVERIFY2(lines.at(4).startsWith(ll + QLatin1Char(' ')) &&
                     lines.at(4).contains(QStringLiteral("Case or spacing")),
                 qPrintable(lines.at(4)));
        QVERIFY2(lines.at(5).contains(QStringLiteral("2")), qPrintable(lines.at(5)));
        const Run allTable = mismatches(QStringLiteral("table"), true);
        EXPECT_EXIT(allTable, 0);
        QCOMPARE(allTable.outText().split(QLatin1Char('\n'), Qt::SkipEmptyParts).size(),
                 2 + 2 + 4 + 1 + 3 + 1);

        // A link marked intended leaves the report until either side changes.
        {
            auto opened = accord::Database::open(m_t->location);
            QVERIFY(opened);
            QVERIFY(accord::MatchService(*opened).markIntended(ada, lovelace, QString(),
                                                               QStringLiteral("billing alias")));
        }
        const Run marked = mismatches(QStringLiteral("json"));
        EXPECT_EXIT(marked, 0);
        QCOMPARE(QJsonDocument::fromJson(marked.out).array(), QJsonArray{turingOwner});

        EXPECT_EXIT(mismatches(QStringLiteral("xml")), 2);
        EXPECT_EXIT(accord({QStringLiteral("mismatches"), QStringLiteral("extra")}), 2);
        EXPECT_EXIT(accord({QStringLiteral("mismatches"), QStringLiteral("--owner")}), 2);
    }

    void mismatchesOfAgreeingDataAreEmpty()
    {
        QVERIFY(initDatabase());
        const qint64 grace = addUser(QStringLiteral("grace@example.com"), QStringLiteral("Grace"),
                                     QStringLiteral("Hopper"));
        QVERIFY(addOwnedClient(grace, QStringLiteral("Grace"), QStringLiteral("Hopper"),
                               QStringLiteral("grace@example.com")) > 0);
        const Run json = mismatches(QStringLiteral("json"), true);
        EXPECT_EXIT(json, 0);
        QCOMPARE(QJsonDocument::fromJson(json.out).array(), QJsonArray());
        const Run csv = mismatches(QStringLiteral("csv"));
        EXPECT_EXIT(csv, 0);
        QCOMPARE(csv.outText(), reportHeader.join(QLatin1Char(',')) + QLatin1Char('\n'));
        const Run table = mismatches(QStringLiteral("table"));
        EXPECT_EXIT(table, 0);
        QVERIFY2(table.outText().contains(QStringLiteral("No owner links differ")),
                 qPrintable(table.outText()));
    }

    // The independent check: on generated data the report equals the test's own
    // join and its own reading of DESIGN's comparison rule, row for row and in order.
    void mismatchesEqualAnIndependentComparisonOnSampleData()
    {
        const Run init =
            accord({QStringLiteral("init"), QStringLiteral("--sample"), QStringLiteral("300")});
        EXPECT_EXIT(init, 0);
        for (const bool allLinks : {false, true}) {
            const QList<QStringList> expected = independentReport(allLinks);
            QSet<QString> kinds;
            QSet<QString> owners;
            for (const QStringList& row : expected) {
                kinds << row.at(6);
                owners << row.at(2);
            }
            // Not a vacuous check: the sample drifts in every way the rule names.
            QVERIFY2(expected.size() > 50, qPrintable(QString::number(expected.size())));
            QCOMPARE(kinds.size(), 3);
            QCOMPARE(owners.size(), allLinks ? 2 : 1);

            const Run csv = mismatches(QStringLiteral("csv"), allLinks);
            EXPECT_EXIT(csv, 0);
            const QList<QStringList> records = parseCsv(csv.outText());
            QCOMPARE(records.value(0), reportHeader);
            const QList<QStringList> rows = records.mid(1);
            for (qsizetype i = 0; i < std::min(rows.size(), expected.size()); ++i)
                QVERIFY2(rows.at(i) == expected.at(i),
                         qPrintable(QStringLiteral("row %1: %2 | expected %3")
                                        .arg(i)
                                        .arg(rows.at(i).join(QLatin1Char('|')),
                                             expected.at(i).join(QLatin1Char('|')))));
            QCOMPARE(rows.size(), expected.size());

            const Run json = mismatches(QStringLiteral("json"), allLinks);
            EXPECT_EXIT(json, 0);
            QJsonParseError error;
            const QJsonDocument doc = QJsonDocument::fromJson(json.out, &error);
            QCOMPARE(error.error, QJsonParseError::NoError);
            QCOMPARE(reportRowsOf(doc.array()), expected);
        }
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
