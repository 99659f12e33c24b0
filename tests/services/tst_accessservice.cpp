#include "services/accessservice.h"
#include "services/clientservice.h"
#include "services/userservice.h"
#include "storage/rowstore.h"
#include "testsupport.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace accord;
using accord::test::column;
using accord::test::descriptions;
using accord::test::exec;
using accord::test::TempDatabase;

namespace {

Permissions perms(const char* stored)
{
    return Permissions::fromStored(QString::fromLatin1(stored));
}

const QString allStored = QStringLiteral("profile,contacts,products,manageproducts,productsso,"
                                         "domains,managedomains,invoices,quotes,tickets,"
                                         "affiliates,emails,orders");

} // namespace

class TestAccessService : public QObject
{
    Q_OBJECT

    std::unique_ptr<TempDatabase> t;
    std::unique_ptr<AccessService> access;
    std::unique_ptr<UserService> users;
    qint64 clientId = 0;
    qint64 ownerId = 0; // made with the client
    qint64 bobId = 0;   // not linked

    int logCount() { return descriptions(*t->db).size(); }
    int ownerCount()
    {
        return column(*t->db,
                      QStringLiteral("SELECT count(*) FROM tblusers_clients WHERE client_id = ? "
                                     "AND owner = 1"),
                      {clientId})
            .toInt();
    }
    std::optional<Access> link(qint64 userId)
    {
        ClientService clients(t->db);
        auto links = clients.accessOf(clientId);
        if (!links)
            qFatal("cannot list links");
        for (const Access& a : *links)
            if (a.userId == userId)
                return a;
        return std::nullopt;
    }

private slots:
    void initTestCase_data() { test::addEngineRows(); }
    void init()
    {
        test::useRowEngine();
        t = std::make_unique<TempDatabase>();
        access = std::make_unique<AccessService>(t->db);
        users = std::make_unique<UserService>(t->db);
        ClientService clients(t->db);
        auto c = clients.add({{QStringLiteral("firstname"), QStringLiteral("Ada")},
                              {QStringLiteral("lastname"), QStringLiteral("Lovelace")},
                              {QStringLiteral("email"), QStringLiteral("ada@example.com")},
                              {QStringLiteral("country"), QStringLiteral("GB")}});
        if (!c)
            qFatal("cannot add the client: %s", qPrintable(c.error().message));
        clientId = *c;
        ownerId = clients.accessOf(clientId)->first().userId;
        auto bob = users->add({QStringLiteral("Bob"), QStringLiteral("Ray"),
                               QStringLiteral("bob@x.com"), QString(), QString()});
        if (!bob)
            qFatal("cannot add Bob");
        bobId = *bob;
    }
    void cleanup()
    {
        access.reset();
        users.reset();
        t.reset();
    }

    void grantLinksAUserWithThesePermissions()
    {
        auto granted = access->grant(bobId, clientId, perms("invoices,profile"));
        QVERIFY2(granted.ok(), qPrintable(granted ? QString() : granted.error().message));
        QCOMPARE(granted->userId, bobId);
        QCOMPARE(granted->clientId, clientId);
        QVERIFY(!granted->owner);
        QCOMPARE(granted->stored.toStored(), QStringLiteral("profile,invoices"));
        QCOMPARE(column(*t->db,
                        QStringLiteral("SELECT permissions FROM tblusers_clients WHERE "
                                       "auth_user_id = ? AND client_id = ?"),
                        {bobId, clientId})
                     .toString(),
                 QStringLiteral("profile,invoices"));
        QCOMPARE(descriptions(*t->db).last(),
                 QStringLiteral("User Account Relationship Created - 'Bob Ray' granted access with "
                                "permissions: profile,invoices - Client ID: %1 - User ID: %2")
                     .arg(clientId)
                     .arg(bobId));
        QCOMPARE(users->find(bobId)->clientCount, 1);
    }

    void grantingAgainChangesThePermissions()
    {
        QVERIFY(access->grant(bobId, clientId, perms("profile,invoices")).ok());
        const int before = logCount();
        auto changed = access->grant(bobId, clientId, perms("tickets,emails"));
        QVERIFY(changed.ok());
        QCOMPARE(changed->stored.toStored(), QStringLiteral("tickets,emails"));
        QCOMPARE(logCount(), before + 1);
        QCOMPARE(descriptions(*t->db).last(),
                 QStringLiteral("User Account Relationship Modified - Permissions changed from "
                                "'profile,invoices' to 'tickets,emails' - Client ID: %1 - User "
                                "ID: %2")
                     .arg(clientId)
                     .arg(bobId));
        QCOMPARE(column(*t->db,
                        QStringLiteral("SELECT count(*) FROM tblusers_clients WHERE client_id = ?"),
                        {clientId})
                     .toInt(),
                 2);
    }

    void grantingTheSamePermissionsWritesNothing()
    {
        QVERIFY(access->grant(bobId, clientId, perms("profile,invoices")).ok());
        const int before = logCount();
        QVERIFY(access->grant(bobId, clientId, perms("invoices,profile")).ok());
        QCOMPARE(logCount(), before);
    }

    void aLinkNeedsAtLeastOnePermission()
    {
        auto refused = access->grant(bobId, clientId, Permissions());
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, Error::Kind::Validation);
        QCOMPARE(refused.error().field, QStringLiteral("permissions"));
        QVERIFY(!link(bobId));

        QVERIFY(access->grant(bobId, clientId, perms("tickets")).ok());
        auto emptied = access->grant(bobId, clientId, Permissions());
        QVERIFY(!emptied.ok());
        QCOMPARE(link(bobId)->stored.toStored(), QStringLiteral("tickets"));

        auto invite = access->invite(clientId, QStringLiteral("new@x.com"), Permissions());
        QVERIFY(!invite.ok());
        QCOMPARE(invite.error().field, QStringLiteral("permissions"));
    }

    void grantToAnUnknownUserOrClientIsNotFound()
    {
        const int before = logCount();
        auto noUser = access->grant(999, clientId, perms("tickets"));
        QVERIFY(!noUser.ok());
        QCOMPARE(noUser.error().kind, Error::Kind::NotFound);
        auto noClient = access->grant(bobId, 999, perms("tickets"));
        QVERIFY(!noClient.ok());
        QCOMPARE(noClient.error().kind, Error::Kind::NotFound);
        QCOMPARE(logCount(), before);
    }

    void ownerCannotBeRemoved()
    {
        const int before = logCount();
        auto refused = access->remove(ownerId, clientId);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, Error::Kind::Refused);
        QVERIFY(link(ownerId).has_value());
        QVERIFY(link(ownerId)->owner);
        QCOMPARE(logCount(), before);
    }

    void permissionsCannotBeSetOnOwner()
    {
        const int before = logCount();
        auto refused = access->grant(ownerId, clientId, perms("tickets"));
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, Error::Kind::Refused);
        QCOMPARE(link(ownerId)->stored, Permissions::all());
        QVERIFY(link(ownerId)->owner);
        QCOMPARE(logCount(), before);
    }

    void ownerIsReportedWithAllThirteenWhateverIsStored()
    {
        exec(*t->db,
             QStringLiteral("UPDATE tblusers_clients SET permissions = 'profile' WHERE "
                            "auth_user_id = ? AND client_id = ?"),
             {ownerId, clientId});
        const auto owner = link(ownerId);
        QVERIFY(owner.has_value());
        QCOMPARE(owner->stored.count(), 1);
        QCOMPARE(owner->effective(), Permissions::all());
        QCOMPARE(owner->effective().count(), 13);
        exec(*t->db,
             QStringLiteral("UPDATE tblusers_clients SET permissions = NULL WHERE auth_user_id = ? "
                            "AND client_id = ?"),
             {ownerId, clientId});
        QCOMPARE(link(ownerId)->effective().count(), 13);
        auto mine = users->accessOf(ownerId);
        QVERIFY(mine.ok());
        QCOMPARE(mine->first().effective(), Permissions::all());
    }

    void makeOwnerDemotesOldOwnerWithAllPermissions()
    {
        QVERIFY(access->grant(bobId, clientId, perms("tickets")).ok());
        // The old owner's stored permissions are partial: the demotion stores all 13.
        exec(*t->db,
             QStringLiteral("UPDATE tblusers_clients SET permissions = 'profile' WHERE "
                            "auth_user_id = ? AND client_id = ?"),
             {ownerId, clientId});
        const int before = logCount();
        auto made = access->makeOwner(bobId, clientId);
        QVERIFY2(made.ok(), qPrintable(made ? QString() : made.error().message));
        QVERIFY(made->owner);
        QCOMPARE(made->userId, bobId);
        QCOMPARE(made->stored, Permissions::all());

        const auto old = link(ownerId);
        QVERIFY(old.has_value());
        QVERIFY(!old->owner);
        QCOMPARE(old->stored, Permissions::all());
        QCOMPARE(column(*t->db,
                        QStringLiteral("SELECT permissions FROM tblusers_clients WHERE "
                                       "auth_user_id = ? AND client_id = ?"),
                        {ownerId, clientId})
                     .toString(),
                 allStored);
        QCOMPARE(ownerCount(), 1);

        const QStringList log = descriptions(*t->db).mid(before);
        QCOMPARE(log,
                 (QStringList{
                     QStringLiteral("User Account Relationship Modified - Account Ownership "
                                    "Removed, Permissions changed from 'profile' to '%1' - Client "
                                    "ID: %2 - User ID: %3")
                         .arg(allStored)
                         .arg(clientId)
                         .arg(ownerId),
                     QStringLiteral("User Account Relationship Modified - Account Ownership "
                                    "Granted - Client ID: %1 - User ID: %2")
                         .arg(clientId)
                         .arg(bobId)}));
        // The demoted owner is an ordinary link now: it can be removed.
        QVERIFY(access->remove(ownerId, clientId).ok());
    }

    void makeOwnerLinksAnUnlinkedUser()
    {
        const int before = logCount();
        auto made = access->makeOwner(bobId, clientId);
        QVERIFY(made.ok());
        QVERIFY(made->owner);
        QCOMPARE(ownerCount(), 1);
        QVERIFY(!link(ownerId)->owner);
        const QStringList log = descriptions(*t->db).mid(before);
        QCOMPARE(log.size(), 2);
        QCOMPARE(log.at(0), QStringLiteral("User Account Relationship Modified - Account Ownership "
                                           "Removed - Client ID: %1 - User ID: %2")
                                .arg(clientId)
                                .arg(ownerId));
        QCOMPARE(log.at(1),
                 QStringLiteral("User Account Relationship Created - 'Bob Ray' granted access "
                                "with permissions: %1 - Account Ownership Granted - Client ID: %2 "
                                "- User ID: %3")
                     .arg(allStored)
                     .arg(clientId)
                     .arg(bobId));
    }

    void makingTheOwnerOwnerAgainChangesNothing()
    {
        const int before = logCount();
        auto made = access->makeOwner(ownerId, clientId);
        QVERIFY(made.ok());
        QVERIFY(made->owner);
        QCOMPARE(logCount(), before);
        QCOMPARE(ownerCount(), 1);
    }

    void oneOwnerPerClient()
    {
        auto carol = users->add({QStringLiteral("Carol"), QStringLiteral("Day"),
                                 QStringLiteral("carol@x.com"), QString(), QString()});
        QVERIFY(carol.ok());
        QVERIFY(access->grant(*carol, clientId, perms("orders")).ok());
        for (qint64 id : {bobId, *carol, ownerId, *carol, bobId}) {
            QVERIFY(access->makeOwner(id, clientId).ok());
            QCOMPARE(ownerCount(), 1);
            QVERIFY(link(id)->owner);
        }
        // Every non-owner link kept (or got) all permissions from its time as owner.
        QCOMPARE(link(*carol)->stored, Permissions::all());
        QCOMPARE(link(ownerId)->stored, Permissions::all());
    }

    void removeAccess()
    {
        QVERIFY(access->grant(bobId, clientId, perms("tickets")).ok());
        const int before = logCount();
        QVERIFY(access->remove(bobId, clientId).ok());
        QVERIFY(!link(bobId));
        QCOMPARE(logCount(), before + 1);
        QCOMPARE(descriptions(*t->db).last(),
                 QStringLiteral("User Account Relationship Removed - 'Bob Ray' access removed - "
                                "Client ID: %1 - User ID: %2")
                     .arg(clientId)
                     .arg(bobId));
        // The user remains; only the link went.
        QVERIFY(users->find(bobId).ok());
        auto again = access->remove(bobId, clientId);
        QVERIFY(!again.ok());
        QCOMPARE(again.error().kind, Error::Kind::NotFound);
    }

    void inviteCreatesAPendingRowWithATokenValidSevenDays()
    {
        const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
        auto invite =
            access->invite(clientId, QStringLiteral(" New@X.com "), perms("invoices,tickets"));
        QVERIFY2(invite.ok(), qPrintable(invite ? QString() : invite.error().message));
        const QDateTime after = QDateTime::currentDateTimeUtc().addSecs(1);
        QVERIFY(invite->id > 0);
        QCOMPARE(invite->email, QStringLiteral("New@X.com"));
        QCOMPARE(invite->clientId, clientId);
        QCOMPARE(invite->permissions.toStored(), QStringLiteral("invoices,tickets"));
        QVERIFY2(invite->token.size() >= 32, qPrintable(invite->token));
        QVERIFY(invite->createdAt >= before && invite->createdAt <= after);
        QCOMPARE(invite->expiresAt(), invite->createdAt.addDays(7));
        QVERIFY(invite->isPending(QDateTime::currentDateTimeUtc()));
        QVERIFY(invite->isPending(invite->createdAt.addDays(7).addSecs(-1)));
        QVERIFY(!invite->isPending(invite->createdAt.addDays(7)));

        QSqlQuery q(t->db->connection());
        QVERIFY(
            q.exec(QStringLiteral("SELECT token, email, client_id, invited_by_admin, "
                                  "permissions, accepted_at, deleted_at FROM tbluser_invites")));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), invite->token);
        QCOMPARE(q.value(1).toString(), QStringLiteral("New@X.com"));
        QCOMPARE(q.value(2).toLongLong(), clientId);
        QCOMPARE(q.value(3).toInt(), 1);
        QCOMPARE(q.value(4).toString(), QStringLiteral("invoices,tickets"));
        QVERIFY(q.value(5).isNull());
        QVERIFY(q.value(6).isNull());
        QVERIFY(!q.next());

        auto pending = access->pendingInvites(clientId);
        QVERIFY(pending.ok());
        QCOMPARE(pending->size(), 1);
        QCOMPARE(pending->first().token, invite->token);
        QCOMPARE(descriptions(*t->db).last(),
                 QStringLiteral("User Invite Sent - 'New@X.com' invited with permissions: "
                                "invoices,tickets - Client ID: %1")
                     .arg(clientId));
        // Invites create no user and no link.
        QCOMPARE(column(*t->db, QStringLiteral("SELECT count(*) FROM tblusers WHERE email LIKE "
                                               "'new@%'"))
                     .toInt(),
                 0);
    }

    void tokensAreUnique()
    {
        auto a = access->invite(clientId, QStringLiteral("a@x.com"), perms("tickets"));
        auto b = access->invite(clientId, QStringLiteral("b@x.com"), perms("tickets"));
        QVERIFY(a.ok() && b.ok());
        QVERIFY(a->token != b->token);
    }

    void anInviteOlderThanSevenDaysIsNoLongerPending()
    {
        auto invite = access->invite(clientId, QStringLiteral("late@x.com"), perms("tickets"));
        QVERIFY(invite.ok());
        exec(*t->db, QStringLiteral("UPDATE tbluser_invites SET created_at = ? WHERE id = ?"),
             {t->db->dialect().timestamp(
                  storedDateText(QDateTime::currentDateTimeUtc().addDays(-8))),
              invite->id});
        QVERIFY(access->pendingInvites(clientId)->isEmpty());
        // ...so the same address may be invited again.
        QVERIFY(access->invite(clientId, QStringLiteral("late@x.com"), perms("tickets")).ok());
    }

    void inviteIsRefusedForABadEmailALinkedUserOrAPendingInvite()
    {
        const int before = logCount();
        auto bad = access->invite(clientId, QStringLiteral("not an email"), perms("tickets"));
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().kind, Error::Kind::Validation);
        QCOMPARE(bad.error().field, QStringLiteral("email"));

        auto linked = access->invite(clientId, QStringLiteral("ADA@example.com"), perms("tickets"));
        QVERIFY(!linked.ok());
        QCOMPARE(linked.error().kind, Error::Kind::Clash);
        QCOMPARE(logCount(), before);

        QVERIFY(access->invite(clientId, QStringLiteral("élodie@x.fr"), perms("tickets")).ok());
        auto twice = access->invite(clientId, QStringLiteral("ÉLODIE@x.fr"), perms("orders"));
        QVERIFY(!twice.ok());
        QCOMPARE(twice.error().kind, Error::Kind::Clash);
        QCOMPARE(access->pendingInvites(clientId)->size(), 1);

        auto noClient = access->invite(999, QStringLiteral("x@x.com"), perms("tickets"));
        QVERIFY(!noClient.ok());
        QCOMPARE(noClient.error().kind, Error::Kind::NotFound);
    }

    void everyProblemOfAnInviteIsReportedAtOnce()
    {
        const int before = logCount();
        auto bad = access->invite(clientId, QStringLiteral("not an email"), Permissions());
        QVERIFY(!bad.ok());
        QCOMPARE(bad.error().fieldProblems().size(), 2);
        QCOMPARE(bad.error().fieldProblems().at(0).field, QStringLiteral("email"));
        QCOMPARE(bad.error().fieldProblems().at(1).field, QStringLiteral("permissions"));
        QCOMPARE(logCount(), before);
    }

    void associateRefusesAUserWhoAlreadyHasAccess()
    {
        QVERIFY(access->associate(bobId, clientId, perms("tickets")).ok());
        auto again = access->associate(bobId, clientId, perms("invoices"));
        QVERIFY(!again.ok());
        QCOMPARE(again.error().field, QStringLiteral("user"));
        QCOMPARE(again.error().record, RecordRef::link(bobId, clientId));
        QCOMPARE(link(bobId)->stored, perms("tickets")); // unchanged
        auto owner = access->associate(ownerId, clientId, perms("invoices"));
        QVERIFY(!owner.ok());
        QCOMPARE(owner.error().field, QStringLiteral("user"));
    }

    void cancelInvite()
    {
        auto invite = access->invite(clientId, QStringLiteral("new@x.com"), perms("tickets"));
        QVERIFY(invite.ok());
        const int before = logCount();
        QVERIFY(access->cancelInvite(invite->id).ok());
        QVERIFY(access->pendingInvites(clientId)->isEmpty());
        QVERIFY(!column(*t->db,
                        QStringLiteral("SELECT deleted_at FROM tbluser_invites WHERE id = ?"),
                        {invite->id})
                     .isNull()); // soft delete: the row stays
        QCOMPARE(logCount(), before + 1);
        QCOMPARE(
            descriptions(*t->db).last(),
            QStringLiteral("User Invite Cancelled - 'new@x.com' - Client ID: %1").arg(clientId));

        auto again = access->cancelInvite(invite->id);
        QVERIFY(!again.ok());
        QCOMPARE(logCount(), before + 1);
        auto missing = access->cancelInvite(4242);
        QVERIFY(!missing.ok());
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);
    }

    void activityRowsNameTheOperatorAndBothIds()
    {
        QVERIFY(access->grant(bobId, clientId, perms("tickets")).ok());
        QSqlQuery q(t->db->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT %1, userid, user_id, admin_id, ipaddr, date FROM "
                                      "tblactivitylog ORDER BY id DESC LIMIT 1")
                           .arg(t->db->dialect().quoteIdentifier(QStringLiteral("user")))));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("tester"));
        QCOMPARE(q.value(1).toLongLong(), clientId);
        QCOMPARE(q.value(2).toLongLong(), bobId);
        QCOMPARE(q.value(3).toLongLong(), 0);
        QCOMPARE(q.value(4).toString(), QString());
        QVERIFY(storedDate(q.value(5)).isValid());
    }

    void failedMakeOwnerRollsBackTheDemotion()
    {
        QVERIFY(access->grant(bobId, clientId, perms("tickets")).ok());
        // Fail the last step (the new owner's log row), after the old owner was demoted.
        test::injectFailure(*t->db, QStringLiteral("tblactivitylog"),
                            QStringLiteral("NEW.description LIKE '%Ownership Granted%'"));
        const int before = logCount();
        auto made = access->makeOwner(bobId, clientId);
        QVERIFY(!made.ok());
        test::removeInjectedFailure(*t->db, QStringLiteral("tblactivitylog"));
        QVERIFY(link(ownerId)->owner);
        QVERIFY(!link(bobId)->owner);
        QCOMPARE(link(bobId)->stored.toStored(), QStringLiteral("tickets"));
        QCOMPARE(ownerCount(), 1);
        QCOMPARE(logCount(), before);
    }

    void grantAfterAnotherSessionRemovedTheLinkLinksAnew()
    {
        QVERIFY(access->grant(bobId, clientId, perms("tickets")).ok());
        const DatabasePtr otherDb = t->openAgain();
        AccessService other(otherDb);
        // The other session removes the link; this one's change then finds nothing to change
        // and links anew rather than resurrecting stale permissions.
        QVERIFY(other.remove(bobId, clientId).ok());
        auto granted = access->grant(bobId, clientId, perms("orders"));
        QVERIFY(granted.ok());
        QCOMPARE(granted->stored.toStored(), QStringLiteral("orders"));
    }
};

QTEST_GUILESS_MAIN(TestAccessService)
#include "tst_accessservice.moc"
