// File > Connect… on offscreen, against the real servers: a profile typed in opens beside
// the first window, named in its title and status bar; "Test connection" says what failed;
// a remembered password reopens the profile without asking, "Forget password" drops it, and
// without a keychain the password is asked for each time with the reason shown. (The
// keychain here is the in-memory CredentialStore; the real one is tested against the real
// gnome-keyring in tst_keychaincredentialstore and tst_connectionservice.)
#include "connectdialog.h"
#include "keychaintesting.h"
#include "mainwindow.h"
#include "services/memorycredentialstore.h"
#include "testsupport.h"
#include "uitesting.h"
#include "windowset.h"

#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QListWidget>
#include <QMenu>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTest>

using namespace accord;
using accord::test::child;
using accord::test::retype;
using accord::test::TempDatabase;
using accord::ui::ConnectDialog;
using accord::ui::MainWindow;
using accord::ui::WindowSet;

namespace {

void fill(ConnectDialog* dialog, const DatabaseLocation& l, const QString& password)
{
    auto* engine = child<QComboBox>(dialog, "engineCombo");
    engine->setCurrentIndex(engine->findData(int(l.engine)));
    retype(child<QLineEdit>(dialog, "hostEdit"), l.host);
    child<QSpinBox>(dialog, "portSpin")->setValue(l.port);
    retype(child<QLineEdit>(dialog, "databaseEdit"), l.name);
    retype(child<QLineEdit>(dialog, "userEdit"), l.user);
    retype(child<QLineEdit>(dialog, "passwordEdit"), password);
    auto* tls = child<QComboBox>(dialog, "tlsCombo");
    tls->setCurrentIndex(tls->findData(int(l.tls)));
    retype(child<QLineEdit>(dialog, "caFileEdit"), l.caFile);
}

void click(QWidget* parent, const char* button)
{
    QTest::mouseClick(child<QPushButton>(parent, button), Qt::LeftButton);
}

QString resultOf(ConnectDialog* dialog)
{
    return child<QLabel>(dialog, "connectionResult")->text();
}

} // namespace

class TestConnectDialog : public QObject
{
    Q_OBJECT

    std::unique_ptr<TempDatabase> t;
    std::unique_ptr<TempDatabase> file;
    MemoryCredentialStore keychain;
    std::unique_ptr<WindowSet> windows;

    DatabaseLocation keeperWithTls() const
    {
        DatabaseLocation l = test::keeperLocation(*t);
        l.tls = Dialect::of(t->engine).tlsModes().last();
        l.caFile = test::trustedCa();
        return l;
    }

private slots:
    void initTestCase_data() { test::addServerEngineRows(); }
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }
    void init()
    {
        test::useRowEngine();
        QSettings().clear();
        keychain = MemoryCredentialStore();
        t = std::make_unique<TempDatabase>();
        file = std::make_unique<TempDatabase>(Engine::SQLite);
        windows = std::make_unique<WindowSet>(&keychain);
    }
    void cleanup()
    {
        windows.reset();
        file.reset();
        t.reset();
    }

    void aServerOpensBesideTheFirstWindowNamedInTitleAndStatusBar()
    {
        MainWindow* first = windows->openBeside(file->path);
        QVERIFY(first);
        auto* connectAction = first->findChild<QAction*>(QStringLiteral("connectAction"));
        QVERIFY(connectAction);
        connectAction->trigger();
        QPointer<ConnectDialog> dialog = windows->connectDialog();
        QVERIFY(dialog && dialog->isVisible());
        const DatabaseLocation l = keeperWithTls();
        fill(dialog, l, test::keeperPassword());
        child<QCheckBox>(dialog, "rememberPasswordCheck")->setChecked(true);
        retype(child<QLineEdit>(dialog, "operatorEdit"), QStringLiteral("Grace"));
        click(dialog, "connectButton");
        QTRY_COMPARE(windows->windows().size(), 2);
        QTRY_VERIFY(!dialog); // accepted and gone
        MainWindow* second = windows->windows().last();
        QVERIFY(second != first && first->isVisible() && second->isVisible());
        const QString where = QStringLiteral("%1 · %2@127.0.0.1/%3")
                                  .arg(Dialect::of(t->engine).displayName(), l.user, l.name);
        QVERIFY2(second->windowTitle().contains(where), qPrintable(second->windowTitle()));
        const QString status = child<QLabel>(second, "locationLabel")->text();
        QVERIFY2(status.contains(where) && status.contains(QLatin1String("TLS")),
                 qPrintable(status));
        QCOMPARE(second->database()->operatorName(), QStringLiteral("Grace"));
        QVERIFY(!second->findChild<QWidget*>(QStringLiteral("readOnlyBanner")));
        QCOMPARE(keychain.entries.value(CredentialStore::keyOf(l)), test::keeperPassword());
        QVERIFY(!test::settingsFileBytes().contains(test::keeperPassword().toUtf8()));

        // File > Recent lists the file and the server alike, the server by its profile.
        auto* recent = second->findChild<QMenu*>(QStringLiteral("recentMenu"));
        QVERIFY(recent);
        emit recent->aboutToShow();
        QStringList texts, urls;
        for (QAction* a : recent->actions()) {
            texts << a->text();
            urls << a->data().toString();
        }
        QVERIFY2(texts.contains(where), qPrintable(texts.join(QLatin1Char('\n'))));
        QVERIFY2(texts.contains(file->path), qPrintable(texts.join(QLatin1Char('\n'))));
        QCOMPARE(urls.first(), l.display());
        QCOMPARE(QSettings().value(QStringLiteral("lastDatabase")).toString(), l.display());

        // Connecting to the same profile again raises its window, no third one.
        QCOMPARE(windows->openBeside(l.display()), second);
        QCOMPARE(windows->windows().size(), 2);
    }

    void testConnectionSaysWhatFailed()
    {
        ConnectDialog* dialog = windows->showConnectDialog();
        DatabaseLocation l = keeperWithTls();
        fill(dialog, l, QStringLiteral("not the password"));
        click(dialog, "testConnectionButton");
        QVERIFY2(resultOf(dialog).startsWith(QLatin1String("Authentication failed")),
                 qPrintable(resultOf(dialog)));

        l.caFile = test::wrongCa();
        fill(dialog, l, test::keeperPassword());
        click(dialog, "testConnectionButton");
        QVERIFY2(resultOf(dialog).startsWith(QLatin1String("TLS failed")),
                 qPrintable(resultOf(dialog)));

        l = keeperWithTls();
        l.port = 1;
        fill(dialog, l, test::keeperPassword());
        click(dialog, "testConnectionButton");
        QVERIFY2(resultOf(dialog).startsWith(QLatin1String("Host unreachable")),
                 qPrintable(resultOf(dialog)));

        TempDatabase empty(t->engine, TempDatabase::Schema::None);
        l = test::keeperLocation(empty);
        fill(dialog, l, test::keeperPassword());
        click(dialog, "testConnectionButton");
        QVERIFY2(resultOf(dialog).contains(QLatin1String("no Accord schema")),
                 qPrintable(resultOf(dialog)));

        l = keeperWithTls();
        fill(dialog, l, test::keeperPassword());
        click(dialog, "testConnectionButton");
        QVERIFY2(resultOf(dialog).startsWith(QLatin1String("Connected to")) &&
                     resultOf(dialog).contains(QLatin1String("certificate verified")),
                 qPrintable(resultOf(dialog)));
        QVERIFY(windows->windows().isEmpty()); // a test opens nothing
        QVERIFY(keychain.entries.isEmpty());   // and stores nothing
    }

    void aReadOnlyRoleOpensWithTheBanner()
    {
        (void)t->openAsReadOnlyRole(); // grants support1 its SELECT
        ConnectDialog* dialog = windows->showConnectDialog();
        DatabaseLocation l = t->location;
        l.user = QStringLiteral("support1");
        fill(dialog, l, qEnvironmentVariable("ACCORD_TEST_DB_PASSWORD"));
        click(dialog, "testConnectionButton");
        QVERIFY2(resultOf(dialog).contains(QLatin1String("Read-only")),
                 qPrintable(resultOf(dialog)));
        click(dialog, "connectButton");
        QTRY_COMPARE(windows->windows().size(), 1);
        MainWindow* window = windows->windows().first();
        auto* banner = window->findChild<QWidget*>(QStringLiteral("readOnlyBanner"));
        QVERIFY(banner && banner->isVisible());
        QVERIFY(
            child<QLabel>(window, "locationLabel")->text().contains(QLatin1String("read-only")));
    }

    void aRememberedProfileReopensWithoutAsking()
    {
        ConnectionProfile p;
        p.location = keeperWithTls();
        p.rememberPassword = true;
        ConnectionProfiles::save(p);
        keychain.entries.insert(CredentialStore::keyOf(p.location), test::keeperPassword());
        MainWindow* window = windows->openProfile(p);
        QVERIFY(window);
        QVERIFY(!windows->connectDialog());
        QVERIFY(window->windowTitle().contains(p.location.title()));
    }

    void withoutAPasswordInTheKeychainTheDialogAsksForIt()
    {
        ConnectionProfile p;
        p.location = keeperWithTls();
        ConnectionProfiles::save(p);
        QVERIFY(!windows->openProfile(p));
        ConnectDialog* dialog = windows->connectDialog();
        QVERIFY(dialog && dialog->isVisible());
        auto* notice = child<QLabel>(dialog, "connectNotice");
        QVERIFY2(notice->isVisible() &&
                     notice->text().contains(QLatin1String("Enter the password")),
                 qPrintable(notice->text()));
        QCOMPARE(child<QLineEdit>(dialog, "hostEdit")->text(), p.location.host);
        QCOMPARE(child<QLineEdit>(dialog, "caFileEdit")->text(), p.location.caFile);
        retype(child<QLineEdit>(dialog, "passwordEdit"), test::keeperPassword());
        click(dialog, "connectButton");
        QTRY_COMPARE(windows->windows().size(), 1);
    }

    void forgetPasswordInTheProfileList()
    {
        ConnectionProfile p;
        p.location = keeperWithTls();
        p.rememberPassword = true;
        ConnectionProfiles::save(p);
        const QString key = CredentialStore::keyOf(p.location);
        keychain.entries.insert(key, test::keeperPassword());
        ConnectDialog* dialog = windows->showConnectDialog();
        auto* list = child<QListWidget>(dialog, "profileList");
        QCOMPARE(list->count(), 1);
        QCOMPARE(list->item(0)->text(), p.location.title());
        list->setCurrentRow(0);
        QVERIFY(child<QLabel>(dialog, "keychainState")->text().contains(QLatin1String("keychain")));
        click(dialog, "forgetPasswordButton");
        QVERIFY(!keychain.entries.contains(key));
        QVERIFY(!ConnectionProfiles::find(p.key())->rememberPassword);
        QVERIFY(!child<QCheckBox>(dialog, "rememberPasswordCheck")->isChecked());
        // Reopening now asks.
        dialog->close();
        QVERIFY(!windows->openProfile(*ConnectionProfiles::find(p.key())));
        QVERIFY(windows->connectDialog());
    }

    // `accord` with no arguments: the last database was a server, its profile saved.
    void atStartTheLastServerReopensWithTheKeychainsPassword()
    {
        ConnectionProfile p;
        p.location = keeperWithTls();
        p.operatorName = QStringLiteral("Grace");
        p.rememberPassword = true;
        ConnectionProfiles::save(p);
        keychain.entries.insert(CredentialStore::keyOf(p.location), test::keeperPassword());
        QSettings().setValue(QStringLiteral("lastDatabase"), p.key());
        QVERIFY(windows->openAtStart(QString()));
        QVERIFY(!windows->connectDialog()); // nothing asked
        QCOMPARE(windows->windows().size(), 1);
        MainWindow* window = windows->windows().first();
        QVERIFY(window->windowTitle().contains(p.location.title()));
        QCOMPARE(window->database()->location().tls, p.location.tls); // the profile's TLS
        QCOMPARE(window->database()->operatorName(), QStringLiteral("Grace"));
    }

    void atStartTheLastServerAsksWhenTheKeychainHasNone()
    {
        ConnectionProfile p;
        p.location = keeperWithTls();
        ConnectionProfiles::save(p);
        QSettings().setValue(QStringLiteral("lastDatabase"), p.key());
        QVERIFY(windows->openAtStart(QString()));
        QVERIFY(windows->windows().isEmpty());
        ConnectDialog* dialog = windows->connectDialog();
        QVERIFY(dialog && dialog->isVisible());
        QVERIFY(child<QLabel>(dialog, "connectNotice")->text().contains(p.location.title()));
        retype(child<QLineEdit>(dialog, "passwordEdit"), test::keeperPassword());
        click(dialog, "connectButton");
        QTRY_COMPARE(windows->windows().size(), 1);
    }

    void atStartALastFileReopens()
    {
        QSettings().setValue(QStringLiteral("lastDatabase"), file->path);
        QVERIFY(windows->openAtStart(QString()));
        QCOMPARE(windows->windows().size(), 1);
        QCOMPARE(windows->windows().first()->database()->location().path, file->path);
    }

    void withoutAKeychainThePasswordIsAskedEachTimeAndTheDialogSaysWhy()
    {
        keychain.available = false;
        ConnectDialog* dialog = windows->showConnectDialog();
        fill(dialog, keeperWithTls(), test::keeperPassword());
        dialog->setProfile(dialog->profile()); // as when a profile is picked: asks the keychain
        auto* state = child<QLabel>(dialog, "keychainState");
        QVERIFY(state->isVisible());
        QVERIFY2(state->text().contains(QLatin1String("No keychain answers")) &&
                     state->text().contains(QLatin1String("asked for each time")),
                 qPrintable(state->text()));
        QVERIFY(!child<QCheckBox>(dialog, "rememberPasswordCheck")->isEnabled());
        retype(child<QLineEdit>(dialog, "passwordEdit"), test::keeperPassword());
        click(dialog, "connectButton");
        QTRY_COMPARE(windows->windows().size(), 1);
        const ConnectionProfile saved = *ConnectionProfiles::find(keeperWithTls().display());
        QVERIFY(!saved.rememberPassword);
        QVERIFY(!test::settingsFileBytes().contains(test::keeperPassword().toUtf8()));
        windows->windows().first()->close();
        QTRY_VERIFY(windows->windows().isEmpty());
        // The next time: asked again, saying why.
        QVERIFY(!windows->openProfile(saved));
        auto* notice = child<QLabel>(windows->connectDialog(), "connectNotice");
        QVERIFY2(notice->text().contains(QLatin1String("asked for each time")),
                 qPrintable(notice->text()));
    }
};

QTEST_MAIN(TestConnectDialog)
#include "tst_connectdialog.moc"
