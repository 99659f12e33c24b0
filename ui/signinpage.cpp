#include "signinpage.h"

#include "fielderrors.h"
#include "recordsession.h"
#include "services/signinservice.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace accord::ui {

SignInPage::SignInPage(const ClientAreaContext* context, QWidget* parent)
    : ClientAreaPage(tr("Sign In"),
                     tr("Sign in as a user with their email address and password, as they "
                        "would in the vendor's Client Area. You then see exactly what they see "
                        "and may change."),
                     context, parent),
      m_note(new QLabel(this)), m_fields(new QFormLayout), m_errors(new FieldErrors(this)),
      m_email(new QLineEdit(this)), m_password(new QLineEdit(this)), m_code(new QLineEdit(this)),
      m_signIn(new QPushButton(tr("&Sign In"), this))
{
    setObjectName(QStringLiteral("signInPage"));
    m_note->setObjectName(QStringLiteral("signInNote"));
    m_note->setWordWrap(true);
    m_note->hide();
    m_email->setObjectName(QStringLiteral("email"));
    m_email->setPlaceholderText(tr("name@example.com"));
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_code->setObjectName(QStringLiteral("code"));
    m_code->setPlaceholderText(tr("6 digits from the authenticator app"));
    m_code->setMaxLength(8);
    m_code->setInputMethodHints(Qt::ImhDigitsOnly);
    m_signIn->setObjectName(QStringLiteral("signInButton"));
    m_signIn->setDefault(true);
    auto* invite = new QPushButton(tr("Accept an &Invite…"), this);
    invite->setObjectName(QStringLiteral("acceptInviteButton"));
    invite->setToolTip(tr("Paste an invite link (from Copy Link) to accept it by signing in or "
                          "by registering a new user"));

    m_fields->addRow(buddyLabel(tr("&Email Address:"), m_email, this),
                     m_errors->wrap(QStringLiteral("email"), m_email));
    m_fields->addRow(buddyLabel(tr("&Password:"), m_password, this),
                     m_errors->wrap(QStringLiteral("password"), m_password));
    m_codeBox = m_errors->wrap(QStringLiteral("code"), m_code);
    m_fields->addRow(buddyLabel(tr("Two-Factor &Code:"), m_code, this), m_codeBox);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_signIn);
    buttons->addStretch(1);
    buttons->addWidget(invite);

    auto* box = new QWidget(this);
    box->setMaximumWidth(520);
    auto* boxLayout = new QVBoxLayout(box);
    boxLayout->setContentsMargins(0, 0, 0, 0);
    boxLayout->addWidget(m_note);
    boxLayout->addLayout(m_fields);
    boxLayout->addLayout(buttons);
    body()->addWidget(box);
    body()->addStretch(1);
    askForCode(false);

    connect(m_signIn, &QPushButton::clicked, this, &SignInPage::signIn);
    for (QLineEdit* edit : {m_email, m_password, m_code})
        connect(edit, &QLineEdit::returnPressed, this, &SignInPage::signIn);
    connect(invite, &QPushButton::clicked, this, &SignInPage::inviteRequested);
    // A new email or password is a new attempt: the code is asked again if needed.
    for (QLineEdit* edit : {m_email, m_password})
        connect(edit, &QLineEdit::textEdited, this, [this] { askForCode(false); });
}

bool SignInPage::asksForCode() const
{
    return m_fields->isRowVisible(m_codeBox);
}

void SignInPage::askForCode(bool ask)
{
    m_fields->setRowVisible(m_codeBox, ask);
    if (!ask)
        m_code->clear();
}

void SignInPage::setNote(const QString& text)
{
    m_note->setText(text);
    m_note->setVisible(!text.isEmpty());
}

void SignInPage::reset()
{
    m_errors->clear();
    clearMessage();
    m_password->clear();
    askForCode(false);
    (m_email->text().isEmpty() ? m_email : m_password)->setFocus();
}

void SignInPage::signIn()
{
    m_errors->clear();
    clearMessage();
    const SignInAttempt attempt{m_email->text(), m_password->text(), m_code->text()};
    const Clock clock = context().clock;
    std::optional<ClientAreaIdentity> who;
    session()->save([attempt, clock](
                        const DatabasePtr& db) { return SignInService(db, clock).signIn(attempt); },
                    {},
                    [this, &who](const Result<ClientAreaIdentity>& r) {
                        if (r) {
                            who = *r;
                            return;
                        }
                        const Error& e = r.error();
                        if (e.field == QLatin1String("code"))
                            askForCode(true);
                        if (const QList<Error> unshown = m_errors->show(e); !unshown.isEmpty())
                            showMessage(messagesOf(unshown), true);
                    });
    if (!who)
        return;
    // last_login, last_ip: Manage Users shows the new sign-in.
    session()->announce({ChangeNotice::user(who->userId)});
    m_password->clear();
    askForCode(false);
    emit signedIn(*who);
}

} // namespace accord::ui
