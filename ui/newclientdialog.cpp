#include "newclientdialog.h"

#include "domain/clientaccount.h"
#include "domain/countries.h"
#include "fielderrors.h"
#include "languagecombo.h"
#include "models/changenotifier.h"
#include "services/clientservice.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace accord::ui {

namespace {
// Form labels with mnemonics that do not collide, by column.
QString labelFor(const QString& column)
{
    static const QHash<QString, const char*> labels{
        {QStringLiteral("firstname"), QT_TRANSLATE_NOOP("NewClientDialog", "&First Name:")},
        {QStringLiteral("lastname"), QT_TRANSLATE_NOOP("NewClientDialog", "&Last Name:")},
        {QStringLiteral("companyname"), QT_TRANSLATE_NOOP("NewClientDialog", "Compan&y Name:")},
        {QStringLiteral("email"), QT_TRANSLATE_NOOP("NewClientDialog", "&Email:")},
        {QStringLiteral("address1"), QT_TRANSLATE_NOOP("NewClientDialog", "Address &1:")},
        {QStringLiteral("address2"), QT_TRANSLATE_NOOP("NewClientDialog", "Address &2:")},
        {QStringLiteral("city"), QT_TRANSLATE_NOOP("NewClientDialog", "Ci&ty:")},
        {QStringLiteral("state"), QT_TRANSLATE_NOOP("NewClientDialog", "St&ate:")},
        {QStringLiteral("postcode"), QT_TRANSLATE_NOOP("NewClientDialog", "&Postcode:")},
        {QStringLiteral("country"), QT_TRANSLATE_NOOP("NewClientDialog", "Cou&ntry:")},
        {QStringLiteral("phonenumber"), QT_TRANSLATE_NOOP("NewClientDialog", "P&hone Number:")},
        {QStringLiteral("tax_id"), QT_TRANSLATE_NOOP("NewClientDialog", "Ta&x ID:")},
        {QStringLiteral("language"), QT_TRANSLATE_NOOP("NewClientDialog", "Lan&guage:")},
        {QStringLiteral("status"), QT_TRANSLATE_NOOP("NewClientDialog", "Stat&us:")}};
    return QCoreApplication::translate("NewClientDialog", labels.value(column));
}
} // namespace

NewClientDialog::NewClientDialog(DatabasePtr db, QWidget* parent)
    : QDialog(parent), m_db(std::move(db)), m_message(new QLabel(this)),
      m_owner(new QLineEdit(this)), m_errors(new FieldErrors(this))
{
    setObjectName(QStringLiteral("newClientDialog"));
    setWindowTitle(tr("New Client"));
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->hide();

    auto* form = new QFormLayout;
    for (const ClientField& f : clientProfileFields()) {
        const QString column = QLatin1String(f.column);
        QWidget* input = nullptr;
        if (column == QLatin1String("country")) {
            auto* combo = new QComboBox(this);
            combo->addItem(tr("(choose a country)"), QString());
            for (const Country& c : countries())
                combo->addItem(QStringLiteral("%1 — %2").arg(c.code, c.name), c.code);
            input = combo;
        } else if (column == QLatin1String("language")) {
            input = new LanguageCombo(this);
        } else if (column == QLatin1String("status")) {
            auto* combo = new QComboBox(this);
            for (const QString& s : clientStatuses())
                combo->addItem(QCoreApplication::translate("ClientStatus", s.toUtf8().constData()),
                               s);
            input = combo;
        } else {
            input = new QLineEdit(this);
        }
        input->setObjectName(column);
        m_inputs.insert(column, input);
        form->addRow(buddyLabel(labelFor(column), input, this), m_errors->wrap(column, input));
    }
    m_owner->setObjectName(QStringLiteral("ownerUserId"));
    m_owner->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,18}")), this));
    m_owner->setPlaceholderText(tr("Empty: a new user made from the name and email"));
    form->addRow(buddyLabel(tr("&Owner User ID:"), m_owner, this),
                 m_errors->wrap(QStringLiteral("owner"), m_owner));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    QPushButton* create = buttons->addButton(tr("&Create Client"), QDialogButtonBox::AcceptRole);
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
    layout->addWidget(buttons);
}

QString NewClientDialog::value(const QString& column) const
{
    QWidget* input = m_inputs.value(column);
    if (auto* edit = qobject_cast<QLineEdit*>(input))
        return edit->text();
    if (auto* language = qobject_cast<LanguageCombo*>(input))
        return language->language();
    if (auto* combo = qobject_cast<QComboBox*>(input))
        return combo->currentData().toString();
    return {};
}

bool NewClientDialog::create()
{
    m_errors->clear();
    m_message->hide();
    QMap<QString, QString> profile;
    for (const ClientField& f : clientProfileFields()) {
        const QString column = QLatin1String(f.column);
        profile.insert(column, value(column));
    }
    auto id = ClientService(m_db).add(profile, m_owner->text().toLongLong());
    if (!id) {
        if (const QList<Error> unshown = m_errors->show(id.error()); !unshown.isEmpty()) {
            m_message->setText(tr("⚠ %1").arg(messagesOf(unshown)));
            m_message->show();
        }
        return false;
    }
    m_created = *id;
    ChangeNotifier::instance()->notify(ChangeNotifier::Record::Client, m_created);
    emit created(m_created);
    return true;
}

} // namespace accord::ui
