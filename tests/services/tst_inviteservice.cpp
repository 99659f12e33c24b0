// Accepting an invite (the Admin Area's Copy Link, or an owner's User Management): by a
// signed-in user or by registering a new one, the link made with the invite's permissions
// and the invite marked accepted in one transaction; an unknown, expired (7 days, on the
// test's clock), cancelled or used invite refused saying which.
#include "domain/invitelink.h"
#include "services/accessservice.h"
#include "services/clientservice.h"
#include "services/inviteservice.h"
#include "services/signinservice.h"
#include "services/userservice.h"
#include "storage/rowstore.h"
#include "testsupport.h"

#include <QTest>

using namespace accord;
using accord::test::column;
using accord::test::descriptions;
using accord::test::TempDatabase;

namespace {
const QString password = QStringLiteral("invited-pass-1");

Permissions invoicesAndTickets()
{
    Permissions p;
    p.set(Permission::Invoices);
    p.set(Permission::Tickets);
    return p;
}
} // namespace

class TestInviteService : public QObject
{
    Q_OBJECT

    std::unique_ptr<TempDatabase> t;
    qint64 client = 0;
    qint64 owner = 0;
    qint64 bob = 0; // an existing user without access
    Invite invite;
    QDateTime m_now;

    InviteService service()
    {
        return InviteService(t->db, [this] { return m_now; });
    }
    ClientAreaIdentity bobSignedIn()
    {
        return ClientAreaIdentity::user(bob, QStringLiteral("bob@x.com"));
    }
    std::optional<Access> linkOf(qint64 userId)
    {
        auto links = ClientService(t->db).accessOf(client);
        for (const Access& a : *links)
            if (a.userId == userId)
                return a;
        return std::nullopt;
    }
    QDateTime acceptedAt(qint64 inviteId)
    {
        return storedDate(column(*t->db,
                                 QStringLiteral("SELECT accepted_at FROM tbluser_invites WHERE "
                                                "id = ?"),
                                 {inviteId}));
    }

private slots:
    void initTestCase_data() { test::addEngineRows(); }
    void init()
    {
        test::useRowEngine();
        t = std::make_unique<TempDatabase>();
        owner = test::addUser(t->db, QStringLiteral("Olivia"), QStringLiteral("Lee"),
                              QStringLiteral("olivia@x.com"));
        client = test::addClient(t->db, owner, QStringLiteral("Olivia"), QStringLiteral("Lee"),
                                 QStringLiteral("olivia@x.com"));
        bob = *UserService(t->db).add({QStringLiteral("Bob"), QStringLiteral("Ray"),
                                       QStringLiteral("bob@x.com"), QString(), password});
        auto made =
            AccessService(t->db).invite(client, QStringLiteral("bob@x.com"), invoicesAndTickets());
        QVERIFY(made.ok());
        invite = *made;
        m_now = QDateTime::currentDateTimeUtc();
    }
    void cleanup() { t.reset(); }

    void aSignedInUserAcceptsTheCopiedLink()
    {
        auto found = service().find(inviteLink(invite.token));
        QVERIFY2(found.ok(), qPrintable(found ? QString() : found.error().message));
        QCOMPARE(found->invite.id, invite.id);
        QCOMPARE(found->accountName, QStringLiteral("Olivia Lee"));

        auto link =
            service().accept(QStringLiteral("  ") + inviteLink(invite.token), bobSignedIn());
        QVERIFY2(link.ok(), qPrintable(link ? QString() : link.error().message));
        QVERIFY(!link->owner);
        QCOMPARE(link->stored, invoicesAndTickets());
        QCOMPARE(linkOf(bob)->stored, invoicesAndTickets());
        QCOMPARE(column(*t->db,
                        QStringLiteral("SELECT invite_id FROM tblusers_clients WHERE "
                                       "auth_user_id = ? AND client_id = ?"),
                        {bob, client})
                     .toLongLong(),
                 invite.id);
        QCOMPARE(acceptedAt(invite.id).isValid(), true);
        QVERIFY(AccessService(t->db).pendingInvites(client)->isEmpty());
        const QStringList log = descriptions(*t->db);
        QCOMPARE(log.at(log.size() - 2),
                 QStringLiteral("User Account Relationship Created - 'Bob Ray' granted access "
                                "with permissions: invoices,tickets - Client ID: %1 - User ID: %2")
                     .arg(client)
                     .arg(bob));
        QCOMPARE(log.last(), QStringLiteral("User Invite Accepted - 'bob@x.com' - Client ID: %1 - "
                                            "User ID: %2")
                                 .arg(client)
                                 .arg(bob));
    }

    void aBareTokenWorksAsWellAsTheLink()
    {
        QVERIFY(service().accept(invite.token, bobSignedIn()).ok());
    }

    void aNewUserRegistersAndAcceptsAtOnce()
    {
        auto id = service().registerAndAccept(invite.token,
                                              {QStringLiteral("Nia"), QStringLiteral("New"),
                                               QStringLiteral("nia@x.com"), QString(), password});
        QVERIFY2(id.ok(), qPrintable(id ? QString() : id.error().message));
        QCOMPARE(linkOf(*id)->stored, invoicesAndTickets());
        QVERIFY(acceptedAt(invite.id).isValid());
        QCOMPARE(SignInService(t->db).check(QStringLiteral("NIA@x.com"), password)->id, *id);
    }

    void registeringReportsEveryProblemAndCreatesNothing()
    {
        auto r = service().registerAndAccept(invite.token, {QString(), QStringLiteral("New"),
                                                            QStringLiteral("not an email"),
                                                            QString(), QStringLiteral("short")});
        QVERIFY(!r.ok());
        QStringList fields;
        for (const Error& e : r.error().fieldProblems())
            fields << e.field;
        QCOMPARE(fields, (QStringList{QStringLiteral("first_name"), QStringLiteral("email"),
                                      QStringLiteral("password")}));
        auto taken = service().registerAndAccept(
            invite.token, {QStringLiteral("Bobby"), QStringLiteral("Ray"),
                           QStringLiteral("BOB@x.com"), QString(), password});
        QCOMPARE(taken.error().kind, Error::Kind::Clash);
        QCOMPARE(taken.error().field, QStringLiteral("email"));
        QVERIFY(!acceptedAt(invite.id).isValid());
        QCOMPARE(ClientService(t->db).accessOf(client)->size(), 1);
    }

    void anExpiredInviteIsRefusedClearly()
    {
        m_now = invite.createdAt.addDays(Invite::validDays).addSecs(1);
        auto r = service().accept(invite.token, bobSignedIn());
        QVERIFY(!r.ok());
        QCOMPARE(r.error().field, QStringLiteral("invite"));
        QVERIFY2(r.error().message.contains(QLatin1String("expired")),
                 qPrintable(r.error().message));
        QVERIFY(!linkOf(bob));
        m_now = invite.createdAt.addDays(Invite::validDays).addSecs(-1); // still pending
        QVERIFY(service().find(invite.token).ok());
    }

    void aCancelledInviteIsRefusedClearly()
    {
        QVERIFY(AccessService(t->db).cancelInvite(invite.id).ok());
        auto r = service().find(invite.token);
        QVERIFY(!r.ok());
        QVERIFY2(r.error().message.contains(QLatin1String("cancelled")),
                 qPrintable(r.error().message));
        QVERIFY(!service().accept(invite.token, bobSignedIn()).ok());
        QVERIFY(!linkOf(bob));
    }

    void aUsedInviteIsRefusedClearly()
    {
        QVERIFY(service().accept(invite.token, bobSignedIn()).ok());
        const qint64 carol = test::addUser(t->db, QStringLiteral("Carol"), QStringLiteral("Kay"),
                                           QStringLiteral("carol@x.com"));
        auto again = service().accept(
            invite.token, ClientAreaIdentity::user(carol, QStringLiteral("carol@x.com")));
        QVERIFY(!again.ok());
        QVERIFY2(again.error().message.contains(QLatin1String("already used")),
                 qPrintable(again.error().message));
        QVERIFY(!linkOf(carol));
    }

    void anUnknownOrMalformedLinkIsRefused()
    {
        auto unknown = service().find(inviteLink(QStringLiteral("AAAAAAAAAAAAAAAAAAAAAAAA")));
        QCOMPARE(unknown.error().kind, Error::Kind::NotFound);
        QCOMPARE(unknown.error().field, QStringLiteral("invite"));
        auto junk = service().find(QStringLiteral("https://example.com/?a=b c"));
        QCOMPARE(junk.error().kind, Error::Kind::Validation);
        // A token in another case is another token, whatever the column's collation.
        QVERIFY(!service()
                     .find(invite.token.toUpper() == invite.token ? invite.token.toLower()
                                                                  : invite.token.toUpper())
                     .ok());
    }

    void someoneWhoAlreadyHasAccessLeavesTheInviteAlone()
    {
        auto r = service().accept(invite.token,
                                  ClientAreaIdentity::user(owner, QStringLiteral("olivia@x.com")));
        QVERIFY(!r.ok());
        QVERIFY(r.error().record == RecordRef::link(owner, client));
        QVERIFY(!acceptedAt(invite.id).isValid());
    }

    void anAdminPreviewCannotAccept()
    {
        auto r = service().accept(invite.token,
                                  ClientAreaIdentity::preview(bob, QStringLiteral("tester")));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Refused);
        QVERIFY(!linkOf(bob));
    }
};

QTEST_GUILESS_MAIN(TestInviteService)
#include "tst_inviteservice.moc"
