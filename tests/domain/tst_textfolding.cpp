#include "domain/textfolding.h"

#include <QTest>

using namespace accord;

namespace {
// "é" as one code point (NFC) and as "e" + combining acute (NFD).
const QString eNfc = QString(QChar(0x00E9));
const QString eNfd = QStringLiteral("e") + QChar(0x0301);
} // namespace

class TestTextFolding : public QObject
{
    Q_OBJECT

private slots:
    void emailsEqualRegardlessOfAsciiCase()
    {
        QCOMPARE(foldEmail(QStringLiteral("Bob@x.com")), foldEmail(QStringLiteral("bob@x.com")));
        QCOMPARE(foldEmail(QStringLiteral("BOB@X.COM")), QStringLiteral("bob@x.com"));
    }

    void emailsEqualRegardlessOfUnicodeCase()
    {
        QCOMPARE(foldEmail(QStringLiteral("ÉLODIE@x")), foldEmail(QStringLiteral("élodie@x")));
        QCOMPARE(foldEmail(QStringLiteral("ÉLODIE@x")), QStringLiteral("élodie@x"));
        QCOMPARE(foldCase(QStringLiteral("ΣΊΣΥΦΟΣ")), foldCase(QStringLiteral("σίσυφος")));
        QCOMPARE(foldCase(QStringLiteral("ÅSA")), QStringLiteral("åsa"));
    }

    void emailsAreTrimmed()
    {
        QCOMPARE(foldEmail(QStringLiteral("  Bob@x.com\t\n")), QStringLiteral("bob@x.com"));
    }

    void composedAndDecomposedFormsAreEqual()
    {
        QVERIFY(eNfc != eNfd);
        QCOMPARE(nfc(eNfd), eNfc);
        QCOMPARE(nfc(eNfc), eNfc);
        const QString composed = eNfc + QStringLiteral("lodie@x.fr");
        const QString decomposed = eNfd + QStringLiteral("lodie@x.fr");
        QCOMPARE(foldEmail(composed), foldEmail(decomposed));
        QCOMPARE(foldCase(QStringLiteral("E") + QChar(0x0301)), eNfc);
        QCOMPARE(foldLoose(decomposed), foldLoose(composed));
    }

    void foldedTextIsInNfc()
    {
        const QString upperDecomposed =
            QStringLiteral("E") + QChar(0x0301) + QStringLiteral("LODIE");
        QCOMPARE(foldCase(upperDecomposed), eNfc + QStringLiteral("lodie"));
    }

    void accentsAreNotFolded()
    {
        QVERIFY(foldEmail(QStringLiteral("élodie@x")) != foldEmail(QStringLiteral("elodie@x")));
        QVERIFY(foldCase(QStringLiteral("Müller")) != foldCase(QStringLiteral("Muller")));
        QVERIFY(foldLoose(QStringLiteral("José")) != foldLoose(QStringLiteral("Jose")));
    }

    void looseFoldingCollapsesInnerWhitespace()
    {
        QCOMPARE(foldLoose(QStringLiteral("  Mary \t Ann  ")), QStringLiteral("mary ann"));
        QCOMPARE(foldLoose(QStringLiteral("MARY ANN")), foldLoose(QStringLiteral("mary  ann")));
    }

    void emailFoldingKeepsInnerSpaces()
    {
        QVERIFY(foldEmail(QStringLiteral("a b@x.com")) != foldEmail(QStringLiteral("ab@x.com")));
    }

    void emptyStaysEmpty()
    {
        QCOMPARE(foldEmail(QString()), QString());
        QCOMPARE(foldCase(QString()), QString());
        QCOMPARE(foldLoose(QStringLiteral("   ")), QString());
        QCOMPARE(nfc(QString()), QString());
    }
};

QTEST_GUILESS_MAIN(TestTextFolding)
#include "tst_textfolding.moc"
