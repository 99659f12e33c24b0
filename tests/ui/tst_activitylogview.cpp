#include "activitylogview.h"
#include "listview.h"
#include "mainwindow.h"
#include "manageuserdialog.h"
#include "models/activitylistquery.h"
#include "services/userservice.h"
#include "testsupport.h"
#include "uitesting.h"

#include <QAbstractItemModelTester>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTest>

#include <memory>

using namespace accord;
using accord::test::retype;
using accord::test::TempDatabase;
using accord::ui::MainWindow;

namespace {
QStringList column(const LazyListModel* model, int column)
{
    QStringList out;
    for (int r = 0; r < model->rowCount(); ++r)
        out << model->index(r, column).data().toString();
    return out;
}

bool allLoaded(const LazyListModel* model)
{
    for (int r = 0; r < model->rowCount(); ++r)
        if (!model->isRowLoaded(r))
            return false;
    return model->isCountExact();
}
} // namespace

class TestActivityLogView : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void init()
    {
        m_db = std::make_unique<TempDatabase>();
        UserService users(m_db->db);
        m_ann = *users.add({QStringLiteral("Ann"),
                            QStringLiteral("Old"),
                            QStringLiteral("ann@example.com"),
                            QString(),
                            {}});
        m_bob = *users.add({QStringLiteral("Bob"),
                            QStringLiteral("Other"),
                            QStringLiteral("bob@example.com"),
                            QString(),
                            {}});
        m_window = std::make_unique<MainWindow>(m_db->db);
        m_tester = std::make_unique<QAbstractItemModelTester>(
            m_window->activityView()->model(),
            QAbstractItemModelTester::FailureReportingMode::QtTest);
        m_window->show();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    void cleanup()
    {
        m_tester.reset();
        m_window.reset();
        m_db.reset();
    }

    void showsTheRowsOfChangesMadeInTheDialogNewestFirst()
    {
        editAnn();
        QTest::keyClick(m_window.get(), Qt::Key_L, Qt::AltModifier); // "Activity &Log"
        QCOMPARE(m_window->tabs()->currentWidget(), m_window->activityView());
        const LazyListModel* model = m_window->activityView()->model();
        // Two users created, then two saves of Ann: four rows.
        QTRY_COMPARE(model->rowCount(), 4);
        QTRY_VERIFY(allLoaded(model));
        const QStringList descriptions = column(model, ActivityListQuery::Description);
        QVERIFY2(descriptions.at(0).contains(
                     QStringLiteral("Email Address changed from 'ann@example.com' to "
                                    "'ann@new.example'")),
                 qPrintable(descriptions.join(QLatin1Char('\n'))));
        QVERIFY2(
            descriptions.at(1).contains(QStringLiteral("First Name changed from 'Ann' to 'Anna'")),
            qPrintable(descriptions.join(QLatin1Char('\n'))));
        QCOMPARE(model->index(0, ActivityListQuery::UserId).data().toString(),
                 QString::number(m_ann));
        QCOMPARE(model->index(0, ActivityListQuery::Operator).data().toString(),
                 QStringLiteral("tester"));
        // Dates in local time, newest first.
        const QStringList dates = column(model, ActivityListQuery::Date);
        QStringList sorted = dates;
        std::sort(sorted.begin(), sorted.end(), std::greater<>());
        QCOMPARE(dates, sorted);
        const QDateTime first =
            QDateTime::fromString(dates.first(), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        QVERIFY(qAbs(first.secsTo(QDateTime::currentDateTime())) < 600);
    }

    void filtersByUserIdAndByText()
    {
        editAnn();
        QTest::keyClick(m_window.get(), Qt::Key_L, Qt::AltModifier);
        ui::ActivityLogView* view = m_window->activityView();
        const LazyListModel* model = view->model();
        QTRY_COMPARE(model->rowCount(), 4);

        QTest::keyClicks(view->userIdFilter(), QString::number(m_bob));
        QTRY_COMPARE(model->rowCount(), 1);
        QTRY_VERIFY(allLoaded(model));
        QCOMPARE(model->index(0, ActivityListQuery::UserId).data().toString(),
                 QString::number(m_bob));

        retype(view->userIdFilter(), QString::number(m_ann));
        QTRY_COMPARE(model->rowCount(), 3);

        // Text, case-folded, combined with the user id.
        QTest::keyClicks(view->textFilter(), QStringLiteral("email ADDRESS"));
        QTRY_COMPARE(model->rowCount(), 1);
        QTRY_VERIFY(allLoaded(model));
        QVERIFY(model->index(0, ActivityListQuery::Description)
                    .data()
                    .toString()
                    .contains(QStringLiteral("Email Address changed")));

        // Text alone; '%' is an ordinary character.
        view->userIdFilter()->setFocus();
        QTest::keyClick(view->userIdFilter(), Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(view->userIdFilter(), Qt::Key_Delete);
        QTRY_COMPARE(model->rowCount(), 1);
        retype(view->textFilter(), QStringLiteral("%"));
        QTRY_VERIFY(model->isCountExact());
        QTRY_COMPARE(model->rowCount(), 0);
    }

private:
    // Two saves through the Manage User dialog: the first name, then the email.
    void editAnn()
    {
        ui::ManageUserDialog* d = m_window->openUser(m_ann);
        QVERIFY(QTest::qWaitForWindowExposed(d));
        auto* save = d->findChild<QPushButton*>(QStringLiteral("saveButton"));
        retype(d->findChild<QLineEdit*>(QStringLiteral("firstName")), QStringLiteral("Anna"));
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_COMPARE(d->loadedUser().firstName, QStringLiteral("Anna"));
        retype(d->findChild<QLineEdit*>(QStringLiteral("email")),
               QStringLiteral("ann@new.example"));
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_COMPARE(d->loadedUser().email, QStringLiteral("ann@new.example"));
        QTest::mouseClick(d->findChild<QPushButton*>(QStringLiteral("closeButton")),
                          Qt::LeftButton);
        QTRY_VERIFY(!m_window->userDialog(m_ann));
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    std::unique_ptr<TempDatabase> m_db;
    std::unique_ptr<MainWindow> m_window;
    std::unique_ptr<QAbstractItemModelTester> m_tester;
    qint64 m_ann = 0;
    qint64 m_bob = 0;
};

QTEST_MAIN(TestActivityLogView)
#include "tst_activitylogview.moc"
