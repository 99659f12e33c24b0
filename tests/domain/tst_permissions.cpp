#include "domain/permission.h"

#include <QTest>

using namespace accord;

class TestPermissions : public QObject
{
    Q_OBJECT

private slots:
    void thirteenPermissionsInTheVendorsStoredOrder()
    {
        const QStringList expected{
            QStringLiteral("profile"),       QStringLiteral("contacts"),
            QStringLiteral("products"),      QStringLiteral("manageproducts"),
            QStringLiteral("productsso"),    QStringLiteral("domains"),
            QStringLiteral("managedomains"), QStringLiteral("invoices"),
            QStringLiteral("quotes"),        QStringLiteral("tickets"),
            QStringLiteral("affiliates"),    QStringLiteral("emails"),
            QStringLiteral("orders")};
        QCOMPARE(permissionCount, 13);
        QStringList names;
        for (Permission p : Permissions::ordered())
            names << Permissions::name(p);
        QCOMPARE(names, expected);
        QCOMPARE(Permissions::all().names(), expected);
        QCOMPARE(Permissions::all().count(), 13);
        QCOMPARE(Permissions::all().toStored(), expected.join(QLatin1Char(',')));
    }

    void storedFormFollowsTheVendorsOrderWhateverTheInputOrder()
    {
        const auto p = Permissions::fromStored(QStringLiteral("orders,invoices,profile"));
        QCOMPARE(p.toStored(), QStringLiteral("profile,invoices,orders"));
        QCOMPARE(p.count(), 3);
        QVERIFY(p.has(Permission::Profile));
        QVERIFY(p.has(Permission::Invoices));
        QVERIFY(p.has(Permission::Orders));
        QVERIFY(!p.has(Permission::Contacts));
    }

    void storedFormRoundTrips()
    {
        Permissions p;
        p.set(Permission::Tickets);
        p.set(Permission::Domains);
        p.set(Permission::ManageProducts);
        QCOMPARE(Permissions::fromStored(p.toStored()), p);
        QCOMPARE(Permissions::fromStored(Permissions::all().toStored()), Permissions::all());
    }

    void parsingStoredToleratesSpacesCaseDuplicatesAndEmptyParts()
    {
        const auto p = Permissions::fromStored(QStringLiteral(" Tickets ,,tickets,EMAILS,"));
        QCOMPARE(p.toStored(), QStringLiteral("tickets,emails"));
    }

    void unknownStoredNamesAreIgnored()
    {
        // Vendor data may hold names from other versions or add-ons; they are not an error.
        const auto p = Permissions::fromStored(QStringLiteral("profile,billing,foo,orders"));
        QCOMPARE(p.toStored(), QStringLiteral("profile,orders"));
    }

    void emptyOrNullStoredValueHasNoPermissions()
    {
        QVERIFY(Permissions::fromStored(QString()).isEmpty());
        QVERIFY(Permissions::fromStored(QStringLiteral("")).isEmpty());
        QVERIFY(Permissions().isEmpty());
        QCOMPARE(Permissions().toStored(), QString());
        QCOMPARE(Permissions().count(), 0);
    }

    void namesGivenByAPersonParse()
    {
        QString unknown;
        const auto p = Permissions::fromNames(
            {QStringLiteral("invoices"), QStringLiteral(" Profile "), QStringLiteral("")},
            &unknown);
        QVERIFY(p.has_value());
        QCOMPARE(p->toStored(), QStringLiteral("profile,invoices"));
        QVERIFY(unknown.isEmpty());
    }

    void unknownNameGivenByAPersonIsRefusedAndNamed()
    {
        QString unknown;
        const auto p = Permissions::fromNames(
            {QStringLiteral("profile"), QStringLiteral(" billing "), QStringLiteral("nope")},
            &unknown);
        QVERIFY(!p.has_value());
        QCOMPARE(unknown, QStringLiteral("billing"));
        QVERIFY(!Permissions::fromNames({QStringLiteral("x")}).has_value()); // no out-parameter
    }

    void everyNameMapsBackToItsPermission()
    {
        for (Permission p : Permissions::ordered()) {
            const auto back = Permissions::fromName(Permissions::name(p));
            QVERIFY(back.has_value());
            QCOMPARE(*back, p);
        }
        QVERIFY(!Permissions::fromName(QStringLiteral("owner")).has_value());
        QVERIFY(!Permissions::fromName(QString()).has_value());
    }

    void labelsAreTheVendors()
    {
        const QStringList expected{QStringLiteral("Modify Master Account Profile"),
                                   QStringLiteral("View & Manage Contacts"),
                                   QStringLiteral("View Products & Services"),
                                   QStringLiteral("View & Modify Product Passwords"),
                                   QStringLiteral("Perform Single Sign-On"),
                                   QStringLiteral("View Domains"),
                                   QStringLiteral("Manage Domain Settings"),
                                   QStringLiteral("View & Pay Invoices"),
                                   QStringLiteral("View & Accept Quotes"),
                                   QStringLiteral("View & Open Support Tickets"),
                                   QStringLiteral("View & Manage Affiliate Account"),
                                   QStringLiteral("View Emails"),
                                   QStringLiteral("Place New Orders/Upgrades/Cancellations")};
        QStringList labels;
        for (Permission p : Permissions::ordered())
            labels << Permissions::label(p);
        QCOMPARE(labels, expected);
    }

    void summaryNamesAllNoneOrTheLabels()
    {
        QCOMPARE(Permissions::all().summary(), QStringLiteral("All permissions"));
        QCOMPARE(Permissions().summary(), QStringLiteral("No permissions"));
        const auto p = Permissions::fromStored(QStringLiteral("emails,profile"));
        QCOMPARE(p.summary(), QStringLiteral("Modify Master Account Profile, View Emails"));
    }

    void setAndClearSinglePermissions()
    {
        Permissions p = Permissions::all();
        QVERIFY(p.isAll());
        p.set(Permission::Quotes, false);
        QVERIFY(!p.isAll());
        QVERIFY(!p.has(Permission::Quotes));
        QCOMPARE(p.count(), 12);
        p.set(Permission::Quotes);
        QCOMPARE(p, Permissions::all());
    }
};

QTEST_GUILESS_MAIN(TestPermissions)
#include "tst_permissions.moc"
