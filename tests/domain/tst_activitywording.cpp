#include "domain/activitywording.h"
#include "domain/clientaccount.h"

#include <QTest>

using namespace accord;
using activity::Change;

class TestActivityWording : public QObject
{
    Q_OBJECT

private slots:
    void eachUserFieldChange_data()
    {
        QTest::addColumn<QString>("label");
        QTest::addColumn<QString>("from");
        QTest::addColumn<QString>("to");
        QTest::addColumn<QString>("expected");
        QTest::newRow("first name")
            << "First Name"
            << "Bob"
            << "Robert"
            << "User Account Modified - First Name changed from 'Bob' to 'Robert' - User ID: 42";
        QTest::newRow("last name")
            << "Last Name"
            << "Lee"
            << "Li"
            << "User Account Modified - Last Name changed from 'Lee' to 'Li' - User ID: 42";
        QTest::newRow("email")
            << "Email Address"
            << "bob@x.com"
            << "rob@x.com"
            << "User Account Modified - Email Address changed from 'bob@x.com' to 'rob@x.com' - "
               "User ID: 42";
        QTest::newRow("language")
            << "Language"
            << ""
            << "french"
            << "User Account Modified - Language changed from '' to 'french' - User ID: 42";
    }
    void eachUserFieldChange()
    {
        QFETCH(QString, label);
        QFETCH(QString, from);
        QFETCH(QString, to);
        QFETCH(QString, expected);
        QCOMPARE(activity::userModified(42, {Change{label, from, to}}), expected);
    }

    void severalUserChangesAreOneSentence()
    {
        QCOMPARE(activity::userModified(3, {Change{QStringLiteral("First Name"),
                                                   QStringLiteral("x"), QStringLiteral("y")},
                                            Change{QStringLiteral("Email Address"),
                                                   QStringLiteral("a"), QStringLiteral("b")},
                                            Change{QStringLiteral("Language"), QStringLiteral(""),
                                                   QStringLiteral("english")}}),
                 QStringLiteral("User Account Modified - First Name changed from 'x' to 'y', "
                                "Email Address changed from 'a' to 'b', Language changed from '' "
                                "to 'english' - User ID: 3"));
    }

    void userNotesCreationAndDeletion()
    {
        QCOMPARE(activity::userModifiedNote(5, QStringLiteral("Password Changed")),
                 QStringLiteral("User Account Modified - Password Changed - User ID: 5"));
        QCOMPARE(activity::userCreated(5, QStringLiteral("ann@x.com")),
                 QStringLiteral("User Account Created - 'ann@x.com' - User ID: 5"));
        QCOMPARE(activity::userDeleted(5), QStringLiteral("User Deleted - ID: 5"));
    }

    void clientFieldLabelsAreTheVendors()
    {
        QStringList columns, labels;
        for (const auto& f : clientProfileFields()) {
            columns << QLatin1String(f.column);
            labels << clientFieldLabel(QLatin1String(f.column));
        }
        QCOMPARE(columns, (QStringList{QStringLiteral("firstname"), QStringLiteral("lastname"),
                                       QStringLiteral("companyname"), QStringLiteral("email"),
                                       QStringLiteral("address1"), QStringLiteral("address2"),
                                       QStringLiteral("city"), QStringLiteral("state"),
                                       QStringLiteral("postcode"), QStringLiteral("country"),
                                       QStringLiteral("phonenumber"), QStringLiteral("tax_id"),
                                       QStringLiteral("language"), QStringLiteral("status")}));
        QCOMPARE(labels, (QStringList{QStringLiteral("First Name"), QStringLiteral("Last Name"),
                                      QStringLiteral("Company Name"), QStringLiteral("Email"),
                                      QStringLiteral("Address 1"), QStringLiteral("Address 2"),
                                      QStringLiteral("City"), QStringLiteral("State"),
                                      QStringLiteral("Postcode"), QStringLiteral("Country"),
                                      QStringLiteral("Phone Number"), QStringLiteral("Tax ID"),
                                      QStringLiteral("Language"), QStringLiteral("Status")}));
        QVERIFY(isClientProfileField(QStringLiteral("tax_id")));
        QVERIFY(!isClientProfileField(QStringLiteral("password")));
        QVERIFY(!isClientProfileField(QStringLiteral("notes")));
    }

    void eachClientFieldChange_data()
    {
        QTest::addColumn<QString>("column");
        QTest::addColumn<QString>("expected");
        const char* rows[][2] = {
            {"firstname", "Client Profile Modified - First Name: 'old' to 'new' - Client ID: 9"},
            {"lastname", "Client Profile Modified - Last Name: 'old' to 'new' - Client ID: 9"},
            {"companyname",
             "Client Profile Modified - Company Name: 'old' to 'new' - Client ID: 9"},
            {"email", "Client Profile Modified - Email: 'old' to 'new' - Client ID: 9"},
            {"address1", "Client Profile Modified - Address 1: 'old' to 'new' - Client ID: 9"},
            {"address2", "Client Profile Modified - Address 2: 'old' to 'new' - Client ID: 9"},
            {"city", "Client Profile Modified - City: 'old' to 'new' - Client ID: 9"},
            {"state", "Client Profile Modified - State: 'old' to 'new' - Client ID: 9"},
            {"postcode", "Client Profile Modified - Postcode: 'old' to 'new' - Client ID: 9"},
            {"country", "Client Profile Modified - Country: 'old' to 'new' - Client ID: 9"},
            {"phonenumber",
             "Client Profile Modified - Phone Number: 'old' to 'new' - Client ID: 9"},
            {"tax_id", "Client Profile Modified - Tax ID: 'old' to 'new' - Client ID: 9"},
            {"language", "Client Profile Modified - Language: 'old' to 'new' - Client ID: 9"},
            {"status", "Client Profile Modified - Status: 'old' to 'new' - Client ID: 9"},
        };
        for (const auto& row : rows)
            QTest::newRow(row[0]) << QString::fromLatin1(row[0]) << QString::fromLatin1(row[1]);
    }
    void eachClientFieldChange()
    {
        QFETCH(QString, column);
        QFETCH(QString, expected);
        QCOMPARE(
            activity::clientModified(9, {Change{clientFieldLabel(column), QStringLiteral("old"),
                                                QStringLiteral("new")}}),
            expected);
    }

    void severalClientChangesAreOneSentence()
    {
        QCOMPARE(
            activity::clientModified(
                9, {Change{QStringLiteral("First Name"), QStringLiteral("x"), QStringLiteral("y")},
                    Change{QStringLiteral("Email"), QStringLiteral("a"), QStringLiteral("b")}}),
            QStringLiteral("Client Profile Modified - First Name: 'x' to 'y', Email: 'a' to "
                           "'b' - Client ID: 9"));
    }

    void clientSaveWithoutChangesSaysSo()
    {
        QCOMPARE(activity::clientModified(9, {}),
                 QStringLiteral("Client Profile Modified - No Changes - Client ID: 9"));
        QCOMPARE(activity::clientCreated(9), QStringLiteral("Client Created - Client ID: 9"));
    }

    void relationshipCreated()
    {
        QCOMPARE(activity::relationshipCreated(
                     QStringLiteral("Ann Lee"),
                     Permissions::fromStored(QStringLiteral("invoices,profile")), 9, 4),
                 QStringLiteral("User Account Relationship Created - 'Ann Lee' granted access "
                                "with permissions: profile,invoices - Client ID: 9 - User ID: 4"));
    }

    void relationshipCreatedForTheOwner()
    {
        QCOMPARE(activity::relationshipCreated(QStringLiteral("Ann Lee"), Permissions::all(), 9, 4,
                                               true),
                 QStringLiteral("User Account Relationship Created - 'Ann Lee' granted access "
                                "with permissions: profile,contacts,products,manageproducts,"
                                "productsso,domains,managedomains,invoices,quotes,tickets,"
                                "affiliates,emails,orders - Account Ownership Granted - Client ID: "
                                "9 - User ID: 4"));
    }

    void relationshipRemoved()
    {
        QCOMPARE(activity::relationshipRemoved(QStringLiteral("Ann Lee"), 9, 4),
                 QStringLiteral("User Account Relationship Removed - 'Ann Lee' access removed - "
                                "Client ID: 9 - User ID: 4"));
    }

    void ownershipGrantedAndRemoved()
    {
        QCOMPARE(
            activity::relationshipModified({QStringLiteral("Account Ownership Granted")}, 9, 4),
            QStringLiteral("User Account Relationship Modified - Account Ownership Granted - "
                           "Client ID: 9 - User ID: 4"));
        QCOMPARE(activity::relationshipModified(
                     {QStringLiteral("Account Ownership Removed"),
                      activity::permissionsChanged(
                          Permissions::fromStored(QStringLiteral("emails")),
                          Permissions::fromStored(QStringLiteral("profile,emails")))},
                     9, 3),
                 QStringLiteral("User Account Relationship Modified - Account Ownership Removed, "
                                "Permissions changed from 'emails' to 'profile,emails' - Client "
                                "ID: 9 - User ID: 3"));
    }

    void permissionsChanged()
    {
        QCOMPARE(activity::relationshipModified(
                     {activity::permissionsChanged(
                         Permissions::fromStored(QStringLiteral("tickets,profile")),
                         Permissions::fromStored(QStringLiteral("orders")))},
                     9, 4),
                 QStringLiteral("User Account Relationship Modified - Permissions changed from "
                                "'profile,tickets' to 'orders' - Client ID: 9 - User ID: 4"));
    }

    void invitesSentAndCancelled()
    {
        QCOMPARE(activity::inviteCreated(QStringLiteral("new@x.com"),
                                         Permissions::fromStored(QStringLiteral("quotes,invoices")),
                                         9),
                 QStringLiteral("User Invite Sent - 'new@x.com' invited with permissions: "
                                "invoices,quotes - Client ID: 9"));
        QCOMPARE(activity::inviteCancelled(QStringLiteral("new@x.com"), 9),
                 QStringLiteral("User Invite Cancelled - 'new@x.com' - Client ID: 9"));
    }

    void valuesAreQuotedVerbatim()
    {
        // A value holding a quote or "%1" stays as it is (no double substitution).
        QCOMPARE(
            activity::userModified(1, {Change{QStringLiteral("Last Name"),
                                              QStringLiteral("O'Brien"), QStringLiteral("%1 %2")}}),
            QStringLiteral("User Account Modified - Last Name changed from 'O'Brien' to "
                           "'%1 %2' - User ID: 1"));
        QCOMPARE(activity::clientModified(2, {Change{QStringLiteral("City"), QStringLiteral("%2"),
                                                     QStringLiteral("%1")}}),
                 QStringLiteral("Client Profile Modified - City: '%2' to '%1' - Client ID: 2"));
    }
};

QTEST_GUILESS_MAIN(TestActivityWording)
#include "tst_activitywording.moc"
