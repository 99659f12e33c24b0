// The Client Area's rules, on the services themselves (not through hidden widgets): only
// linked accounts, Account Details for the owner or with `profile`, User Management for the
// owner, Your Profile for the user's own login, Change Password with the current one — each
// refusal typed and about the link, checked in the write's own transaction. And the log in
// the Client Area's wording, with the user (or the previewing admin) as the actor.
#include "domain/clientarearules.h"
#include "services/accessservice.h"
#include "services/clientareaservice.h"
#include "services/clientservice.h"
#include "services/matchservice.h"
#include "services/signinservice.h"
#include "services/userservice.h"
#include "storage/rowstore.h"
#include "testsupport.h"

#include <QSqlQuery>
#include <QTest>

using namespace accord;
using accord::test::column;
using accord::test::descriptions;
using accord::test::exec;
using accord::test::TempDatabase;

namespace {
const QString password = QStringLiteral("client-area-1");

Permissions only(std::initializer_list<Permission> chosen)
{
    Permissions out;
    for (Permission p : chosen)
        out.set(p);
    return out;
}
Permissions only(Permission p)
{
    return only({p});
}

// The activity log's actor and description of each row, oldest first.
QList<QPair<QString, QString>> actorsAndDescriptions(Database& db)
{
    QSqlQuery q(db.connection());
    if (!q.exec(QStringLiteral("SELECT %1, description FROM tblactivitylog ORDER BY id")
                    .arg(db.dialect().quoteIdentifier(QStringLiteral("user")))))
        qFatal("cannot read the activity log");
    QList<QPair<QString, QString>> out;
    while (q.next())
        out << qMakePair(q.value(0).toString(), q.value(1).toString());
    return out;
}
} // namespace

class TestClientAreaService : public QObject
{
    Q_OBJECT

    std::unique_ptr<TempDatabase> t;
    qint64 owner = 0; // owns `client`
    qint64 client = 0;
    qint64 staff = 0;  // linked to `client` with tickets only
    qint64 editor = 0; // linked to `client` with profile
    qint64 other = 0;  // a client none of them is linked to
    qint64 stranger = 0;

    qint64 addUser(const QString& first, const QString& email)
    {
        auto id =
            UserService(t->db).add({first, QStringLiteral("Lee"), email, QString(), password});
        if (!id)
            qFatal("cannot add %s: %s", qPrintable(email), qPrintable(id.error().message));
        return *id;
    }
    ClientAreaService as(qint64 userId)
    {
        return ClientAreaService(t->db, ClientAreaIdentity::user(userId, email(userId)));
    }
    QString email(qint64 userId) { return UserService(t->db).find(userId)->email; }
    User user(qint64 id) { return *UserService(t->db).find(id); }
    ClientAccount clientRecord(qint64 id) { return *ClientService(t->db).find(id); }
    int logRows() { return descriptions(*t->db).size(); }

    // Every refusal of a rule: typed, about the link, and nothing written.
    template <typename R>
    void expectRefusedAboutLink(const R& result, Error::Kind kind, qint64 userId, qint64 clientId)
    {
        QVERIFY(!result.ok());
        QCOMPARE(result.error().kind, kind);
        QCOMPARE(result.error().record, RecordRef::link(userId, clientId));
    }

private slots:
    void initTestCase_data() { test::addEngineRows(); }
    void init()
    {
        test::useRowEngine();
        t = std::make_unique<TempDatabase>();
        owner = addUser(QStringLiteral("Olivia"), QStringLiteral("olivia@x.com"));
        client = test::addClient(t->db, owner, QStringLiteral("Olivia"), QStringLiteral("Lee"),
                                 QStringLiteral("olivia@x.com"));
        staff = addUser(QStringLiteral("Sam"), QStringLiteral("sam@x.com"));
        editor = addUser(QStringLiteral("Pat"), QStringLiteral("pat@x.com"));
        stranger = addUser(QStringLiteral("Zed"), QStringLiteral("zed@x.com"));
        other = test::addClient(t->db, stranger, QStringLiteral("Zed"), QStringLiteral("Lee"),
                                QStringLiteral("zed@x.com"));
        QVERIFY(AccessService(t->db).grant(staff, client, only(Permission::Tickets)).ok());
        QVERIFY(AccessService(t->db).grant(editor, client, only(Permission::Profile)).ok());
    }
    void cleanup() { t.reset(); }

    // ---- accounts ----

    void switchAccountListsExactlyTheLinkedAccounts()
    {
        QVERIFY(AccessService(t->db).grant(staff, other, only(Permission::Invoices)).ok());
        auto mine = as(staff).accounts();
        QVERIFY(mine.ok());
        QCOMPARE(mine->size(), 2);
        QCOMPARE(mine->at(0).link.clientId, client);
        QCOMPARE(mine->at(1).link.clientId, other);
        QCOMPARE(mine->at(1).client->firstName(), QStringLiteral("Zed"));
        QCOMPARE(as(owner).accounts()->size(), 1);
        const qint64 lonely = addUser(QStringLiteral("Lou"), QStringLiteral("lou@x.com"));
        QVERIFY(as(lonely).accounts()->isEmpty());
    }

    void enteringAnAccountWritesTheLinksLastLoginButNotInAPreview()
    {
        auto entered = as(staff).enter(client);
        QVERIFY(entered.ok());
        QCOMPARE(entered->client->id, client);
        QVERIFY(entered->link.lastLogin.isValid());
        auto links = ClientService(t->db).accessOf(client);
        for (const Access& link : *links)
            QCOMPARE(link.lastLogin.isValid(), link.userId == staff); // only the one who entered

        const ClientAreaService preview(
            t->db, ClientAreaIdentity::preview(editor, QStringLiteral("admin")));
        auto looked = preview.enter(client);
        QVERIFY(looked.ok());
        QVERIFY(!looked->link.lastLogin.isValid());
        QVERIFY(!AccessService(t->db)
                     .grant(editor, client, only(Permission::Profile))
                     ->lastLogin.isValid());
    }

    void anAccountTheUserIsNotLinkedToIsNotFound()
    {
        expectRefusedAboutLink(as(staff).enter(other), Error::Kind::NotFound, staff, other);
        expectRefusedAboutLink(as(owner).accountDetails(other), Error::Kind::NotFound, owner,
                               other);
        const ClientAccount theirs = clientRecord(other);
        const int rows = logRows();
        expectRefusedAboutLink(
            as(owner).updateAccountDetails(theirs, {{QStringLiteral("city"), QStringLiteral("X")}}),
            Error::Kind::NotFound, owner, other);
        expectRefusedAboutLink(as(owner).accountUsers(other), Error::Kind::NotFound, owner, other);
        expectRefusedAboutLink(
            as(owner).invite(other, QStringLiteral("new@x.com"), only(Permission::Tickets)),
            Error::Kind::NotFound, owner, other);
        QCOMPARE(clientRecord(other).value(QStringLiteral("city")),
                 theirs.value(QStringLiteral("city")));
        QCOMPARE(logRows(), rows);
    }

    // ---- Account Details ----

    void accountDetailsNeedTheOwnerOrTheProfilePermission()
    {
        QVERIFY(as(owner).accountDetails(client).ok());
        QVERIFY(as(editor).accountDetails(client).ok());
        expectRefusedAboutLink(as(staff).accountDetails(client), Error::Kind::Refused, staff,
                               client);
        QVERIFY(mayEditAccountDetails(
            *AccessService(t->db).grant(editor, client, only(Permission::Profile))));
    }

    void withoutProfileAccountDetailsAreNotSavedAndNothingIsLogged()
    {
        const ClientAccount loaded = clientRecord(client);
        const int rows = logRows();
        expectRefusedAboutLink(as(staff).updateAccountDetails(
                                   loaded, {{QStringLiteral("companyname"), QStringLiteral("Co")}}),
                               Error::Kind::Refused, staff, client);
        // A save that changes nothing is refused alike: the rule is not about the values.
        expectRefusedAboutLink(as(staff).updateAccountDetails(loaded, {}), Error::Kind::Refused,
                               staff, client);
        QCOMPARE(clientRecord(client), loaded);
        QCOMPARE(logRows(), rows);
    }

    void thePermissionIsCheckedWhenTheSaveIsWritten()
    {
        // Loaded with the permission; the owner takes it away before the save.
        auto loaded = as(editor).accountDetails(client);
        QVERIFY(loaded.ok());
        QVERIFY(as(owner).setPermissions(client, editor, only(Permission::Tickets)).ok());
        expectRefusedAboutLink(as(editor).updateAccountDetails(
                                   *loaded, {{QStringLiteral("city"), QStringLiteral("Leeds")}}),
                               Error::Kind::Refused, editor, client);
        QCOMPARE(clientRecord(client).value(QStringLiteral("city")), QString());
    }

    void accountDetailsAreSavedAndLoggedWithTheUserAsTheActor()
    {
        const ClientAccount loaded = *as(editor).accountDetails(client);
        auto saved = as(editor).updateAccountDetails(
            loaded, {{QStringLiteral("companyname"), QStringLiteral("Lee & Co")},
                     {QStringLiteral("email"), QStringLiteral("billing@lee.example")}});
        QVERIFY2(saved.ok(), qPrintable(saved ? QString() : saved.error().message));
        QCOMPARE(saved->companyName(), QStringLiteral("Lee & Co"));
        QCOMPARE(clientRecord(client).email(), QStringLiteral("billing@lee.example"));
        QVERIFY(!clientRecord(client).emailVerified);
        const auto last = actorsAndDescriptions(*t->db).last();
        QCOMPARE(last.first, QStringLiteral("pat@x.com"));
        QCOMPARE(last.second, QStringLiteral("Client Profile Modified - Company Name: '' to 'Lee & "
                                             "Co', Email: 'olivia@x.com' to "
                                             "'billing@lee.example' - Client ID: %1")
                                  .arg(client));
        QCOMPARE(
            column(*t->db, QStringLiteral("SELECT user_id FROM tblactivitylog ORDER BY id DESC"))
                .toLongLong(),
            editor);
        // The user's own login is a separate record: untouched.
        QCOMPARE(user(owner).email, QStringLiteral("olivia@x.com"));
    }

    void theAccountsStatusIsNotTheClientAreasToChange()
    {
        const ClientAccount loaded = *as(owner).accountDetails(client);
        auto r = as(owner).updateAccountDetails(
            loaded, {{QStringLiteral("status"), QStringLiteral("Closed")},
                     {QStringLiteral("city"), QStringLiteral("Leeds")}});
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Refused);
        QVERIFY(r.error().record.isClient(client));
        QCOMPARE(clientRecord(client).value(QStringLiteral("status")), QStringLiteral("Active"));
        QCOMPARE(clientRecord(client).value(QStringLiteral("city")), QString());
        // Sent back unchanged, it is no change.
        QVERIFY(
            as(owner)
                .updateAccountDetails(loaded, {{QStringLiteral("status"), QStringLiteral("Active")},
                                               {QStringLiteral("city"), QStringLiteral("Leeds")}})
                .ok());
    }

    void aStaleAccountDetailsSaveIsAConflict()
    {
        const ClientAccount loaded = *as(editor).accountDetails(client);
        QVERIFY(ClientService(t->db)
                    .update(loaded, {{QStringLiteral("city"), QStringLiteral("York")}})
                    .ok());
        auto stale = as(editor).updateAccountDetails(
            loaded, {{QStringLiteral("city"), QStringLiteral("Leeds")}});
        QVERIFY(!stale.ok());
        QCOMPARE(stale.error().kind, Error::Kind::Conflict);
        QVERIFY(stale.error().record.isClient(client));
    }

    // ---- Your Profile ----

    void yourProfileMovesTheLoginAndClearsVerification()
    {
        exec(*t->db, QStringLiteral("UPDATE tblusers SET email_verified_at = ? WHERE id = ?"),
             {t->db->dialect().timestamp(QStringLiteral("2024-01-01T00:00:00Z")), staff});
        UserChanges changes;
        changes.firstName = QStringLiteral("Samuel");
        changes.email = QStringLiteral("samuel@y.org");
        auto saved = as(staff).updateProfile(user(staff), changes);
        QVERIFY2(saved.ok(), qPrintable(saved ? QString() : saved.error().message));
        QCOMPARE(saved->email, QStringLiteral("samuel@y.org"));
        QVERIFY(!saved->emailVerifiedAt.isValid());
        // The old email no longer signs in; the new one does, with the same password.
        QVERIFY(!SignInService(t->db).check(QStringLiteral("sam@x.com"), password).ok());
        QCOMPARE(SignInService(t->db).check(QStringLiteral("samuel@y.org"), password)->id, staff);
        // Logged in the Client Area's wording, the user acting.
        const auto rows = actorsAndDescriptions(*t->db);
        QCOMPARE(rows.at(rows.size() - 2),
                 qMakePair(QStringLiteral("sam@x.com"),
                           QStringLiteral("User Profile Modified - First Name changed from 'Sam' "
                                          "to 'Samuel' - User ID: %1")
                               .arg(staff)));
        QCOMPARE(rows.last(),
                 qMakePair(QStringLiteral("sam@x.com"),
                           QStringLiteral("Email Modified - Email Address changed from "
                                          "'sam@x.com' to 'samuel@y.org' - User ID: %1")
                               .arg(staff)));
    }

    void yourProfileChangesOnlyYourOwnNamesEmailAndLanguage()
    {
        UserChanges rename;
        rename.lastName = QStringLiteral("Other");
        auto notMine = as(staff).updateProfile(user(editor), rename);
        QVERIFY(!notMine.ok());
        QCOMPARE(notMine.error().kind, Error::Kind::Refused);
        QVERIFY(notMine.error().record.isUser(editor));
        for (int i = 0; i < 3; ++i) {
            UserChanges more;
            if (i == 0)
                more.password = QStringLiteral("sneaky new pass");
            else if (i == 1)
                more.emailVerified = true;
            else
                more.disableTwoFactor = true;
            auto r = as(staff).updateProfile(user(staff), more);
            QVERIFY(!r.ok());
            QCOMPARE(r.error().kind, Error::Kind::Refused);
        }
        QCOMPARE(user(editor).lastName, QStringLiteral("Lee"));
        QVERIFY(SignInService(t->db).check(QStringLiteral("sam@x.com"), password).ok());
    }

    void anEmailAnotherUserHasIsRefusedNextToTheField()
    {
        UserChanges changes;
        changes.email = QStringLiteral("PAT@x.com");
        auto r = as(staff).updateProfile(user(staff), changes);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Clash);
        QCOMPARE(r.error().field, QStringLiteral("email"));
    }

    void anAdminPreviewIsLoggedAsTheOperatorPreviewingTheUser()
    {
        const ClientAreaService preview(
            t->db, ClientAreaIdentity::preview(staff, QStringLiteral("tester")));
        UserChanges changes;
        changes.language = QStringLiteral("french");
        QVERIFY(preview.updateProfile(user(staff), changes).ok());
        QCOMPARE(actorsAndDescriptions(*t->db).last().first,
                 QStringLiteral("tester (preview of User ID %1)").arg(staff));
        // And it may not change the password.
        auto r = preview.changePassword(password, QStringLiteral("another pass 1"));
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::Refused);
        QVERIFY(SignInService(t->db).check(QStringLiteral("sam@x.com"), password).ok());
    }

    // ---- Change Password ----

    void changePasswordNeedsTheCurrentOneAndEightCharacters()
    {
        auto wrong = as(staff).changePassword(QStringLiteral("not it at all"),
                                              QStringLiteral("a new password"));
        QVERIFY(!wrong.ok());
        QCOMPARE(wrong.error().field, QStringLiteral("current_password"));
        auto tooShort = as(staff).changePassword(password, QStringLiteral("short"));
        QVERIFY(!tooShort.ok());
        QCOMPARE(tooShort.error().field, QStringLiteral("new_password"));
        QVERIFY(SignInService(t->db).check(QStringLiteral("sam@x.com"), password).ok());

        QVERIFY(as(staff).changePassword(password, QStringLiteral("a new password")).ok());
        QVERIFY(!SignInService(t->db).check(QStringLiteral("sam@x.com"), password).ok());
        QVERIFY(SignInService(t->db)
                    .check(QStringLiteral("sam@x.com"), QStringLiteral("a new password"))
                    .ok());
        QCOMPARE(actorsAndDescriptions(*t->db).last(),
                 qMakePair(QStringLiteral("sam@x.com"),
                           QStringLiteral("Password Change Request - Password Changed - User ID: "
                                          "%1")
                               .arg(staff)));
    }

    // ---- User Management ----

    void userManagementIsTheOwnersAlone()
    {
        for (qint64 notOwner : {staff, editor}) {
            const ClientAreaService area = as(notOwner);
            const int rows = logRows();
            expectRefusedAboutLink(area.accountUsers(client), Error::Kind::Refused, notOwner,
                                   client);
            expectRefusedAboutLink(area.pendingInvites(client), Error::Kind::Refused, notOwner,
                                   client);
            expectRefusedAboutLink(
                area.invite(client, QStringLiteral("new@x.com"), only(Permission::Tickets)),
                Error::Kind::Refused, notOwner, client);
            expectRefusedAboutLink(area.setPermissions(client, staff, Permissions::all()),
                                   Error::Kind::Refused, notOwner, client);
            expectRefusedAboutLink(area.removeAccess(client, staff), Error::Kind::Refused, notOwner,
                                   client);
            QCOMPARE(logRows(), rows);
        }
        QCOMPARE(ClientService(t->db).accessOf(client)->size(), 3);
        QVERIFY(!mayManageUsers(
            *AccessService(t->db).grant(editor, client, only(Permission::Profile))));
    }

    void theOwnerInvitesAsThemself()
    {
        auto invite =
            as(owner).invite(client, QStringLiteral("new@x.com"), only(Permission::Invoices));
        QVERIFY2(invite.ok(), qPrintable(invite ? QString() : invite.error().message));
        QCOMPARE(invite->permissions, only(Permission::Invoices));
        QCOMPARE(test::storedText(*t->db, "SELECT invited_by FROM tbluser_invites WHERE id = ?",
                                  invite->id),
                 QString::number(owner));
        QCOMPARE(test::storedText(*t->db,
                                  "SELECT invited_by_admin FROM tbluser_invites WHERE id = ?",
                                  invite->id),
                 QStringLiteral("0"));
        QCOMPARE(as(owner).pendingInvites(client)->size(), 1);
        QCOMPARE(actorsAndDescriptions(*t->db).last().first, QStringLiteral("olivia@x.com"));
        // The Admin Area's rules: one pending invite per email, none for someone linked.
        QCOMPARE(as(owner)
                     .invite(client, QStringLiteral("NEW@x.com"), only(Permission::Quotes))
                     .error()
                     .kind,
                 Error::Kind::Clash);
        QCOMPARE(as(owner)
                     .invite(client, QStringLiteral("sam@x.com"), only(Permission::Quotes))
                     .error()
                     .kind,
                 Error::Kind::Clash);
        QCOMPARE(as(owner).invite(client, QStringLiteral("x@y.org"), Permissions()).error().kind,
                 Error::Kind::Validation);
        QVERIFY(as(owner).cancelInvite(client, invite->id).ok());
        QVERIFY(as(owner).pendingInvites(client)->isEmpty());
    }

    void theOwnerChangesPermissionsAndRemovesAccessByTheAdminAreasRules()
    {
        auto changed = as(owner).setPermissions(client, staff,
                                                only({Permission::Tickets, Permission::Quotes}));
        QVERIFY(changed.ok());
        QVERIFY(changed->stored.has(Permission::Quotes));
        // Never on the owner, never with none, never a new link (that is what invites are for).
        QCOMPARE(as(owner).setPermissions(client, owner, only(Permission::Tickets)).error().kind,
                 Error::Kind::Refused);
        QCOMPARE(as(owner).setPermissions(client, staff, Permissions()).error().kind,
                 Error::Kind::Validation);
        expectRefusedAboutLink(
            as(owner).setPermissions(client, stranger, only(Permission::Tickets)),
            Error::Kind::NotFound, stranger, client);
        QVERIFY(as(owner).removeAccess(client, staff).ok());
        QCOMPARE(as(owner).removeAccess(client, owner).error().kind, Error::Kind::Refused);
        auto users = as(owner).accountUsers(client);
        QVERIFY(users.ok());
        QCOMPARE(users->size(), 2);
        QCOMPARE(users->first().user.id, owner); // the owner first
        QVERIFY(users->first().link.owner);
        QVERIFY(descriptions(*t->db).last().startsWith(
            QLatin1String("User Account Relationship Removed - 'Sam Lee' access removed")));
    }

    void ownershipIsCheckedWhenTheWriteIsMade()
    {
        // Olivia loaded User Management as the owner; an admin makes Pat the owner first.
        QVERIFY(as(owner).accountUsers(client).ok());
        QVERIFY(AccessService(t->db).makeOwner(editor, client).ok());
        expectRefusedAboutLink(as(owner).removeAccess(client, staff), Error::Kind::Refused, owner,
                               client);
        QCOMPARE(ClientService(t->db).accessOf(client)->size(), 3);
    }

    // ---- keep in step ----

    void keepInStepOffersOnlyWhatTheUserMayChange()
    {
        QVERIFY(MatchService(t->db).setKeepInStep(true).ok());
        // Your Profile of the owner: their account takes the same email.
        UserChanges changes;
        changes.email = QStringLiteral("olivia@new.example");
        auto steps = as(owner).stepsForProfile(user(owner), changes);
        QVERIFY(steps.ok());
        QCOMPARE(steps->changes.size(), 1);
        QCOMPARE(steps->changes.first().clientId, client);
        auto saved = as(owner).updateProfile(user(owner), changes, *steps);
        QVERIFY(saved.ok());
        QCOMPARE(clientRecord(client).email(), QStringLiteral("olivia@new.example"));

        // Account Details by Pat (profile, not the owner): the owner's login is not Pat's to
        // change, so nothing is offered — and a plan for it is refused.
        const ClientAccount loaded = *as(editor).accountDetails(client);
        const QMap<QString, QString> rename{
            {QStringLiteral("lastname"), QStringLiteral("Lee-Ray")}};
        QVERIFY(as(editor).stepsForAccountDetails(loaded, rename)->isEmpty());
        auto ownerPlan = MatchService(t->db).stepsForClient(loaded, rename);
        QVERIFY(ownerPlan.ok() && !ownerPlan->isEmpty());
        auto refused = as(editor).updateAccountDetails(loaded, rename, *ownerPlan);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, Error::Kind::Refused);
        QCOMPARE(user(owner).lastName, QStringLiteral("Lee"));
        QCOMPARE(clientRecord(client).lastName(), QStringLiteral("Lee"));
        // The owner's own Account Details may take their login along.
        auto own = as(owner).stepsForAccountDetails(loaded, rename);
        QVERIFY(own.ok());
        QCOMPARE(own->changes.size(), 1);
        QVERIFY(as(owner).updateAccountDetails(loaded, rename, *own).ok());
        QCOMPARE(user(owner).lastName, QStringLiteral("Lee-Ray"));

        // Off: nothing offered.
        QVERIFY(MatchService(t->db).setKeepInStep(false).ok());
        changes.email = QStringLiteral("olivia@newer.example");
        QVERIFY(as(owner).stepsForProfile(user(owner), changes)->isEmpty());
    }

    // ---- read-only ----

    void aReadOnlyRoleReadsAndIsRefusedEveryWriteSayingWhy()
    {
        if (!t->isServer()) {
            // Root ignores file permissions; the sign-in suite and the headless suite cover a
            // read-only file. The same reads work on a writable file.
            QVERIFY(as(owner).accountUsers(client).ok());
            return;
        }
        DatabasePtr support = t->openAsReadOnlyRole();
        const ClientAreaService area(
            support, ClientAreaIdentity::user(owner, QStringLiteral("olivia@x.com")));
        QVERIFY(area.accounts().ok());
        QVERIFY(area.accountDetails(client).ok());
        QVERIFY(area.enter(client).ok()); // nothing written
        UserChanges changes;
        changes.firstName = QStringLiteral("Liv");
        auto r = area.updateProfile(user(owner), changes);
        QVERIFY(!r.ok());
        QCOMPARE(r.error().kind, Error::Kind::ReadOnly);
        QCOMPARE(r.error().message, support->readOnlyReason());
        QCOMPARE(user(owner).firstName, QStringLiteral("Olivia"));
    }
};

QTEST_GUILESS_MAIN(TestClientAreaService)
#include "tst_clientareaservice.moc"
