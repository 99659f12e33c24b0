#include "services/accessservice.h"
#include "services/clientservice.h"
#include "services/matchservice.h"
#include "services/userservice.h"
#include "storage/mismatchreader.h"
#include "testsupport.h"

#include <QSqlQuery>
#include <QSqlRecord>
#include <QTest>

using namespace accord;
using accord::test::column;
using accord::test::descriptions;
using accord::test::TempDatabase;
using Kind = FieldDifference::Kind;

namespace {

struct Side {
    QString first, last, email, language;
};

QMap<QString, QString> profile(const Side& s)
{
    return {{QStringLiteral("firstname"), s.first},
            {QStringLiteral("lastname"), s.last},
            {QStringLiteral("email"), s.email},
            {QStringLiteral("language"), s.language},
            {QStringLiteral("country"), QStringLiteral("GB")}};
}

// The stored row of a record, to prove a refused write changed nothing.
QVariantMap row(Database& db, const char* table, qint64 id)
{
    QSqlQuery q(db.connection());
    q.prepare(QStringLiteral("SELECT * FROM %1 WHERE id = ?").arg(QLatin1String(table)));
    q.addBindValue(id);
    if (!q.exec() || !q.next())
        qFatal("no row %lld in %s", id, table);
    QVariantMap m;
    for (int i = 0; i < q.record().count(); ++i)
        m.insert(q.record().fieldName(i), q.value(i));
    return m;
}

// Every link's kinds as the maintained table holds them, and as a live comparison finds
// them: they must always agree.
QStringList report(Database& db, bool maintained)
{
    QStringList out;
    MismatchFilter all;
    all.allLinks = true;
    all.showIntended = true;
    auto r = MismatchReader(db.connection(), db.dialect(), maintained)
                 .forEach(all, [&](const MismatchRow& m) {
                     out << QStringLiteral("%1/%2 owner=%3 %4%5%6%7")
                                .arg(m.userId)
                                .arg(m.clientId)
                                .arg(m.owner)
                                .arg(m.kinds[0])
                                .arg(m.kinds[1])
                                .arg(m.kinds[2])
                                .arg(m.kinds[3]);
                     return true;
                 });
    if (!r)
        qFatal("report: %s", qPrintable(r.error().message));
    return out;
}

qint64 ownerReportCount(Database& db)
{
    auto n = MismatchReader(db.connection(), db.dialect(), true).count({});
    return n ? *n : -1;
}

} // namespace

class TestMatchService : public QObject
{
    Q_OBJECT

    std::unique_ptr<TempDatabase> t;
    std::unique_ptr<UserService> users;
    std::unique_ptr<ClientService> clients;
    std::unique_ptr<AccessService> access;
    std::unique_ptr<MatchService> match;

    qint64 addUser(const Side& s)
    {
        auto id = users->add({s.first, s.last, s.email, s.language, QString()});
        if (!id)
            qFatal("cannot add user: %s", qPrintable(id.error().message));
        return *id;
    }
    // A client owned by a new user with these details.
    std::pair<qint64, qint64> ownedPair(const Side& user, const Side& client)
    {
        const qint64 u = addUser(user);
        auto c = clients->add(profile(client), u);
        if (!c)
            qFatal("cannot add client: %s", qPrintable(c.error().message));
        return {u, *c};
    }
    Comparison compared(qint64 user, qint64 client)
    {
        auto c = match->compare(user, client);
        if (!c)
            qFatal("cannot compare: %s", qPrintable(c.error().message));
        return *c;
    }
    void checkTableAgreesWithLiveComparison()
    {
        QCOMPARE(report(*t->db, true), report(*t->db, false));
    }

    const Side ann{QStringLiteral("Ann"), QStringLiteral("Lee"), QStringLiteral("ann@x.com"), {}};
    const Side annClient{QStringLiteral("Ann"), QStringLiteral("Leigh"),
                         QStringLiteral("ANN@x.com"), QStringLiteral("english")};

private slots:
    void initTestCase_data() { test::addEngineRows(); }
    void init()
    {
        test::useRowEngine();
        t = std::make_unique<TempDatabase>();
        users = std::make_unique<UserService>(t->db);
        clients = std::make_unique<ClientService>(t->db);
        access = std::make_unique<AccessService>(t->db);
        match = std::make_unique<MatchService>(t->db);
    }

    void compareListsTheDifferingPairsWithTheirKinds()
    {
        const auto [u, c] = ownedPair(ann, annClient);
        const Comparison cmp = compared(u, c);
        QVERIFY(cmp.owner);
        QCOMPARE(cmp.differences.size(), 3);
        QCOMPARE(cmp.differences.at(0),
                 (FieldDifference{QStringLiteral("last_name"), QStringLiteral("Lee"),
                                  QStringLiteral("Leigh"), Kind::Differs}));
        QCOMPARE(cmp.differences.at(1),
                 (FieldDifference{QStringLiteral("email"), QStringLiteral("ann@x.com"),
                                  QStringLiteral("ANN@x.com"), Kind::CaseOrSpace}));
        QCOMPARE(cmp.differences.at(2),
                 (FieldDifference{QStringLiteral("language"), QString(), QStringLiteral("english"),
                                  Kind::EmptySide}));
        // The maintained table says the same.
        QCOMPARE(report(*t->db, true),
                 QStringList{QStringLiteral("%1/%2 owner=1 0312").arg(u).arg(c)});
    }

    void compareRefusesAPairThatIsNotLinked()
    {
        const auto [u, c] = ownedPair(ann, annClient);
        const qint64 other =
            addUser({QStringLiteral("Bo"), QStringLiteral("Ray"), QStringLiteral("bo@x.com"), {}});
        auto cmp = match->compare(other, c);
        QVERIFY(!cmp);
        QCOMPARE(cmp.error().kind, Error::Kind::NotFound);
        QVERIFY(cmp.error().message.contains(QString::number(other)));
        Q_UNUSED(u);
    }

    void matchFromUserWritesTheClientAndLogsIt()
    {
        const auto [u, c] = ownedPair(ann, annClient);
        const QVariantMap userBefore = row(*t->db, "tblusers", u);
        const int logBefore = descriptions(*t->db).size();
        auto plan = match->plan({MatchRequest{u, c, MatchFrom::User, {}}});
        QVERIFY(plan);
        QCOMPARE(plan->changes.size(), 3);
        for (const PlannedChange& change : plan->changes)
            QVERIFY(!change.onUser);
        auto written = match->apply(*plan);
        QVERIFY2(written, written ? "" : qPrintable(written.error().message));
        QCOMPARE(*written, 1);
        QVERIFY(compared(u, c).differences.isEmpty());
        QCOMPARE(row(*t->db, "tblusers", u), userBefore); // the source is untouched
        const QStringList log = descriptions(*t->db);
        QCOMPARE(log.size(), logBefore + 1);
        QVERIFY2(log.last().contains(QStringLiteral("Last Name: 'Leigh' to 'Lee'")),
                 qPrintable(log.last()));
        QCOMPARE(ownerReportCount(*t->db), 0);
        checkTableAgreesWithLiveComparison();
    }

    void matchFromClientChangesTheLogin()
    {
        const auto [u, c] = ownedPair(
            ann,
            {QStringLiteral("Ann"), QStringLiteral("Lee"), QStringLiteral("billing@x.com"), {}});
        auto plan = match->plan({MatchRequest{u, c, MatchFrom::Client, {}}});
        QVERIFY(plan);
        QVERIFY(match->apply(*plan));
        auto user = users->find(u);
        QVERIFY(user);
        QCOMPARE(user->email, QStringLiteral("billing@x.com"));
        QVERIFY(descriptions(*t->db).last().contains(QStringLiteral("Email Address")));
        checkTableAgreesWithLiveComparison();
    }

    void perFieldChoicesWriteBothSidesInOneGoWithALogRowEach()
    {
        const auto [u, c] = ownedPair(ann, annClient);
        const int logBefore = descriptions(*t->db).size();
        auto plan = match->plan(compared(u, c),
                                {FieldChoice{QStringLiteral("last_name"), MatchFrom::Client},
                                 FieldChoice{QStringLiteral("language"), MatchFrom::User}});
        QVERIFY(plan);
        QCOMPARE(plan->changes.size(), 2);
        auto written = match->apply(*plan);
        QVERIFY(written);
        QCOMPARE(*written, 2);
        const Comparison after = compared(u, c);
        QCOMPARE(after.user.lastName, QStringLiteral("Leigh"));
        QCOMPARE(after.client.value(QStringLiteral("language")), QString());
        // Only the email case is left.
        QCOMPARE(after.differences.size(), 1);
        QCOMPARE(after.differences.first().field, QStringLiteral("email"));
        const QStringList log = descriptions(*t->db).mid(logBefore);
        QCOMPARE(log.size(), 2);
        QVERIFY2(log.at(0).startsWith(QStringLiteral("User Account Modified - Last Name")),
                 qPrintable(log.at(0)));
        QVERIFY2(log.at(1).startsWith(QStringLiteral("Client Profile Modified - Language")),
                 qPrintable(log.at(1)));
        checkTableAgreesWithLiveComparison();
    }

    void surroundingSpacesAreTrimmedOnBothSides()
    {
        const auto [u, c] = ownedPair(ann, ann);
        // Another tool stored the name with spaces around it.
        test::exec(*t->db, QStringLiteral("UPDATE tblusers SET first_name = ' Ann ' WHERE id = ?"),
                   {u});
        QCOMPARE(compared(u, c).differences.size(), 1);
        QCOMPARE(compared(u, c).differences.first().kind, Kind::CaseOrSpace);
        auto plan = match->plan({MatchRequest{u, c, MatchFrom::User, {}}});
        QVERIFY(plan);
        QVERIFY(match->apply(*plan));
        QVERIFY(compared(u, c).differences.isEmpty());
        QCOMPARE(compared(u, c).user.firstName, QStringLiteral("Ann"));
    }

    void nothingToMatchWritesNothing()
    {
        const auto [u, c] = ownedPair(ann, ann);
        const int logBefore = descriptions(*t->db).size();
        auto plan = match->plan({MatchRequest{u, c, MatchFrom::Client, {}}});
        QVERIFY(plan);
        QVERIFY(plan->isEmpty());
        auto written = match->apply(*plan);
        QVERIFY(written);
        QCOMPARE(*written, 0);
        QCOMPARE(descriptions(*t->db).size(), logBefore);
    }

    void fieldsLimitTheMatch()
    {
        const auto [u, c] = ownedPair(ann, annClient);
        auto plan = match->plan({MatchRequest{u, c, MatchFrom::User, {QStringLiteral("email")}}});
        QVERIFY(plan);
        QCOMPARE(plan->changes.size(), 1);
        QVERIFY(match->apply(*plan));
        QCOMPARE(compared(u, c).differences.size(), 2);
        auto unknown =
            match->plan({MatchRequest{u, c, MatchFrom::User, {QStringLiteral("phone")}}});
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().field, QStringLiteral("fields"));
    }

    void anEmailAnotherUserHasIsRefusedAndNothingChanges()
    {
        addUser({QStringLiteral("Tak"), QStringLiteral("En"), QStringLiteral("taken@x.com"), {}});
        const auto [u, c] = ownedPair(
            ann,
            {QStringLiteral("Ann"), QStringLiteral("Leigh"), QStringLiteral("Taken@X.com"), {}});
        const QVariantMap userBefore = row(*t->db, "tblusers", u);
        const QVariantMap clientBefore = row(*t->db, "tblclients", c);
        const int logBefore = descriptions(*t->db).size();
        // The user side would also take the last name: nothing of it may land.
        auto plan = match->plan({MatchRequest{u, c, MatchFrom::Client, {}}});
        QVERIFY(plan);
        auto written = match->apply(*plan);
        QVERIFY(!written);
        QCOMPARE(written.error().kind, Error::Kind::Clash);
        QVERIFY2(written.error().message.contains(QStringLiteral("Taken@X.com")),
                 qPrintable(written.error().message));
        QCOMPARE(row(*t->db, "tblusers", u), userBefore);
        QCOMPARE(row(*t->db, "tblclients", c), clientBefore);
        QCOMPARE(descriptions(*t->db).size(), logBefore);
        checkTableAgreesWithLiveComparison();
    }

    void aStaleRowOnEitherSideRefusesTheWholeMatch_data()
    {
        QTest::addColumn<bool>("staleUser");
        QTest::addColumn<int>("from");
        QTest::newRow("target client changed") << false << int(MatchFrom::User);
        QTest::newRow("source user changed") << true << int(MatchFrom::User);
        QTest::newRow("target user changed") << true << int(MatchFrom::Client);
        QTest::newRow("source client changed") << false << int(MatchFrom::Client);
    }
    void aStaleRowOnEitherSideRefusesTheWholeMatch()
    {
        QFETCH(bool, staleUser);
        QFETCH(int, from);
        const auto [u, c] = ownedPair(ann, annClient);
        auto plan = match->plan({MatchRequest{u, c, MatchFrom(from), {}}});
        QVERIFY(plan);
        // Another session saves one side meanwhile (an unrelated field).
        DatabasePtr other = t->openAgain();
        if (staleUser) {
            auto loaded = UserService(other).find(u);
            UserChanges change;
            change.emailVerified = true;
            QVERIFY(UserService(other).update(*loaded, change));
        } else {
            auto loaded = ClientService(other).find(c);
            QVERIFY(ClientService(other).update(
                *loaded, {{QStringLiteral("city"), QStringLiteral("Leeds")}}));
        }
        const QVariantMap userBefore = row(*t->db, "tblusers", u);
        const QVariantMap clientBefore = row(*t->db, "tblclients", c);
        auto written = match->apply(*plan);
        QVERIFY(!written);
        QCOMPARE(written.error().kind, Error::Kind::Conflict);
        QCOMPARE(row(*t->db, "tblusers", u), userBefore);
        QCOMPARE(row(*t->db, "tblclients", c), clientBefore);
    }

    void aStaleMatchSaysWhichRecordChanged_data()
    {
        QTest::addColumn<bool>("staleUser");
        QTest::newRow("the client") << false;
        QTest::newRow("the user") << true;
    }
    void aStaleMatchSaysWhichRecordChanged()
    {
        QFETCH(bool, staleUser);
        const auto [u, c] = ownedPair(ann, annClient);
        auto plan = match->plan({MatchRequest{u, c, MatchFrom::User, {}}});
        QVERIFY(plan);
        DatabasePtr other = t->openAgain();
        if (staleUser) {
            UserChanges change;
            change.emailVerified = true;
            QVERIFY(UserService(other).update(*UserService(other).find(u), change));
        } else {
            QVERIFY(
                ClientService(other).update(*ClientService(other).find(c),
                                            {{QStringLiteral("city"), QStringLiteral("Leeds")}}));
        }
        auto written = match->apply(*plan);
        QVERIFY(!written);
        QCOMPARE(written.error().kind, Error::Kind::Conflict);
        QCOMPARE(written.error().record, staleUser ? RecordRef::user(u) : RecordRef::client(c));
        // The refusal still names the link it came from.
        QVERIFY(written.error().message.contains(
            QStringLiteral("User %1 and client %2").arg(u).arg(c)));
    }

    void aLinkChangedMeanwhileIsNamedAsTheLink()
    {
        const auto [u, c] = ownedPair(ann, annClient);
        const qint64 bo =
            addUser({QStringLiteral("Bo"), QStringLiteral("Ray"), QStringLiteral("bo@x.com"), {}});
        auto plan = match->plan({MatchRequest{u, c, MatchFrom::User, {}}});
        QVERIFY(plan);
        QVERIFY(AccessService(t->openAgain()).makeOwner(bo, c));
        auto written = match->apply(*plan);
        QVERIFY(!written);
        QCOMPARE(written.error().record, RecordRef::link(u, c));
    }

    void aLinkRemovedOrHandedOverMeanwhileRefusesTheMatch()
    {
        const auto [u, c] = ownedPair(ann, annClient);
        const qint64 bo =
            addUser({QStringLiteral("Bo"), QStringLiteral("Ray"), QStringLiteral("bo@x.com"), {}});
        auto plan = match->plan({MatchRequest{u, c, MatchFrom::User, {}}});
        QVERIFY(plan);
        // Another session makes Bo the owner, then removes Ann's access.
        AccessService other(t->openAgain());
        QVERIFY(other.makeOwner(bo, c));
        const QVariantMap clientBefore = row(*t->db, "tblclients", c);
        auto written = match->apply(*plan);
        QVERIFY(!written);
        QCOMPARE(written.error().kind, Error::Kind::Conflict);
        QVERIFY(other.remove(u, c));
        written = match->apply(*plan);
        QVERIFY(!written);
        QCOMPARE(written.error().kind, Error::Kind::NotFound);
        QCOMPARE(row(*t->db, "tblclients", c), clientBefore);
    }

    void aFieldChosenTwiceIsRefused()
    {
        const auto [u, c] = ownedPair(ann, annClient);
        auto plan =
            match->plan(compared(u, c), {FieldChoice{QStringLiteral("email"), MatchFrom::User},
                                         FieldChoice{QStringLiteral("email"), MatchFrom::Client}});
        QVERIFY(!plan);
        QCOMPARE(plan.error().field, QStringLiteral("email"));
    }

    void bulkMatchIsAllOrNothingAndNamesTheRefusedRow()
    {
        addUser({QStringLiteral("Tak"), QStringLiteral("En"), QStringLiteral("taken@x.com"), {}});
        const auto a = ownedPair(ann, annClient);
        const auto b = ownedPair(
            {QStringLiteral("Bo"), QStringLiteral("Ray"), QStringLiteral("bo@x.com"), {}},
            {QStringLiteral("Bo"), QStringLiteral("Ray"), QStringLiteral("taken@x.com"), {}});
        const auto d = ownedPair(
            {QStringLiteral("Di"), QStringLiteral("Fox"), QStringLiteral("di@x.com"), {}},
            {QStringLiteral("Di"), QStringLiteral("Foxe"), QStringLiteral("di@x.com"), {}});
        QCOMPARE(ownerReportCount(*t->db), 3);
        QList<MatchRequest> batch{{a.first, a.second, MatchFrom::Client, {}},
                                  {b.first, b.second, MatchFrom::Client, {}},
                                  {d.first, d.second, MatchFrom::Client, {}}};
        auto plan = match->plan(batch);
        QVERIFY(plan);
        QCOMPARE(plan->changes.size(), 5); // 3 for Ann, the email for Bo, the last name for Di
        const int logBefore = descriptions(*t->db).size();
        auto written = match->apply(*plan);
        QVERIFY(!written);
        QVERIFY2(written.error().message.contains(
                     QStringLiteral("User %1 and client %2").arg(b.first).arg(b.second)),
                 qPrintable(written.error().message));
        QCOMPARE(descriptions(*t->db).size(), logBefore);
        QCOMPARE(ownerReportCount(*t->db), 3);
        QCOMPARE(compared(a.first, a.second).differences.size(), 3);

        batch.removeAt(1);
        plan = match->plan(batch);
        QVERIFY(plan);
        written = match->apply(*plan);
        QVERIFY(written);
        QCOMPARE(*written, 2);
        QCOMPARE(ownerReportCount(*t->db), 1);
        checkTableAgreesWithLiveComparison();
    }

    void twoRowsWritingDifferentValuesIntoOneRecordAreRefused()
    {
        const qint64 u = addUser(ann);
        auto c1 = clients->add(
            profile(
                {QStringLiteral("Ann"), QStringLiteral("Lee"), QStringLiteral("one@x.com"), {}}),
            u);
        auto c2 = clients->add(
            profile(
                {QStringLiteral("Ann"), QStringLiteral("Lee"), QStringLiteral("two@x.com"), {}}),
            u);
        QVERIFY(c1 && c2);
        auto plan = match->plan({{u, *c1, MatchFrom::Client, {}}, {u, *c2, MatchFrom::Client, {}}});
        QVERIFY(!plan);
        QCOMPARE(plan.error().field, QStringLiteral("email"));
        // From the user, both clients simply take the user's email.
        plan = match->plan({{u, *c1, MatchFrom::User, {}}, {u, *c2, MatchFrom::User, {}}});
        QVERIFY(plan);
        QVERIFY(match->apply(*plan));
        QCOMPARE(ownerReportCount(*t->db), 0);
    }

    void anIntendedMarkHidesTheLinkUntilASideChanges()
    {
        const auto [u, c] = ownedPair(ann, annClient);
        QCOMPARE(ownerReportCount(*t->db), 1);
        auto marked_ = match->markIntended(u, c, QString(), QStringLiteral("Billing contact"));
        QVERIFY2(marked_, marked_ ? "" : qPrintable(marked_.error().message));
        QCOMPARE(ownerReportCount(*t->db), 0);
        MismatchFilter marked;
        marked.showIntended = true;
        QCOMPARE(*MismatchReader(t->db->connection(), t->db->dialect(), true).count(marked), 1);
        QCOMPARE(compared(u, c).marks.size(), 1);
        QCOMPARE(compared(u, c).marks.first().note, QStringLiteral("Billing contact"));

        // An unrelated save keeps the mark; a change to a compared value ends it.
        auto client = clients->find(c);
        QVERIFY(clients->update(*client, {{QStringLiteral("city"), QStringLiteral("York")}}));
        QCOMPARE(ownerReportCount(*t->db), 0);
        client = clients->find(c);
        QVERIFY(clients->update(*client, {{QStringLiteral("lastname"), QStringLiteral("Leighe")}}));
        QCOMPARE(ownerReportCount(*t->db), 1);
        QVERIFY(compared(u, c).marks.isEmpty());
        // The user's side ends it as well.
        QVERIFY(match->markIntended(u, c, QString(), {}));
        auto user = users->find(u);
        UserChanges rename;
        rename.firstName = QStringLiteral("Anne");
        QVERIFY(users->update(*user, rename));
        QCOMPARE(ownerReportCount(*t->db), 1);
        checkTableAgreesWithLiveComparison();
    }

    void aMarkOnWhatWasSeenIsRefusedWhenASideChangedSince()
    {
        const auto [u, c] = ownedPair(ann, annClient);
        const Comparison seen = compared(u, c);
        auto client = ClientService(t->openAgain()).find(c);
        QVERIFY(ClientService(t->openAgain())
                    .update(*client, {{QStringLiteral("email"), QStringLiteral("other@y.com")}}));
        auto marked = match->markIntended(u, c, QStringLiteral("email"), {}, &seen);
        QVERIFY(!marked);
        QCOMPARE(marked.error().kind, Error::Kind::Conflict);
        QVERIFY(compared(u, c).marks.isEmpty());
        QVERIFY(match->markIntended(u, c, QStringLiteral("email"), {}, nullptr));
    }

    void aFieldMarkCoversOnlyThatField()
    {
        const auto [u, c] = ownedPair(ann, annClient);
        QVERIFY(match->markIntended(u, c, QStringLiteral("language"), {}));
        QCOMPARE(ownerReportCount(*t->db), 1); // the last name and email still differ
        MismatchFilter language;
        language.field = QStringLiteral("language");
        QCOMPARE(*MismatchReader(t->db->connection(), t->db->dialect(), true).count(language), 0);
        QVERIFY(match->markIntended(u, c, QStringLiteral("last_name"), {}));
        QVERIFY(match->markIntended(u, c, QStringLiteral("email"), {}));
        QCOMPARE(ownerReportCount(*t->db), 0);
        QVERIFY(match->clearIntended(u, c, QStringLiteral("email")));
        QCOMPARE(ownerReportCount(*t->db), 1);
        // Nothing to mark on a field that does not differ.
        auto same = match->markIntended(u, c, QStringLiteral("first_name"), {});
        QVERIFY(!same);
        QCOMPARE(same.error().kind, Error::Kind::Refused);
    }

    void theTableFollowsEveryKindOfWrite()
    {
        const auto [u, c] = ownedPair(ann, annClient);
        checkTableAgreesWithLiveComparison();
        const qint64 bo =
            addUser({QStringLiteral("Bo"), QStringLiteral("Ray"), QStringLiteral("bo@x.com"), {}});
        QVERIFY(access->grant(bo, c, Permissions::fromStored(QStringLiteral("invoices"))));
        QCOMPARE(report(*t->db, true).size(), 2); // Bo differs from Ann's account
        checkTableAgreesWithLiveComparison();
        QVERIFY(access->makeOwner(bo, c));
        QVERIFY(report(*t->db, true)
                    .join(QLatin1Char(' '))
                    .contains(QStringLiteral("%1/%2 owner=1").arg(bo).arg(c)));
        checkTableAgreesWithLiveComparison();
        QVERIFY(access->remove(u, c));
        QCOMPARE(report(*t->db, true).size(), 1);
        checkTableAgreesWithLiveComparison();
        auto client = clients->find(c);
        QVERIFY(clients->update(*client, {{QStringLiteral("firstname"), QStringLiteral("Bo")},
                                          {QStringLiteral("lastname"), QStringLiteral("Ray")},
                                          {QStringLiteral("email"), QStringLiteral("bo@x.com")},
                                          {QStringLiteral("language"), QString()}}));
        QVERIFY(report(*t->db, true).isEmpty());
        checkTableAgreesWithLiveComparison();
        QVERIFY(users->remove(u));
        auto added = users->add(
            {QStringLiteral("Cy"), QStringLiteral("Day"), QStringLiteral("cy@x.com"), {}, {}}, c,
            Permissions::fromStored(QStringLiteral("tickets")));
        QVERIFY(added);
        QCOMPARE(report(*t->db, true).size(), 1);
        checkTableAgreesWithLiveComparison();
    }

    void keepInStepIsOffUntilTurnedOnAndRemembered()
    {
        QVERIFY(!match->keepInStep());
        QVERIFY(match->setKeepInStep(true));
        QVERIFY(MatchService(t->openAgain()).keepInStep());
        QVERIFY(match->setKeepInStep(false));
        QVERIFY(!MatchService(t->openAgain()).keepInStep());
    }

    void keepInStepFromAUserWritesTheClientsTheyOwn()
    {
        const auto [u, c] = ownedPair(ann, ann);
        const qint64 other =
            addUser({QStringLiteral("Bo"), QStringLiteral("Ray"), QStringLiteral("bo@x.com"), {}});
        auto otherClient = clients->add(profile(ann), other);
        QVERIFY(otherClient);
        // Ann is only staff on Bo's client: it is not hers to keep in step.
        QVERIFY(access->grant(u, *otherClient, Permissions::fromStored(QStringLiteral("tickets"))));
        auto user = users->find(u);
        UserChanges changes;
        changes.email = QStringLiteral("ann.lee@x.com");
        changes.lastName = QStringLiteral("Lee-Smith");
        auto steps = match->stepsForUser(*user, changes);
        QVERIFY(steps);
        QCOMPARE(steps->changes.size(), 2);
        for (const PlannedChange& change : steps->changes)
            QCOMPARE(change.clientId, c);
        QCOMPARE(steps->clients.size(), 1);
        const int logBefore = descriptions(*t->db).size();
        auto saved = match->saveUserInStep(*user, changes, *steps);
        QVERIFY2(saved, saved ? "" : qPrintable(saved.error().message));
        QCOMPARE(saved->email, QStringLiteral("ann.lee@x.com"));
        QVERIFY(compared(u, c).differences.isEmpty());
        QCOMPARE(descriptions(*t->db).size(), logBefore + 2);
        auto untouched = clients->find(*otherClient);
        QCOMPARE(untouched->value(QStringLiteral("email")), QStringLiteral("ann@x.com"));
        checkTableAgreesWithLiveComparison();
    }

    void keepInStepIsRefusedWhenTheOwnerChangedMeanwhile()
    {
        const auto [u, c] = ownedPair(ann, ann);
        const qint64 bo =
            addUser({QStringLiteral("Bo"), QStringLiteral("Ray"), QStringLiteral("bo@x.com"), {}});
        auto user = users->find(u);
        UserChanges changes;
        changes.lastName = QStringLiteral("  Lee-Smith "); // typed with spaces
        auto steps = match->stepsForUser(*user, changes);
        QVERIFY(steps);
        QCOMPARE(steps->changes.size(), 1);
        QVERIFY(AccessService(t->openAgain()).makeOwner(bo, c));
        auto saved = match->saveUserInStep(*user, changes, *steps);
        QVERIFY(!saved);
        QCOMPARE(saved.error().kind, Error::Kind::Conflict);
        QCOMPARE(users->find(u)->lastName, QStringLiteral("Lee"));
        // Saved on its own, the name is stored without the spaces around it.
        auto plain = users->update(*users->find(u), changes);
        QVERIFY(plain);
        QCOMPARE(plain->lastName, QStringLiteral("Lee-Smith"));
    }

    void keepInStepFromAClientIsRefusedWholeOnAnEmailClash()
    {
        addUser({QStringLiteral("Tak"), QStringLiteral("En"), QStringLiteral("taken@x.com"), {}});
        const auto [u, c] = ownedPair(ann, ann);
        auto client = clients->find(c);
        const QMap<QString, QString> changes{
            {QStringLiteral("email"), QStringLiteral("taken@x.com")},
            {QStringLiteral("city"), QStringLiteral("York")}};
        auto steps = match->stepsForClient(*client, changes);
        QVERIFY(steps);
        QCOMPARE(steps->changes.size(), 1);
        QVERIFY(steps->changes.first().onUser);
        const QVariantMap clientBefore = row(*t->db, "tblclients", c);
        auto saved = match->saveClientInStep(*client, changes, *steps);
        QVERIFY(!saved);
        QCOMPARE(saved.error().kind, Error::Kind::Clash);
        QCOMPARE(row(*t->db, "tblclients", c), clientBefore);
        // Without the user side the client saves on its own.
        QVERIFY(clients->update(*client, changes));
        QCOMPARE(ownerReportCount(*t->db), 1);
    }
};

QTEST_GUILESS_MAIN(TestMatchService)
#include "tst_matchservice.moc"
