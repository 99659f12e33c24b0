#include "invitepage.h"

#include "fielderrors.h"
#include "recordsession.h"
#include "services/signinservice.h"
#include "userform.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

namespace accord::ui {

InvitePage::InvitePage(const ClientAreaContext* context, QWidget* parent)
    : ClientAreaPage(tr("Accept an Invite"),
                     tr("An invite gives access to a client account. Accepting it links a user "
                        "to that account with the invite's permissions."),
                     context, parent),
      m_errors(new FieldErrors(this)), m_link(new QLineEdit(this)),
      m_lookUp(new QPushButton(tr("&Look Up"), this)), m_details(new QLabel(this)),
      m_signInToAccept(new QPushButton(tr("&Sign In to Accept…"), this)),
      m_registration(new QWidget(this)), m_form(new UserForm(m_registration)),
      m_register(new QPushButton(tr("&Register and Accept"), m_registration))
{
    setObjectName(QStringLiteral("invitePage"));
    m_link->setObjectName(QStringLiteral("inviteLink"));
    m_link->setPlaceholderText(tr("accord-invite:… (the Admin Area's Copy Link)"));
    m_lookUp->setObjectName(QStringLiteral("lookUpButton"));
    m_details->setObjectName(QStringLiteral("inviteDetails"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_signInToAccept->setObjectName(QStringLiteral("signInToAcceptButton"));
    m_signInToAccept->setToolTip(tr("Sign in as the existing user who accepts the invite"));
    m_register->setObjectName(QStringLiteral("registerButton"));
    m_form->setObjectName(QStringLiteral("registerForm"));
    m_form->setPasswordRow(tr("&Password:"), tr("At least 8 characters"));
    m_form->setPasswordTools(false);
    auto* back = new QPushButton(tr("&Back to Sign In"), this);
    back->setObjectName(QStringLiteral("backButton"));

    auto* linkRow = new QHBoxLayout;
    linkRow->addWidget(buddyLabel(tr("Invite lin&k:"), m_link, this));
    linkRow->addWidget(m_errors->wrap(QStringLiteral("invite"), m_link), 1);
    linkRow->addWidget(m_lookUp, 0, Qt::AlignTop);

    auto* registrationTitle =
        new QLabel(tr("Or register a new user who accepts it:"), m_registration);
    auto* registerButtons = new QHBoxLayout;
    registerButtons->addStretch(1);
    registerButtons->addWidget(m_register);
    auto* registrationLayout = new QVBoxLayout(m_registration);
    registrationLayout->setContentsMargins(0, 8, 0, 0);
    registrationLayout->addWidget(registrationTitle);
    registrationLayout->addWidget(m_form);
    registrationLayout->addLayout(registerButtons);

    auto* acceptRow = new QHBoxLayout;
    acceptRow->addWidget(m_signInToAccept);
    acceptRow->addStretch(1);

    body()->addLayout(linkRow);
    body()->addWidget(m_details);
    body()->addLayout(acceptRow);
    body()->addWidget(m_registration);
    body()->addStretch(1);
    auto* backRow = new QHBoxLayout;
    backRow->addWidget(back);
    backRow->addStretch(1);
    body()->addLayout(backRow);

    connect(m_lookUp, &QPushButton::clicked, this, &InvitePage::lookUp);
    connect(m_link, &QLineEdit::returnPressed, this, &InvitePage::lookUp);
    connect(m_link, &QLineEdit::textEdited, this, [this] { show(std::nullopt); });
    connect(m_signInToAccept, &QPushButton::clicked, this, [this] {
        if (m_invite)
            emit signInToAccept(m_link->text(), *m_invite);
    });
    connect(m_register, &QPushButton::clicked, this, &InvitePage::registerAndAccept);
    connect(back, &QPushButton::clicked, this, &InvitePage::backRequested);
    show(std::nullopt);
}

void InvitePage::setLink(const QString& linkOrToken)
{
    m_link->setText(linkOrToken);
    show(std::nullopt);
}

void InvitePage::show(const std::optional<InviteDetails>& invite)
{
    m_invite = invite;
    m_signInToAccept->setVisible(invite.has_value());
    m_registration->setVisible(invite.has_value());
    if (!invite) {
        m_details->clear();
        m_details->hide();
        return;
    }
    const Invite& i = invite->invite;
    m_details->setText(
        tr("This invite gives %1 access to the client account of %2 (Client #%3) with: %4. It "
           "expires on %5.")
            .arg(i.email, invite->accountName)
            .arg(i.clientId)
            .arg(i.permissions.summary(),
                 QLocale().toString(i.expiresAt().toLocalTime(), QLocale::ShortFormat)));
    m_details->show();
    if (m_form->email()->text().isEmpty())
        m_form->email()->setText(i.email);
}

void InvitePage::lookUp()
{
    m_errors->clear();
    clearMessage();
    const QString text = m_link->text();
    const Clock clock = context().clock;
    session()->load(
        [text, clock](const DatabasePtr& db) { return InviteService(db, clock).find(text); },
        [this](const Result<InviteDetails>& found) {
            show(found ? std::optional<InviteDetails>(*found) : std::nullopt);
            if (!found)
                if (const QList<Error> unshown = m_errors->show(found.error()); !unshown.isEmpty())
                    showMessage(messagesOf(unshown), true);
        });
}

void InvitePage::registerAndAccept()
{
    if (!m_invite)
        return;
    m_errors->clear();
    m_form->errors()->clear();
    clearMessage();
    const QString text = m_link->text();
    const NewUser user = m_form->newUser();
    const Clock clock = context().clock;
    const qint64 clientId = m_invite->invite.clientId;
    std::optional<ClientAreaIdentity> who;
    session()->save(
        [text, user, clock](const DatabasePtr& db) -> Result<ClientAreaIdentity> {
            auto id = InviteService(db, clock).registerAndAccept(text, user);
            if (!id)
                return id.error();
            return SignInService(db, clock).signIn({user.email, user.password, {}});
        },
        {ChangeNotice::user(0), ChangeNotice::link(0, clientId), ChangeNotice::invites(clientId)},
        [this, &who](const Result<ClientAreaIdentity>& r) {
            if (r) {
                who = *r;
                return;
            }
            // A refusal of the invite shows by the link, of the fields by the fields.
            QList<Error> unshown = m_errors->show(r.error());
            if (!unshown.isEmpty())
                unshown = m_form->errors()->show(Error::invalid(unshown));
            if (!unshown.isEmpty())
                showMessage(messagesOf(unshown), true);
        });
    if (who)
        emit registered(*who, clientId);
}

} // namespace accord::ui
