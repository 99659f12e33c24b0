#include "bulkmatchdialog.h"
#include "listview.h"
#include "mismatchestesting.h"
#include "mismatchesview.h"
#include "services/clientservice.h"
#include "services/matchservice.h"
#include "services/userservice.h"
#include "testsupport.h"

#include <QCheckBox>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QRadioButton>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace accord;
using accord::test::addClient;
using accord::test::addUser;
using accord::test::clickRow;
using accord::test::rowOf;
using accord::test::settled;
using accord::test::TempDatabase;
using accord::ui::BulkMatchDialog;
using accord::ui::MismatchesView;
using Link = MismatchesView::Link;

namespace {

// Clicks a check box or radio button on its indicator (a radio button may be wider than its
// text, and a click beside the text does nothing).
void clickButton(QAbstractButton* button)
{
    QTest::mouseClick(button, Qt::LeftButton, {}, QPoint(8, button->height() / 2));
}

} // namespace

class TestBulkMatchDialog : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_db = std::make_unique<TempDatabase>();
        const DatabasePtr& db = m_db->db;
        m_owners = test::addDriftingOwners(db);
        m_view = std::make_unique<MismatchesView>(db);
        m_view->resize(1000, 500);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
        QTRY_VERIFY(settled(m_view.get()));
    }

    void cleanup()
    {
        m_dialog.reset();
        m_view.reset();
        m_db.reset();
    }

    void previewListsEveryChangeAndApplyFixesEverySelectedRow()
    {
        QCOMPARE(m_view->model()->matchCount(), 3);
        QTableView* table = m_view->list()->table();
        clickRow(table, 0);
        QTest::keyClick(table, Qt::Key_A, Qt::ControlModifier); // select every row
        QCOMPARE(m_view->selectedLinks().size(), 3);
        BulkMatchDialog* dialog = openDialog();
        QVERIFY(dialog->fromUserButton()->isChecked());
        for (const char* field : {"first_name", "last_name", "email", "language"})
            QVERIFY(dialog->fieldBox(QLatin1String(field))->isChecked());
        QCOMPARE(
            dialog->previewLines(),
            (QStringList{
                QStringLiteral("Client %1 Email: \"ANN@example.com\" → \"ann@example.com\"")
                    .arg(m_owners.annClient),
                QStringLiteral("Client %1 Language: \"french\" → (empty)").arg(m_owners.bobClient),
                QStringLiteral("Client %1 First Name: \"Carla\" → \"Cara\"")
                    .arg(m_owners.caraClient)}));
        QCOMPARE(dialog->summary()->text(),
                 QStringLiteral("Changes: 3 · records written: 3 · links: 3."));

        const QStringList logBefore = test::descriptions(*m_db->db);
        QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
        QTRY_VERIFY(!dialog->isVisible());
        QTRY_VERIFY(settled(m_view.get()) && m_view->model()->matchCount() == 0);
        QCOMPARE(*m_view->fieldCounts(), (std::array<qint64, 4>{0, 0, 0, 0}));
        Database& db = *m_db->db;
        QCOMPARE(
            test::storedText(db, "SELECT email FROM tblclients WHERE id = ?", m_owners.annClient),
            QStringLiteral("ann@example.com"));
        QCOMPARE(test::storedText(db, "SELECT language FROM tblclients WHERE id = ?",
                                  m_owners.bobClient),
                 QString());
        QCOMPARE(test::storedText(db, "SELECT firstname FROM tblclients WHERE id = ?",
                                  m_owners.caraClient),
                 QStringLiteral("Cara"));
        // The users are the source: untouched. One log row per client written.
        QCOMPARE(test::storedText(db, "SELECT email FROM tblusers WHERE id = ?", m_owners.ann),
                 QStringLiteral("ann@example.com"));
        QCOMPARE(test::descriptions(db).size(), logBefore.size() + 3);
    }

    void directionAndFieldsChangeThePreview()
    {
        BulkMatchDialog* dialog = openFor({{m_owners.ann, m_owners.annClient},
                                           {m_owners.bob, m_owners.bobClient},
                                           {m_owners.cara, m_owners.caraClient}});
        clickButton(dialog->fromClientButton());
        QTest::mouseClick(dialog->fieldBox(QStringLiteral("first_name")), Qt::LeftButton);
        QTest::mouseClick(dialog->fieldBox(QStringLiteral("language")), Qt::LeftButton);
        QCOMPARE(
            dialog->previewLines(),
            QStringList{QStringLiteral("User %1 Email: \"ann@example.com\" → \"ANN@example.com\"")
                            .arg(m_owners.ann)});
        QCOMPARE(dialog->summary()->text(),
                 QStringLiteral("Changes: 1 · records written: 1 · links: 1. Selected links with "
                                "nothing to change in these fields: 2."));
        QVERIFY(dialog->applyButton()->isEnabled());
        QTest::mouseClick(dialog->fieldBox(QStringLiteral("email")), Qt::LeftButton);
        QTest::mouseClick(dialog->fieldBox(QStringLiteral("last_name")), Qt::LeftButton);
        QVERIFY(dialog->previewLines().isEmpty());
        QCOMPARE(dialog->summary()->text(), QStringLiteral("Choose at least one field."));
        QVERIFY(!dialog->applyButton()->isEnabled());
    }

    void aClientEmailAnotherUserHasIsRefusedNamingTheRowAndNothingIsWritten()
    {
        const DatabasePtr& db = m_db->db;
        addUser(db, QStringLiteral("Tom"), QStringLiteral("Taken"),
                QStringLiteral("taken@example.com"));
        const qint64 eve = addUser(db, QStringLiteral("Eve"), QStringLiteral("Moss"),
                                   QStringLiteral("eve@example.com"));
        const qint64 eveClient = addClient(db, eve, QStringLiteral("Eve"), QStringLiteral("Moss"),
                                           QStringLiteral("taken@example.com"));
        m_view->refresh();
        QTRY_VERIFY(settled(m_view.get()) && m_view->model()->matchCount() == 4);

        // Ann's row (fine on its own) and Eve's, whose client email belongs to Tom.
        QTableView* table = m_view->list()->table();
        clickRow(table, rowOf(m_view.get(), {m_owners.ann, m_owners.annClient}));
        clickRow(table, rowOf(m_view.get(), {eve, eveClient}), Qt::ControlModifier);
        QCOMPARE(m_view->selectedLinks(),
                 (QList<Link>{{m_owners.ann, m_owners.annClient}, {eve, eveClient}}));
        BulkMatchDialog* dialog = openDialog();
        clickButton(dialog->fromClientButton());
        for (const char* field : {"first_name", "last_name", "language"})
            QTest::mouseClick(dialog->fieldBox(QLatin1String(field)), Qt::LeftButton);
        QCOMPARE(dialog->previewLines(),
                 (QStringList{
                     QStringLiteral("User %1 Email: \"ann@example.com\" → \"ANN@example.com\"")
                         .arg(m_owners.ann),
                     QStringLiteral("User %1 Email: \"eve@example.com\" → \"taken@example.com\"")
                         .arg(eve)}));

        const QStringList logBefore = test::descriptions(*db);
        QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
        QVERIFY(dialog->isVisible());
        QVERIFY(dialog->message()->isVisible());
        const QString message = dialog->message()->text();
        QVERIFY2(message.contains(QStringLiteral("User %1 and client %2").arg(eve).arg(eveClient)),
                 qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("taken@example.com")), qPrintable(message));
        QVERIFY2(message.contains(QStringLiteral("Nothing was written")), qPrintable(message));
        // Nothing at all: not even Ann's change, which came first.
        QCOMPARE(test::storedText(*db, "SELECT email FROM tblusers WHERE id = ?", m_owners.ann),
                 QStringLiteral("ann@example.com"));
        QCOMPARE(test::storedText(*db, "SELECT email FROM tblusers WHERE id = ?", eve),
                 QStringLiteral("eve@example.com"));
        QCOMPARE(test::descriptions(*db), logBefore);
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("cancelButton")),
                          Qt::LeftButton);
        QTRY_VERIFY(settled(m_view.get()));
        QCOMPARE(m_view->model()->matchCount(), 4);
    }

    void aRecordChangedSinceThePreviewIsRefusedAndThePreviewShowsItNow()
    {
        BulkMatchDialog* dialog = openFor({{m_owners.cara, m_owners.caraClient}});
        QCOMPARE(dialog->previewLines(),
                 QStringList{QStringLiteral("Client %1 First Name: \"Carla\" → \"Cara\"")
                                 .arg(m_owners.caraClient)});
        // Another session renames the client meanwhile.
        DatabasePtr other = m_db->openAgain();
        auto client = ClientService(other).find(m_owners.caraClient);
        QVERIFY(client.ok());
        QVERIFY(ClientService(other)
                    .update(*client, {{QStringLiteral("firstname"), QStringLiteral("Karla")}})
                    .ok());

        QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
        QVERIFY(dialog->isVisible());
        const QString message = dialog->message()->text();
        QVERIFY2(message.contains(QStringLiteral("User %1 and client %2")
                                      .arg(m_owners.cara)
                                      .arg(m_owners.caraClient)),
                 qPrintable(message));
        QCOMPARE(test::storedText(*m_db->db, "SELECT firstname FROM tblclients WHERE id = ?",
                                  m_owners.caraClient),
                 QStringLiteral("Karla"));
        QCOMPARE(dialog->previewLines(),
                 QStringList{QStringLiteral("Client %1 First Name: \"Karla\" → \"Cara\"")
                                 .arg(m_owners.caraClient)});
        // Applied again, on what is stored now, it goes through.
        QTest::mouseClick(dialog->applyButton(), Qt::LeftButton);
        QCOMPARE(test::storedText(*m_db->db, "SELECT firstname FROM tblclients WHERE id = ?",
                                  m_owners.caraClient),
                 QStringLiteral("Cara"));
    }

    void rowsThatWouldWriteOneRecordTwiceAreRefusedBeforeApply()
    {
        // Ann owns a second client with yet another email: from the clients, her email
        // would take two values.
        const qint64 second = addClient(m_db->db, m_owners.ann, QStringLiteral("Ann"),
                                        QStringLiteral("Lee"), QStringLiteral("ann@work.example"));
        BulkMatchDialog* dialog =
            openFor({{m_owners.ann, m_owners.annClient}, {m_owners.ann, second}});
        clickButton(dialog->fromClientButton());
        QVERIFY(!dialog->applyButton()->isEnabled());
        QVERIFY(dialog->message()->isVisible());
        QVERIFY2(dialog->message()->text().contains(QStringLiteral("two different values")),
                 qPrintable(dialog->message()->text()));
        // From the user both clients take her one email.
        clickButton(dialog->fromUserButton());
        QVERIFY(dialog->applyButton()->isEnabled());
        QCOMPARE(dialog->previewLines().size(), 2);
    }

private:
    BulkMatchDialog* openDialog()
    {
        QPushButton* button =
            m_view->findChild<QPushButton*>(QStringLiteral("matchSelectedButton"));
        if (!button)
            qFatal("no Match Selected button");
        QTest::mouseClick(button, Qt::LeftButton);
        BulkMatchDialog* dialog = m_view->findChild<BulkMatchDialog*>();
        if (!dialog || !dialog->isVisible())
            qFatal("the bulk match dialog did not open");
        return dialog;
    }

    BulkMatchDialog* openFor(const QList<std::pair<qint64, qint64>>& links)
    {
        m_dialog = std::make_unique<BulkMatchDialog>(m_db->db, links);
        m_dialog->show();
        return m_dialog.get();
    }

    std::unique_ptr<TempDatabase> m_db;
    std::unique_ptr<MismatchesView> m_view;
    std::unique_ptr<BulkMatchDialog> m_dialog;
    test::DriftingOwners m_owners;
};

QTEST_MAIN(TestBulkMatchDialog)
#include "tst_bulkmatchdialog.moc"
