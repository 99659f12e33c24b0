#include "newclientdialog.h"

#include "clientform.h"
#include "createbuttons.h"
#include "fielderrors.h"
#include "recordsession.h"
#include "services/clientservice.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

namespace accord::ui {

NewClientDialog::NewClientDialog(DatabasePtr db, QWidget* parent)
    : QDialog(parent), m_session(new RecordSession(std::move(db), this)),
      m_form(new ClientForm(this)), m_message(new QLabel(this)), m_owner(new QLineEdit(this))
{
    setObjectName(QStringLiteral("newClientDialog"));
    setWindowTitle(m_session->windowTitle(tr("New Client")));
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->hide();

    m_owner->setObjectName(QStringLiteral("ownerUserId"));
    m_owner->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,18}")), this));
    m_owner->setPlaceholderText(tr("Empty: a new user made from the name and email"));
    m_form->addRow(tr("O&wner User ID:"), QStringLiteral("owner"), m_owner);

    QDialogButtonBox* buttons =
        createButtons(this, tr("Create Clie&nt"), [this] { return create(); });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addWidget(m_form);
    layout->addWidget(buttons);
}

QWidget* NewClientDialog::input(const QString& column) const
{
    return column == QLatin1String("owner") ? m_owner : m_form->input(column);
}

bool NewClientDialog::create()
{
    m_form->errors()->clear();
    m_message->hide();
    m_session->save([profile = m_form->values(), owner = m_owner->text().toLongLong()](
                        const DatabasePtr& db) { return ClientService(db).add(profile, owner); },
                    {},
                    [this](const Result<qint64>& id) {
                        if (!id) {
                            m_form->errors()->showWithRest(id.error(), m_message);
                            return;
                        }
                        m_created = *id;
                        // The client, and its owner link (with the owner user it may have made).
                        m_session->announce(
                            {ChangeNotice::client(m_created), ChangeNotice::link(0, m_created)});
                        emit created(m_created);
                    });
    return m_created != 0;
}

} // namespace accord::ui
