#include "domain/comparison.h"

#include <QTest>

using namespace accord;

using Kind = FieldDifference::Kind;
Q_DECLARE_METATYPE(std::optional<FieldDifference::Kind>)

namespace {
const QString eNfd = QStringLiteral("e") + QChar(0x0301);

User user(const QString& first, const QString& last, const QString& email, const QString& language)
{
    User u;
    u.id = 7;
    u.firstName = first;
    u.lastName = last;
    u.email = email;
    u.language = language;
    return u;
}

ClientAccount client(const QString& first, const QString& last, const QString& email,
                     const QString& language)
{
    ClientAccount c;
    c.id = 9;
    c.profile = {{QStringLiteral("firstname"), first},
                 {QStringLiteral("lastname"), last},
                 {QStringLiteral("email"), email},
                 {QStringLiteral("language"), language},
                 {QStringLiteral("companyname"), QStringLiteral("Not compared Ltd")}};
    return c;
}
} // namespace

class TestComparison : public QObject
{
    Q_OBJECT

private slots:
    void valuesAreClassified_data()
    {
        QTest::addColumn<QString>("userValue");
        QTest::addColumn<QString>("clientValue");
        QTest::addColumn<std::optional<Kind>>("kind");
        const std::optional<Kind> equal;
        QTest::newRow("identical") << "Bob"
                                   << "Bob" << equal;
        QTest::newRow("both empty") << ""
                                    << "" << equal;
        QTest::newRow("NFC vs NFD")
            << QStringLiteral("Élodie").normalized(QString::NormalizationForm_D) << "Élodie"
            << equal;
        QTest::newRow("case") << "Bob"
                              << "bob" << std::optional(Kind::CaseOrSpace);
        QTest::newRow("unicode case") << "ÉLODIE@x.fr"
                                      << "élodie@x.fr" << std::optional(Kind::CaseOrSpace);
        QTest::newRow("trailing space") << "Bob "
                                        << "Bob" << std::optional(Kind::CaseOrSpace);
        QTest::newRow("inner spaces") << "Mary  Ann"
                                      << "Mary Ann" << std::optional(Kind::CaseOrSpace);
        QTest::newRow("case, space and NFD")
            << QStringLiteral(" E") + QChar(0x0301) + QStringLiteral("LODIE ") << "élodie"
            << std::optional(Kind::CaseOrSpace);
        QTest::newRow("tabs and newlines are spacing")
            << "Mary\tAnn\n"
            << "mary ann" << std::optional(Kind::CaseOrSpace);
        QTest::newRow("user empty") << ""
                                    << "Bob" << std::optional(Kind::EmptySide);
        QTest::newRow("client empty") << "Bob"
                                      << "" << std::optional(Kind::EmptySide);
        QTest::newRow("blank counts as empty") << "   "
                                               << "Bob" << std::optional(Kind::EmptySide);
        QTest::newRow("language default vs named") << ""
                                                   << "english" << std::optional(Kind::EmptySide);
        QTest::newRow("different") << "Bob"
                                   << "Robert" << std::optional(Kind::Differs);
        QTest::newRow("accent is a difference") << "Elodie"
                                                << "Élodie" << std::optional(Kind::Differs);
        QTest::newRow("accent with NFD is a difference")
            << "elodie" << eNfd + QStringLiteral("lodie") << std::optional(Kind::Differs);
        QTest::newRow("languages") << "english"
                                   << "french" << std::optional(Kind::Differs);
    }
    void valuesAreClassified()
    {
        QFETCH(QString, userValue);
        QFETCH(QString, clientValue);
        QFETCH(std::optional<Kind>, kind);
        QCOMPARE(compareValues(userValue, clientValue), kind);
        // The classification does not depend on which side is which.
        QCOMPARE(compareValues(clientValue, userValue), kind);
        // The byte-level path of bulk builds agrees with it on every row.
        const QByteArray u = userValue.toUtf8(), c = clientValue.toUtf8();
        QCOMPARE(compareUtf8({u.constData(), std::size_t(u.size())},
                             {c.constData(), std::size_t(c.size())}),
                 kind);
    }

    void kindsHaveTheirStableNames()
    {
        QCOMPARE(FieldDifference::kindName(Kind::CaseOrSpace), QStringLiteral("case_or_space"));
        QCOMPARE(FieldDifference::kindName(Kind::EmptySide), QStringLiteral("empty_side"));
        QCOMPARE(FieldDifference::kindName(Kind::Differs), QStringLiteral("differs"));
    }

    void comparedFieldPairsAreTheFour()
    {
        QStringList pairs;
        for (const auto& f : comparedFields())
            pairs << QLatin1String(f.userColumn) + QLatin1String("=") +
                         QLatin1String(f.clientColumn);
        QCOMPARE(pairs,
                 (QStringList{QStringLiteral("first_name=firstname"),
                              QStringLiteral("last_name=lastname"), QStringLiteral("email=email"),
                              QStringLiteral("language=language")}));
    }

    void matchingRecordsHaveNoDifferences()
    {
        QVERIFY(compare(user(QStringLiteral("Ann"), QStringLiteral("Lee"),
                             QStringLiteral("ann@x.com"), QString()),
                        client(QStringLiteral("Ann"), QStringLiteral("Lee"),
                               QStringLiteral("ann@x.com"), QString()))
                    .isEmpty());
    }

    void differencesListEveryDifferingPairInOrder()
    {
        const auto diffs = compare(user(QStringLiteral("Ann"), QStringLiteral("Lee"),
                                        QStringLiteral("ANN@x.com"), QString()),
                                   client(QStringLiteral("Anne"), QStringLiteral("Lee"),
                                          QStringLiteral("ann@x.com"), QStringLiteral("french")));
        QCOMPARE(diffs.size(), 3);
        QCOMPARE(diffs.at(0), (FieldDifference{QStringLiteral("first_name"), QStringLiteral("Ann"),
                                               QStringLiteral("Anne"), Kind::Differs}));
        QCOMPARE(diffs.at(1), (FieldDifference{QStringLiteral("email"), QStringLiteral("ANN@x.com"),
                                               QStringLiteral("ann@x.com"), Kind::CaseOrSpace}));
        QCOMPARE(diffs.at(2), (FieldDifference{QStringLiteral("language"), QString(),
                                               QStringLiteral("french"), Kind::EmptySide}));
    }

    void differencesKeepTheStoredValuesNotTheFoldedOnes()
    {
        const auto diffs = compare(user(QStringLiteral("  Ann "), QStringLiteral("Lee"),
                                        QStringLiteral("ann@x.com"), QString()),
                                   client(QStringLiteral("ann"), QStringLiteral("Lee"),
                                          QStringLiteral("ann@x.com"), QString()));
        QCOMPARE(diffs.size(), 1);
        QCOMPARE(diffs.first().userValue, QStringLiteral("  Ann "));
        QCOMPARE(diffs.first().clientValue, QStringLiteral("ann"));
    }

    void companyIsNotCompared()
    {
        ClientAccount c = client(QStringLiteral("Ann"), QStringLiteral("Lee"),
                                 QStringLiteral("ann@x.com"), QString());
        c.profile[QStringLiteral("companyname")] = QStringLiteral("Other");
        QVERIFY(compare(user(QStringLiteral("Ann"), QStringLiteral("Lee"),
                             QStringLiteral("ann@x.com"), QString()),
                        c)
                    .isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestComparison)
#include "tst_comparison.moc"
