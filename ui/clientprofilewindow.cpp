#include "clientprofilewindow.h"

#include "accesspermissionsdialog.h"
#include "associateuserdialog.h"
#include "conflictdialog.h"
#include "countrycombo.h"
#include "fielderrors.h"
#include "keepinstepdialog.h"
#include "languagecombo.h"
#include "manageuserdialog.h"
#include "models/changenotifier.h"
#include "models/clientuserslistquery.h"
#include "models/lazylistmodel.h"
#include "services/accessservice.h"
#include "services/clientservice.h"
#include "services/matchservice.h"
#include "services/userservice.h"

#include "domain/comparison.h"
#include "domain/validation.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QCloseEvent>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QVBoxLayout>

namespace accord::ui {

namespace {
const QString sizeKey = QStringLiteral("clientProfileWindow/size");

// The Profile tab's labels: the vendor's Admin Area wording, with mnemonics.
struct FieldLabel {
    const char* column;
    const char* text;
};
const FieldLabel fieldLabels[] = {
    {"firstname", QT_TRANSLATE_NOOP("accord::ui::ClientProfileWindow", "&First Name:")},
    {"lastname", QT_TRANSLATE_NOOP("accord::ui::ClientProfileWindow", "&Last Name:")},
    {"companyname", QT_TRANSLATE_NOOP("accord::ui::ClientProfileWindow", "&Company Name:")},
    {"email", QT_TRANSLATE_NOOP("accord::ui::ClientProfileWindow", "&Email Address:")},
    {"address1", QT_TRANSLATE_NOOP("accord::ui::ClientProfileWindow", "Address &1:")},
    {"address2", QT_TRANSLATE_NOOP("accord::ui::ClientProfileWindow", "Address &2:")},
    {"city", QT_TRANSLATE_NOOP("accord::ui::ClientProfileWindow", "Ci&ty:")},
    {"state", QT_TRANSLATE_NOOP("accord::ui::ClientProfileWindow", "State/&Region:")},
    {"postcode", QT_TRANSLATE_NOOP("accord::ui::ClientProfileWindow", "P&ostcode:")},
    {"country", QT_TRANSLATE_NOOP("accord::ui::ClientProfileWindow", "Countr&y:")},
    {"phonenumber", QT_TRANSLATE_NOOP("accord::ui::ClientProfileWindow", "P&hone Number:")},
    {"tax_id", QT_TRANSLATE_NOOP("accord::ui::ClientProfileWindow", "Ta&x ID:")},
    {"language", QT_TRANSLATE_NOOP("accord::ui::ClientProfileWindow", "Lan&guage:")},
    {"status", QT_TRANSLATE_NOOP("accord::ui::ClientProfileWindow", "St&atus:")},
};

QString timeLeft(const QDateTime& expires)
{
    const qint64 secs = QDateTime::currentDateTimeUtc().secsTo(expires);
    if (secs <= 0)
        return ClientProfileWindow::tr("expired");
    const int days = int(secs / 86400);
    const int hours = int((secs % 86400) / 3600);
    if (days > 0)
        return ClientProfileWindow::tr("%n day(s)", nullptr, days) + QLatin1Char(' ') +
               ClientProfileWindow::tr("%n hour(s) left", nullptr, hours);
    return ClientProfileWindow::tr("%n hour(s) left", nullptr, qMax(hours, 1));
}
} // namespace

ClientProfileWindow::ClientProfileWindow(DatabasePtr db, qint64 clientId, QWidget* parent)
    : QWidget(parent, Qt::Window), m_db(std::move(db)), m_clientId(clientId),
      m_message(new QLabel(this)), m_tabs(new QTabWidget(this)), m_errors(new FieldErrors(this))
{
    setObjectName(QStringLiteral("clientProfileWindow"));
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setFrameShape(QFrame::StyledPanel);
    m_message->hide();

    m_tabs->setObjectName(QStringLiteral("clientTabs"));
    m_tabs->addTab(buildProfileTab(), tr("&Profile"));
    m_tabs->addTab(buildUsersTab(), tr("&Users"));

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addWidget(m_tabs, 1);

    auto* saveAction = new QAction(tr("Save"), this);
    saveAction->setShortcut(QKeySequence::Save);
    saveAction->setShortcutContext(Qt::WindowShortcut);
    connect(saveAction, &QAction::triggered, this, [this] {
        m_tabs->setCurrentIndex(0);
        save();
    });
    addAction(saveAction);
    auto* closeAction = new QAction(tr("Close"), this);
    closeAction->setShortcut(QKeySequence::Close);
    connect(closeAction, &QAction::triggered, this, &QWidget::close);
    addAction(closeAction);

    connect(ChangeNotifier::instance(), &ChangeNotifier::changed, this,
            [this](ChangeNotifier::Record record, qint64 id) { onChanged(int(record), id); });

    const QSize remembered = QSettings().value(sizeKey).toSize();
    resize(remembered.isValid() ? remembered : QSize(780, 680));

    loadProfile();
    loadInvites();
}

ClientProfileWindow::~ClientProfileWindow() = default;

QWidget* ClientProfileWindow::buildProfileTab()
{
    auto* page = new QWidget;
    page->setObjectName(QStringLiteral("profileTab"));
    auto* form = new QWidget;
    auto* grid = new QGridLayout(form);
    grid->setColumnStretch(1, 1);
    int row = 0;
    for (const FieldLabel& f : fieldLabels) {
        const QString column = QLatin1String(f.column);
        QWidget* input = nullptr;
        if (column == QLatin1String("country")) {
            m_country = new CountryCombo(form);
            connect(m_country, &QComboBox::editTextChanged, this,
                    &ClientProfileWindow::updateState);
            connect(m_country, &QComboBox::currentIndexChanged, this,
                    &ClientProfileWindow::updateState);
            input = m_country;
        } else if (column == QLatin1String("status")) {
            m_status = new QComboBox(form);
            static const char* const statuses[] = {QT_TR_NOOP("Active"), QT_TR_NOOP("Inactive"),
                                                   QT_TR_NOOP("Closed")};
            for (const char* s : statuses)
                m_status->addItem(tr(s), QLatin1String(s));
            connect(m_status, &QComboBox::currentIndexChanged, this,
                    &ClientProfileWindow::updateState);
            input = m_status;
        } else if (column == QLatin1String("language")) {
            m_language = new LanguageCombo(form);
            connect(m_language, &QComboBox::currentIndexChanged, this,
                    &ClientProfileWindow::updateState);
            input = m_language;
        } else {
            auto* edit = new QLineEdit(form);
            connect(edit, &QLineEdit::textChanged, this, &ClientProfileWindow::updateState);
            input = edit;
        }
        input->setObjectName(column);
        m_editors.insert(column, input);
        QWidget* wrapped = m_errors->wrap(column, input);
        // Top-aligned (an error may grow the row), centred on the input's first line.
        QLabel* label = buddyLabel(tr(f.text), input, form);
        label->setMinimumHeight(input->sizeHint().height());
        label->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
        grid->addWidget(label, row, 0, Qt::AlignTop);
        grid->addWidget(wrapped, row, 1);
        ++row;
        if (column == QLatin1String("email")) {
            m_emailWarning = new QLabel(form);
            m_emailWarning->setObjectName(QStringLiteral("emailWarning"));
            m_emailWarning->setWordWrap(true);
            m_emailWarning->setTextInteractionFlags(Qt::TextSelectableByMouse);
            m_emailWarning->hide();
            grid->addWidget(m_emailWarning, row++, 1);
            connect(static_cast<QLineEdit*>(input), &QLineEdit::textChanged, this,
                    &ClientProfileWindow::updateEmailWarning);
        }
    }
    grid->setRowStretch(row, 1);

    auto* scroll = new QScrollArea(page);
    scroll->setWidget(form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    m_save = new QPushButton(tr("&Save"), page);
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_save->setToolTip(tr("Save the changed fields (Ctrl+S)"));
    m_revert = new QPushButton(tr("Re&vert"), page);
    m_revert->setObjectName(QStringLiteral("revertButton"));
    m_revert->setToolTip(tr("Show the stored values again, dropping your changes"));
    connect(m_save, &QPushButton::clicked, this, [this] { save(); });
    connect(m_revert, &QPushButton::clicked, this, &ClientProfileWindow::revert);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_revert);
    buttons->addWidget(m_save);

    auto* layout = new QVBoxLayout(page);
    layout->addWidget(scroll, 1);
    layout->addLayout(buttons);
    return page;
}

QWidget* ClientProfileWindow::buildUsersTab()
{
    auto* page = new QWidget;
    page->setObjectName(QStringLiteral("usersTab"));
    m_usersModel =
        new LazyListModel(m_db, std::make_shared<ClientUsersListQuery>(m_clientId), this);
    m_usersTable = new QTableView(page);
    m_usersTable->setObjectName(QStringLiteral("usersTable"));
    m_usersTable->setModel(m_usersModel);
    m_usersTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_usersTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_usersTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_usersTable->verticalHeader()->hide();
    m_usersTable->horizontalHeader()->setStretchLastSection(true);
    m_usersTable->horizontalHeader()->resizeSection(ClientUsersListQuery::NameEmailColumn, 260);
    m_usersTable->horizontalHeader()->resizeSection(ClientUsersListQuery::OwnerColumn, 60);
    m_usersTable->horizontalHeader()->resizeSection(ClientUsersListQuery::PermissionsColumn, 220);
    m_usersTable->setWordWrap(false);
    auto* usersLabel = new QLabel(tr("Users with access to this client account:"), page);
    usersLabel->setBuddy(m_usersTable);
    m_usersTable->setAccessibleName(tr("Users with access to this client account"));

    m_manageUser = new QPushButton(tr("&Manage User…"), page);
    m_manageUser->setObjectName(QStringLiteral("manageUserButton"));
    m_compare = new QPushButton(tr("Compare…"), page);
    m_compare->setObjectName(QStringLiteral("compareButton"));
    m_associate = new QPushButton(tr("&Associate User…"), page);
    m_associate->setObjectName(QStringLiteral("associateUserButton"));
    m_remove = new QPushButton(tr("&Remove Access…"), page);
    m_remove->setObjectName(QStringLiteral("removeAccessButton"));
    m_makeOwner = new QPushButton(tr("Make &Owner…"), page);
    m_makeOwner->setObjectName(QStringLiteral("makeOwnerButton"));
    m_permissions = new QPushButton(tr("P&ermissions…"), page);
    m_permissions->setObjectName(QStringLiteral("permissionsButton"));
    connect(m_manageUser, &QPushButton::clicked, this, &ClientProfileWindow::manageUser);
    connect(m_compare, &QPushButton::clicked, this, [this] {
        if (const qint64 userId = currentUser().id)
            emit compareRequested(userId, m_clientId);
    });
    connect(m_associate, &QPushButton::clicked, this, &ClientProfileWindow::associateUser);
    connect(m_remove, &QPushButton::clicked, this, &ClientProfileWindow::removeAccess);
    connect(m_makeOwner, &QPushButton::clicked, this, &ClientProfileWindow::makeOwner);
    connect(m_permissions, &QPushButton::clicked, this, &ClientProfileWindow::editPermissions);
    connect(m_usersTable, &QTableView::doubleClicked, this, &ClientProfileWindow::manageUser);
    auto* userButtons = new QHBoxLayout;
    for (QPushButton* b :
         {m_manageUser, m_compare, m_associate, m_remove, m_makeOwner, m_permissions})
        userButtons->addWidget(b);
    userButtons->addStretch();

    m_ownerNote = new QLabel(page);
    m_ownerNote->setObjectName(QStringLiteral("ownerNote"));
    m_ownerNote->setWordWrap(true);
    m_ownerNote->hide();

    m_invitesTable = new QTableWidget(0, 3, page);
    m_invitesTable->setObjectName(QStringLiteral("invitesTable"));
    m_invitesTable->setHorizontalHeaderLabels(
        {tr("Email Address"), tr("Permissions"), tr("Expires")});
    m_invitesTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_invitesTable->setSelectionMode(QAbstractItemView::SingleSelection);
    m_invitesTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_invitesTable->verticalHeader()->hide();
    m_invitesTable->horizontalHeader()->setStretchLastSection(true);
    m_invitesTable->horizontalHeader()->resizeSection(0, 240);
    m_invitesTable->horizontalHeader()->resizeSection(1, 240);
    m_invitesTable->setAccessibleName(tr("Pending Invites"));
    auto* invitesLabel = new QLabel(tr("Pending Invites:"), page);
    invitesLabel->setBuddy(m_invitesTable);
    m_copyLink = new QPushButton(tr("&Copy Link"), page);
    m_copyLink->setObjectName(QStringLiteral("copyInviteLinkButton"));
    m_cancelInvite = new QPushButton(tr("Cancel &Invite…"), page);
    m_cancelInvite->setObjectName(QStringLiteral("cancelInviteButton"));
    connect(m_copyLink, &QPushButton::clicked, this, &ClientProfileWindow::copyInviteLink);
    connect(m_cancelInvite, &QPushButton::clicked, this, &ClientProfileWindow::cancelInvite);
    connect(m_invitesTable, &QTableWidget::itemSelectionChanged, this, [this] {
        const bool any = m_invitesTable->currentRow() >= 0 && !m_invites.isEmpty();
        m_copyLink->setEnabled(any);
        m_cancelInvite->setEnabled(any);
    });
    auto* inviteButtons = new QHBoxLayout;
    inviteButtons->addWidget(m_copyLink);
    inviteButtons->addWidget(m_cancelInvite);
    inviteButtons->addStretch();

    auto* layout = new QVBoxLayout(page);
    layout->addWidget(usersLabel);
    layout->addWidget(m_usersTable, 3);
    layout->addLayout(userButtons);
    layout->addWidget(m_ownerNote);
    layout->addSpacing(8);
    layout->addWidget(invitesLabel);
    layout->addWidget(m_invitesTable, 1);
    layout->addLayout(inviteButtons);

    connect(m_usersTable->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ClientProfileWindow::updateUserActions);
    connect(m_usersModel, &QAbstractItemModel::modelReset, this,
            &ClientProfileWindow::updateUserActions);
    connect(m_usersModel, &QAbstractItemModel::dataChanged, this,
            &ClientProfileWindow::updateUserActions);
    // After a refresh, keep the user the admin was working on selected (rows may move).
    connect(m_usersModel, &LazyListModel::pageLoaded, this, [this] {
        if (!m_reselectUserId)
            return;
        for (int r = 0; r < m_usersModel->rowCount(); ++r)
            if (m_usersModel->idAt(r) == m_reselectUserId) {
                m_usersTable->setCurrentIndex(m_usersModel->index(r, 0));
                m_reselectUserId = 0;
                break;
            }
        updateUserActions();
    });
    connect(m_usersModel, &LazyListModel::loadFailed, this, &ClientProfileWindow::showMessage);
    updateUserActions();
    return page;
}

QWidget* ClientProfileWindow::editor(const QString& column) const
{
    return m_editors.value(column);
}

// ---- Profile tab -------------------------------------------------------------------

void ClientProfileWindow::loadProfile()
{
    auto client = ClientService(m_db).find(m_clientId);
    if (!client) {
        m_loaded = false;
        showMessage(client.error().message);
        setWindowTitle(tr("Client #%1").arg(m_clientId));
        updateState();
        return;
    }
    m_client = *client;
    m_loaded = true;
    fillForm();
    loadOwner();
}

void ClientProfileWindow::fillForm()
{
    m_filling = true;
    m_errors->clear();
    for (const auto& f : clientProfileFields()) {
        const QString column = QLatin1String(f.column);
        setValue(column, m_client.value(column));
    }
    m_filling = false;
    updateState();
    updateEmailWarning();
}

QString ClientProfileWindow::value(const QString& column) const
{
    QWidget* w = m_editors.value(column);
    if (w == m_country)
        return m_country->country();
    if (w == m_status)
        return m_status->currentData().toString();
    if (w == m_language)
        return m_language->language();
    if (auto* edit = qobject_cast<QLineEdit*>(w))
        return edit->text();
    return {};
}

void ClientProfileWindow::setValue(const QString& column, const QString& value)
{
    QWidget* w = m_editors.value(column);
    if (w == m_country) {
        m_country->setCountry(value);
    } else if (w == m_status) {
        int index = m_status->findData(value);
        if (index < 0) { // vendor data outside the enum: shown as stored
            m_status->addItem(value, value);
            index = m_status->count() - 1;
        }
        m_status->setCurrentIndex(index);
    } else if (w == m_language) {
        m_language->setLanguage(value);
    } else if (auto* edit = qobject_cast<QLineEdit*>(w)) {
        edit->setText(value);
        edit->setCursorPosition(0);
    }
}

QMap<QString, QString> ClientProfileWindow::edits() const
{
    QMap<QString, QString> out;
    if (!m_loaded)
        return out;
    for (const auto& f : clientProfileFields()) {
        const QString column = QLatin1String(f.column);
        const QString now = value(column);
        if (now != m_client.value(column))
            out.insert(column, now);
    }
    return out;
}

bool ClientProfileWindow::hasUnsavedChanges() const
{
    return !edits().isEmpty();
}

void ClientProfileWindow::updateState()
{
    if (m_filling)
        return;
    const bool dirty = hasUnsavedChanges();
    m_save->setEnabled(m_loaded);
    m_revert->setEnabled(dirty);
    const QString name =
        m_loaded ? (m_client.fullName().isEmpty() ? m_client.companyName() : m_client.fullName())
                 : QString();
    setWindowTitle(name.isEmpty() ? tr("Client #%1[*]").arg(m_clientId)
                                  : tr("Client #%1 — %2[*]").arg(m_clientId).arg(name));
    setWindowModified(dirty);
}

void ClientProfileWindow::loadOwner()
{
    m_ownerUserId = 0;
    m_ownerEmail.clear();
    auto links = ClientService(m_db).accessOf(m_clientId);
    if (links) {
        for (const Access& link : *links)
            if (link.owner) {
                if (auto user = UserService(m_db).find(link.userId)) {
                    m_ownerUserId = user->id;
                    m_ownerEmail = user->email;
                }
                break;
            }
    }
    updateEmailWarning();
}

void ClientProfileWindow::updateEmailWarning()
{
    if (!m_emailWarning || m_filling)
        return;
    const QString email = value(QStringLiteral("email"));
    if (!m_ownerUserId || !compareValues(m_ownerEmail, email)) {
        m_emailWarning->hide();
        m_emailWarning->clear();
        editor(QStringLiteral("email"))->setToolTip({});
        return;
    }
    const QString text = tr("⚠ Differs from the owner user's email address, %1 (user #%2). "
                            "Client and user details are separate: change both if they should "
                            "match.")
                             .arg(m_ownerEmail)
                             .arg(m_ownerUserId);
    m_emailWarning->setText(text);
    m_emailWarning->show();
    editor(QStringLiteral("email"))->setToolTip(text);
}

void ClientProfileWindow::showMessage(const QString& text)
{
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

bool ClientProfileWindow::save()
{
    if (!m_loaded)
        return false;
    showMessage({});
    m_errors->clear();
    const QMap<QString, QString> changes = edits();
    if (changes.isEmpty())
        return true;

    // Keep in step: the owner user may take the same change. Changes the save would refuse
    // come back here, every problem at once.
    const auto step = KeepInStepDialog::askForClient(m_db, m_client, changes, this);
    if (step.error) {
        showRefusal(*step.error);
        return false;
    }
    if (step.choice == KeepInStepDialog::Cancelled)
        return false;
    const bool both = step.choice == KeepInStepDialog::SaveBoth;
    auto stored = both ? MatchService(m_db).saveClientInStep(m_client, changes, step.plan)
                       : ClientService(m_db).update(m_client, changes);
    if (!stored) {
        const Error& e = stored.error();
        // The owner changed meanwhile: a user's conflict is not this form's to show.
        if (e.kind == Error::Kind::Conflict && e.record.isClient(m_clientId))
            showConflict(e, changes);
        else
            showRefusal(e);
        return false;
    }
    // What is shown is what was stored: read it back, then tell every other view.
    loadProfile();
    showMessage(tr("Saved."));
    ChangeNotifier::instance()->notify(ChangeNotifier::Record::Client, m_clientId);
    if (step.plan.user)
        ChangeNotifier::instance()->notify(ChangeNotifier::Record::User, step.plan.user->id);
    return true;
}

void ClientProfileWindow::showRefusal(const Error& e)
{
    const QList<Error> unshown = m_errors->show(e);
    if (unshown.isEmpty())
        showMessage(tr("Nothing was saved: correct the marked fields."));
    else
        showMessage(tr("Nothing was saved: %1").arg(messagesOf(unshown)));
}

void ClientProfileWindow::revert()
{
    showMessage({});
    fillForm();
}

void ClientProfileWindow::showConflict(const Error& conflict,
                                       const QMap<QString, QString>& attempted)
{
    QList<ConflictDialog::Field> fields;
    QVariantMap edits;
    for (const auto& f : clientProfileFields()) {
        const QString column = QLatin1String(f.column);
        const QString loaded = conflict.mine.value(column).toString();
        const QString stored = conflict.theirs.value(column).toString();
        if (attempted.contains(column) || loaded != stored) {
            for (const FieldLabel& l : fieldLabels)
                if (column == QLatin1String(l.column))
                    fields << ConflictDialog::Field{column, visibleText(tr(l.text))};
        }
        if (attempted.contains(column))
            edits.insert(column, attempted.value(column));
    }
    auto* dialog = new ConflictDialog(conflict, fields, edits, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    showMessage(conflict.message);
    connect(dialog, &QDialog::finished, this, [this, attempted](int result) {
        if (result == ConflictDialog::Reload) {
            loadProfile();
            showMessage(tr("Reloaded: the form shows what is stored now."));
        } else if (result == ConflictDialog::Reapply) {
            loadProfile();
            m_filling = true;
            for (auto it = attempted.begin(); it != attempted.end(); ++it)
                setValue(it.key(), it.value());
            m_filling = false;
            updateState();
            updateEmailWarning();
            showMessage(tr("Your changes are applied on top of the stored version; check "
                           "them and Save."));
        }
    });
    dialog->open();
}

void ClientProfileWindow::onChanged(int record, qint64 id)
{
    switch (ChangeNotifier::Record(record)) {
    case ChangeNotifier::Record::Client:
        if (id != m_clientId && id != 0)
            return;
        if (!hasUnsavedChanges())
            loadProfile();
        else
            showMessage(tr("This client was changed elsewhere. Your edits are kept; saving "
                           "will show both versions."));
        return;
    case ChangeNotifier::Record::User:
    case ChangeNotifier::Record::Access:
        refreshUsers();
        loadOwner();
        if (ChangeNotifier::Record(record) == ChangeNotifier::Record::Access)
            loadInvites();
        return;
    case ChangeNotifier::Record::Any:
        if (!hasUnsavedChanges())
            loadProfile();
        refreshUsers();
        loadOwner();
        loadInvites();
        return;
    }
}

void ClientProfileWindow::closeEvent(QCloseEvent* event)
{
    if (m_closing || !hasUnsavedChanges()) {
        QSettings().setValue(sizeKey, size());
        event->accept();
        return;
    }
    event->ignore();
    if (auto* open = findChild<QMessageBox*>(QStringLiteral("unsavedChangesBox"))) {
        open->raise();
        return;
    }
    auto* box = new QMessageBox(
        QMessageBox::Warning, tr("Unsaved Changes"),
        tr("Client #%1 has unsaved changes. Save them before closing?").arg(m_clientId),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
    box->setObjectName(QStringLiteral("unsavedChangesBox"));
    box->setDefaultButton(QMessageBox::Save);
    box->setEscapeButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box] {
        const auto choice = box->standardButton(box->clickedButton());
        if (choice == QMessageBox::Cancel || choice == QMessageBox::NoButton)
            return;
        if (choice == QMessageBox::Save && !save())
            return; // the reason is shown; the window stays open
        m_closing = true;
        close();
        m_closing = false;
    });
    box->open();
}

// ---- Users tab ---------------------------------------------------------------------

ClientProfileWindow::LinkedUser ClientProfileWindow::currentUser() const
{
    LinkedUser u;
    const QModelIndex current = m_usersTable->currentIndex();
    if (!current.isValid())
        return u;
    u.id = m_usersModel->idAt(current.row());
    if (!u.id)
        return u;
    const QModelIndex cell = m_usersModel->index(current.row(), 0);
    u.name = cell.data(ClientUsersListQuery::NameRole).toString();
    u.email = cell.data(ClientUsersListQuery::EmailRole).toString();
    u.owner = cell.data(ClientUsersListQuery::OwnerRole).toBool();
    u.permissions =
        Permissions::fromStored(cell.data(ClientUsersListQuery::PermissionsRole).toString());
    return u;
}

void ClientProfileWindow::updateUserActions()
{
    const LinkedUser u = currentUser();
    const bool any = u.id != 0;
    m_manageUser->setEnabled(any);
    m_compare->setEnabled(any);
    m_compare->setToolTip(any ? tr("Compare %1's details with this client's, side by side")
                                    .arg(u.name.isEmpty() ? u.email : u.name)
                              : tr("Select a user to compare with this client"));
    m_remove->setEnabled(any && !u.owner);
    m_makeOwner->setEnabled(any && !u.owner);
    m_permissions->setEnabled(any && !u.owner);
    const QString ownerText =
        tr("This user is the account owner and therefore has all permissions.");
    m_remove->setToolTip(u.owner ? tr("The account owner cannot be removed. Make another user "
                                      "the owner first.")
                                 : tr("Remove this user's access to the client account"));
    m_makeOwner->setToolTip(u.owner ? tr("This user is already the account owner.")
                                    : tr("Make this user the account owner"));
    m_permissions->setToolTip(u.owner ? ownerText : tr("Choose what this user may do"));
    // The reason is also shown as text, not only in tooltips of disabled buttons.
    m_ownerNote->setText(u.owner ? ownerText + QLatin1Char(' ') +
                                       tr("The owner cannot be removed; make another user the "
                                          "owner first.")
                                 : QString());
    m_ownerNote->setVisible(u.owner);
}

void ClientProfileWindow::refreshUsers()
{
    m_reselectUserId = currentUser().id;
    m_usersModel->refresh();
}

void ClientProfileWindow::manageUser()
{
    const LinkedUser u = currentUser();
    if (!u.id)
        return;
    auto* dialog = new ManageUserDialog(m_db, u.id, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ManageUserDialog::openClientRequested, this,
            &ClientProfileWindow::openClientRequested);
    connect(dialog, &ManageUserDialog::compareRequested, this,
            &ClientProfileWindow::compareRequested);
    dialog->open();
}

void ClientProfileWindow::associateUser()
{
    auto* dialog = new AssociateUserDialog(m_db, m_clientId, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &AssociateUserDialog::associated, this, [this] {
        ChangeNotifier::instance()->notify(ChangeNotifier::Record::Access, m_clientId);
    });
    dialog->open();
}

void ClientProfileWindow::confirm(const QString& objectName, const QString& title,
                                  const QString& text, const QString& acceptText,
                                  std::function<void()> onAccept)
{
    auto* box = new QMessageBox(QMessageBox::Question, title, text, QMessageBox::NoButton, this);
    box->setObjectName(objectName);
    QPushButton* yes = box->addButton(acceptText, QMessageBox::AcceptRole);
    yes->setObjectName(QStringLiteral("confirmButton"));
    QPushButton* no = box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(no);
    box->setEscapeButton(no);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [box, yes, onAccept] {
        if (box->clickedButton() == yes)
            onAccept();
    });
    box->open();
}

void ClientProfileWindow::removeAccess()
{
    const LinkedUser u = currentUser();
    if (!u.id || u.owner)
        return;
    confirm(QStringLiteral("confirmRemoveAccess"), tr("Remove Access"),
            tr("Remove the access of %1 <%2> to client #%3? The user account itself stays.")
                .arg(u.name, u.email)
                .arg(m_clientId),
            tr("&Remove Access"), [this, u] {
                if (auto r = AccessService(m_db).remove(u.id, m_clientId); !r) {
                    showMessage(r.error().message);
                    return;
                }
                showMessage(tr("%1 no longer has access to this client account.").arg(u.name));
                ChangeNotifier::instance()->notify(ChangeNotifier::Record::Access, m_clientId);
            });
}

void ClientProfileWindow::makeOwner()
{
    const LinkedUser u = currentUser();
    if (!u.id || u.owner)
        return;
    confirm(QStringLiteral("confirmMakeOwner"), tr("Make Owner"),
            tr("Make %1 <%2> the owner of client #%3? The current owner stays linked with all "
               "permissions.")
                .arg(u.name, u.email)
                .arg(m_clientId),
            tr("Make &Owner"), [this, u] {
                if (auto r = AccessService(m_db).makeOwner(u.id, m_clientId); !r) {
                    showMessage(r.error().message);
                    return;
                }
                showMessage(tr("%1 is now the account owner.").arg(u.name));
                m_reselectUserId = u.id;
                ChangeNotifier::instance()->notify(ChangeNotifier::Record::Access, m_clientId);
            });
}

void ClientProfileWindow::editPermissions()
{
    const LinkedUser u = currentUser();
    if (!u.id || u.owner)
        return;
    auto* dialog = new AccessPermissionsDialog(u.name, u.permissions, u.owner, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, u] {
        if (auto r = AccessService(m_db).grant(u.id, m_clientId, dialog->permissions()); !r) {
            showMessage(r.error().message);
            return;
        }
        showMessage(tr("Permissions of %1 saved.").arg(u.name));
        ChangeNotifier::instance()->notify(ChangeNotifier::Record::Access, m_clientId);
    });
    dialog->open();
}

void ClientProfileWindow::loadInvites()
{
    auto invites = AccessService(m_db).pendingInvites(m_clientId);
    m_invites = invites ? *invites : QList<Invite>();
    if (!invites)
        showMessage(invites.error().message);
    m_invitesTable->setRowCount(0);
    m_invitesTable->setRowCount(int(m_invites.size()));
    for (int r = 0; r < m_invites.size(); ++r) {
        const Invite& i = m_invites.at(r);
        m_invitesTable->setItem(r, 0, new QTableWidgetItem(i.email));
        m_invitesTable->setItem(r, 1, new QTableWidgetItem(i.permissions.summary()));
        auto* expires = new QTableWidgetItem(tr("%1 (%2)").arg(
            timeLeft(i.expiresAt()),
            QLocale().toString(i.expiresAt().toLocalTime(), QLocale::ShortFormat)));
        m_invitesTable->setItem(r, 2, expires);
    }
    if (m_invites.isEmpty()) {
        m_copyLink->setEnabled(false);
        m_cancelInvite->setEnabled(false);
    } else {
        m_invitesTable->setCurrentCell(0, 0);
        m_copyLink->setEnabled(true);
        m_cancelInvite->setEnabled(true);
    }
}

void ClientProfileWindow::copyInviteLink()
{
    const int row = m_invitesTable->currentRow();
    if (row < 0 || row >= m_invites.size())
        return;
    QApplication::clipboard()->setText(inviteLink(m_invites.at(row).token));
    showMessage(tr("Invite link for %1 copied. Accord sends no email: pass it on yourself.")
                    .arg(m_invites.at(row).email));
}

void ClientProfileWindow::cancelInvite()
{
    const int row = m_invitesTable->currentRow();
    if (row < 0 || row >= m_invites.size())
        return;
    const Invite invite = m_invites.at(row);
    confirm(QStringLiteral("confirmCancelInvite"), tr("Cancel Invite"),
            tr("Cancel the invite of %1? Its link stops working.").arg(invite.email),
            tr("Cancel &Invite"), [this, invite] {
                if (auto r = AccessService(m_db).cancelInvite(invite.id); !r) {
                    showMessage(r.error().message);
                    return;
                }
                showMessage(tr("The invite of %1 was cancelled.").arg(invite.email));
                ChangeNotifier::instance()->notify(ChangeNotifier::Record::Access, m_clientId);
            });
}

} // namespace accord::ui
