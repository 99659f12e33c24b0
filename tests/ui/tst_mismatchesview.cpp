#include "bulkmatchdialog.h"
#include "listview.h"
#include "mainwindow.h"
#include "manageuserdialog.h"
#include "markintendeddialog.h"
#include "mismatchestesting.h"
#include "mismatchesview.h"
#include "models/mismatchlistquery.h"
#include "services/accessservice.h"
#include "services/clientservice.h"
#include "services/matchservice.h"
#include "services/userservice.h"
#include "testsupport.h"
#include "uitesting.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTest>
#include <QThread>

#include <memory>

using namespace accord;
using accord::test::addClient;
using accord::test::addUser;
using accord::test::child;
using accord::test::clickRow;
using accord::test::rowOf;
using accord::test::settled;
using accord::test::TempDatabase;
using accord::ui::MismatchesView;
using Link = MismatchesView::Link;

namespace {

// Moves a closed combo box to the item with this text with the arrow keys, as an admin does.
void choose(QComboBox* combo, const QString& text)
{
    combo->setFocus();
    const int wanted = combo->findText(text);
    QVERIFY2(wanted >= 0, qPrintable(text));
    while (combo->currentIndex() < wanted)
        QTest::keyClick(combo, Qt::Key_Down);
    while (combo->currentIndex() > wanted)
        QTest::keyClick(combo, Qt::Key_Up);
    QCOMPARE(combo->currentText(), text);
}

// Every row the view shows once the current filter's rows and count have arrived.
QList<Link> shownLinks(const MismatchesView* view)
{
    QList<Link> out;
    const LazyListModel* model = view->model();
    for (int r = 0; r < model->rowCount(); ++r)
        if (const auto link = view->linkAt(r))
            out << *link;
    return out;
}

} // namespace

class TestMismatchesView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_db = std::make_unique<TempDatabase>();
        const DatabasePtr& db = m_db->db;
        // Owner links: Ann's client email differs in case, Bob's client has a language
        // where Bob has the default, Cara's client spells her name differently, Dan's
        // matches. Sam (staff) has access to Dan's client: a non-owner link that differs.
        m_owners = test::addDriftingOwners(db);
        m_dan = addUser(db, QStringLiteral("Dan"), QStringLiteral("Fox"),
                        QStringLiteral("dan@example.com"));
        m_danClient = addClient(db, m_dan, QStringLiteral("Dan"), QStringLiteral("Fox"),
                                QStringLiteral("dan@example.com"));
        m_sam = addUser(db, QStringLiteral("Sam"), QStringLiteral("Staff"),
                        QStringLiteral("sam@example.com"));
        QVERIFY(AccessService(db).grant(m_sam, m_danClient, Permissions::all()).ok());

        m_view = std::make_unique<MismatchesView>(db);
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_view->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_view->resize(1000, 500);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    }

    void cleanup()
    {
        m_db->db->forbidQueriesOnThread(nullptr);
        m_tester.reset();
        m_view.reset();
        m_db.reset();
    }

    void defaultReportListsOwnerLinksThatDifferWithCountsPerField()
    {
        // The rows and the counts per field come from worker threads: the GUI thread of
        // this view never queries.
        m_db->db->forbidQueriesOnThread(QThread::currentThread());
        QTRY_VERIFY(settled(m_view.get()));
        QCOMPARE(shownLinks(m_view.get()), (QList<Link>{{m_owners.ann, m_owners.annClient},
                                                        {m_owners.bob, m_owners.bobClient},
                                                        {m_owners.cara, m_owners.caraClient}}));
        const LazyListModel* model = m_view->model();
        QCOMPARE(model->index(0, MismatchListQuery::UserEmailColumn).data().toString(),
                 QStringLiteral("ann@example.com"));
        QCOMPARE(model->index(0, MismatchListQuery::ClientNameColumn).data().toString(),
                 QStringLiteral("Ann Lee"));
        QCOMPARE(model->index(0, MismatchListQuery::OwnerColumn).data().toString(),
                 QStringLiteral("Owner"));
        QCOMPARE(model->index(0, MismatchListQuery::DifferencesColumn).data().toString(),
                 QStringLiteral("Email: case or spacing"));
        QCOMPARE(model->index(1, MismatchListQuery::DifferencesColumn).data().toString(),
                 QStringLiteral("Language: one side empty"));
        QCOMPARE(model->index(2, MismatchListQuery::DifferencesColumn).data().toString(),
                 QStringLiteral("First Name: differs"));
        QCOMPARE(*m_view->fieldCounts(), (std::array<qint64, 4>{1, 0, 1, 1}));
        QCOMPARE(m_view->countsLabel()->text(),
                 QStringLiteral("Links that differ: 3 — by field: First Name 1 · Last Name 0 · "
                                "Email 1 · Language 1"));
    }

    void filtersByFieldAndKindShowExactlyTheMatchingRows()
    {
        m_db->db->forbidQueriesOnThread(QThread::currentThread());
        QTRY_VERIFY(settled(m_view.get()));
        auto expect = [this](const QList<Link>& links, std::array<qint64, 4> counts) {
            QTRY_VERIFY(settled(m_view.get()));
            QCOMPARE(shownLinks(m_view.get()), links);
            QCOMPARE(*m_view->fieldCounts(), counts);
        };

        choose(m_view->fieldCombo(), QStringLiteral("Email"));
        expect({{m_owners.ann, m_owners.annClient}}, {1, 0, 1, 1});
        choose(m_view->fieldCombo(), QStringLiteral("First Name"));
        expect({{m_owners.cara, m_owners.caraClient}}, {1, 0, 1, 1});
        choose(m_view->fieldCombo(), QStringLiteral("Last Name"));
        expect({}, {1, 0, 1, 1});

        choose(m_view->fieldCombo(), QStringLiteral("Any field"));
        choose(m_view->kindCombo(), QStringLiteral("Case or spacing"));
        expect({{m_owners.ann, m_owners.annClient}}, {0, 0, 1, 0});
        choose(m_view->kindCombo(), QStringLiteral("One side empty"));
        expect({{m_owners.bob, m_owners.bobClient}}, {0, 0, 0, 1});
        choose(m_view->kindCombo(), QStringLiteral("Differs"));
        expect({{m_owners.cara, m_owners.caraClient}}, {1, 0, 0, 0});

        // Both at once: a field and a kind.
        choose(m_view->fieldCombo(), QStringLiteral("Email"));
        expect({}, {1, 0, 0, 0});
        choose(m_view->fieldCombo(), QStringLiteral("First Name"));
        expect({{m_owners.cara, m_owners.caraClient}}, {1, 0, 0, 0});
        QCOMPARE(m_view->model()->search(), QStringLiteral("field=first_name;kind=differs"));
    }

    void allLinksAddsTheLinksOfUsersWhoAreNotTheOwner()
    {
        QTRY_VERIFY(settled(m_view.get()));
        QCOMPARE(rowOf(m_view.get(), {m_sam, m_danClient}), -1);
        QTest::mouseClick(m_view->allLinksBox(), Qt::LeftButton);
        QVERIFY(m_view->allLinksBox()->isChecked());
        QTRY_VERIFY(settled(m_view.get()));
        QCOMPARE(shownLinks(m_view.get()), (QList<Link>{{m_owners.ann, m_owners.annClient},
                                                        {m_owners.bob, m_owners.bobClient},
                                                        {m_owners.cara, m_owners.caraClient},
                                                        {m_sam, m_danClient}}));
        const int sam = rowOf(m_view.get(), {m_sam, m_danClient});
        QCOMPARE(m_view->model()->index(sam, MismatchListQuery::OwnerColumn).data().toString(),
                 QString());
        QCOMPARE(
            m_view->model()->index(sam, MismatchListQuery::DifferencesColumn).data().toString(),
            QStringLiteral("First Name: differs; Last Name: differs; Email: differs"));
        QCOMPARE(*m_view->fieldCounts(), (std::array<qint64, 4>{2, 1, 2, 1}));
        // Staff links differ naturally: unticking hides them again.
        QTest::mouseClick(m_view->allLinksBox(), Qt::LeftButton);
        QTRY_VERIFY(settled(m_view.get()));
        QCOMPARE(rowOf(m_view.get(), {m_sam, m_danClient}), -1);
    }

    void matchingOneRowDropsTheCountByOne()
    {
        QTRY_VERIFY(settled(m_view.get()));
        QCOMPARE(m_view->model()->matchCount(), 3);
        QTableView* table = m_view->list()->table();
        clickRow(table, rowOf(m_view.get(), {m_owners.cara, m_owners.caraClient}));
        QCOMPARE(m_view->selectedLinks(), (QList<Link>{{m_owners.cara, m_owners.caraClient}}));
        QTest::mouseClick(child<QPushButton>(m_view.get(), "matchSelectedButton"), Qt::LeftButton);
        ui::BulkMatchDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = m_view->findChild<ui::BulkMatchDialog*>()) && dialog->isVisible());
        QCOMPARE(dialog->previewLines(),
                 QStringList{QStringLiteral("Client %1 First Name: \"Carla\" → \"Cara\"")
                                 .arg(m_owners.caraClient)});
        QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);

        QTRY_VERIFY(settled(m_view.get()) && m_view->model()->matchCount() == 2);
        QCOMPARE(rowOf(m_view.get(), {m_owners.cara, m_owners.caraClient}), -1);
        QTRY_COMPARE(*m_view->fieldCounts(), (std::array<qint64, 4>{0, 0, 1, 1}));
        QCOMPARE(test::column(*m_db->db,
                              QStringLiteral("SELECT firstname FROM tblclients WHERE "
                                             "id = ?"),
                              {m_owners.caraClient})
                     .toString(),
                 QStringLiteral("Cara"));
        QTRY_VERIFY(
            m_view->countsLabel()->text().startsWith(QStringLiteral("Links that differ: 2 —")));
    }

    void markingIntendedHidesTheRowUntilShowMarkedAsIntended()
    {
        QTRY_VERIFY(settled(m_view.get()));
        QTableView* table = m_view->list()->table();
        clickRow(table, rowOf(m_view.get(), {m_owners.bob, m_owners.bobClient}));
        QVERIFY(m_view->markIntendedAction()->isEnabled());
        QVERIFY(!m_view->clearIntendedAction()->isEnabled()); // nothing marked yet
        QTest::mouseClick(child<QPushButton>(m_view.get(), "markIntendedButton"), Qt::LeftButton);
        ui::MarkIntendedDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = m_view->findChild<ui::MarkIntendedDialog*>()) && dialog->isVisible());
        // The whole link, or the one differing field.
        QCOMPARE(dialog->scope()->count(), 2);
        QCOMPARE(dialog->scope()->itemData(1).toString(), QStringLiteral("language"));
        choose(dialog->scope(), QStringLiteral("Language only"));
        QTest::keyClicks(dialog->note(), QStringLiteral("Bob reads invoices in French"));
        QTest::mouseClick(dialog->markButton(), Qt::LeftButton);

        QTRY_VERIFY(settled(m_view.get()) && m_view->model()->matchCount() == 2);
        QCOMPARE(rowOf(m_view.get(), {m_owners.bob, m_owners.bobClient}), -1);
        QCOMPARE(*m_view->fieldCounts(), (std::array<qint64, 4>{1, 0, 1, 0}));
        QCOMPARE(test::column(*m_db->db,
                              QStringLiteral("SELECT note FROM accord_intended_differences "
                                             "WHERE user_id = ? AND client_id = ?"),
                              {m_owners.bob, m_owners.bobClient})
                     .toString(),
                 QStringLiteral("Bob reads invoices in French"));

        QTest::mouseClick(m_view->showIntendedBox(), Qt::LeftButton);
        QTRY_VERIFY(settled(m_view.get()) && m_view->model()->matchCount() == 3);
        const int bob = rowOf(m_view.get(), {m_owners.bob, m_owners.bobClient});
        QVERIFY(bob >= 0);
        QCOMPARE(
            m_view->model()->index(bob, MismatchListQuery::DifferencesColumn).data().toString(),
            QStringLiteral("Language: one side empty (intended)"));

        // Removing the mark puts it back in the default report.
        clickRow(table, bob);
        QVERIFY(m_view->clearIntendedAction()->isEnabled());
        QTest::mouseClick(child<QPushButton>(m_view.get(), "clearIntendedButton"), Qt::LeftButton);
        QTRY_VERIFY(settled(m_view.get()) &&
                    m_view->model()
                            ->index(rowOf(m_view.get(), {m_owners.bob, m_owners.bobClient}),
                                    MismatchListQuery::DifferencesColumn)
                            .data()
                            .toString() == QStringLiteral("Language: one side empty"));
        QTest::mouseClick(m_view->showIntendedBox(), Qt::LeftButton);
        QTRY_VERIFY(settled(m_view.get()) && m_view->model()->matchCount() == 3);
        QVERIFY(rowOf(m_view.get(), {m_owners.bob, m_owners.bobClient}) >= 0);
    }

    void markingTheWholeLinkHidesEveryField()
    {
        QTest::mouseClick(m_view->allLinksBox(), Qt::LeftButton);
        QTRY_VERIFY(settled(m_view.get()) && m_view->model()->matchCount() == 4);
        clickRow(m_view->list()->table(), rowOf(m_view.get(), {m_sam, m_danClient}));
        QTest::mouseClick(child<QPushButton>(m_view.get(), "markIntendedButton"), Qt::LeftButton);
        ui::MarkIntendedDialog* dialog = nullptr;
        QTRY_VERIFY((dialog = m_view->findChild<ui::MarkIntendedDialog*>()) && dialog->isVisible());
        QCOMPARE(dialog->scope()->currentData().toString(), QString()); // the whole link
        QTest::keyClick(dialog->note(), Qt::Key_Return);                // the default button
        QTRY_VERIFY(settled(m_view.get()) && m_view->model()->matchCount() == 3);
        QCOMPARE(rowOf(m_view.get(), {m_sam, m_danClient}), -1);
    }

    void enterOnARowAsksForCompareAndTheActionsOpenEitherSide()
    {
        QTRY_VERIFY(settled(m_view.get()));
        QSignalSpy compare(m_view.get(), &MismatchesView::compareRequested);
        QSignalSpy openUser(m_view.get(), &MismatchesView::openUserRequested);
        QSignalSpy openClient(m_view.get(), &MismatchesView::openClientRequested);
        QTableView* table = m_view->list()->table();
        clickRow(table, 1);
        QTest::keyClick(table, Qt::Key_Return);
        QCOMPARE(compare.size(), 1);
        QCOMPARE(compare.at(0), (QVariantList{m_owners.bob, m_owners.bobClient}));
        // A double-click: the first click of it, then the second.
        const QPoint cara = table->visualRect(table->model()->index(2, 1)).center();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cara);
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cara);
        QCOMPARE(compare.size(), 2);
        QCOMPARE(compare.at(1), (QVariantList{m_owners.cara, m_owners.caraClient}));
        QTest::mouseClick(child<QPushButton>(m_view.get(), "openUserButton"), Qt::LeftButton);
        QCOMPARE(openUser.size(), 1);
        QCOMPARE(openUser.at(0).at(0).toLongLong(), m_owners.cara);
        QTest::mouseClick(child<QPushButton>(m_view.get(), "openClientButton"), Qt::LeftButton);
        QCOMPARE(openClient.size(), 1);
        QCOMPARE(openClient.at(0).at(0).toLongLong(), m_owners.caraClient);
        // The same actions are in the table's context menu.
        QVERIFY(table->actions().contains(m_view->matchAction()));
        QVERIFY(table->actions().contains(m_view->exportAction()));
    }

    void exportWritesTheRowsShown()
    {
        QTRY_VERIFY(settled(m_view.get()));
        choose(m_view->kindCombo(), QStringLiteral("Differs"));
        QTRY_VERIFY(settled(m_view.get()) && m_view->model()->matchCount() == 1);
        const QString path = m_db->dir.filePath(QStringLiteral("mismatches.csv"));
        QString error;
        QVERIFY2(m_view->list()->exportCsv(path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines =
            QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 2); // the header and Cara's row
        QVERIFY(lines.at(1).contains(QStringLiteral("cara@example.com")));
    }

    void theMainWindowHasTheTabAndOpensEitherSide()
    {
        m_tester.reset();
        m_view.reset();
        ui::MainWindow window(m_db->db);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTest::keyClick(&window, Qt::Key_M, Qt::AltModifier); // "&Mismatches"
        MismatchesView* view = window.mismatchesView();
        QCOMPARE(window.tabs()->currentWidget(), view);
        QTRY_VERIFY(settled(view));
        // The status bar carries the per-field counts on this tab, the totals elsewhere.
        auto* counts = window.statusBar()->findChild<QLabel*>(QStringLiteral("counts"));
        QVERIFY(counts);
        QTRY_VERIFY2(counts->text().contains(QStringLiteral("by field: First Name")),
                     qPrintable(counts->text()));
        QCOMPARE(counts->text(), view->countsLabel()->text());
        QTest::keyClick(&window, Qt::Key_C, Qt::AltModifier); // "&Clients"
        QTRY_VERIFY2(counts->text().contains(QStringLiteral("clients")),
                     qPrintable(counts->text()));
        QTest::keyClick(&window, Qt::Key_M, Qt::AltModifier);
        QTRY_COMPARE(counts->text(), view->countsLabel()->text());
        clickRow(view->list()->table(), rowOf(view, {m_owners.ann, m_owners.annClient}));
        QTest::mouseClick(child<QPushButton>(view, "openUserButton"), Qt::LeftButton);
        QVERIFY(window.userDialog(m_owners.ann));
        QTest::mouseClick(child<QPushButton>(view, "openClientButton"), Qt::LeftButton);
        QVERIFY(window.clientWindow(m_owners.annClient));
    }

private:
    std::unique_ptr<TempDatabase> m_db;
    std::unique_ptr<MismatchesView> m_view;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    test::DriftingOwners m_owners;
    qint64 m_dan = 0, m_danClient = 0, m_sam = 0;
};

QTEST_MAIN(TestMismatchesView)
#include "tst_mismatchesview.moc"
