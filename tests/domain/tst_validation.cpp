#include "domain/validation.h"

#include <QRandomGenerator>
#include <QRegularExpression>
#include <QTest>

using namespace accord;

namespace {
ClientAccount goodClient()
{
    ClientAccount c;
    c.profile = {{QStringLiteral("firstname"), QStringLiteral("Ada")},
                 {QStringLiteral("lastname"), QStringLiteral("Lovelace")},
                 {QStringLiteral("companyname"), QStringLiteral("Analytical Engines Ltd")},
                 {QStringLiteral("email"), QStringLiteral("ada@example.com")},
                 {QStringLiteral("address1"), QStringLiteral("12 St James's Square")},
                 {QStringLiteral("address2"), QStringLiteral("Flat 3")},
                 {QStringLiteral("city"), QStringLiteral("London")},
                 {QStringLiteral("state"), QStringLiteral("Greater London")},
                 {QStringLiteral("postcode"), QStringLiteral("SW1Y 4JH")},
                 {QStringLiteral("country"), QStringLiteral("GB")},
                 {QStringLiteral("phonenumber"), QStringLiteral("+44 (20) 7946-0018")},
                 {QStringLiteral("tax_id"), QStringLiteral("GB123456789")},
                 {QStringLiteral("language"), QStringLiteral("")},
                 {QStringLiteral("status"), QStringLiteral("Active")}};
    return c;
}

QSet<QString> allColumns()
{
    QSet<QString> all;
    for (const auto& f : clientProfileFields())
        all << QLatin1String(f.column);
    return all;
}

QStringList fieldsOf(const QList<Error>& problems)
{
    QStringList out;
    for (const Error& e : problems) {
        if (e.kind != Error::Kind::Validation)
            out << QStringLiteral("<not a validation error>");
        if (e.message.isEmpty())
            out << QStringLiteral("<no message>");
        out << e.field;
    }
    return out;
}

const QSet<QString> userFields{QStringLiteral("first_name"), QStringLiteral("last_name"),
                               QStringLiteral("email"), QStringLiteral("language")};
} // namespace

class TestValidation : public QObject
{
    Q_OBJECT

private slots:
    void aCompleteClientPasses() { QVERIFY(clientProblems(goodClient(), allColumns()).isEmpty()); }

    void requiredClientFieldsAreNamedWhenMissing_data()
    {
        QTest::addColumn<QString>("column");
        QTest::addColumn<QString>("value");
        QTest::newRow("first name empty") << "firstname"
                                          << "";
        QTest::newRow("first name blank") << "firstname"
                                          << "   ";
        QTest::newRow("last name empty") << "lastname"
                                         << "";
        QTest::newRow("last name blank") << "lastname"
                                         << " \t ";
        QTest::newRow("email empty") << "email"
                                     << "";
        QTest::newRow("email blank") << "email"
                                     << "  ";
        QTest::newRow("country empty") << "country"
                                       << "";
    }
    void requiredClientFieldsAreNamedWhenMissing()
    {
        QFETCH(QString, column);
        QFETCH(QString, value);
        ClientAccount c = goodClient();
        c.profile[column] = value;
        QCOMPARE(fieldsOf(clientProblems(c, allColumns())), QStringList{column});
    }

    void clientEmailMustHaveValidSyntax_data()
    {
        QTest::addColumn<QString>("email");
        QTest::newRow("no at") << "ada.example.com";
        QTest::newRow("two ats") << "ada@@example.com";
        QTest::newRow("no domain dot") << "ada@localhost";
        QTest::newRow("space inside") << "ada lovelace@example.com";
        QTest::newRow("double dot") << "ada@example..com";
        QTest::newRow("nothing before at") << "@example.com";
        QTest::newRow("underscore in domain") << "ada@exa_mple.com";
    }
    void clientEmailMustHaveValidSyntax()
    {
        QFETCH(QString, email);
        ClientAccount c = goodClient();
        c.profile[QStringLiteral("email")] = email;
        QCOMPARE(fieldsOf(clientProblems(c, allColumns())), QStringList{QStringLiteral("email")});
    }

    void validEmailsPass_data()
    {
        QTest::addColumn<QString>("email");
        QTest::newRow("plain") << "bob@x.com";
        QTest::newRow("mixed case") << "Bob@X.com";
        QTest::newRow("plus and dots") << "first.last+tag@mail.example.co.uk";
        QTest::newRow("unicode local part") << "élodie@exemple.fr";
        QTest::newRow("unicode domain") << "user@bücher.de";
        QTest::newRow("surrounding spaces") << "  bob@x.com ";
    }
    void validEmailsPass()
    {
        QFETCH(QString, email);
        QVERIFY(isValidEmail(email));
    }

    void countryMustBeAnIsoAlpha2Code_data()
    {
        QTest::addColumn<QString>("country");
        QTest::addColumn<bool>("valid");
        QTest::newRow("GB") << "GB" << true;
        QTest::newRow("US") << "US" << true;
        QTest::newRow("DE") << "DE" << true;
        QTest::newRow("AD first") << "AD" << true;
        QTest::newRow("ZW last") << "ZW" << true;
        QTest::newRow("alpha-3") << "GBR" << false;
        QTest::newRow("name") << "United Kingdom" << false;
        QTest::newRow("unassigned") << "XX" << false;
        QTest::newRow("one letter") << "G" << false;
        QTest::newRow("digits") << "12" << false;
    }
    void countryMustBeAnIsoAlpha2Code()
    {
        QFETCH(QString, country);
        QFETCH(bool, valid);
        ClientAccount c = goodClient();
        c.profile[QStringLiteral("country")] = country;
        const auto problems = clientProblems(c, {QStringLiteral("country")});
        QCOMPARE(problems.isEmpty(), valid);
        if (!valid)
            QCOMPARE(problems.first().field, QStringLiteral("country"));
    }

    void optionalFieldsMayBeEmpty()
    {
        ClientAccount c = goodClient();
        for (const char* column : {"companyname", "address1", "address2", "city", "state",
                                   "postcode", "phonenumber", "tax_id", "language"})
            c.profile[QLatin1String(column)] = QString();
        QVERIFY(clientProblems(c, allColumns()).isEmpty());
    }

    void filledOptionalFieldsAreCheckedForForm_data()
    {
        QTest::addColumn<QString>("column");
        QTest::addColumn<QString>("value");
        QTest::newRow("address 1 control char") << "address1"
                                                << "12 Main\x01 St";
        QTest::newRow("address 1 too long") << "address1" << QString(256, QLatin1Char('a'));
        QTest::newRow("address 2 control char") << "address2"
                                                << "Flat\x07 3";
        QTest::newRow("city too long") << "city" << QString(129, QLatin1Char('c'));
        QTest::newRow("city control char") << "city"
                                           << "Lon\x02"
                                              "don";
        QTest::newRow("state too long") << "state" << QString(129, QLatin1Char('s'));
        QTest::newRow("postcode punctuation") << "postcode"
                                              << "SW1!4JH";
        QTest::newRow("postcode leading dash") << "postcode"
                                               << "-1234";
        QTest::newRow("postcode too long") << "postcode"
                                           << "12345 67890 12345";
        QTest::newRow("phone letters") << "phonenumber"
                                       << "call me";
        QTest::newRow("phone too short") << "phonenumber"
                                         << "12";
        QTest::newRow("company control char") << "companyname"
                                              << "Acme\x1b Ltd";
        QTest::newRow("tax id too long") << "tax_id" << QString(129, QLatin1Char('1'));
        QTest::newRow("language capital") << "language"
                                          << "English";
        QTest::newRow("language space") << "language"
                                        << "en gb";
        QTest::newRow("status unknown") << "status"
                                        << "Deleted";
        QTest::newRow("status lowercase") << "status"
                                          << "active";
        QTest::newRow("status empty") << "status"
                                      << "";
    }
    void filledOptionalFieldsAreCheckedForForm()
    {
        QFETCH(QString, column);
        QFETCH(QString, value);
        ClientAccount c = goodClient();
        c.profile[column] = value;
        QCOMPARE(fieldsOf(clientProblems(c, allColumns())), QStringList{column});
    }

    void wellFormedOptionalFieldsPass_data()
    {
        QTest::addColumn<QString>("column");
        QTest::addColumn<QString>("value");
        QTest::newRow("postcode digits") << "postcode"
                                         << "75001";
        QTest::newRow("postcode with dash") << "postcode"
                                            << "1234-567";
        QTest::newRow("postcode letters") << "postcode"
                                          << "EC1A 1BB";
        QTest::newRow("phone plain") << "phonenumber"
                                     << "01632 960001";
        QTest::newRow("phone international") << "phonenumber"
                                             << "+1 (555) 010-9999";
        QTest::newRow("phone extension") << "phonenumber"
                                         << "+1.555.010.9999 ext. 12";
        QTest::newRow("city unicode") << "city"
                                      << "Zürich";
        QTest::newRow("state unicode") << "state"
                                       << "Île-de-France";
        QTest::newRow("language name") << "language"
                                       << "portuguese-br";
        QTest::newRow("status inactive") << "status"
                                         << "Inactive";
        QTest::newRow("status closed") << "status"
                                       << "Closed";
    }
    void wellFormedOptionalFieldsPass()
    {
        QFETCH(QString, column);
        QFETCH(QString, value);
        ClientAccount c = goodClient();
        c.profile[column] = value;
        QCOMPARE(fieldsOf(clientProblems(c, allColumns())), QStringList{});
    }

    void unchangedFieldsWithBadLegacyDataAreNeverRefused()
    {
        // Real vendor data: no email, a country name, a phone with words, no last name.
        ClientAccount legacy = goodClient();
        legacy.profile[QStringLiteral("email")] = QString();
        legacy.profile[QStringLiteral("lastname")] = QString();
        legacy.profile[QStringLiteral("country")] = QStringLiteral("United Kingdom");
        legacy.profile[QStringLiteral("phonenumber")] = QStringLiteral("ask reception");
        legacy.profile[QStringLiteral("postcode")] = QStringLiteral("n/a");
        legacy.profile[QStringLiteral("status")] = QStringLiteral("Unknown");
        legacy.profile[QStringLiteral("companyname")] = QStringLiteral("New Name Ltd");
        QVERIFY(clientProblems(legacy, {QStringLiteral("companyname")}).isEmpty());
        QVERIFY(clientProblems(legacy, {}).isEmpty());
        // ...but a field the admin did change is still checked.
        QCOMPARE(fieldsOf(clientProblems(legacy, {QStringLiteral("country")})),
                 QStringList{QStringLiteral("country")});
    }

    void everyProblemIsReportedInTheVendorsFieldOrder()
    {
        ClientAccount c = goodClient();
        c.profile[QStringLiteral("status")] = QStringLiteral("Gone");
        c.profile[QStringLiteral("firstname")] = QString();
        c.profile[QStringLiteral("country")] = QStringLiteral("ZZ");
        c.profile[QStringLiteral("email")] = QStringLiteral("nope");
        QCOMPARE(fieldsOf(clientProblems(c, allColumns())),
                 (QStringList{QStringLiteral("firstname"), QStringLiteral("email"),
                              QStringLiteral("country"), QStringLiteral("status")}));
    }

    void userNamesAreRequired()
    {
        QCOMPARE(fieldsOf(userProblems(QString(), QStringLiteral("Lee"),
                                       QStringLiteral("ann@x.com"), QString(), userFields)),
                 QStringList{QStringLiteral("first_name")});
        QCOMPARE(fieldsOf(userProblems(QStringLiteral("Ann"), QStringLiteral("  "),
                                       QStringLiteral("ann@x.com"), QString(), userFields)),
                 QStringList{QStringLiteral("last_name")});
    }

    void userEmailIsRequiredAndMustBeValid()
    {
        QCOMPARE(fieldsOf(userProblems(QStringLiteral("Ann"), QStringLiteral("Lee"), QString(),
                                       QString(), userFields)),
                 QStringList{QStringLiteral("email")});
        QCOMPARE(fieldsOf(userProblems(QStringLiteral("Ann"), QStringLiteral("Lee"),
                                       QStringLiteral("ann at x.com"), QString(), userFields)),
                 QStringList{QStringLiteral("email")});
        QVERIFY(userProblems(QStringLiteral("Ann"), QStringLiteral("Lee"),
                             QStringLiteral("ÉLODIE@exemple.fr"), QString(), userFields)
                    .isEmpty());
    }

    void userLanguageIsDefaultOrAVendorLanguageName_data()
    {
        QTest::addColumn<QString>("language");
        QTest::addColumn<bool>("valid");
        QTest::newRow("default") << "" << true;
        QTest::newRow("english") << "english" << true;
        QTest::newRow("portuguese-br") << "portuguese-br" << true;
        QTest::newRow("chinese_simplified") << "chinese_simplified" << true;
        QTest::newRow("capital") << "English" << false;
        QTest::newRow("space") << "en gb" << false;
        QTest::newRow("sql") << "x';--" << false;
        QTest::newRow("33 characters") << QString(33, QLatin1Char('a')) << false;
        QTest::newRow("accent") << "français" << false;
    }
    void userLanguageIsDefaultOrAVendorLanguageName()
    {
        QFETCH(QString, language);
        QFETCH(bool, valid);
        QCOMPARE(isValidLanguage(language), valid);
        const auto problems = userProblems(QStringLiteral("Ann"), QStringLiteral("Lee"),
                                           QStringLiteral("ann@x.com"), language, userFields);
        QCOMPARE(fieldsOf(problems),
                 valid ? QStringList{} : QStringList{QStringLiteral("language")});
    }

    // The checks answer ASCII text without their patterns (an import checks millions of
    // values); random strings of the characters that matter get the patterns' answers.
    void plainChecksAgreeWithThePatterns()
    {
        // (Plain literals: moc misreads raw ones holding a quote.)
        const QRegularExpression email(
            QStringLiteral("^[^\\s@\"(),:;<>\\[\\]\\\\]+@[^\\s@\"(),:;<>\\[\\]\\\\_]+"
                           "(\\.[^\\s@\"(),:;<>\\[\\]\\\\_.]+)+$"));
        const QRegularExpression postcode(QStringLiteral("^[\\p{L}\\p{N}][\\p{L}\\p{N} -]*$"));
        const QRegularExpression phone(
            QStringLiteral("^\\+?[0-9 ().\\-]{3,32}((x|ext\\.?)\\s*[0-9]{1,6})?$"));
        const QString alphabet = QStringLiteral("ab1@._- \t\"(),:;<>[]\\+x()ext9\x01é");
        QRandomGenerator random(20261203);
        int validEmails = 0, validPostcodes = 0, validPhones = 0;
        for (int i = 0; i < 200000; ++i) {
            // Mostly email-shaped: text, perhaps an @, text, perhaps a dot, text.
            auto piece = [&](int most) {
                QString p;
                for (int j = int(random.bounded(0, most + 1)); j > 0; --j)
                    p += random.bounded(3)
                             ? QChar(u'a' + char16_t(random.bounded(3)))
                             : alphabet.at(qsizetype(random.bounded(int(alphabet.size()))));
                return p;
            };
            QString s = piece(4);
            if (random.bounded(10))
                s += u'@';
            s += piece(4);
            if (random.bounded(5))
                s += u'.';
            s += piece(3);
            const QString t = s.trimmed();
            const bool emailExpected =
                t.size() <= 255 && email.match(t).hasMatch() && !t.contains(QLatin1String(".."));
            QVERIFY2(isValidEmail(s) == emailExpected, qPrintable(s));
            validEmails += emailExpected;
            ClientAccount c = goodClient();
            c.profile[QStringLiteral("postcode")] = s;
            // Phone-shaped: digits and the phone's own characters, an extension at times.
            QString number;
            const QString phoneChars = QStringLiteral("0123456789 ().-+xt\t");
            for (int j = int(random.bounded(1, 36)); j > 0; --j)
                number += random.bounded(2)
                              ? QChar(u'0' + char16_t(random.bounded(10)))
                              : phoneChars.at(qsizetype(random.bounded(int(phoneChars.size()))));
            if (!random.bounded(8))
                number += QStringLiteral(" ext. 12");
            c.profile[QStringLiteral("phonenumber")] = number;
            const QList<Error> problems =
                clientProblems(c, {QStringLiteral("postcode"), QStringLiteral("phonenumber")});
            auto refused = [&](const char* field) {
                return std::any_of(problems.begin(), problems.end(),
                                   [&](const Error& e) { return e.field == QLatin1String(field); });
            };
            const bool postcodeExpected =
                t.isEmpty() || (s.size() <= 16 && postcode.match(t).hasMatch());
            QVERIFY2(refused("postcode") != postcodeExpected, qPrintable(s));
            validPostcodes += postcodeExpected && !t.isEmpty();
            const QString n = number.trimmed();
            const bool phoneExpected =
                n.isEmpty() || (number.size() <= 40 && phone.match(n).hasMatch());
            QVERIFY2(refused("phonenumber") != phoneExpected, qPrintable(number));
            validPhones += phoneExpected && !n.isEmpty();
        }
        // Both answers came up often enough to mean something.
        QVERIFY(validEmails > 100);
        QVERIFY(validPostcodes > 100);
        QVERIFY(validPhones > 100);
    }

    void unchangedUserFieldsAreNotChecked()
    {
        QVERIFY(userProblems(QString(), QString(), QStringLiteral("legacy"),
                             QStringLiteral("Legacy Language"), {QStringLiteral("first_name")})
                    .size() == 1);
        QVERIFY(userProblems(QStringLiteral("Ann"), QString(), QStringLiteral("legacy"),
                             QStringLiteral("Legacy Language"), {QStringLiteral("first_name")})
                    .isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestValidation)
#include "tst_validation.moc"
