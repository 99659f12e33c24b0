// The one user form: Manage User and New User show the same UserForm, bound to a record by
// one mapping, with every problem a service reports next to its field.
#include "fielderrors.h"
#include "languagecombo.h"
#include "manageuserdialog.h"
#include "newuserdialog.h"
#include "services/userservice.h"
#include "testsupport.h"
#include "uitesting.h"
#include "userform.h"

#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace accord;
using accord::test::child;
using accord::ui::UserForm;

namespace {

QStringList namedInputs(UserForm& form)
{
    QStringList out;
    for (QWidget* input :
         {static_cast<QWidget*>(form.firstName()), static_cast<QWidget*>(form.lastName()),
          static_cast<QWidget*>(form.email()), static_cast<QWidget*>(form.language())})
        out << input->objectName() + QLatin1Char('=') + input->accessibleName();
    return out;
}

User ann()
{
    User u;
    u.id = 3;
    u.firstName = QStringLiteral("Ann");
    u.lastName = QStringLiteral("Lee");
    u.email = QStringLiteral("ann@example.com");
    u.language = QStringLiteral("french");
    return u;
}

} // namespace

class TestUserForm : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { m_db = std::make_unique<test::TempDatabase>(); }
    void cleanup() { m_db.reset(); }

    void manageUserAndNewUserShowTheSameForm()
    {
        const qint64 id = test::addUser(m_db->db, QStringLiteral("Ann"), QStringLiteral("Lee"),
                                        QStringLiteral("ann@example.com"));
        ui::ManageUserDialog manage(m_db->db, id);
        ui::NewUserDialog create(m_db->db);
        QCOMPARE(namedInputs(*create.form()), namedInputs(*manage.form()));
        QCOMPARE(namedInputs(*manage.form()), (QStringList{QStringLiteral("firstName=First Name"),
                                                           QStringLiteral("lastName=Last Name"),
                                                           QStringLiteral("email=Email Address"),
                                                           QStringLiteral("language=Language")}));
        // Each says what its password is for.
        QCOMPARE(manage.form()->password()->accessibleName(), QStringLiteral("Set Password"));
        QCOMPARE(create.form()->password()->accessibleName(), QStringLiteral("Password"));
    }

    void changesAreWhatDiffersFromTheRecordAndATypedPassword()
    {
        UserForm form;
        form.setRecord(ann());
        QVERIFY(form.changes().isEmpty());
        form.lastName()->setText(QStringLiteral("Ward"));
        form.language()->setLanguage(QString());
        UserChanges c = form.changes();
        QVERIFY(!c.firstName && !c.email && !c.password);
        QCOMPARE(c.lastName, std::optional<QString>(QStringLiteral("Ward")));
        QCOMPARE(c.language, std::optional<QString>(QString(QLatin1String(""))));
        form.password()->setText(QStringLiteral("a long secret"));
        QCOMPARE(form.changes().password, std::optional<QString>(QStringLiteral("a long secret")));
        // Showing the record again drops what was typed, the password too.
        form.setRecord(ann());
        QVERIFY(form.changes().isEmpty());
        QVERIFY(form.password()->text().isEmpty());
    }

    void generateFillsInAPasswordShownToCopy()
    {
        UserForm form;
        form.setPasswordRow(QStringLiteral("&Password:"), QString());
        auto* copy = child<QPushButton>(&form, "copyPasswordButton");
        QVERIFY(!copy->isEnabled());
        QTest::mouseClick(child<QPushButton>(&form, "generatePasswordButton"), Qt::LeftButton);
        QVERIFY(form.password()->text().size() >= 12);
        QCOMPARE(form.password()->echoMode(), QLineEdit::Normal);
        QVERIFY(copy->isEnabled());
    }

    void newUserShowsEveryProblemAtOnceAndStoresNothing()
    {
        ui::NewUserDialog dialog(m_db->db);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.form()->lastName()->setText(QStringLiteral("Lee"));
        dialog.form()->email()->setText(QStringLiteral("ann at example"));
        dialog.form()->password()->setText(QStringLiteral("short"));
        QVERIFY(!dialog.create());
        for (const char* field : {"first_nameError", "emailError", "passwordError"})
            QVERIFY2(child<QLabel>(&dialog, field)->isVisible(), field);
        QVERIFY(!child<QLabel>(&dialog, "last_nameError")->isVisible());
        QTRY_VERIFY(dialog.form()->firstName()->hasFocus()); // the first problem
        QCOMPARE(test::column(*m_db->db, QStringLiteral("SELECT count(*) FROM tblusers")).toInt(),
                 0);
    }

    void manageUserShowsEveryProblemOfASave()
    {
        const qint64 id = test::addUser(m_db->db, QStringLiteral("Ann"), QStringLiteral("Lee"),
                                        QStringLiteral("ann@example.com"));
        ui::ManageUserDialog dialog(m_db->db, id);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        dialog.form()->firstName()->setText(QStringLiteral("Annie"));
        dialog.form()->email()->setText(QStringLiteral("ann@"));
        dialog.form()->password()->setText(QStringLiteral("short"));
        QVERIFY(!dialog.save());
        QVERIFY(child<QLabel>(&dialog, "emailError")->isVisible());
        QVERIFY(child<QLabel>(&dialog, "passwordError")->isVisible());
        QCOMPARE(UserService(m_db->db).find(id)->firstName, QStringLiteral("Ann"));
        QVERIFY(dialog.hasUnsavedChanges()); // what was typed stays, to correct it
    }

private:
    std::unique_ptr<test::TempDatabase> m_db;
};

QTEST_MAIN(TestUserForm)
#include "tst_userform.moc"
