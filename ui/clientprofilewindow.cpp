#include "clientprofilewindow.h"

#include "readonly.h"

#include "clientform.h"
#include "clientuserstab.h"
#include "conflictdialog.h"
#include "domain/comparison.h"
#include "fielderrors.h"
#include "keepinstepdialog.h"
#include "recordsession.h"
#include "services/clientservice.h"

#include <QAction>
#include <QCloseEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QSettings>
#include <QTabWidget>
#include <QVBoxLayout>

namespace accord::ui {

namespace {
const QString sizeKey = QStringLiteral("clientProfileWindow/size");
} // namespace

ClientProfileWindow::ClientProfileWindow(DatabasePtr db, qint64 clientId, QWidget* parent)
    : QWidget(parent, Qt::Window), m_session(new RecordSession(db, this)), m_clientId(clientId),
      m_message(new QLabel(this)), m_tabs(new QTabWidget(this)), m_form(new ClientForm),
      m_users(new ClientUsersTab(db, clientId))
{
    setObjectName(QStringLiteral("clientProfileWindow"));
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setFrameShape(QFrame::StyledPanel);
    m_message->hide();

    m_tabs->setObjectName(QStringLiteral("clientTabs"));
    m_tabs->addTab(buildProfileTab(), tr("&Profile"));
    m_tabs->addTab(m_users, tr("&Users"));
    connect(m_users, &ClientUsersTab::messageChanged, this, &ClientProfileWindow::showMessage);
    connect(m_users, &ClientUsersTab::openClientRequested, this,
            &ClientProfileWindow::openClientRequested);
    connect(m_users, &ClientUsersTab::compareRequested, this,
            &ClientProfileWindow::compareRequested);

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

    // Re-read only what the Profile tab shows of a change made elsewhere: this client, and
    // its owner's email (a link of this client or the owner user changed).
    connect(m_session, &RecordSession::changedElsewhere, this, [this](const ChangeNotice& n) {
        if (n.mayChangeClient(m_clientId)) {
            if (!hasUnsavedChanges())
                loadProfile();
            else
                showMessage(tr("This client was changed elsewhere. Your edits are kept; saving "
                               "will show both versions."));
        }
        if (n.mayChangeLink(0, m_clientId) || (m_ownerUserId && n.mayChangeUser(m_ownerUserId)))
            loadOwner();
    });

    const QSize remembered = QSettings().value(sizeKey).toSize();
    resize(remembered.isValid() ? remembered : QSize(780, 680));
    loadProfile();
}

ClientProfileWindow::~ClientProfileWindow() = default;

QWidget* ClientProfileWindow::buildProfileTab()
{
    auto* page = new QWidget;
    page->setObjectName(QStringLiteral("profileTab"));
    connect(m_form, &ClientForm::edited, this, &ClientProfileWindow::updateState);
    connect(m_form, &ClientForm::edited, this, &ClientProfileWindow::updateEmailWarning);

    auto* scroll = new QScrollArea(page);
    auto* padded = new QWidget;
    auto* paddedLayout = new QVBoxLayout(padded);
    paddedLayout->addWidget(m_form);
    paddedLayout->addStretch(1);
    scroll->setWidget(padded);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    m_save = new QPushButton(tr("&Save"), page);
    m_save->setObjectName(QStringLiteral("saveButton"));
    m_save->setToolTip(tr("Save the changed fields (Ctrl+S)"));
    m_revert = new QPushButton(tr("Re&vert"), page);
    m_revert->setObjectName(QStringLiteral("revertButton"));
    m_revert->setToolTip(tr("Show the stored values again, dropping your changes"));
    guardWrites(*m_session->database(), {m_save, m_revert, m_form});
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

const ClientAccount& ClientProfileWindow::loadedClient() const
{
    return m_form->record();
}

QWidget* ClientProfileWindow::editor(const QString& column) const
{
    return m_form->input(column);
}

LazyListModel* ClientProfileWindow::usersModel() const
{
    return m_users->usersModel();
}

QTableView* ClientProfileWindow::usersTable() const
{
    return m_users->usersTable();
}

QTableWidget* ClientProfileWindow::invitesTable() const
{
    return m_users->invitesTable();
}

void ClientProfileWindow::loadProfile()
{
    m_session->load([id = m_clientId](const DatabasePtr& db) { return ClientService(db).find(id); },
                    [this](const Result<ClientAccount>& client) {
                        m_loaded = client.ok();
                        if (!client) {
                            showMessage(client.error().message);
                            updateState();
                            return;
                        }
                        m_form->setRecord(*client);
                        updateState();
                        loadOwner();
                    });
}

void ClientProfileWindow::loadOwner()
{
    // The owner's email, shown beside the client's (their details are separate).
    m_session->load(
        [id = m_clientId](const DatabasePtr& db) { return ClientService(db).ownerOf(id); },
        [this](const Result<std::optional<User>>& owner) {
            const bool known = owner && owner->has_value();
            m_ownerUserId = known ? (*owner)->id : 0;
            m_ownerEmail = known ? (*owner)->email : QString();
            updateEmailWarning();
        });
}

bool ClientProfileWindow::hasUnsavedChanges() const
{
    return m_loaded && !m_form->changes().isEmpty();
}

void ClientProfileWindow::updateState()
{
    const bool dirty = hasUnsavedChanges();
    m_save->setEnabled(m_loaded);
    m_revert->setEnabled(dirty);
    const ClientAccount& c = m_form->record();
    const QString name =
        m_loaded ? (c.fullName().isEmpty() ? c.companyName() : c.fullName()) : QString();
    const QString what = name.isEmpty() ? tr("Client #%1").arg(m_clientId)
                                        : tr("Client #%1 — %2").arg(m_clientId).arg(name);
    setWindowTitle(m_session->windowTitle(what) + QStringLiteral("[*]"));
    setWindowModified(dirty);
}

void ClientProfileWindow::updateEmailWarning()
{
    const QString email = m_form->value(QStringLiteral("email"));
    if (!m_loaded || !m_ownerUserId || !compareValues(m_ownerEmail, email)) {
        m_form->setEmailNote({});
        return;
    }
    m_form->setEmailNote(tr("⚠ Differs from the owner user's email address, %1 (user #%2). "
                            "Client and user details are separate: change both if they should "
                            "match.")
                             .arg(m_ownerEmail)
                             .arg(m_ownerUserId));
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
    m_form->errors()->clear();
    const QMap<QString, QString> changes = m_form->changes();
    if (changes.isEmpty())
        return true;
    const ClientAccount loaded = m_form->record();

    // Keep in step: the owner user may take the same change. Changes the save would refuse
    // come back here, every problem at once.
    const auto step = KeepInStepDialog::askForClient(m_session, loaded, changes, this);
    if (step.error) {
        showRefusal(*step.error);
        return false;
    }
    if (step.choice == KeepInStepDialog::Cancelled)
        return false;
    QList<ChangeNotice> changed{ChangeNotice::client(m_clientId)};
    if (step.plan.user)
        changed << ChangeNotice::user(step.plan.user->id);
    bool stored = false;
    m_session->save(
        [loaded, changes, step](const DatabasePtr& db) {
            return step.choice == KeepInStepDialog::SaveBoth
                       ? MatchService(db).saveClientInStep(loaded, changes, step.plan)
                       : ClientService(db).update(loaded, changes);
        },
        changed,
        [this, changes, &stored](const Result<ClientAccount>& saved) {
            if (!saved) {
                const Error& e = saved.error();
                // The owner changed meanwhile: a user's conflict is not this form's to show.
                if (e.kind == Error::Kind::Conflict && e.record.isClient(m_clientId))
                    showConflict(e, changes);
                else
                    showRefusal(e);
                return;
            }
            // What is shown is what was stored: read back.
            stored = true;
            m_form->setRecord(*saved);
            updateState();
            loadOwner();
            showMessage(tr("Saved."));
        });
    return stored;
}

void ClientProfileWindow::showRefusal(const Error& e)
{
    const QList<Error> unshown = m_form->errors()->show(e);
    if (unshown.isEmpty())
        showMessage(tr("Nothing was saved: correct the marked fields."));
    else
        showMessage(tr("Nothing was saved: %1").arg(messagesOf(unshown)));
}

void ClientProfileWindow::revert()
{
    showMessage({});
    m_form->setRecord(m_form->record());
    updateState();
    updateEmailWarning();
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
        if (attempted.contains(column) || loaded != stored)
            fields << ConflictDialog::Field{column, m_form->label(column)};
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
            for (auto it = attempted.begin(); it != attempted.end(); ++it)
                m_form->setValue(it.key(), it.value());
            updateState();
            updateEmailWarning();
            showMessage(tr("Your changes are applied on top of the stored version; check "
                           "them and Save."));
        }
    });
    dialog->open();
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

} // namespace accord::ui
