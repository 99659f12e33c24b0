#include "newuserdialog.h"

#include "fielderrors.h"
#include "languagecombo.h"
#include "models/changenotifier.h"
#include "services/passwordhasher.h"
#include "services/userservice.h"

#include <QApplication>
#include <QClipboard>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace accord::ui {

NewUserDialog::NewUserDialog(DatabasePtr db, QWidget* parent)
    : QDialog(parent), m_db(std::move(db)), m_message(new QLabel(this)),
      m_firstName(new QLineEdit(this)), m_lastName(new QLineEdit(this)),
      m_email(new QLineEdit(this)), m_language(new LanguageCombo(this)),
      m_password(new QLineEdit(this)), m_errors(new FieldErrors(this))
{
    setObjectName(QStringLiteral("newUserDialog"));
    setWindowTitle(tr("New User"));
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->hide();
    m_firstName->setObjectName(QStringLiteral("firstName"));
    m_lastName->setObjectName(QStringLiteral("lastName"));
    m_email->setObjectName(QStringLiteral("email"));
    m_language->setObjectName(QStringLiteral("language"));
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("Optional: without one the user signs in after a reset"));
    auto* generate = new QPushButton(tr("Ge&nerate"), this);
    generate->setObjectName(QStringLiteral("generatePasswordButton"));
    generate->setAutoDefault(false);
    auto* copy = new QPushButton(tr("Cop&y"), this);
    copy->setObjectName(QStringLiteral("copyPasswordButton"));
    copy->setAutoDefault(false);
    connect(generate, &QPushButton::clicked, this, [this] {
        m_password->setEchoMode(QLineEdit::Normal);
        m_password->setText(PasswordHasher::generate());
        m_password->selectAll();
        m_password->setFocus();
    });
    connect(copy, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_password->text()); });

    auto* form = new QFormLayout;
    form->addRow(buddyLabel(tr("&First Name:"), m_firstName, this),
                 m_errors->wrap(QStringLiteral("first_name"), m_firstName));
    form->addRow(buddyLabel(tr("&Last Name:"), m_lastName, this),
                 m_errors->wrap(QStringLiteral("last_name"), m_lastName));
    form->addRow(buddyLabel(tr("&Email Address:"), m_email, this),
                 m_errors->wrap(QStringLiteral("email"), m_email));
    form->addRow(buddyLabel(tr("Lan&guage:"), m_language, this),
                 m_errors->wrap(QStringLiteral("language"), m_language));
    auto* passwordRow = new QHBoxLayout;
    passwordRow->addWidget(m_errors->wrap(QStringLiteral("password"), m_password), 1);
    passwordRow->addWidget(generate, 0, Qt::AlignTop);
    passwordRow->addWidget(copy, 0, Qt::AlignTop);
    form->addRow(buddyLabel(tr("&Password:"), m_password, this), passwordRow);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton* create = buttons->addButton(tr("&Create User"), QDialogButtonBox::AcceptRole);
    create->setObjectName(QStringLiteral("createButton"));
    create->setDefault(true);
    connect(create, &QPushButton::clicked, this, [this] {
        if (this->create())
            accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addLayout(form);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(520, 300);
}

bool NewUserDialog::create()
{
    m_errors->clear();
    m_message->hide();
    auto id = UserService(m_db).add({m_firstName->text(), m_lastName->text(), m_email->text(),
                                     m_language->language(), m_password->text()});
    if (!id) {
        if (const QList<Error> unshown = m_errors->show(id.error()); !unshown.isEmpty()) {
            m_message->setText(tr("⚠ %1").arg(messagesOf(unshown)));
            m_message->show();
        }
        return false;
    }
    m_created = *id;
    ChangeNotifier::instance()->notify(ChangeNotifier::Record::User, m_created);
    emit created(m_created);
    return true;
}

} // namespace accord::ui
