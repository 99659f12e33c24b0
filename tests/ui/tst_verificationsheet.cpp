#include "services/clientservice.h"
#include "services/matchservice.h"
#include "services/userservice.h"
#include "services/verificationservice.h"
#include "testsupport.h"
#include "verificationsheet.h"

#include <QFileInfo>
#include <QImage>
#include <QPageLayout>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace accord;
using accord::test::TempDatabase;

namespace {

// The text of a PDF as poppler reads it (the PDF is what an auditor receives); only what is
// inside `crop` (in points from the page's top left) when it is given.
QString pdfText(const QString& pdf, const QRect& crop = {})
{
    QStringList args{QStringLiteral("-enc"), QStringLiteral("UTF-8")};
    if (!crop.isNull())
        args << QStringLiteral("-x") << QString::number(crop.x()) << QStringLiteral("-y")
             << QString::number(crop.y()) << QStringLiteral("-W") << QString::number(crop.width())
             << QStringLiteral("-H") << QString::number(crop.height());
    QProcess p;
    p.start(QStringLiteral("pdftotext"), args << pdf << QStringLiteral("-"));
    if (!p.waitForStarted())
        qFatal("pdftotext is missing: install poppler-utils (packaging/bootstrap.sh)");
    p.waitForFinished(60000);
    return QString::fromUtf8(p.readAllStandardOutput());
}

QString withoutSpaces(QString s)
{
    s.remove(QRegularExpression(QStringLiteral("\\s")));
    return s;
}

// The printable area of the A4 pages writeVerificationSheet() makes, in points.
QSizeF a4Area()
{
    const QPageLayout layout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                             QMarginsF(15, 14, 15, 12), QPageLayout::Millimeter);
    return layout.paintRect(QPageLayout::Point).size();
}

} // namespace

class TestVerificationSheet : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_db = std::make_unique<TempDatabase>();
        m_user =
            *UserService(m_db->db).add({QStringLiteral("Ann"), QStringLiteral("Lee"),
                                        QStringLiteral("ann@example.com"), QString(), QString()});
        m_client = addClient(QStringLiteral("ann"), QStringLiteral("ann.lee@work.example"),
                             QStringLiteral("french"));
        m_pdf = m_db->dir.filePath(QStringLiteral("sheet.pdf"));
    }

    void cleanup() { m_db.reset(); }

    void showsBothRecordsSideBySideAndMarksDifferences()
    {
        auto sheet = VerificationService(m_db->db).load(m_user, m_client);
        QVERIFY(sheet.ok());
        QVERIFY(ui::writeVerificationSheet(m_pdf, *sheet).ok());
        QVERIFY(QFileInfo(m_pdf).size() > 1000);

        const QString text = pdfText(m_pdf);
        for (const QString& expected :
             {QStringLiteral("Verification Sheet"), QStringLiteral("User #%1").arg(m_user),
              QStringLiteral("Client #%1").arg(m_client), QStringLiteral("ann@example.com"),
              QStringLiteral("ann.lee@work.example"), QStringLiteral("Lee Consulting"),
              QStringLiteral("Leeds"), QStringLiteral("GB — United Kingdom"),
              QStringLiteral("Default"), QStringLiteral("Two-Factor"),
              QStringLiteral("Email Verified"), QStringLiteral("Operator: tester"),
              QStringLiteral("UTC"), QStringLiteral("local time"), QStringLiteral("Page 1 of 1")})
            QVERIFY2(text.contains(expected),
                     qPrintable(expected + QStringLiteral(" in:\n") + text));
        QVERIFY2(withoutSpaces(text).contains(withoutSpaces(m_db->db->location().display())),
                 qPrintable(text));

        // Differences: a marker and the kind in words, one per differing field.
        const QRegularExpression marked(
            QStringLiteral("≠ (Differs|Case or spacing|One side empty)"));
        QStringList kinds;
        for (auto it = marked.globalMatch(text); it.hasNext();)
            kinds << it.next().captured(1);
        kinds.sort();
        QCOMPARE(kinds, QStringList({QStringLiteral("Case or spacing"), QStringLiteral("Differs"),
                                     QStringLiteral("One side empty")}));
        QCOMPARE(text.count(QStringLiteral("= Same")), 1); // the last name
        QVERIFY(text.contains(QStringLiteral("3 of 4 compared fields differ")));
    }

    void allClientsGetASectionEachWithPageBreaks()
    {
        QList<qint64> clients{m_client};
        for (int i = 0; i < 7; ++i)
            clients << addClient(QStringLiteral("Ann"),
                                 QStringLiteral("billing%1@example.com").arg(i), QString());
        auto sheet = VerificationService(m_db->db).load(m_user);
        QVERIFY(sheet.ok());
        QCOMPARE(sheet->links.size(), clients.size());
        const int pages = ui::verificationPageCount(*sheet, a4Area());
        QVERIFY2(pages >= 3, qPrintable(QString::number(pages)));

        QVERIFY(ui::writeVerificationSheet(m_pdf, *sheet).ok());
        const QString text = pdfText(m_pdf);
        QCOMPARE(int(text.count(QLatin1Char('\f'))), pages); // pdftotext ends each page so
        QVERIFY(text.contains(QStringLiteral("Page %1 of %1").arg(pages)));
        for (qint64 id : clients)
            QVERIFY2(text.contains(QStringLiteral("Client #%1 — ").arg(id)), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("billing6@example.com")));
        // Every page says where, when and by whom.
        QCOMPARE(int(text.count(QStringLiteral("Operator: tester"))), pages);
    }

    void longValuesWrapInsteadOfBeingCut()
    {
        const QString address = QStringLiteral("Flat 12, The Very Long Building Name That "
                                               "Goes On, 1234 Extraordinarily Lengthy Street");
        const QString email = QStringLiteral("a.very.long.mailbox.name.for.billing.purposes@"
                                             "subdomain.examplecompany.example");
        auto client = ClientService(m_db->db).find(m_client);
        QVERIFY(ClientService(m_db->db)
                    .update(*client, {{QStringLiteral("address1"), address},
                                      {QStringLiteral("email"), email}})
                    .ok());
        auto sheet = VerificationService(m_db->db).load(m_user, m_client);
        QVERIFY(ui::writeVerificationSheet(m_pdf, *sheet).ok());
        // The client's column, read alone: a long value goes on over several lines.
        const QPageLayout layout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                 QMarginsF(15, 14, 15, 12), QPageLayout::Millimeter);
        const QRectF area = layout.paintRect(QPageLayout::Point);
        const QRect clientColumn(qRound(area.left() + area.width() * 0.51) + 1, 0,
                                 qRound(area.width() * 0.30) - 2,
                                 qRound(layout.fullRect(QPageLayout::Point).height()));
        const QString text = withoutSpaces(pdfText(m_pdf, clientColumn));
        QVERIFY2(text.contains(withoutSpaces(address)), qPrintable(text));
        QVERIFY2(text.contains(email), qPrintable(text));
    }

    void intendedMarksArePrinted()
    {
        QVERIFY(MatchService(m_db->db)
                    .markIntended(m_user, m_client, QStringLiteral("email"),
                                  QStringLiteral("work address on invoices"))
                    .ok());
        auto sheet = VerificationService(m_db->db).load(m_user, m_client);
        QVERIFY(ui::writeVerificationSheet(m_pdf, *sheet).ok());
        const QString text = pdfText(m_pdf);
        QVERIFY2(text.contains(QStringLiteral("work address on invoices")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("tester")));
    }

    void aPagePaintsOntoAnImageInsideItsMargins()
    {
        auto sheet = VerificationService(m_db->db).load(m_user, m_client);
        QVERIFY(sheet.ok());
        const int dpi = 96;
        const QImage page = ui::verificationPageImage(*sheet, 0, dpi);
        const QPageLayout layout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                 QMarginsF(15, 14, 15, 12), QPageLayout::Millimeter);
        QCOMPARE(page.size(), layout.fullRectPixels(dpi).size());
        const QRect inside = layout.paintRectPixels(dpi);
        int ink = 0;
        int outside = 0;
        int footer = 0;
        const QRect footerBand(inside.left(), inside.bottom() - 20, inside.width(), 21);
        for (int y = 0; y < page.height(); ++y)
            for (int x = 0; x < page.width(); ++x) {
                if (page.pixelColor(x, y) == Qt::white)
                    continue;
                ++ink;
                if (!inside.contains(x, y)) {
                    if (!outside)
                        qWarning("ink outside the margins at %d,%d (inside %d,%d %dx%d)", x, y,
                                 inside.x(), inside.y(), inside.width(), inside.height());
                    ++outside;
                }
                if (footerBand.contains(x, y))
                    ++footer;
            }
        QVERIFY(ink > 5000);
        QCOMPARE(outside, 0); // nothing spills into the margins
        QVERIFY(footer > 50); // the footer (page number) is drawn
    }

    void unknownUserIsRefused()
    {
        auto sheet = VerificationService(m_db->db).load(999999);
        QVERIFY(!sheet.ok());
        QCOMPARE(sheet.error().kind, Error::Kind::NotFound);
    }

private:
    qint64 addClient(const QString& first, const QString& email, const QString& language)
    {
        auto id = ClientService(m_db->db).add(
            {{QStringLiteral("firstname"), first},
             {QStringLiteral("lastname"), QStringLiteral("Lee")},
             {QStringLiteral("companyname"), QStringLiteral("Lee Consulting")},
             {QStringLiteral("email"), email},
             {QStringLiteral("city"), QStringLiteral("Leeds")},
             {QStringLiteral("country"), QStringLiteral("GB")},
             {QStringLiteral("language"), language}},
            m_user);
        if (!id)
            qFatal("cannot add a client: %s", qPrintable(id.error().message));
        return *id;
    }

    std::unique_ptr<TempDatabase> m_db;
    qint64 m_user = 0;
    qint64 m_client = 0;
    QString m_pdf;
};

QTEST_MAIN(TestVerificationSheet)
#include "tst_verificationsheet.moc"
