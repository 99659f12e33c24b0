#include "associateuserdialog.h"

#include "fielderrors.h"
#include "models/lazylistmodel.h"
#include "models/userlistquery.h"
#include "permissionchecklist.h"
#include "recordsession.h"
#include "services/accessservice.h"
#include "services/passwordhasher.h"
#include "services/userservice.h"

#include <QApplication>
#include <QButtonGroup>
#include <QCheckBox>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QStackedWidget>
#include <QTableView>
#include <QVBoxLayout>

namespace accord::ui {

AssociateUserDialog::AssociateUserDialog(DatabasePtr db, qint64 clientId, QWidget* parent)
    : QDialog(parent), m_session(new RecordSession(db, this)), m_clientId(clientId),
      m_usersModel(new LazyListModel(db, std::make_shared<UserListQuery>(), this)),
      m_errors(new FieldErrors(this))
{
    setObjectName(QStringLiteral("associateUserDialog"));
    setWindowTitle(m_session->windowTitle(tr("Associate User — Client #%1").arg(clientId)));

    m_existing = new QRadioButton(tr("An e&xisting user"), this);
    m_existing->setObjectName(QStringLiteral("existingUserChoice"));
    m_newEmail = new QRadioButton(tr("A &new email address"), this);
    m_newEmail->setObjectName(QStringLiteral("newEmailChoice"));
    m_existing->setChecked(true);
    auto* who = new QButtonGroup(this);
    who->addButton(m_existing);
    who->addButton(m_newEmail);

    // Page 0: pick an existing user from the lazy user list.
    auto* existingPage = new QWidget(this);
    m_search = new QLineEdit(existingPage);
    m_search->setObjectName(QStringLiteral("userSearch"));
    m_search->setPlaceholderText(tr("User name, email address or #id"));
    m_search->setClearButtonEnabled(true);
    m_users = new QTableView(existingPage);
    m_users->setObjectName(QStringLiteral("userList"));
    m_users->setModel(m_usersModel);
    m_users->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_users->setSelectionMode(QAbstractItemView::SingleSelection);
    m_users->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_users->verticalHeader()->hide();
    m_users->horizontalHeader()->setStretchLastSection(true);
    for (int c : {int(UserListQuery::TwoFactor), int(UserListQuery::LastLogin),
                  int(UserListQuery::ClientCount)})
        m_users->hideColumn(c);
    m_users->setAccessibleName(tr("Users"));
    connect(m_search, &QLineEdit::textChanged, m_usersModel, &LazyListModel::setSearch);
    connect(m_users, &QTableView::doubleClicked, this, &AssociateUserDialog::accept);
    auto* existingLayout = new QVBoxLayout(existingPage);
    existingLayout->setContentsMargins(0, 0, 0, 0);
    auto* searchRow = new QHBoxLayout;
    searchRow->addWidget(buddyLabel(tr("&Find user:"), m_search, existingPage));
    searchRow->addWidget(m_errors->wrap(QStringLiteral("user"), m_search), 1);
    existingLayout->addLayout(searchRow);
    existingLayout->addWidget(m_users, 1);

    // Page 1: a new email address, invited or created now.
    auto* newPage = new QWidget(this);
    m_email = new QLineEdit(newPage);
    m_email->setObjectName(QStringLiteral("email"));
    m_invite =
        new QRadioButton(tr("Create an &invite (the person sets their own password)"), newPage);
    m_invite->setObjectName(QStringLiteral("inviteChoice"));
    m_createNow = new QRadioButton(tr("Create the &user now with a password"), newPage);
    m_createNow->setObjectName(QStringLiteral("createNowChoice"));
    m_invite->setChecked(true);
    auto* how = new QButtonGroup(this);
    how->addButton(m_invite);
    how->addButton(m_createNow);
    m_newUserFields = new QWidget(newPage);
    m_firstName = new QLineEdit(m_newUserFields);
    m_firstName->setObjectName(QStringLiteral("firstName"));
    m_lastName = new QLineEdit(m_newUserFields);
    m_lastName->setObjectName(QStringLiteral("lastName"));
    m_password = new QLineEdit(m_newUserFields);
    m_password->setObjectName(QStringLiteral("password"));
    // Shown in clear on purpose: the admin copies it to pass it on.
    m_password->setEchoMode(QLineEdit::Normal);
    auto* generate = new QPushButton(tr("&Generate"), m_newUserFields);
    generate->setObjectName(QStringLiteral("generatePasswordButton"));
    auto* copyPassword = new QPushButton(tr("Cop&y Password"), m_newUserFields);
    copyPassword->setObjectName(QStringLiteral("copyPasswordButton"));
    connect(generate, &QPushButton::clicked, this,
            [this] { m_password->setText(PasswordHasher::generate()); });
    connect(copyPassword, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_password->text()); });
    auto* passwordRow = new QHBoxLayout;
    passwordRow->addWidget(m_errors->wrap(QStringLiteral("password"), m_password), 1);
    passwordRow->addWidget(generate, 0, Qt::AlignTop);
    passwordRow->addWidget(copyPassword, 0, Qt::AlignTop);
    auto* userForm = new QFormLayout(m_newUserFields);
    userForm->setContentsMargins(0, 0, 0, 0);
    userForm->addRow(buddyLabel(tr("First Na&me:"), m_firstName, m_newUserFields),
                     m_errors->wrap(QStringLiteral("first_name"), m_firstName));
    userForm->addRow(buddyLabel(tr("&Last Name:"), m_lastName, m_newUserFields),
                     m_errors->wrap(QStringLiteral("last_name"), m_lastName));
    userForm->addRow(buddyLabel(tr("Pass&word:"), m_password, m_newUserFields), passwordRow);
    auto* newLayout = new QFormLayout(newPage);
    newLayout->setContentsMargins(0, 0, 0, 0);
    newLayout->addRow(buddyLabel(tr("&Email Address:"), m_email, newPage),
                      m_errors->wrap(QStringLiteral("email"), m_email));
    newLayout->addRow(m_invite);
    newLayout->addRow(m_createNow);
    newLayout->addRow(m_newUserFields);

    m_pages = new QStackedWidget(this);
    m_pages->addWidget(existingPage);
    m_pages->addWidget(newPage);

    m_checklist = new PermissionChecklist(this);
    auto* permissionsError = new QLabel(this);
    permissionsError->setObjectName(QStringLiteral("permissionsError"));
    permissionsError->setWordWrap(true);
    permissionsError->hide();
    connect(m_checklist, &PermissionChecklist::changed, permissionsError, &QLabel::hide);

    // Shown once an invite exists: its link, to copy and pass on.
    m_result = new QWidget(this);
    m_inviteLink = new QLineEdit(m_result);
    m_inviteLink->setObjectName(QStringLiteral("inviteLink"));
    m_inviteLink->setReadOnly(true);
    auto* copyLink = new QPushButton(tr("&Copy Link"), m_result);
    copyLink->setObjectName(QStringLiteral("copyInviteLinkButton"));
    connect(copyLink, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_inviteLink->text()); });
    auto* resultLayout = new QHBoxLayout(m_result);
    resultLayout->setContentsMargins(0, 0, 0, 0);
    resultLayout->addWidget(buddyLabel(tr("Invite lin&k:"), m_inviteLink, m_result));
    resultLayout->addWidget(m_inviteLink, 1);
    resultLayout->addWidget(copyLink);
    m_result->hide();

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto* buttons = new QDialogButtonBox(this);
    m_associate = buttons->addButton(tr("&Associate"), QDialogButtonBox::AcceptRole);
    m_associate->setObjectName(QStringLiteral("associateButton"));
    m_associate->setDefault(true);
    m_close = buttons->addButton(QDialogButtonBox::Cancel);
    m_close->setObjectName(QStringLiteral("closeButton"));
    connect(buttons, &QDialogButtonBox::accepted, this, &AssociateUserDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* whoRow = new QHBoxLayout;
    whoRow->addWidget(m_existing);
    whoRow->addWidget(m_newEmail);
    whoRow->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(whoRow);
    layout->addWidget(m_pages, 1);
    layout->addWidget(m_checklist);
    layout->addWidget(permissionsError);
    layout->addWidget(m_result);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    connect(m_existing, &QRadioButton::toggled, this, &AssociateUserDialog::updateMode);
    connect(m_createNow, &QRadioButton::toggled, this, &AssociateUserDialog::updateMode);
    updateMode();
    resize(720, 640);
}

AssociateUserDialog::~AssociateUserDialog() = default;

void AssociateUserDialog::updateMode()
{
    m_pages->setCurrentIndex(m_existing->isChecked() ? 0 : 1);
    m_newUserFields->setEnabled(m_createNow->isChecked());
}

void AssociateUserDialog::showError(const Error& error)
{
    QList<Error> unshown;
    for (const Error& problem : m_errors->show(error)) {
        if (problem.field != QLatin1String("permissions")) {
            unshown << problem;
            continue;
        }
        auto* label = findChild<QLabel*>(QStringLiteral("permissionsError"));
        label->setText(tr("⚠ %1").arg(problem.message));
        label->show();
        if (problem.field == error.field) // the first problem: the focus goes there
            m_checklist->checkBox(Permission::Profile)->setFocus();
    }
    if (!unshown.isEmpty()) {
        m_message->setText(messagesOf(unshown));
        m_message->show();
    }
}

void AssociateUserDialog::finishWith(const QString& text)
{
    m_message->setText(text);
    m_message->show();
    // Done: nothing more to associate here; the results (link, password) stay readable.
    for (QWidget* w : std::initializer_list<QWidget*>{m_existing, m_newEmail, m_search, m_users,
                                                      m_email, m_invite, m_createNow, m_firstName,
                                                      m_lastName, m_checklist})
        w->setEnabled(false);
    m_password->setReadOnly(true);
    m_associate->setEnabled(false);
    m_close->setText(tr("Close"));
    m_close->setFocus();
    emit associated();
}

void AssociateUserDialog::accept()
{
    m_errors->clear();
    m_message->hide();
    findChild<QLabel*>(QStringLiteral("permissionsError"))->hide();
    const Permissions permissions = m_checklist->permissions();
    if (m_existing->isChecked())
        associateExisting(permissions);
    else if (m_invite->isChecked())
        inviteByEmail(permissions);
    else
        createUserNow(permissions);
}

void AssociateUserDialog::associateExisting(const Permissions& permissions)
{
    const QModelIndex current = m_users->currentIndex();
    const qint64 userId = current.isValid() ? m_usersModel->idAt(current.row()) : 0;
    if (!userId) {
        showError(Error::validation(QStringLiteral("user"), tr("Choose a user from the list.")));
        return;
    }
    m_session->save(
        [userId, c = m_clientId, permissions](const DatabasePtr& db) {
            return AccessService(db).associate(userId, c, permissions);
        },
        {ChangeNotice::link(userId, m_clientId)},
        [this](const Result<Access>& link) {
            if (!link) {
                showError(link.error());
                return;
            }
            emit associated();
            QDialog::accept();
        });
}

void AssociateUserDialog::inviteByEmail(const Permissions& permissions)
{
    m_session->save(
        [c = m_clientId, email = m_email->text(), permissions](const DatabasePtr& db) {
            return AccessService(db).invite(c, email, permissions);
        },
        {ChangeNotice::invites(m_clientId)},
        [this](const Result<Invite>& invite) {
            if (!invite) {
                showError(invite.error());
                return;
            }
            m_inviteLink->setText(inviteLink(invite->token));
            m_result->show();
            finishWith(tr("Invite created for %1. Accord sends no email: copy the link and pass "
                          "it on. It expires in %n day(s).",
                          nullptr, Invite::validDays)
                           .arg(invite->email));
            m_inviteLink->setFocus();
            m_inviteLink->selectAll();
        });
}

void AssociateUserDialog::createUserNow(const Permissions& permissions)
{
    NewUser user{
        m_firstName->text(), m_lastName->text(), m_email->text(), {}, m_password->text(), true};
    // The user and the link are one write: both or neither.
    m_session->save(
        [user, c = m_clientId, permissions](const DatabasePtr& db) {
            return UserService(db).add(user, c, permissions);
        },
        {},
        [this](const Result<qint64>& id) {
            if (!id) {
                showError(id.error());
                return;
            }
            m_session->announce({ChangeNotice::user(*id), ChangeNotice::link(*id, m_clientId)});
            finishWith(tr("User #%1 created with access to this client account. Copy the "
                          "password now if you have not: it is not shown again.")
                           .arg(*id));
        });
}

} // namespace accord::ui
