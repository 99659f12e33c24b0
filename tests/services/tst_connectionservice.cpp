// Connecting through a profile on the real servers: what "Test connection" says failed
// (host, authentication, TLS, database, schema) or found (a read-only role), TLS verified
// with the CA tests/services.sh made (a wrong CA refused, never plain text), and the
// password kept in the real keychain only: never in settings, log lines, activity rows or
// the process's arguments.
#include "keychaintesting.h"
#include "services/connectionservice.h"
#include "services/keychaincredentialstore.h"
#include "services/userservice.h"
#include "testsupport.h"

#include <QCoreApplication>
#include <QSettings>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QStandardPaths>
#include <QTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <thread>

using namespace accord;
using accord::test::TempDatabase;

namespace {

// A loopback relay to the MariaDB test server that strikes CLIENT_SSL from the server's
// greeting: to the client it is a server without TLS (the real one underneath accepts the
// plain connection that follows). One connection, then it ends.
class PlainTextRelay
{
public:
    explicit PlainTextRelay(int serverPort) : m_serverPort(serverPort)
    {
        m_listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (::bind(m_listener, reinterpret_cast<sockaddr*>(&a), len) != 0 ||
            ::listen(m_listener, 1) != 0 ||
            ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&a), &len) != 0)
            qFatal("cannot listen on loopback");
        m_port = ntohs(a.sin_port);
        m_thread = std::thread([this] { relay(); });
    }
    ~PlainTextRelay()
    {
        ::shutdown(m_listener, SHUT_RDWR);
        ::close(m_listener);
        m_thread.join();
    }
    int port() const { return m_port; }
    bool greetingAltered() const { return m_altered; }

private:
    void relay()
    {
        const int client = ::accept(m_listener, nullptr, nullptr);
        if (client < 0)
            return;
        const int server = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(quint16(m_serverPort));
        if (::connect(server, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) {
            // The greeting: a 4-byte header, protocol 10, the version (NUL-ended), the
            // connection id (4), 8 bytes of scramble, a filler, then the capability flags.
            char buf[65536];
            const ssize_t n = ::recv(server, buf, sizeof buf, 0);
            if (n > 5) {
                const char* end = static_cast<const char*>(std::memchr(buf + 5, 0, size_t(n - 5)));
                const qsizetype flags = end ? (end - buf) + 1 + 4 + 8 + 1 : -1;
                if (flags > 0 && flags + 1 < n) {
                    buf[flags + 1] = char(buf[flags + 1] & ~0x08); // CLIENT_SSL is 0x0800
                    m_altered = true;
                }
                (void)::send(client, buf, size_t(n), 0);
                pump(client, server);
            }
        }
        ::close(server);
        ::close(client);
    }
    static void pump(int a, int b)
    {
        char buf[65536];
        pollfd fds[2] = {{a, POLLIN, 0}, {b, POLLIN, 0}};
        while (::poll(fds, 2, 10000) > 0) {
            for (int i = 0; i < 2; ++i) {
                if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                    continue;
                const ssize_t n = ::recv(fds[i].fd, buf, sizeof buf, 0);
                if (n <= 0 || ::send(fds[1 - i].fd, buf, size_t(n), MSG_NOSIGNAL) != n)
                    return;
            }
        }
    }

    int m_serverPort;
    int m_listener = -1;
    int m_port = 0;
    std::atomic<bool> m_altered{false};
    std::thread m_thread;
};

} // namespace

class TestConnectionService : public QObject
{
    Q_OBJECT

    std::unique_ptr<TempDatabase> t;
    std::unique_ptr<KeychainCredentialStore> keychain;

    ConnectionProfile keeperProfile() const
    {
        ConnectionProfile p;
        p.location = test::keeperLocation(*t);
        return p;
    }
    ConnectionProfile verified(TlsMode mode, const QString& ca) const
    {
        ConnectionProfile p = keeperProfile();
        p.location.tls = mode;
        p.location.caFile = ca;
        return p;
    }
    TlsMode strictest() const { return Dialect::of(t->engine).tlsModes().last(); }

private slots:
    void initTestCase_data() { test::addServerEngineRows(); }
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        test::useRowEngine();
        QSettings().clear();
        t = std::make_unique<TempDatabase>();
        keychain = std::make_unique<KeychainCredentialStore>(
            QStringLiteral("Accord test %1").arg(QCoreApplication::applicationPid()));
    }
    void cleanup()
    {
        (void)keychain->remove(CredentialStore::keyOf(keeperProfile().location));
        t.reset();
    }

    void rememberedPasswordGoesToTheKeychainAndNowhereElse()
    {
        const QString password = test::keeperPassword();
        test::LogCapture log;
        ConnectionProfile p = verified(strictest(), test::trustedCa());
        p.rememberPassword = true;
        p.operatorName = QStringLiteral("Grace at the help desk");
        ConnectionService service(*keychain);
        QString problem;
        auto opened = service.connect(p, password, &problem);
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(keychain->read(CredentialStore::keyOf(p.location)).password, password);

        // A save through the connection: the activity row names the operator, not the password.
        const qint64 user =
            test::addUser(*opened, QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                          QStringLiteral("ada@example.com"));
        auto loaded = UserService(*opened).find(user);
        QVERIFY(loaded);
        UserChanges changes;
        changes.firstName = QStringLiteral("Augusta");
        QVERIFY(UserService(*opened).update(*loaded, changes));
        QSqlQuery rows((*opened)->connection());
        QVERIFY(rows.exec(QStringLiteral("SELECT * FROM tblactivitylog")));
        int count = 0;
        while (rows.next()) {
            ++count;
            for (int i = 0; i < rows.record().count(); ++i)
                QVERIFY2(!rows.value(i).toString().contains(password), "an activity row");
        }
        QVERIFY(count > 0);
        QCOMPARE(
            test::column(**opened,
                         QStringLiteral("SELECT %1 FROM tblactivitylog ORDER BY id DESC")
                             .arg((*opened)->dialect().quoteIdentifier(QStringLiteral("user"))))
                .toString(),
            QStringLiteral("Grace at the help desk"));

        // The profile is in settings, without the password.
        auto saved = ConnectionProfiles::find(p.key());
        QVERIFY(saved);
        QCOMPARE(saved->location.tls, p.location.tls);
        QCOMPARE(saved->location.caFile, test::trustedCa());
        QVERIFY(saved->rememberPassword);
        const QByteArray settings = test::settingsFileBytes();
        QVERIFY2(settings.contains(QByteArrayLiteral("rememberPassword")), settings.constData());
        QVERIFY2(!settings.contains(password.toUtf8()), "the settings file holds the password");
        QVERIFY(!test::ownCommandLine().contains(password.toUtf8()));
        for (const QString& line : log.lines())
            QVERIFY2(!line.contains(password), qPrintable(line));
    }

    void aPasswordNotRememberedIsNotKept()
    {
        ConnectionService service(*keychain);
        auto opened = service.connect(keeperProfile(), test::keeperPassword());
        QVERIFY2(opened, qPrintable(opened ? QString() : opened.error().message));
        QCOMPARE(int(service.storedPassword(keeperProfile()).status),
                 int(StoredPassword::Status::NotFound));
    }

    void theKeychainsPasswordServesTheNextConnection()
    {
        ConnectionProfile p = keeperProfile();
        p.rememberPassword = true;
        ConnectionService service(*keychain);
        QVERIFY(service.connect(p, test::keeperPassword()));
        // Nothing typed: the keychain's entry opens it.
        auto again = service.connect(p, QString());
        QVERIFY2(again, qPrintable(again ? QString() : again.error().message));
    }

    void forgetPasswordDeletesTheEntry()
    {
        ConnectionProfile p = keeperProfile();
        p.rememberPassword = true;
        ConnectionService service(*keychain);
        QVERIFY(service.connect(p, test::keeperPassword()));
        QVERIFY(service.forgetPassword(p));
        QCOMPARE(int(service.storedPassword(p).status), int(StoredPassword::Status::NotFound));
        QVERIFY(!ConnectionProfiles::find(p.key())->rememberPassword);
        auto refused = service.test(p, QString());
        QVERIFY(!refused);
        QCOMPARE(refused.error().field, QStringLiteral("password"));
    }

    void aFailedConnectionStoresNothing()
    {
        ConnectionProfile p = keeperProfile();
        p.rememberPassword = true;
        ConnectionService service(*keychain);
        QVERIFY(!service.connect(p, QStringLiteral("not the password")));
        QCOMPARE(int(service.storedPassword(p).status), int(StoredPassword::Status::NotFound));
        QVERIFY(!ConnectionProfiles::find(p.key()));
    }

    void testSaysTheHostIsUnreachable()
    {
        ConnectionProfile p = keeperProfile();
        p.location.port = 1; // tcpmux: nothing listens there on loopback
        auto r = ConnectionService(*keychain).test(p, test::keeperPassword());
        QVERIFY(!r);
        QCOMPARE(r.error().field, QStringLiteral("host"));
        QVERIFY2(r.error().message.startsWith(QLatin1String("Host unreachable")),
                 qPrintable(r.error().message));
    }

    void testSaysAuthenticationFailed()
    {
        auto r = ConnectionService(*keychain).test(keeperProfile(), QStringLiteral("wrong"));
        QVERIFY(!r);
        QCOMPARE(r.error().field, QStringLiteral("password"));
        QVERIFY2(r.error().message.startsWith(QLatin1String("Authentication failed")),
                 qPrintable(r.error().message));
        QVERIFY(!r.error().message.contains(QLatin1String("wrong")));
    }

    void testSaysTheDatabaseIsMissing()
    {
        ConnectionProfile p = keeperProfile();
        p.location.name = QStringLiteral("accord_no_such_database");
        auto r = ConnectionService(*keychain).test(p, test::keeperPassword());
        QVERIFY(!r);
        QCOMPARE(r.error().field, QStringLiteral("database"));
    }

    void testSaysTheSchemaIsMissing()
    {
        TempDatabase empty(t->engine, TempDatabase::Schema::None);
        ConnectionProfile p;
        p.location = test::keeperLocation(empty);
        auto r = ConnectionService(*keychain).test(p, test::keeperPassword());
        QVERIFY(!r);
        QCOMPARE(r.error().field, QStringLiteral("database"));
        QVERIFY2(r.error().message.contains(QLatin1String("no Accord schema")),
                 qPrintable(r.error().message));
    }

    void testSaysTheRoleIsReadOnly()
    {
        const DatabasePtr readOnly = t->openAsReadOnlyRole(); // grants support1 its SELECT
        ConnectionProfile p;
        p.location = t->location;
        p.location.user = QStringLiteral("support1");
        p.location.password.clear();
        auto r =
            ConnectionService(*keychain).test(p, qEnvironmentVariable("ACCORD_TEST_DB_PASSWORD"));
        QVERIFY2(r, qPrintable(r ? QString() : r.error().message));
        QVERIFY(!r->readOnlyReason.isEmpty());
        QVERIFY2(r->summary.contains(QLatin1String("Read-only: your database role may not change "
                                                   "data")),
                 qPrintable(r->summary));
    }

    void tlsWithTheRightCaIsEncryptedAndVerified()
    {
        for (TlsMode mode : Dialect::of(t->engine).tlsModes()) {
            if (mode == TlsMode::Off || mode == TlsMode::Require)
                continue;
            const ConnectionProfile p = verified(mode, test::trustedCa());
            ConnectionService service(*keychain);
            auto report = service.test(p, test::keeperPassword());
            QVERIFY2(report, qPrintable(report ? QString() : report.error().message));
            QVERIFY(report->encrypted);
            QVERIFY2(report->summary.contains(QLatin1String("certificate verified")),
                     qPrintable(report->summary));
            auto opened = service.connect(p, test::keeperPassword());
            QVERIFY(opened);
            // The server agrees: this session (and every other thread's) is encrypted.
            QVERIFY(test::encryptedOnServer(**opened));
        }
    }

    void tlsWithAWrongCaIsRefusedNotPlainText()
    {
        const ConnectionProfile p = verified(strictest(), test::wrongCa());
        auto r = ConnectionService(*keychain).test(p, test::keeperPassword());
        QVERIFY(!r);
        QCOMPARE(r.error().field, QStringLiteral("tls"));
        QVERIFY2(r.error().message.startsWith(QLatin1String("TLS failed")),
                 qPrintable(r.error().message));
    }

    void aTlsModeTheDriverCannotHonourIsRefusedNotWeakened()
    {
        if (t->engine != Engine::MySQL)
            return; // PostgreSQL takes every mode
        auto r = ConnectionService(*keychain).test(verified(TlsMode::VerifyFull, test::trustedCa()),
                                                   test::keeperPassword());
        QVERIFY(!r);
        QCOMPARE(r.error().field, QStringLiteral("tls"));
        QVERIFY2(r.error().message.contains(QLatin1String("verify-ca")),
                 qPrintable(r.error().message));
    }

    void verifyingWithoutACaFileIsRefused()
    {
        auto r = ConnectionService(*keychain).test(verified(strictest(), QString()),
                                                   test::keeperPassword());
        QVERIFY(!r);
        QCOMPARE(r.error().field, QStringLiteral("caFile"));
    }

    // Debian 12's Connector/C, given a CA file, connects in plain text to a server that
    // offers no TLS: the profile's TLS refuses that connection all the same.
    void aServerWithoutTlsIsRefusedNotUsedInPlainText()
    {
        if (t->engine != Engine::MySQL)
            return; // (libpq refuses it itself: "server does not support SSL")
        PlainTextRelay relay(t->location.port);
        ConnectionProfile p = verified(TlsMode::VerifyCa, test::trustedCa());
        p.location.port = relay.port();
        auto r = ConnectionService(*keychain).test(p, test::keeperPassword());
        QVERIFY(relay.greetingAltered());
        QVERIFY(!r);
        QCOMPARE(r.error().field, QStringLiteral("tls"));
        QVERIFY2(r.error().message.contains(QLatin1String("not encrypted")),
                 qPrintable(r.error().message));
    }

    void withoutTlsTheConnectionIsPlainOnMariaDb()
    {
        // The premise of the TLS tests: the servers also take plain connections, so an
        // encrypted session above is the profile's doing.
        if (t->engine != Engine::MySQL)
            return;
        auto opened = ConnectionService(*keychain).connect(keeperProfile(), test::keeperPassword());
        QVERIFY(opened);
        QVERIFY(!test::encryptedOnServer(**opened));
    }
};

QTEST_GUILESS_MAIN(TestConnectionService)
#include "tst_connectionservice.moc"
