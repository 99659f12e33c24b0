#include "userform.h"

#include "fielderrors.h"
#include "services/passwordhasher.h"
#include "ui_userform.h"

#include <QApplication>
#include <QClipboard>

namespace accord::ui {

UserForm::UserForm(QWidget* parent)
    : QWidget(parent), m_ui(std::make_unique<Ui::UserForm>()), m_errors(new FieldErrors(this))
{
    m_ui->setupUi(this);
    setObjectName(QStringLiteral("userForm"));
    const std::pair<const char*, QWidget*> fields[] = {{"first_name", m_ui->firstName},
                                                       {"last_name", m_ui->lastName},
                                                       {"email", m_ui->email},
                                                       {"language", m_ui->language},
                                                       {"password", m_ui->password}};
    for (const auto& [field, input] : fields)
        m_errors->wrapInPlace(QLatin1String(field), input);
    for (QLabel* label : {m_ui->firstNameLabel, m_ui->lastNameLabel, m_ui->emailLabel,
                          m_ui->languageLabel, m_ui->passwordLabel})
        nameByLabel(label);

    auto changed = [this] {
        if (!m_filling)
            emit edited();
    };
    for (QLineEdit* edit : {m_ui->firstName, m_ui->lastName, m_ui->email, m_ui->password})
        connect(edit, &QLineEdit::textChanged, this, changed);
    connect(m_ui->language, &QComboBox::currentIndexChanged, this, changed);
    connect(m_ui->generatePasswordButton, &QPushButton::clicked, this, [this] {
        // Shown, so that the admin can copy it.
        m_ui->password->setEchoMode(QLineEdit::Normal);
        m_ui->password->setText(PasswordHasher::generate());
        m_ui->password->setFocus();
        m_ui->password->selectAll();
    });
    connect(m_ui->copyPasswordButton, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_ui->password->text()); });
    auto copyable = [this] {
        m_ui->copyPasswordButton->setEnabled(!m_ui->password->text().isEmpty());
    };
    connect(m_ui->password, &QLineEdit::textChanged, this, copyable);
    copyable();
}

UserForm::~UserForm() = default;

void UserForm::setPasswordRow(const QString& labelText, const QString& placeholder)
{
    const bool shown = !labelText.isEmpty();
    m_ui->passwordLabel->setVisible(shown);
    m_ui->passwordRow->setVisible(shown);
    m_ui->passwordLabel->setText(labelText);
    nameByLabel(m_ui->passwordLabel);
    m_ui->password->setPlaceholderText(placeholder);
}

void UserForm::setPasswordTools(bool shown)
{
    m_ui->generatePasswordButton->setVisible(shown);
    m_ui->copyPasswordButton->setVisible(shown);
}

void UserForm::setRecord(const User& user)
{
    m_record = user;
    m_errors->clear();
    m_filling = true;
    m_ui->firstName->setText(user.firstName);
    m_ui->lastName->setText(user.lastName);
    m_ui->email->setText(user.email);
    m_ui->language->setLanguage(user.language);
    m_ui->password->clear();
    m_ui->password->setEchoMode(QLineEdit::Password);
    m_filling = false;
}

UserChanges UserForm::changes() const
{
    UserChanges c;
    if (m_ui->firstName->text() != m_record.firstName)
        c.firstName = m_ui->firstName->text();
    if (m_ui->lastName->text() != m_record.lastName)
        c.lastName = m_ui->lastName->text();
    if (m_ui->email->text() != m_record.email)
        c.email = m_ui->email->text();
    if (m_ui->language->language() != m_record.language)
        c.language = m_ui->language->language();
    if (!m_ui->password->text().isEmpty())
        c.password = m_ui->password->text();
    return c;
}

void UserForm::apply(const UserChanges& c)
{
    if (c.firstName)
        m_ui->firstName->setText(*c.firstName);
    if (c.lastName)
        m_ui->lastName->setText(*c.lastName);
    if (c.email)
        m_ui->email->setText(*c.email);
    if (c.language)
        m_ui->language->setLanguage(*c.language);
    if (c.password)
        m_ui->password->setText(*c.password);
}

NewUser UserForm::newUser() const
{
    return {m_ui->firstName->text(), m_ui->lastName->text(), m_ui->email->text(),
            m_ui->language->language(), m_ui->password->text()};
}

QLineEdit* UserForm::firstName() const
{
    return m_ui->firstName;
}

QLineEdit* UserForm::lastName() const
{
    return m_ui->lastName;
}

QLineEdit* UserForm::email() const
{
    return m_ui->email;
}

LanguageCombo* UserForm::language() const
{
    return m_ui->language;
}

QLineEdit* UserForm::password() const
{
    return m_ui->password;
}

void UserForm::addRow(QWidget* input)
{
    int row = 0;
    QFormLayout::ItemRole role;
    m_ui->fields->getWidgetPosition(m_ui->passwordRow, &row, &role);
    input->setParent(this);
    m_ui->fields->insertRow(row, QString(), input);
}

} // namespace accord::ui
