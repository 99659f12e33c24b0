#include "manageuserdialog.h"

#include "conflictdialog.h"
#include "fielderrors.h"
#include "keepinstepdialog.h"
#include "languagecombo.h"
#include "models/changenotifier.h"
#include "services/clientservice.h"
#include "services/matchservice.h"
#include "services/passwordhasher.h"
#include "services/userservice.h"
#include "verificationsheet.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QStandardItemModel>
#include <QStandardPaths>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>

namespace accord::ui {

namespace {
enum AccountColumn { AccountId, ClientName, CompanyName, Owner, AccountColumnCount };
constexpr int clientIdRole = Qt::UserRole + 1;

// Enter on the accounts table opens the client instead of pressing a dialog button.
class EnterOpens : public QObject
{
public:
    EnterOpens(QObject* parent, std::function<void()> open)
        : QObject(parent), m_open(std::move(open))
    {
    }
    bool eventFilter(QObject*, QEvent* e) override
    {
        if (e->type() == QEvent::KeyPress) {
            const int key = static_cast<QKeyEvent*>(e)->key();
            if (key == Qt::Key_Return || key == Qt::Key_Enter) {
                m_open();
                return true;
            }
        }
        return false;
    }

private:
    std::function<void()> m_open;
};

QString localDate(const QDateTime& utc)
{
    return QLocale().toString(utc.toLocalTime(), QLocale::ShortFormat);
}
} // namespace

ManageUserDialog::ManageUserDialog(DatabasePtr db, qint64 userId, QWidget* parent)
    : QDialog(parent), m_db(std::move(db)), m_userId(userId), m_errors(new FieldErrors(this))
{
    setObjectName(QStringLiteral("manageUserDialog"));
    buildForm();
    reload();
    resize(640, 620);
    // A save elsewhere (another window, a link made in a client profile) shows here too;
    // the admin's unsaved edits are kept and only the accounts are re-read.
    connect(ChangeNotifier::instance(), &ChangeNotifier::changed, this,
            [this](ChangeNotifier::Record record, qint64 id) {
                if (record == ChangeNotifier::Record::User && id != m_userId)
                    return;
                if (hasUnsavedChanges())
                    loadAccounts();
                else
                    reload();
            });
}

void ManageUserDialog::buildForm()
{
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    m_firstName = new QLineEdit(this);
    m_firstName->setObjectName(QStringLiteral("firstName"));
    m_lastName = new QLineEdit(this);
    m_lastName->setObjectName(QStringLiteral("lastName"));
    m_email = new QLineEdit(this);
    m_email->setObjectName(QStringLiteral("email"));
    m_language = new LanguageCombo(this);
    m_language->setObjectName(QStringLiteral("language"));
    m_twoFactor = new QCheckBox(tr("&Two-Factor Authentication"), this);
    m_twoFactor->setObjectName(QStringLiteral("twoFactor"));
    m_emailVerified = new QCheckBox(tr("Email &Verified"), this);
    m_emailVerified->setObjectName(QStringLiteral("emailVerified"));

    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("Leave empty to keep the current password"));
    m_generate = new QPushButton(tr("Ge&nerate"), this);
    m_generate->setObjectName(QStringLiteral("generatePasswordButton"));
    m_generate->setToolTip(tr("Fill in a random password, shown so that you can copy it"));
    m_copyPassword = new QPushButton(tr("Cop&y"), this);
    m_copyPassword->setObjectName(QStringLiteral("copyPasswordButton"));
    m_copyPassword->setToolTip(tr("Copy the password to the clipboard"));

    auto* form = new QFormLayout;
    form->addRow(buddyLabel(tr("&First Name:"), m_firstName, this),
                 m_errors->wrap(QStringLiteral("first_name"), m_firstName));
    form->addRow(buddyLabel(tr("&Last Name:"), m_lastName, this),
                 m_errors->wrap(QStringLiteral("last_name"), m_lastName));
    form->addRow(buddyLabel(tr("&Email Address:"), m_email, this),
                 m_errors->wrap(QStringLiteral("email"), m_email));
    form->addRow(buddyLabel(tr("Lan&guage:"), m_language, this),
                 m_errors->wrap(QStringLiteral("language"), m_language));
    form->addRow(QString(), m_twoFactor);
    form->addRow(QString(), m_emailVerified);
    auto* passwordRow = new QWidget(this);
    auto* passwordLayout = new QHBoxLayout(passwordRow);
    passwordLayout->setContentsMargins(0, 0, 0, 0);
    QWidget* passwordBox = m_errors->wrap(QStringLiteral("password"), m_password);
    passwordLayout->addWidget(passwordBox, 1);
    passwordLayout->addWidget(m_generate, 0, Qt::AlignTop);
    passwordLayout->addWidget(m_copyPassword, 0, Qt::AlignTop);
    form->addRow(buddyLabel(tr("Set &Password:"), m_password, this), passwordRow);

    m_notice = new QFrame(this);
    m_notice->setObjectName(QStringLiteral("comparedNotice"));
    m_notice->setFrameShape(QFrame::StyledPanel);
    m_noticeText = new QLabel(m_notice);
    m_noticeText->setObjectName(QStringLiteral("comparedNoticeText"));
    m_noticeText->setWordWrap(true);
    auto* dismiss = new QPushButton(tr("D&ismiss"), m_notice);
    dismiss->setObjectName(QStringLiteral("dismissNoticeButton"));
    dismiss->setAutoDefault(false);
    // One Compare button per linked client (loadAccounts() fills it).
    m_noticeCompare = new QWidget(m_notice);
    m_noticeCompare->setObjectName(QStringLiteral("comparedNoticeCompare"));
    auto* noticeText = new QVBoxLayout;
    noticeText->addWidget(m_noticeText);
    noticeText->addWidget(m_noticeCompare);
    auto* noticeLayout = new QHBoxLayout(m_notice);
    noticeLayout->addLayout(noticeText, 1);
    noticeLayout->addWidget(dismiss, 0, Qt::AlignTop);
    m_notice->hide();
    connect(dismiss, &QPushButton::clicked, m_notice, &QWidget::hide);

    m_accountsModel = new QStandardItemModel(0, AccountColumnCount, this);
    m_accountsModel->setHorizontalHeaderLabels(
        {tr("ID"), tr("Client Name"), tr("Company Name"), tr("Owner")});
    m_accounts = new QTableView(this);
    m_accounts->setObjectName(QStringLiteral("accounts"));
    m_accounts->setModel(m_accountsModel);
    m_accounts->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_accounts->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_accounts->setSelectionMode(QAbstractItemView::SingleSelection);
    m_accounts->verticalHeader()->hide();
    m_accounts->horizontalHeader()->setStretchLastSection(true);
    m_accounts->setTabKeyNavigation(false);
    m_accounts->installEventFilter(new EnterOpens(this, [this] { openCurrentClient(); }));
    connect(m_accounts, &QTableView::doubleClicked, this, [this] { openCurrentClient(); });
    auto* accountsLabel = buddyLabel(tr("Client &Accounts:"), m_accounts, this);
    m_openClient = new QPushButton(tr("&Open Client Profile"), this);
    m_openClient->setObjectName(QStringLiteral("openClientButton"));
    connect(m_openClient, &QPushButton::clicked, this, &ManageUserDialog::openCurrentClient);
    m_compare = new QPushButton(tr("Co&mpare…"), this);
    m_compare->setObjectName(QStringLiteral("compareButton"));
    m_compare->setToolTip(tr("Compare this user's details with the selected client account's"));
    connect(m_compare, &QPushButton::clicked, this, [this] {
        const QModelIndex current = m_accounts->currentIndex();
        if (current.isValid())
            emit compareRequested(m_userId, current.data(clientIdRole).toLongLong());
    });
    m_sheet = new QPushButton(tr("Verification S&heet…"), this);
    m_sheet->setObjectName(QStringLiteral("verificationSheetButton"));
    m_sheet->setToolTip(tr("Save this user and every client account they can access side by "
                           "side as a PDF"));
    connect(m_sheet, &QPushButton::clicked, this, &ManageUserDialog::saveVerificationSheet);

    m_delete = new QPushButton(tr("&Delete User…"), this);
    m_delete->setObjectName(QStringLiteral("deleteButton"));
    m_save = new QPushButton(tr("&Save"), this);
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_save->setToolTip(tr("Save the user (Ctrl+S)"));
    m_close = new QPushButton(tr("&Close"), this);
    m_close->setObjectName(QStringLiteral("closeButton"));
    // Enter in a field does not save by surprise: Ctrl+S or the Save button does.
    for (QPushButton* b :
         {m_generate, m_copyPassword, m_openClient, m_compare, m_sheet, m_delete, m_save, m_close})
        b->setAutoDefault(false);

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_delete);
    buttons->addStretch(1);
    buttons->addWidget(m_save);
    buttons->addWidget(m_close);

    auto* accountsHeader = new QHBoxLayout;
    accountsHeader->addWidget(accountsLabel);
    accountsHeader->addStretch(1);
    accountsHeader->addWidget(m_sheet);
    accountsHeader->addWidget(m_compare);
    accountsHeader->addWidget(m_openClient);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addLayout(form);
    layout->addWidget(m_notice);
    layout->addLayout(accountsHeader);
    layout->addWidget(m_accounts, 1);
    layout->addLayout(buttons);

    auto* saveAction = new QAction(tr("Save"), this);
    saveAction->setShortcut(QKeySequence::Save);
    connect(saveAction, &QAction::triggered, this, [this] { save(); });
    addAction(saveAction);

    connect(m_save, &QPushButton::clicked, this, [this] { save(); });
    connect(m_close, &QPushButton::clicked, this, &ManageUserDialog::reject);
    connect(m_delete, &QPushButton::clicked, this, &ManageUserDialog::confirmDelete);
    connect(m_generate, &QPushButton::clicked, this, [this] {
        m_password->setEchoMode(QLineEdit::Normal);
        m_password->setText(PasswordHasher::generate());
        m_password->setFocus();
        m_password->selectAll();
    });
    connect(m_copyPassword, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_password->text()); });
    for (QLineEdit* edit : {m_firstName, m_lastName, m_email, m_password})
        connect(edit, &QLineEdit::textChanged, this, &ManageUserDialog::updateState);
    connect(m_language, &QComboBox::currentIndexChanged, this, &ManageUserDialog::updateState);
    connect(m_twoFactor, &QCheckBox::toggled, this, &ManageUserDialog::updateState);
    connect(m_emailVerified, &QCheckBox::toggled, this, &ManageUserDialog::updateState);
    connect(m_accounts->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &ManageUserDialog::updateState);
}

void ManageUserDialog::reload()
{
    m_errors->clear();
    m_message->hide();
    auto found = UserService(m_db).find(m_userId);
    if (!found) {
        m_loaded = false;
        showMessage(found.error().message);
        setWindowTitle(tr("Manage User #%1").arg(m_userId));
        updateState();
        return;
    }
    m_user = *found;
    m_loaded = true;
    fill();
    loadAccounts();
}

void ManageUserDialog::fill()
{
    setWindowTitle(tr("Manage User #%1 — %2[*]").arg(m_user.id).arg(m_user.fullName()));
    m_firstName->setText(m_user.firstName);
    m_lastName->setText(m_user.lastName);
    m_email->setText(m_user.email);
    m_language->setLanguage(m_user.language);
    m_twoFactor->setChecked(m_user.twoFactorEnabled);
    // An admin may only turn two-factor authentication off; the user turns it on.
    m_twoFactor->setEnabled(m_user.twoFactorEnabled);
    m_twoFactor->setToolTip(m_user.twoFactorEnabled
                                ? tr("Untick and save to disable two-factor authentication. Only "
                                     "the user can turn it on again.")
                                : tr("Two-factor authentication is off. Only the user can turn it "
                                     "on, from the Client Area."));
    m_emailVerified->setChecked(m_user.emailVerifiedAt.isValid());
    m_emailVerified->setToolTip(m_user.emailVerifiedAt.isValid()
                                    ? tr("Verified on %1").arg(localDate(m_user.emailVerifiedAt))
                                    : tr("The email address has not been verified"));
    m_password->clear();
    m_password->setEchoMode(QLineEdit::Password);
}

void ManageUserDialog::loadAccounts()
{
    m_accountsModel->removeRows(0, m_accountsModel->rowCount());
    auto links = UserService(m_db).accessOf(m_userId);
    if (!links) {
        showMessage(links.error().message);
        updateState();
        return;
    }
    QList<Access> sorted = *links;
    std::sort(sorted.begin(), sorted.end(),
              [](const Access& a, const Access& b) { return a.clientId < b.clientId; });
    ClientService clients(m_db);
    for (const Access& link : sorted) {
        auto client = clients.find(link.clientId);
        QList<QStandardItem*> row;
        auto* id = new QStandardItem(QString::number(link.clientId));
        id->setData(QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter), Qt::TextAlignmentRole);
        row << id;
        row << new QStandardItem(client ? client->fullName() : tr("(client not found)"));
        row << new QStandardItem(client ? client->companyName() : QString());
        row << new QStandardItem(link.owner ? tr("✓ Owner") : QString());
        for (QStandardItem* item : row)
            item->setData(link.clientId, clientIdRole);
        m_accountsModel->appendRow(row);
    }
    m_accounts->resizeColumnsToContents();
    if (m_accountsModel->rowCount() > 0)
        m_accounts->setCurrentIndex(m_accountsModel->index(0, 0));
    fillNoticeCompare();
    updateState();
}

void ManageUserDialog::fillNoticeCompare()
{
    delete m_noticeCompare->layout();
    qDeleteAll(m_noticeCompare->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly));
    auto* layout = new QHBoxLayout(m_noticeCompare);
    layout->setContentsMargins(0, 0, 0, 0);
    // A few buttons at most; with more accounts, Compare works on the selected one.
    const int shown = std::min(m_accountsModel->rowCount(), 4);
    for (int row = 0; row < shown; ++row) {
        const qint64 clientId =
            m_accountsModel->index(row, AccountId).data(clientIdRole).toLongLong();
        const QString name = m_accountsModel->index(row, ClientName).data().toString();
        auto* button = new QPushButton(tr("Compare #%1…").arg(clientId), m_noticeCompare);
        button->setObjectName(QStringLiteral("compareClient%1Button").arg(clientId));
        button->setAutoDefault(false);
        button->setAccessibleName(tr("Compare with client #%1 %2").arg(clientId).arg(name));
        button->setToolTip(tr("Compare this user's details with client #%1 (%2), side by side")
                               .arg(clientId)
                               .arg(name));
        connect(button, &QPushButton::clicked, this,
                [this, clientId] { emit compareRequested(m_userId, clientId); });
        layout->addWidget(button);
    }
    if (m_accountsModel->rowCount() > shown) {
        auto* more = new QLabel(tr("and %n more: select an account below and press Compare.",
                                   nullptr, m_accountsModel->rowCount() - shown),
                                m_noticeCompare);
        more->setWordWrap(true);
        layout->addWidget(more, 1);
    }
    layout->addStretch(1);
    m_noticeCompare->setVisible(shown > 0);
}

void ManageUserDialog::saveVerificationSheet()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    QString path = QFileDialog::getSaveFileName(
        this, tr("Save Verification Sheet"),
        QDir(folder).filePath(QStringLiteral("verification-user%1.pdf").arg(m_userId)),
        tr("PDF files (*.pdf)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".pdf");
    auto sheet = loadVerificationSheet(m_db, m_userId);
    if (!sheet) {
        showMessage(sheet.error().message);
        return;
    }
    if (auto r = writeVerificationSheet(path, *sheet); !r)
        showMessage(r.error().message);
}

UserChanges ManageUserDialog::pendingChanges() const
{
    UserChanges c;
    if (!m_loaded)
        return c;
    if (m_firstName->text() != m_user.firstName)
        c.firstName = m_firstName->text();
    if (m_lastName->text() != m_user.lastName)
        c.lastName = m_lastName->text();
    if (m_email->text() != m_user.email)
        c.email = m_email->text();
    if (m_language->language() != m_user.language)
        c.language = m_language->language();
    c.disableTwoFactor = m_user.twoFactorEnabled && !m_twoFactor->isChecked();
    if (m_emailVerified->isChecked() != m_user.emailVerifiedAt.isValid())
        c.emailVerified = m_emailVerified->isChecked();
    return c;
}

void ManageUserDialog::applyToForm(const UserChanges& c)
{
    if (c.firstName)
        m_firstName->setText(*c.firstName);
    if (c.lastName)
        m_lastName->setText(*c.lastName);
    if (c.email)
        m_email->setText(*c.email);
    if (c.language)
        m_language->setLanguage(*c.language);
    if (c.disableTwoFactor)
        m_twoFactor->setChecked(false);
    if (c.emailVerified)
        m_emailVerified->setChecked(*c.emailVerified);
}

bool ManageUserDialog::hasUnsavedChanges() const
{
    return m_loaded && (!pendingChanges().isEmpty() || !m_password->text().isEmpty());
}

bool ManageUserDialog::save()
{
    if (!m_loaded)
        return false;
    m_errors->clear();
    m_message->hide();
    const QString password = m_password->text();
    UserChanges changes = pendingChanges();
    if (!password.isEmpty())
        changes.password = password;
    const User before = m_user;
    // Keep in step: the client accounts this user owns may take the same change. Changes
    // the save would refuse come back here, every problem at once.
    const auto step = KeepInStepDialog::askForUser(m_db, m_user, changes, this);
    if (step.error) {
        showError(*step.error, changes, password);
        return false;
    }
    if (step.choice == KeepInStepDialog::Cancelled)
        return false;
    const bool both = step.choice == KeepInStepDialog::SaveBoth;
    auto stored = both ? MatchService(m_db).saveUserInStep(m_user, changes, step.plan)
                       : UserService(m_db).update(m_user, changes);
    if (!stored) {
        // A client changed meanwhile: its conflict is not this form's to show field by field.
        if (both && stored.error().kind == Error::Kind::Conflict &&
            !stored.error().record.isUser(m_userId))
            showMessage(stored.error().message);
        else
            showError(stored.error(), changes, password);
        return false;
    }
    ChangeNotifier::instance()->notify(ChangeNotifier::Record::User, m_userId);
    for (const ClientAccount& client : step.plan.clients)
        ChangeNotifier::instance()->notify(ChangeNotifier::Record::Client, client.id);
    reload(); // show what is stored, not what was typed
    const User& after = m_user;
    const bool comparedChanged = before.firstName != after.firstName ||
                                 before.lastName != after.lastName || before.email != after.email ||
                                 before.language != after.language;
    if (comparedChanged) {
        const int links = m_accountsModel->rowCount();
        m_noticeText->setText(
            links > 0
                ? tr("Saved. Client details are separate: the %n client account(s) this user can "
                     "access keep their own name, email and language. Update each client's "
                     "Profile if they should match (double-click an account below to open it).",
                     nullptr, links)
                : tr("Saved. Client details are separate from the user's and are not changed."));
        m_notice->show();
    }
    emit saved(m_userId);
    return true;
}

void ManageUserDialog::showError(const Error& error, const UserChanges& attempted,
                                 const QString& password)
{
    switch (error.kind) {
    case Error::Kind::Conflict:
        showConflict(error, attempted, password);
        return;
    case Error::Kind::Validation:
    case Error::Kind::Clash:
        if (const QList<Error> unshown = m_errors->show(error); !unshown.isEmpty())
            showMessage(messagesOf(unshown));
        return;
    default:
        break;
    }
    showMessage(error.message);
}

void ManageUserDialog::showConflict(const Error& error, const UserChanges& attempted,
                                    const QString& password)
{
    QVariantMap edits;
    if (attempted.firstName)
        edits.insert(QStringLiteral("first_name"), *attempted.firstName);
    if (attempted.lastName)
        edits.insert(QStringLiteral("last_name"), *attempted.lastName);
    if (attempted.email)
        edits.insert(QStringLiteral("email"), *attempted.email);
    if (attempted.language)
        edits.insert(QStringLiteral("language"), *attempted.language);
    if (attempted.emailVerified)
        edits.insert(QStringLiteral("email_verified_at"),
                     *attempted.emailVerified ? tr("(verified now)") : QString());
    const QList<ConflictDialog::Field> fields{
        {QStringLiteral("first_name"), tr("First Name")},
        {QStringLiteral("last_name"), tr("Last Name")},
        {QStringLiteral("email"), tr("Email Address")},
        {QStringLiteral("language"), tr("Language")},
        {QStringLiteral("email_verified_at"), tr("Email Verified At")}};
    showMessage(error.message);
    auto* dialog = new ConflictDialog(error, fields, edits, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, [this, attempted, password](int choice) {
        if (choice == ConflictDialog::Reload) {
            reload();
        } else if (choice == ConflictDialog::Reapply) {
            reload();
            applyToForm(attempted);
            m_password->setText(password);
            save();
        }
    });
    dialog->open();
}

void ManageUserDialog::showMessage(const QString& text)
{
    m_message->setText(tr("⚠ %1").arg(text));
    m_message->show();
}

void ManageUserDialog::updateState()
{
    const bool linked = m_accountsModel->rowCount() > 0;
    m_delete->setEnabled(m_loaded && !linked);
    const QString why =
        linked ? tr("This user still has access to %n client account(s). Remove that access "
                    "(client profile, Users tab) before deleting the user.",
                    nullptr, m_accountsModel->rowCount())
               : tr("Permanently delete this user");
    m_delete->setToolTip(why);
    m_delete->setAccessibleDescription(why);
    m_openClient->setEnabled(m_accounts->currentIndex().isValid());
    m_compare->setEnabled(m_accounts->currentIndex().isValid());
    m_sheet->setEnabled(m_loaded);
    m_save->setEnabled(m_loaded);
    m_copyPassword->setEnabled(!m_password->text().isEmpty());
    setWindowModified(hasUnsavedChanges());
}

void ManageUserDialog::openCurrentClient()
{
    const QModelIndex current = m_accounts->currentIndex();
    if (!current.isValid())
        return;
    emit openClientRequested(current.data(clientIdRole).toLongLong());
}

void ManageUserDialog::confirmDelete()
{
    if (m_accountsModel->rowCount() > 0)
        return;
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Delete User"),
                                tr("Permanently delete user #%1 (%2, %3)? This cannot be undone.")
                                    .arg(m_user.id)
                                    .arg(m_user.fullName(), m_user.email),
                                QMessageBox::Yes | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("confirmDeleteBox"));
    box->setDefaultButton(QMessageBox::Cancel);
    box->button(QMessageBox::Yes)->setText(tr("&Delete"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this](int answer) {
        if (answer != QMessageBox::Yes)
            return;
        if (auto r = UserService(m_db).remove(m_userId); !r) {
            showMessage(r.error().message);
            reload();
            return;
        }
        ChangeNotifier::instance()->notify(ChangeNotifier::Record::User, m_userId);
        emit deleted(m_userId);
        m_closing = true;
        accept();
    });
    box->open();
}

void ManageUserDialog::reject()
{
    if (m_closing || !hasUnsavedChanges()) {
        QDialog::reject();
        return;
    }
    auto* box =
        new QMessageBox(QMessageBox::Question, tr("Unsaved Changes"),
                        tr("Save your changes to this user before closing?"),
                        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("unsavedChangesBox"));
    box->setDefaultButton(QMessageBox::Save);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this](int answer) {
        if (answer == QMessageBox::Save && !save())
            return;
        if (answer == QMessageBox::Save || answer == QMessageBox::Discard) {
            m_closing = true;
            QDialog::reject();
            m_closing = false;
        }
    });
    box->open();
}

} // namespace accord::ui
