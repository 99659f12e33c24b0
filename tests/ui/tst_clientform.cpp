// The one client form: the Profile tab and New Client show the same ClientForm, bound to a
// record by one mapping, with every problem a service reports next to its field.
#include "clientform.h"
#include "clientprofilewindow.h"
#include "fielderrors.h"
#include "newclientdialog.h"
#include "services/clientservice.h"
#include "testsupport.h"
#include "uitesting.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QStandardPaths>
#include <QTest>

#include <memory>

using namespace accord;
using accord::test::child;
using accord::ui::ClientForm;

namespace {

// Each input of a form, as a screen reader names it: "column=Accessible Name".
QStringList namedInputs(const ClientForm& form)
{
    QStringList out;
    for (const ClientField& f : clientProfileFields()) {
        QWidget* input = form.input(QLatin1String(f.column));
        out << (input ? QLatin1String(f.column) + QLatin1Char('=') + input->accessibleName()
                      : QStringLiteral("<missing>"));
    }
    return out;
}

ClientAccount record()
{
    ClientAccount c;
    c.id = 7;
    c.profile = {{QStringLiteral("firstname"), QStringLiteral("Ada")},
                 {QStringLiteral("lastname"), QStringLiteral("Byron")},
                 {QStringLiteral("email"), QStringLiteral("ada@example.com")},
                 {QStringLiteral("city"), QStringLiteral("London")},
                 {QStringLiteral("country"), QStringLiteral("GB")},
                 {QStringLiteral("language"), QStringLiteral("french")},
                 {QStringLiteral("status"), QStringLiteral("Inactive")}};
    return c;
}

} // namespace

class TestClientForm : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init() { m_db = std::make_unique<test::TempDatabase>(); }
    void cleanup() { m_db.reset(); }

    void theProfileTabAndNewClientShowTheSameForm()
    {
        const qint64 client =
            test::addClient(m_db->db, 0, QStringLiteral("Ada"), QStringLiteral("Byron"),
                            QStringLiteral("ada@example.com"));
        ui::ClientProfileWindow profile(m_db->db, client);
        ui::NewClientDialog create(m_db->db);
        QVERIFY(profile.form() && create.form());
        QCOMPARE(namedInputs(*create.form()), namedInputs(*profile.form()));
        QCOMPARE(namedInputs(*profile.form()).first(), QStringLiteral("firstname=First Name"));
        QVERIFY(namedInputs(*profile.form()).contains(QStringLiteral("state=State/Region")));
        // The same country picker in both: editable, searchable.
        for (ClientForm* form : {profile.form(), create.form()})
            QVERIFY(qobject_cast<QComboBox*>(form->input(QStringLiteral("country")))->isEditable());
    }

    void aRecordIsShownAndAChangeIsWhatDiffersFromIt()
    {
        ClientForm form;
        form.setRecord(record());
        QCOMPARE(form.value(QStringLiteral("firstname")), QStringLiteral("Ada"));
        QCOMPARE(form.value(QStringLiteral("country")), QStringLiteral("GB"));
        QCOMPARE(form.value(QStringLiteral("language")), QStringLiteral("french"));
        QCOMPARE(form.value(QStringLiteral("status")), QStringLiteral("Inactive"));
        QVERIFY(form.changes().isEmpty());
        QCOMPARE(form.values().size(), qsizetype(clientProfileFields().size()));

        int edited = 0;
        connect(&form, &ClientForm::edited, this, [&] { ++edited; });
        auto* city = qobject_cast<QLineEdit*>(form.input(QStringLiteral("city")));
        city->setText(QStringLiteral("Leeds"));
        QCOMPARE(form.changes(),
                 (QMap<QString, QString>{{QStringLiteral("city"), QStringLiteral("Leeds")}}));
        QVERIFY(edited > 0);

        // Showing a record again is not an edit, and drops what was typed.
        edited = 0;
        form.setRecord(record());
        QCOMPARE(edited, 0);
        QVERIFY(form.changes().isEmpty());
    }

    void vendorDataOutsideTheChoicesIsShownAsStoredAndIsNoChange()
    {
        ClientAccount legacy = record();
        legacy.profile[QStringLiteral("status")] = QStringLiteral("Suspended");
        legacy.profile[QStringLiteral("country")] = QStringLiteral("gb");
        ClientForm form;
        form.setRecord(legacy);
        QCOMPARE(form.value(QStringLiteral("status")), QStringLiteral("Suspended"));
        QCOMPARE(form.value(QStringLiteral("country")), QStringLiteral("gb"));
        QVERIFY(form.changes().isEmpty());
    }

    void everyProblemShowsNextToItsFieldAndTheFocusGoesToTheFirst()
    {
        ClientForm form;
        form.show();
        QVERIFY(QTest::qWaitForWindowExposed(&form));
        const Error refused = Error::invalid(
            {Error::validation(QStringLiteral("email"), QStringLiteral("Email is not valid.")),
             Error::validation(QStringLiteral("country"), QStringLiteral("Country is required.")),
             Error::validation(QStringLiteral("nosuchfield"), QStringLiteral("Elsewhere."))});
        const QList<Error> unshown = form.errors()->show(refused);
        QCOMPARE(unshown.size(), 1);
        QCOMPARE(unshown.first().field, QStringLiteral("nosuchfield"));
        QVERIFY(child<QLabel>(&form, "emailError")->isVisible());
        QVERIFY(child<QLabel>(&form, "countryError")->isVisible());
        QVERIFY(!child<QLabel>(&form, "cityError")->isVisible());
        QTRY_VERIFY(form.input(QStringLiteral("email"))->hasFocus());
        QCOMPARE(form.input(QStringLiteral("country"))->accessibleDescription(),
                 QStringLiteral("Country is required."));
        form.errors()->clear();
        QVERIFY(!child<QLabel>(&form, "emailError")->isVisible());
    }

    void newClientShowsEveryProblemAtOnceAndStoresNothing()
    {
        ui::NewClientDialog dialog(m_db->db);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        qobject_cast<QLineEdit*>(dialog.input(QStringLiteral("email")))
            ->setText(QStringLiteral("not-an-email"));
        QVERIFY(!dialog.create());
        for (const char* field : {"firstnameError", "lastnameError", "emailError", "countryError"})
            QVERIFY2(child<QLabel>(&dialog, field)->isVisible(), field);
        QCOMPARE(test::column(*m_db->db, QStringLiteral("SELECT count(*) FROM tblclients")).toInt(),
                 0);
    }

    void newClientStoresWhatTheFormShows()
    {
        ui::NewClientDialog dialog(m_db->db);
        ClientForm* form = dialog.form();
        form->setValue(QStringLiteral("firstname"), QStringLiteral("Grace"));
        form->setValue(QStringLiteral("lastname"), QStringLiteral("Hopper"));
        form->setValue(QStringLiteral("email"), QStringLiteral("grace@example.com"));
        form->setValue(QStringLiteral("country"), QStringLiteral("US"));
        form->setValue(QStringLiteral("language"), QStringLiteral("english"));
        QVERIFY(dialog.create());
        auto stored = ClientService(m_db->db).find(dialog.createdId());
        QVERIFY(stored.ok());
        QCOMPARE(stored->fullName(), QStringLiteral("Grace Hopper"));
        QCOMPARE(stored->value(QStringLiteral("country")), QStringLiteral("US"));
        QCOMPARE(stored->value(QStringLiteral("language")), QStringLiteral("english"));
        QCOMPARE(stored->value(QStringLiteral("status")), QStringLiteral("Active"));
    }

private:
    std::unique_ptr<test::TempDatabase> m_db;
};

QTEST_MAIN(TestClientForm)
#include "tst_clientform.moc"
