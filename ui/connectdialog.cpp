#include "connectdialog.h"

#include "services/connectionservice.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace accord::ui {

namespace {
QString tlsLabel(Engine engine, TlsMode mode)
{
    switch (mode) {
    case TlsMode::Off:
        return engine == Engine::PostgreSQL
                   ? ConnectDialog::tr("Off (libpq's default: TLS if the server offers it)")
                   : ConnectDialog::tr("Off");
    case TlsMode::Require:
        return ConnectDialog::tr("Required, certificate not checked (require)");
    case TlsMode::VerifyCa:
        return engine == Engine::PostgreSQL
                   ? ConnectDialog::tr("Required, certificate signed by the CA (verify-ca)")
                   : ConnectDialog::tr("Required, certificate signed by the CA");
    case TlsMode::VerifyFull:
        return ConnectDialog::tr("Required, certificate signed by the CA and for this host "
                                 "(verify-full)");
    }
    return {};
}

QWidget* row(QWidget* parent, QWidget* edit, QWidget* button)
{
    auto* w = new QWidget(parent);
    auto* layout = new QHBoxLayout(w);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(edit, 1);
    layout->addWidget(button);
    return w;
}
} // namespace

ConnectDialog::ConnectDialog(CredentialStore& credentials, QWidget* parent)
    : QDialog(parent), m_credentials(credentials), m_notice(new QLabel(this)),
      m_profiles(new QListWidget(this)), m_forget(new QPushButton(tr("&Forget Password"), this)),
      m_delete(new QPushButton(tr("Re&move Profile"), this)), m_engine(new QComboBox(this)),
      m_file(new QLineEdit(this)), m_browseFile(new QPushButton(tr("&Browse…"), this)),
      m_host(new QLineEdit(this)), m_port(new QSpinBox(this)), m_databaseName(new QLineEdit(this)),
      m_user(new QLineEdit(this)), m_password(new QLineEdit(this)), m_operator(new QLineEdit(this)),
      m_tls(new QComboBox(this)), m_caFile(new QLineEdit(this)),
      m_browseCa(new QPushButton(tr("Br&owse…"), this)),
      m_remember(new QCheckBox(tr("&Remember password in the keychain"), this)),
      m_keychainState(new QLabel(this)), m_test(new QPushButton(tr("&Test Connection"), this)),
      m_result(new QLabel(this))
{
    setObjectName(QStringLiteral("connectDialog"));
    setWindowTitle(tr("Connect to a Database"));
    const std::pair<QWidget*, const char*> names[] = {{m_notice, "connectNotice"},
                                                      {m_profiles, "profileList"},
                                                      {m_forget, "forgetPasswordButton"},
                                                      {m_delete, "removeProfileButton"},
                                                      {m_engine, "engineCombo"},
                                                      {m_file, "fileEdit"},
                                                      {m_browseFile, "browseFileButton"},
                                                      {m_host, "hostEdit"},
                                                      {m_port, "portSpin"},
                                                      {m_databaseName, "databaseEdit"},
                                                      {m_user, "userEdit"},
                                                      {m_password, "passwordEdit"},
                                                      {m_operator, "operatorEdit"},
                                                      {m_tls, "tlsCombo"},
                                                      {m_caFile, "caFileEdit"},
                                                      {m_browseCa, "browseCaButton"},
                                                      {m_remember, "rememberPasswordCheck"},
                                                      {m_keychainState, "keychainState"},
                                                      {m_test, "testConnectionButton"},
                                                      {m_result, "connectionResult"}};
    for (const auto& [widget, name] : names)
        widget->setObjectName(QLatin1String(name));

    m_engine->addItem(tr("SQLite file"), int(Engine::SQLite));
    m_engine->addItem(tr("PostgreSQL"), int(Engine::PostgreSQL));
    m_engine->addItem(tr("MariaDB / MySQL"), int(Engine::MySQL));
    m_port->setRange(1, 65535);
    m_password->setEchoMode(QLineEdit::Password);
    m_operator->setPlaceholderText(tr("Your name in the activity log (default: the role)"));
    m_caFile->setPlaceholderText(tr("The CA certificate (PEM) that signed the server's"));
    for (QLabel* label : {m_notice, m_keychainState, m_result}) {
        label->setWordWrap(true);
        label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    }
    m_notice->hide();
    m_keychainState->hide();
    m_result->hide();

    auto* form = new QFormLayout;
    form->addRow(tr("&Engine:"), m_engine);
    QWidget* fileRow = row(this, m_file, m_browseFile);
    form->addRow(tr("F&ile:"), fileRow);
    form->addRow(tr("&Host:"), m_host);
    form->addRow(tr("&Port:"), m_port);
    form->addRow(tr("&Database:"), m_databaseName);
    form->addRow(tr("&User:"), m_user);
    form->addRow(tr("Pass&word:"), m_password);
    form->addRow(tr("Operator &name:"), m_operator);
    form->addRow(tr("T&LS:"), m_tls);
    QWidget* caRow = row(this, m_caFile, m_browseCa);
    form->addRow(tr("C&A file:"), caRow);
    form->addRow(QString(), m_remember);
    m_fileFields = {fileRow};
    m_serverFields = {m_host, m_port, m_databaseName, m_user, m_password, m_tls, caRow, m_remember};
    m_formLayout = form;

    auto* profilesBox = new QGroupBox(tr("Saved profiles"), this);
    auto* profilesLayout = new QVBoxLayout(profilesBox);
    m_profiles->setMinimumWidth(320);
    profilesLayout->addWidget(m_profiles, 1);
    profilesLayout->addWidget(m_forget);
    profilesLayout->addWidget(m_delete);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton* connectButton = buttons->addButton(tr("&Connect"), QDialogButtonBox::AcceptRole);
    connectButton->setObjectName(QStringLiteral("connectButton"));
    connectButton->setDefault(true);
    buttons->addButton(m_test, QDialogButtonBox::ActionRole);

    auto* right = new QVBoxLayout;
    right->addWidget(m_notice);
    right->addLayout(form);
    right->addWidget(m_keychainState);
    right->addWidget(m_result);
    right->addStretch(1);
    auto* top = new QHBoxLayout;
    top->addWidget(profilesBox);
    top->addLayout(right, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top, 1);
    layout->addWidget(buttons);

    connect(m_engine, &QComboBox::currentIndexChanged, this, &ConnectDialog::engineChanged);
    connect(m_tls, &QComboBox::currentIndexChanged, this, [this] {
        const auto mode = TlsMode(m_tls->currentData().toInt());
        m_caFile->setEnabled(mode == TlsMode::VerifyCa || mode == TlsMode::VerifyFull);
        m_browseCa->setEnabled(m_caFile->isEnabled());
    });
    connect(m_browseFile, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Database File"), m_file->text(),
                                         tr("Accord databases (*.sqlite *.db);;All files (*)"));
        if (!path.isEmpty())
            m_file->setText(path);
    });
    connect(m_browseCa, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("CA Certificate"), m_caFile->text(),
                                         tr("Certificates (*.pem *.crt *.cer);;All files (*)"));
        if (!path.isEmpty())
            m_caFile->setText(path);
    });
    connect(m_profiles, &QListWidget::currentRowChanged, this, [this](int r) {
        if (r < 0)
            return;
        if (auto p = ConnectionProfiles::find(m_profiles->item(r)->data(Qt::UserRole).toString()))
            setProfile(*p);
    });
    connect(m_forget, &QPushButton::clicked, this, &ConnectDialog::forgetPassword);
    connect(m_delete, &QPushButton::clicked, this, &ConnectDialog::deleteProfile);
    connect(m_test, &QPushButton::clicked, this, &ConnectDialog::testConnection);
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectDialog::connectToDatabase);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    refreshProfiles();
    ConnectionProfile first;
    first.location.engine = Engine::PostgreSQL;
    first.location.host = QStringLiteral("localhost");
    first.location.port = Dialect::of(Engine::PostgreSQL).defaultPort();
    first.location.user = qEnvironmentVariable("USER");
    first.location.name = QStringLiteral("accord");
    const QList<ConnectionProfile> saved = ConnectionProfiles::all();
    setProfile(saved.isEmpty() ? first : saved.first());
}

void ConnectDialog::engineChanged()
{
    const auto engine = Engine(m_engine->currentData().toInt());
    const Dialect& dialect = Dialect::of(engine);
    const bool server = !dialect.isEmbedded();
    for (QWidget* w : std::as_const(m_serverFields)) {
        w->setVisible(server);
        if (QWidget* label = m_formLayout->labelForField(w))
            label->setVisible(server);
    }
    for (QWidget* w : std::as_const(m_fileFields)) {
        w->setVisible(!server);
        if (QWidget* label = m_formLayout->labelForField(w))
            label->setVisible(!server);
    }
    // A port still at another engine's default follows the engine.
    for (Engine other : {Engine::PostgreSQL, Engine::MySQL})
        if (server && other != engine && m_port->value() == Dialect::of(other).defaultPort())
            m_port->setValue(dialect.defaultPort());
    const auto wanted = m_tls->count() ? TlsMode(m_tls->currentData().toInt()) : TlsMode::Off;
    {
        const QSignalBlocker block(m_tls);
        m_tls->clear();
        for (TlsMode mode : dialect.tlsModes())
            m_tls->addItem(tlsLabel(engine, mode), int(mode));
        int index = m_tls->findData(int(wanted));
        // A mode this engine cannot honour becomes the strictest it can.
        if (index < 0 && wanted != TlsMode::Off)
            index = m_tls->count() - 1;
        m_tls->setCurrentIndex(std::max(index, 0));
    }
    emit m_tls->currentIndexChanged(m_tls->currentIndex());
}

void ConnectDialog::setProfile(const ConnectionProfile& profile)
{
    const DatabaseLocation& l = profile.location;
    m_engine->setCurrentIndex(m_engine->findData(int(l.engine)));
    m_file->setText(l.path);
    m_host->setText(l.host);
    m_port->setValue(l.port > 0 ? l.port : std::max(l.dialect().defaultPort(), 1));
    m_databaseName->setText(l.name);
    m_user->setText(l.user);
    m_password->clear();
    m_operator->setText(profile.operatorName);
    m_remember->setChecked(profile.rememberPassword);
    engineChanged();
    if (int index = m_tls->findData(int(l.tls)); index >= 0)
        m_tls->setCurrentIndex(index);
    m_caFile->setText(l.caFile);
    m_result->hide();
    refreshKeychainState();
}

ConnectionProfile ConnectDialog::profile() const
{
    ConnectionProfile p;
    DatabaseLocation& l = p.location;
    l.engine = Engine(m_engine->currentData().toInt());
    if (l.dialect().isEmbedded()) {
        l.path = m_file->text().trimmed();
        if (!l.path.isEmpty())
            l.path = QFileInfo(l.path).absoluteFilePath();
    } else {
        l.host = m_host->text().trimmed();
        l.port = m_port->value();
        l.name = m_databaseName->text().trimmed();
        l.user = m_user->text().trimmed();
        l.tls = m_tls->count() ? TlsMode(m_tls->currentData().toInt()) : TlsMode::Off;
        if (l.tls == TlsMode::VerifyCa || l.tls == TlsMode::VerifyFull)
            l.caFile = m_caFile->text().trimmed();
        p.rememberPassword = m_remember->isChecked() && m_remember->isEnabled();
    }
    p.operatorName = m_operator->text().trimmed();
    return p;
}

void ConnectDialog::setNotice(const QString& text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

void ConnectDialog::refreshProfiles()
{
    const QSignalBlocker block(m_profiles);
    m_profiles->clear();
    for (const ConnectionProfile& p : ConnectionProfiles::all()) {
        auto* item = new QListWidgetItem(p.location.title(), m_profiles);
        item->setData(Qt::UserRole, p.key());
        item->setToolTip(p.key());
    }
    m_forget->setEnabled(m_profiles->count() > 0);
    m_delete->setEnabled(m_profiles->count() > 0);
}

void ConnectDialog::refreshKeychainState()
{
    const ConnectionProfile p = profile();
    m_password->setPlaceholderText({});
    if (!p.isServer()) {
        m_keychainState->hide();
        return;
    }
    const StoredPassword stored = ConnectionService(m_credentials).storedPassword(p);
    m_remember->setEnabled(stored.status != StoredPassword::Status::Unavailable);
    switch (stored.status) {
    case StoredPassword::Status::Found:
        m_password->setPlaceholderText(tr("(kept in the keychain)"));
        m_keychainState->setText(tr("The password of this profile is in the keychain: leave "
                                    "the field empty to use it."));
        break;
    case StoredPassword::Status::NotFound:
        m_keychainState->setText({});
        break;
    case StoredPassword::Status::Unavailable:
        m_remember->setChecked(false);
        m_keychainState->setText(tr("%1 The password is asked for each time and never "
                                    "stored.")
                                     .arg(stored.reason));
        break;
    }
    m_keychainState->setVisible(!m_keychainState->text().isEmpty());
}

void ConnectDialog::showProblem(const Error& error)
{
    m_result->setText(error.message);
    m_result->setProperty("problem", error.field);
    m_result->show();
    const std::pair<const char*, QWidget*> fields[] = {
        {"host", m_host},
        {"password", m_password},
        {"user", m_user},
        {"tls", m_tls},
        {"caFile", m_caFile},
        {"database", profile().isServer() ? static_cast<QWidget*>(m_databaseName) : m_file},
        {"db", m_file}};
    for (const auto& [name, widget] : fields)
        if (error.field == QLatin1String(name))
            widget->setFocus();
}

void ConnectDialog::testConnection()
{
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto report = ConnectionService(m_credentials).test(profile(), m_password->text());
    QApplication::restoreOverrideCursor();
    if (!report) {
        showProblem(report.error());
        return;
    }
    m_result->setText(report->summary);
    m_result->setProperty("problem", QString());
    m_result->show();
}

void ConnectDialog::connectToDatabase()
{
    const ConnectionProfile p = profile();
    QApplication::setOverrideCursor(Qt::WaitCursor);
    auto opened =
        ConnectionService(m_credentials).connect(p, m_password->text(), &m_keychainProblem);
    QApplication::restoreOverrideCursor();
    if (!opened) {
        showProblem(opened.error());
        return;
    }
    m_database = *opened;
    m_password->clear();
    accept();
}

void ConnectDialog::forgetPassword()
{
    QListWidgetItem* item = m_profiles->currentItem();
    if (!item)
        return;
    auto p = ConnectionProfiles::find(item->data(Qt::UserRole).toString());
    if (!p)
        return;
    if (auto forgotten = ConnectionService(m_credentials).forgetPassword(*p); !forgotten) {
        showProblem(forgotten.error());
        return;
    }
    m_remember->setChecked(false);
    m_result->setText(
        tr("The password of %1 is no longer kept in the keychain.").arg(p->location.title()));
    m_result->show();
    refreshKeychainState();
}

void ConnectDialog::deleteProfile()
{
    QListWidgetItem* item = m_profiles->currentItem();
    if (!item)
        return;
    const QString key = item->data(Qt::UserRole).toString();
    if (auto p = ConnectionProfiles::find(key); p && p->isServer())
        (void)ConnectionService(m_credentials).forgetPassword(*p);
    ConnectionProfiles::remove(key);
    refreshProfiles();
}

} // namespace accord::ui
