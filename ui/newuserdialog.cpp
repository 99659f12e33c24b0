#include "newuserdialog.h"

#include "createbuttons.h"
#include "fielderrors.h"
#include "recordsession.h"
#include "services/userservice.h"
#include "userform.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QVBoxLayout>

namespace accord::ui {

NewUserDialog::NewUserDialog(DatabasePtr db, QWidget* parent)
    : QDialog(parent), m_session(new RecordSession(std::move(db), this)),
      m_form(new UserForm(this)), m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("newUserDialog"));
    setWindowTitle(m_session->windowTitle(tr("New User")));
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->hide();
    m_form->setPasswordRow(tr("&Password:"),
                           tr("Optional: without one the user signs in after a reset"));

    QDialogButtonBox* buttons =
        createButtons(this, tr("&Create User"), [this] { return create(); });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addWidget(m_form);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(520, 300);
}

bool NewUserDialog::create()
{
    m_form->errors()->clear();
    m_message->hide();
    m_session->save(
        [user = m_form->newUser()](const DatabasePtr& db) { return UserService(db).add(user); }, {},
        [this](const Result<qint64>& id) {
            if (!id) {
                m_form->errors()->showWithRest(id.error(), m_message);
                return;
            }
            m_created = *id;
            m_session->announce({ChangeNotice::user(m_created)});
            emit created(m_created);
        });
    return m_created != 0;
}

} // namespace accord::ui
