#include "clientprofilewindow.h"
#include "comparewindow.h"
#include "conflictdialog.h"
#include "mainwindow.h"
#include "manageuserdialog.h"
#include "mismatchesview.h"
#include "models/lazylistmodel.h"
#include "services/clientservice.h"
#include "services/matchservice.h"
#include "services/userservice.h"
#include "testsupport.h"

#include <QApplication>
#include <QFileInfo>
#include <QFrame>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTest>

#include <memory>

using namespace accord;
using accord::test::TempDatabase;
using accord::ui::CompareWindow;
using accord::ui::ConflictDialog;
using accord::ui::MainWindow;
using accord::ui::ManageUserDialog;

namespace {

const QString userEmail = QStringLiteral("ann@example.com");
const QString clientEmail = QStringLiteral("ann.lee@work.example");

template <typename T>
T* child(QWidget* parent, const QString& name)
{
    T* w = parent->findChild<T*>(name);
    if (!w)
        qFatal("no child %s", qPrintable(name));
    return w;
}

// What the admin sees on one field's row.
struct ShownRow {
    QString kind;
    QString userValue;
    QString clientValue;
    bool icon = false;
    QColor background; // the colour under the row's cells, as painted
    bool toClient = false;
    bool toUser = false;
};

ShownRow shownRow(CompareWindow* w, const QString& field)
{
    ShownRow r;
    r.kind = child<QLabel>(w, field + QStringLiteral("Kind"))->text();
    r.userValue = child<QLabel>(w, field + QStringLiteral("UserValue"))->text();
    r.clientValue = child<QLabel>(w, field + QStringLiteral("ClientValue"))->text();
    auto* icon = child<QLabel>(w, field + QStringLiteral("Icon"));
    r.icon = !icon->pixmap().isNull() && icon->accessibleName() == r.kind;
    auto* row = child<QFrame>(w, field + QStringLiteral("Row"));
    const QImage shot = w->grab().toImage();
    const QPoint at = row->mapTo(w, QPoint(2, row->height() / 2)) * shot.devicePixelRatio();
    r.background = shot.pixelColor(at);
    r.toClient = child<QPushButton>(w, field + QStringLiteral("ToClientButton"))->isEnabled();
    r.toUser = child<QPushButton>(w, field + QStringLiteral("ToUserButton"))->isEnabled();
    return r;
}

QMessageBox* waitForConfirmation(CompareWindow* w)
{
    QMessageBox* box = nullptr;
    if (!QTest::qWaitFor([&] {
            box = w->findChild<QMessageBox*>(QStringLiteral("confirmMatchBox"));
            return box && box->isVisible();
        }))
        qFatal("no confirmation was shown");
    return box;
}

// Clicks a button and confirms the preview with the mouse, as an admin does.
QString clickAndConfirm(CompareWindow* w, const QString& button)
{
    QTest::mouseClick(child<QPushButton>(w, button), Qt::LeftButton);
    QMessageBox* box = waitForConfirmation(w);
    const QString preview = box->informativeText();
    QTest::mouseClick(child<QPushButton>(box, QStringLiteral("confirmButton")), Qt::LeftButton);
    return preview;
}

} // namespace

class TestCompareWindow : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // A user and the client they own, differing in three ways: the first name by case and a
    // trailing space (legacy data), the email, and the language (Default against french).
    void init()
    {
        m_db = std::make_unique<TempDatabase>();
        auto user = UserService(m_db->db).add(
            {QStringLiteral("Ann"), QStringLiteral("Lee"), userEmail, QString(), QString()});
        QVERIFY(user.ok());
        m_user = *user;
        auto client =
            ClientService(m_db->db).add({{QStringLiteral("firstname"), QStringLiteral("ann")},
                                         {QStringLiteral("lastname"), QStringLiteral("Lee")},
                                         {QStringLiteral("email"), clientEmail},
                                         {QStringLiteral("country"), QStringLiteral("GB")},
                                         {QStringLiteral("language"), QStringLiteral("french")}},
                                        m_user);
        QVERIFY(client.ok());
        m_client = *client;
        test::exec(*m_db->db, QStringLiteral("UPDATE tblusers SET first_name = ? WHERE id = ?"),
                   {QStringLiteral("Ann "), m_user});
        m_logRows = int(test::descriptions(*m_db->db).size());
    }

    void cleanup()
    {
        delete m_compare.data();
        m_window.reset();
        m_db.reset();
    }

    void differingRowsAreMarkedByColourIconAndWords()
    {
        CompareWindow* w = open();
        const QColor plain = w->palette().color(QPalette::Window);

        const ShownRow first = shownRow(w, QStringLiteral("first_name"));
        QCOMPARE(first.kind, QStringLiteral("Case or spacing"));
        QCOMPARE(first.userValue, QStringLiteral("Ann·")); // the trailing space, made visible
        QCOMPARE(first.clientValue, QStringLiteral("ann"));
        QVERIFY(first.icon);
        QVERIFY(first.background != plain);
        QVERIFY(first.toClient && first.toUser);

        const ShownRow last = shownRow(w, QStringLiteral("last_name"));
        QCOMPARE(last.kind, QStringLiteral("Same"));
        QCOMPARE(last.userValue, QStringLiteral("Lee"));
        QVERIFY(last.icon); // a tick: "same" is said by an icon and words too
        QCOMPARE(last.background, plain);
        QVERIFY(!last.toClient && !last.toUser);

        const ShownRow email = shownRow(w, QStringLiteral("email"));
        QCOMPARE(email.kind, QStringLiteral("Differs"));
        QCOMPARE(email.userValue, userEmail);
        QCOMPARE(email.clientValue, clientEmail);
        QVERIFY(email.icon);
        QVERIFY(email.background != plain);

        const ShownRow language = shownRow(w, QStringLiteral("language"));
        QCOMPARE(language.kind, QStringLiteral("One side empty"));
        QCOMPARE(language.userValue, QStringLiteral("Default"));
        QCOMPARE(language.clientValue, QStringLiteral("french"));
        QVERIFY(language.icon);
        QVERIFY(language.background != plain);

        // Each kind has its own colour; the header names both records.
        QVERIFY(first.background != email.background);
        QVERIFY(email.background != language.background);
        QVERIFY(
            child<QLabel>(w, QStringLiteral("summary"))->text().contains(QStringLiteral("3 of 4")));
        QVERIFY(child<QLabel>(w, QStringLiteral("userHeader"))
                    ->text()
                    .contains(QStringLiteral("User #%1").arg(m_user)));
        QVERIFY(child<QLabel>(w, QStringLiteral("clientHeader"))
                    ->text()
                    .contains(QStringLiteral("Client #%1").arg(m_client)));
    }

    void matchAllFromUserLeavesNoDifference()
    {
        CompareWindow* w = open();
        const QString preview = clickAndConfirm(w, QStringLiteral("matchAllFromUserButton"));
        // The preview said what would change, on both records.
        QVERIFY2(preview.contains(QStringLiteral("Client %1 Email: \"%2\" → \"%3\"")
                                      .arg(m_client)
                                      .arg(clientEmail, userEmail)),
                 qPrintable(preview));
        QVERIFY2(
            preview.contains(QStringLiteral("User %1 First Name: \"Ann \" → \"Ann\"").arg(m_user)),
            qPrintable(preview));
        QTRY_VERIFY(w->comparison().differences.isEmpty());
        w->close();
        delete m_compare.data();

        CompareWindow* again = open();
        QVERIFY(again->comparison().differences.isEmpty());
        QVERIFY(child<QLabel>(again, QStringLiteral("summary"))
                    ->text()
                    .contains(QStringLiteral("same")));
        for (const auto& f : comparedFields())
            QCOMPARE(shownRow(again, QLatin1String(f.userColumn)).kind, QStringLiteral("Same"));
        QCOMPARE(ClientService(m_db->db).find(m_client)->email(), userEmail);
        QCOMPARE(ClientService(m_db->db).find(m_client)->value(QStringLiteral("language")),
                 QString());
        QCOMPARE(UserService(m_db->db).find(m_user)->firstName, QStringLiteral("Ann"));

        // One activity-log row per record, in the vendor's wording.
        const QStringList added = test::descriptions(*m_db->db).mid(m_logRows);
        QCOMPARE(added.size(), 2);
        QVERIFY2(
            added.contains(QStringLiteral("User Account Modified - First Name changed from 'Ann ' "
                                          "to 'Ann' - User ID: %1")
                               .arg(m_user)),
            qPrintable(added.join(QLatin1Char('\n'))));
        QVERIFY2(
            added.contains(QStringLiteral("Client Profile Modified - First Name: 'ann' to 'Ann', "
                                          "Email: '%1' to '%2', Language: 'french' to '' - "
                                          "Client ID: %3")
                               .arg(clientEmail, userEmail)
                               .arg(m_client)),
            qPrintable(added.join(QLatin1Char('\n'))));
    }

    void useClientsOnOneFieldChangesOnlyThatField()
    {
        CompareWindow* w = open();
        const ClientAccount clientBefore = *ClientService(m_db->db).find(m_client);
        clickAndConfirm(w, QStringLiteral("emailToUserButton"));
        QTRY_COMPARE(shownRow(w, QStringLiteral("email")).kind, QStringLiteral("Same"));

        const User user = *UserService(m_db->db).find(m_user);
        QCOMPARE(user.email, clientEmail);
        QCOMPARE(user.firstName, QStringLiteral("Ann "));
        QCOMPARE(user.lastName, QStringLiteral("Lee"));
        QCOMPARE(user.language, QString());
        const ClientAccount client = *ClientService(m_db->db).find(m_client);
        QCOMPARE(client.profile, clientBefore.profile);
        // The other differences are still shown as they were.
        QCOMPARE(shownRow(w, QStringLiteral("first_name")).kind, QStringLiteral("Case or spacing"));
        QCOMPARE(shownRow(w, QStringLiteral("language")).kind, QStringLiteral("One side empty"));
        const QStringList added = test::descriptions(*m_db->db).mid(m_logRows);
        QCOMPARE(added.size(), 1);
        QVERIFY(added.first().startsWith(QStringLiteral("User Account Modified - Email Address")));
    }

    void emailAnotherUserHasIsRefusedAndNothingChanges()
    {
        const qint64 other = *UserService(m_db->db).add(
            {QStringLiteral("Bob"), QStringLiteral("Other"), clientEmail, QString(), QString()});
        m_logRows = int(test::descriptions(*m_db->db).size());
        CompareWindow* w = open();
        const ClientAccount clientBefore = *ClientService(m_db->db).find(m_client);
        clickAndConfirm(w, QStringLiteral("emailToUserButton"));

        auto* message = child<QLabel>(w, QStringLiteral("message"));
        QTRY_VERIFY(message->isVisible());
        QVERIFY2(message->text().contains(clientEmail), qPrintable(message->text()));
        QVERIFY2(message->text().contains(QStringLiteral("already used")),
                 qPrintable(message->text()));
        QCOMPARE(UserService(m_db->db).find(m_user)->email, userEmail);
        QCOMPARE(UserService(m_db->db).find(other)->email, clientEmail);
        QCOMPARE(ClientService(m_db->db).find(m_client)->profile, clientBefore.profile);
        QCOMPARE(test::descriptions(*m_db->db).size(), m_logRows);
        QCOMPARE(shownRow(w, QStringLiteral("email")).kind, QStringLiteral("Differs"));
    }

    void staleClientIsRefusedAndNothingIsWritten()
    {
        CompareWindow* w = open();
        // Another session changes the client after the window read it.
        ClientService theirs(m_db->openAgain());
        QVERIFY(theirs
                    .update(*theirs.find(m_client),
                            {{QStringLiteral("lastname"), QStringLiteral("Changed")}})
                    .ok());
        const int rowsBefore = int(test::descriptions(*m_db->db).size());

        clickAndConfirm(w, QStringLiteral("matchAllFromUserButton"));
        ConflictDialog* conflict = nullptr;
        QTRY_VERIFY((conflict = w->findChild<ConflictDialog*>()) && conflict->isVisible());
        auto* message = child<QLabel>(w, QStringLiteral("message"));
        QVERIFY2(message->text().contains(QStringLiteral("Not applied")),
                 qPrintable(message->text()));

        // Nothing of the match was written, on either record.
        QCOMPARE(UserService(m_db->db).find(m_user)->firstName, QStringLiteral("Ann "));
        const ClientAccount client = *ClientService(m_db->db).find(m_client);
        QCOMPARE(client.firstName(), QStringLiteral("ann"));
        QCOMPARE(client.email(), clientEmail);
        QCOMPARE(client.lastName(), QStringLiteral("Changed"));
        QCOMPARE(int(test::descriptions(*m_db->db).size()), rowsBefore);

        // The window shows what is stored now: their last name differs from the user's.
        const ShownRow last = shownRow(w, QStringLiteral("last_name"));
        QCOMPARE(last.kind, QStringLiteral("Differs"));
        QCOMPARE(last.clientValue, QStringLiteral("Changed"));
        QTest::mouseClick(child<QPushButton>(conflict, QStringLiteral("reloadButton")),
                          Qt::LeftButton);
        QTRY_VERIFY(!w->findChild<ConflictDialog*>());
        QCOMPARE(shownRow(w, QStringLiteral("last_name")).clientValue, QStringLiteral("Changed"));
    }

    void markAsIntendedShowsTheNoteUntilCleared()
    {
        CompareWindow* w = open();
        QTest::mouseClick(child<QPushButton>(w, QStringLiteral("languageMarkButton")),
                          Qt::LeftButton);
        QInputDialog* ask = nullptr;
        QTRY_VERIFY((ask = w->findChild<QInputDialog*>(QStringLiteral("intendedNoteDialog"))) &&
                    ask->isVisible());
        ask->setTextValue(QStringLiteral("French invoices"));
        ask->accept();
        auto* note = child<QLabel>(w, QStringLiteral("languageNote"));
        QTRY_VERIFY(note->isVisible());
        QVERIFY(note->text().contains(QStringLiteral("French invoices")));
        QVERIFY(shownRow(w, QStringLiteral("language")).kind.contains(QStringLiteral("intended")));
        QCOMPARE(w->comparison().marks.size(), 1);

        QTest::mouseClick(child<QPushButton>(w, QStringLiteral("languageMarkButton")),
                          Qt::LeftButton);
        QTRY_VERIFY(!note->isVisible());
        QVERIFY(MatchService(m_db->db).compare(m_user, m_client)->marks.isEmpty());
    }

    void anotherWindowsSaveShowsHere()
    {
        CompareWindow* w = open();
        m_window = std::make_unique<MainWindow>(m_db->db);
        ui::ClientProfileWindow* profile = m_window->openClient(m_client);
        auto* email = qobject_cast<QLineEdit*>(profile->editor(QStringLiteral("email")));
        QVERIFY(email);
        email->setText(userEmail);
        QVERIFY(profile->save());
        QTRY_COMPARE(shownRow(w, QStringLiteral("email")).kind, QStringLiteral("Same"));
    }

    void compareInTheUsersTabOpensTheSelectedPair()
    {
        m_window = std::make_unique<MainWindow>(m_db->db);
        m_window->show();
        ui::ClientProfileWindow* profile = m_window->openClient(m_client);
        QVERIFY(QTest::qWaitForWindowExposed(profile));
        profile->tabs()->setCurrentIndex(1);
        QTableView* users = profile->usersTable();
        QTRY_VERIFY(profile->usersModel()->rowCount() == 1 &&
                    profile->usersModel()->idAt(0) == m_user);
        auto* compare = child<QPushButton>(profile, QStringLiteral("compareButton"));
        QTest::mouseClick(users->viewport(), Qt::LeftButton, {},
                          users->visualRect(profile->usersModel()->index(0, 0)).center());
        QTRY_VERIFY(compare->isEnabled());
        QTest::mouseClick(compare, Qt::LeftButton);
        CompareWindow* w = m_window->compareWindow(m_user, m_client);
        QVERIFY(w);
        QVERIFY(w->isVisible());
        QCOMPARE(w->userId(), m_user);
        QCOMPARE(w->clientId(), m_client);
        // Asking again raises the same window.
        QTest::mouseClick(compare, Qt::LeftButton);
        QCOMPARE(m_window->compareWindow(m_user, m_client), w);
    }

    void compareFromTheMismatchesViewOpensThePair()
    {
        m_window = std::make_unique<MainWindow>(m_db->db);
        emit m_window->mismatchesView()->compareRequested(m_user, m_client);
        CompareWindow* w = m_window->compareWindow(m_user, m_client);
        QVERIFY(w);
        QVERIFY(w->isVisible());
    }

    void compareInManageUsersNoticeOpensTheLinkedClient()
    {
        m_window = std::make_unique<MainWindow>(m_db->db);
        m_window->show();
        ManageUserDialog* d = m_window->openUser(m_user);
        QVERIFY(QTest::qWaitForWindowExposed(d));
        auto* lastName = child<QLineEdit>(d, QStringLiteral("lastName"));
        lastName->setText(QStringLiteral("Lee-Ward"));
        QTest::mouseClick(child<QPushButton>(d, QStringLiteral("saveButton")), Qt::LeftButton);
        auto* notice = child<QFrame>(d, QStringLiteral("comparedNotice"));
        QTRY_VERIFY(notice->isVisible());
        auto* compare =
            child<QPushButton>(notice, QStringLiteral("compareClient%1Button").arg(m_client));
        QVERIFY(compare->isVisible());
        QTest::mouseClick(compare, Qt::LeftButton);
        CompareWindow* w = m_window->compareWindow(m_user, m_client);
        QVERIFY(w);
        QVERIFY(w->isVisible());
        QCOMPARE(w->userId(), m_user);
        QCOMPARE(w->clientId(), m_client);
        // What it shows is what was just stored.
        QCOMPARE(shownRow(w, QStringLiteral("last_name")).userValue, QStringLiteral("Lee-Ward"));
        QCOMPARE(shownRow(w, QStringLiteral("last_name")).kind, QStringLiteral("Differs"));

        // The modal dialog does not block it: a click through the window system arrives.
        QVERIFY(QTest::qWaitForWindowExposed(w));
        auto* reload = child<QPushButton>(w, QStringLiteral("reloadButton"));
        QSignalSpy clicked(reload, &QPushButton::clicked);
        QTest::mouseClick(w->windowHandle(), Qt::LeftButton, {},
                          reload->mapTo(w, reload->rect().center()));
        QTRY_COMPARE(clicked.count(), 1);

        // The dialog's own Compare works on the selected account: the same window again.
        QTest::mouseClick(child<QPushButton>(d, QStringLiteral("compareButton")), Qt::LeftButton);
        QCOMPARE(m_window->compareWindow(m_user, m_client), w);
        d->close();
    }

    void everyButtonIsNamedAndExplainedAndEscapeCloses()
    {
        CompareWindow* w = open();
        for (QPushButton* b : w->findChildren<QPushButton*>()) {
            const QString name = b->accessibleName().isEmpty() ? b->text() : b->accessibleName();
            QVERIFY2(!name.isEmpty(), qPrintable(b->objectName()));
            QVERIFY2(!b->toolTip().isEmpty(), qPrintable(b->objectName()));
        }
        QCOMPARE(child<QPushButton>(w, QStringLiteral("emailToClientButton"))->accessibleName(),
                 QStringLiteral("Use the user's Email for the client"));
        // Tab goes along a row in the order it reads.
        auto* userValue = child<QLabel>(w, QStringLiteral("emailUserValue"));
        userValue->setFocus();
        QCOMPARE(userValue->nextInFocusChain(),
                 child<QPushButton>(w, QStringLiteral("emailToClientButton")));
        QTest::keyClick(w, Qt::Key_Escape);
        QTRY_VERIFY(!m_compare || !m_compare->isVisible());
    }

    void verificationSheetIsSavedFromTheWindow()
    {
        CompareWindow* w = open();
        const QString pdf = m_db->dir.filePath(QStringLiteral("sheet.pdf"));
        QVERIFY(w->saveVerificationSheetTo(pdf));
        QVERIFY(QFileInfo(pdf).size() > 1000);
        QVERIFY(child<QLabel>(w, QStringLiteral("message"))
                    ->text()
                    .contains(QStringLiteral("sheet.pdf")));
    }

private:
    CompareWindow* open()
    {
        auto* w = new CompareWindow(m_db->db, m_user, m_client);
        m_compare = w;
        w->show();
        if (!QTest::qWaitForWindowExposed(w))
            qFatal("the Compare window was not shown");
        return w;
    }

    std::unique_ptr<TempDatabase> m_db;
    std::unique_ptr<MainWindow> m_window;
    QPointer<CompareWindow> m_compare;
    qint64 m_user = 0;
    qint64 m_client = 0;
    int m_logRows = 0;
};

QTEST_MAIN(TestCompareWindow)
#include "tst_comparewindow.moc"
