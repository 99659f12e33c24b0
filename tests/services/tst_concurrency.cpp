// Two admins at once on one database (READ COMMITTED on the servers): the rules hold when
// both sessions have read before either writes. A hook holds each write after its reads
// until the other arrives too (or is blocked by the first's locks), so both transactions
// are open before either commits; the test then asserts which one was refused.
#include "services/accessservice.h"
#include "services/clientservice.h"
#include "services/userservice.h"
#include "storage/mismatchreader.h"
#include "storage/rowstore.h"
#include "testsupport.h"

#include <QTest>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

using namespace accord;

namespace {

// Holds writers at the start of their write phase until two have come, or until the
// first has waited long enough that the other must be blocked by its locks.
class Rendezvous
{
public:
    void arrive()
    {
        std::unique_lock lock(m_mutex);
        if (m_released)
            return; // a write run again after a rollback goes straight on
        if (++m_arrived >= 2) {
            m_released = true;
            m_cv.notify_all();
            return;
        }
        m_cv.wait_for(lock, std::chrono::seconds(2), [this] { return m_released; });
        m_released = true;
    }
    int arrived() const
    {
        std::lock_guard lock(m_mutex);
        return m_arrived;
    }

private:
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    int m_arrived = 0;
    bool m_released = false;
};

// Runs two writes on two threads, each on its own opening of the database (two admins).
template <typename T>
std::pair<Result<T>, Result<T>> race(const test::TempDatabase& t,
                                     const std::function<Result<T>(const DatabasePtr&)>& first,
                                     const std::function<Result<T>(const DatabasePtr&)>& second)
{
    Rendezvous rendezvous;
    RowStore::setWritePhaseHook([&] { rendezvous.arrive(); });
    const DatabasePtr a = t.openAgain(), b = t.openAgain();
    std::optional<Result<T>> ra, rb;
    std::thread ta([&] {
        ra = first(a);
        a->releaseThreadConnection();
    });
    std::thread tb([&] {
        rb = second(b);
        b->releaseThreadConnection();
    });
    ta.join();
    tb.join();
    RowStore::setWritePhaseHook({});
    return {*ra, *rb};
}

int owners(Database& db, qint64 client)
{
    return test::column(db,
                        QStringLiteral("SELECT count(*) FROM tblusers_clients WHERE client_id "
                                       "= ? AND owner <> 0"),
                        {client})
        .toInt();
}

} // namespace

class TestConcurrency : public QObject
{
    Q_OBJECT

    std::unique_ptr<test::TempDatabase> t;

private slots:
    void initTestCase_data() { test::addEngineRows(); }
    void init()
    {
        test::useRowEngine();
        t = std::make_unique<test::TempDatabase>();
    }
    void cleanup() { t.reset(); }

    void twoSessionsMakingTwoUsersOwnerLeaveExactlyOneOwner_data()
    {
        QTest::addColumn<bool>("hadOwner");
        QTest::newRow("the client had an owner") << true;
        QTest::newRow("the client had none") << false;
    }
    void twoSessionsMakingTwoUsersOwnerLeaveExactlyOneOwner()
    {
        QFETCH(bool, hadOwner);
        const qint64 x = test::addUser(t->db, QStringLiteral("Xena"), QStringLiteral("Old"),
                                       QStringLiteral("x@example.com"));
        const qint64 client =
            test::addClient(t->db, x, QStringLiteral("Xena"), QStringLiteral("Old"),
                            QStringLiteral("x@example.com"));
        if (!hadOwner) // a vendor client without an owner (its data has them)
            test::exec(*t->db,
                       QStringLiteral("UPDATE tblusers_clients SET owner = 0 WHERE client_id = ?"),
                       {client});
        const qint64 u1 = test::addUser(t->db, QStringLiteral("Una"), QStringLiteral("One"),
                                        QStringLiteral("u1@example.com"));
        const qint64 u2 = test::addUser(t->db, QStringLiteral("Ugo"), QStringLiteral("Two"),
                                        QStringLiteral("u2@example.com"));
        const auto [r1, r2] = race<Access>(
            *t, [&](const DatabasePtr& db) { return AccessService(db).makeOwner(u1, client); },
            [&](const DatabasePtr& db) { return AccessService(db).makeOwner(u2, client); });
        QCOMPARE(owners(*t->db, client), 1);
        if (t->isServer()) {
            // Both read before either wrote: the second to lock the client was refused.
            QVERIFY2(r1.ok() != r2.ok(), "exactly one of the two is refused");
            const auto& refused = r1.ok() ? r2 : r1;
            QCOMPARE(refused.error().kind, Error::Kind::Conflict);
            QCOMPARE(refused.error().record, RecordRef::client(client));
            const qint64 winner = r1.ok() ? u1 : u2;
            QCOMPARE(test::column(*t->db,
                                  QStringLiteral("SELECT auth_user_id FROM tblusers_clients "
                                                 "WHERE client_id = ? AND owner <> 0"),
                                  {client})
                         .toLongLong(),
                     winner);
        } else {
            // SQLite lets one writer in at a time: the second reads what the first wrote.
            QVERIFY(r1.ok() && r2.ok());
        }
    }

    void twoSessionsGivingTheSameEmailInAnotherCaseOneIsAClash()
    {
        const qint64 a = test::addUser(t->db, QStringLiteral("Ann"), QStringLiteral("A"),
                                       QStringLiteral("ann@example.com"));
        const qint64 b = test::addUser(t->db, QStringLiteral("Bea"), QStringLiteral("B"),
                                       QStringLiteral("bea@example.com"));
        auto give = [](qint64 id, const QString& email) {
            return [id, email](const DatabasePtr& db) -> Result<User> {
                UserService users(db);
                auto loaded = users.find(id);
                if (!loaded)
                    return loaded.error();
                UserChanges c;
                c.email = email;
                return users.update(*loaded, c);
            };
        };
        const auto [ra, rb] = race<User>(*t, give(a, QStringLiteral("shared@example.com")),
                                         give(b, QStringLiteral("SHARED@Example.com")));
        QVERIFY2(ra.ok() != rb.ok(), "exactly one of the two is refused");
        const auto& refused = ra.ok() ? rb : ra;
        QCOMPARE(refused.error().kind, Error::Kind::Clash);
        QCOMPARE(refused.error().field, QStringLiteral("email"));
        QVERIFY(refused.error().message.contains(QLatin1String("already used")));
        // One of them has it, the other kept their own.
        const QString emailA =
            test::storedText(*t->db, "SELECT email FROM tblusers WHERE id = ?", a);
        const QString emailB =
            test::storedText(*t->db, "SELECT email FROM tblusers WHERE id = ?", b);
        QCOMPARE(ra.ok() ? emailB : emailA,
                 ra.ok() ? QStringLiteral("bea@example.com") : QStringLiteral("ann@example.com"));
        QCOMPARE((ra.ok() ? emailA : emailB).toLower(), QStringLiteral("shared@example.com"));
    }

    void concurrentEditsToBothSidesOfALinkLeaveTheDifferencesEqualToAFreshComparison()
    {
        const qint64 u = test::addUser(t->db, QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                                       QStringLiteral("ada@example.com"));
        const qint64 c =
            test::addClient(t->db, u, QStringLiteral("Ada"), QStringLiteral("Lovelace"),
                            QStringLiteral("ada@example.com"));
        const auto [ru, rc] = race<bool>(
            *t,
            [&](const DatabasePtr& db) -> Result<bool> {
                UserService users(db);
                UserChanges change;
                change.lastName = QStringLiteral("Byron");
                auto saved = users.update(*users.find(u), change);
                if (!saved)
                    return saved.error();
                return true;
            },
            [&](const DatabasePtr& db) -> Result<bool> {
                ClientService clients(db);
                auto saved =
                    clients.update(*clients.find(c),
                                   {{QStringLiteral("email"), QStringLiteral("ADA@example.com")}});
                if (!saved)
                    return saved.error();
                return true;
            });
        // Different records: both saves stand (a crossing rolled back by the server is run
        // again, whole).
        QVERIFY2(ru.ok(), qPrintable(ru ? QString() : ru.error().message));
        QVERIFY2(rc.ok(), qPrintable(rc ? QString() : rc.error().message));
        auto rowsOf = [&](bool maintained) {
            QList<QStringList> rows;
            auto r = MismatchReader(t->db->connection(), t->db->dialect(), maintained)
                         .forEach(MismatchFilter{true, true, {}, {}}, [&](const MismatchRow& row) {
                             QStringList cells{QString::number(row.userId),
                                               QString::number(row.clientId)};
                             for (int i = 0; i < 4; ++i)
                                 cells << QString::number(row.kinds[std::size_t(i)])
                                       << row.userValues[std::size_t(i)]
                                       << row.clientValues[std::size_t(i)];
                             rows << cells;
                             return true;
                         });
            if (!r)
                qFatal("%s", qPrintable(r.error().message));
            return rows;
        };
        const QList<QStringList> kept = rowsOf(true);
        QCOMPARE(kept, rowsOf(false));
        // The link differs in both fields, from both sides as stored now.
        QCOMPARE(kept.size(), 1);
        QCOMPARE(kept.first().at(6), QStringLiteral("Byron"));            // the user's last name
        QCOMPARE(kept.first().at(10), QStringLiteral("ADA@example.com")); // the client's email
    }
};

QTEST_GUILESS_MAIN(TestConcurrency)
#include "tst_concurrency.moc"
