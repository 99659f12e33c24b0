#include "markintendeddialog.h"

#include "domain/comparison.h"
#include "fielderrors.h"
#include "recordsession.h"
#include "services/matchservice.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace accord::ui {

MarkIntendedDialog::MarkIntendedDialog(DatabasePtr db, qint64 userId, qint64 clientId,
                                       const QVariantList& kinds, int intended, QWidget* parent)
    : QDialog(parent), m_session(new RecordSession(std::move(db), this)), m_userId(userId),
      m_clientId(clientId), m_scope(new QComboBox(this)), m_note(new QLineEdit(this)),
      m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("markIntendedDialog"));
    setWindowTitle(m_session->windowTitle(tr("Mark as Intended")));

    QStringList differing;
    m_scope->setObjectName(QStringLiteral("scope"));
    m_scope->addItem(tr("The whole link (every differing field)"), QString());
    int i = 0;
    for (const auto& f : comparedFields()) {
        const QString field = QLatin1String(f.userColumn);
        if (const auto kind = differenceKindOf(kinds.value(i).toInt())) {
            const QString label = comparedFieldLabel(field);
            differing << tr("%1 (%2)").arg(label, FieldDifference::kindLabel(*kind).toLower());
            if (!(intended & fieldBit(field)))
                m_scope->addItem(tr("%1 only").arg(label), field);
        }
        ++i;
    }
    auto* intro = new QLabel(
        tr("User %1 and client %2 differ in: %3.\nA difference marked as intended leaves the "
           "Mismatches report until either side changes; \"Show marked as intended\" still "
           "lists it.")
            .arg(userId)
            .arg(clientId)
            .arg(differing.join(QStringLiteral(", "))),
        this);
    intro->setWordWrap(true);

    m_note->setObjectName(QStringLiteral("note"));
    m_note->setPlaceholderText(tr("Why the details differ on purpose (optional)"));
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto* form = new QFormLayout;
    form->addRow(buddyLabel(tr("&Mark:"), m_scope, this), m_scope);
    form->addRow(buddyLabel(tr("&Note:"), m_note, this), m_note);

    auto* buttons = new QDialogButtonBox(this);
    m_mark = buttons->addButton(tr("Mark as &Intended"), QDialogButtonBox::AcceptRole);
    m_mark->setObjectName(QStringLiteral("markButton"));
    m_mark->setDefault(true);
    QPushButton* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    connect(m_mark, &QPushButton::clicked, this, [this] { mark(); });
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addStretch(1);
    layout->addWidget(buttons);
    resize(520, sizeHint().height());
}

bool MarkIntendedDialog::mark()
{
    const QString field = m_scope->currentData().toString();
    bool marked = false;
    m_session->save(
        [u = m_userId, c = m_clientId, field, note = m_note->text().trimmed()](
            const DatabasePtr& db) { return MatchService(db).markIntended(u, c, field, note); },
        {ChangeNotice::marks(m_userId, m_clientId)},
        [&](const Result<void>& r) {
            if (!r) {
                m_message->setText(tr("⚠ %1").arg(r.error().message));
                m_message->show();
                return;
            }
            marked = true;
        });
    if (!marked)
        return false;
    emit this->marked(m_userId, m_clientId, field);
    accept();
    return true;
}

} // namespace accord::ui
