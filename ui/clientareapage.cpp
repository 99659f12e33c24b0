#include "clientareapage.h"

#include "palettestyle.h"

#include <QLabel>
#include <QVBoxLayout>

namespace accord::ui {

ClientAreaPage::ClientAreaPage(const QString& title, const QString& record,
                               const ClientAreaContext* context, QWidget* parent)
    : QWidget(parent), m_context(context), m_title(new QLabel(title, this)),
      m_record(new QLabel(record, this)), m_readOnly(new QLabel(this)), m_message(new QLabel(this)),
      m_body(new QVBoxLayout)
{
    m_title->setObjectName(QStringLiteral("pageTitle"));
    QFont big = m_title->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_title->setFont(big);
    m_title->setAccessibleName(title);
    m_record->setObjectName(QStringLiteral("pageRecord"));
    m_record->setWordWrap(true);
    m_record->setVisible(!record.isEmpty());
    m_readOnly->setObjectName(QStringLiteral("readOnlyNote"));
    m_readOnly->setWordWrap(true);
    m_readOnly->hide();
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_record);
    layout->addWidget(m_readOnly);
    layout->addWidget(m_message);
    layout->addSpacing(6);
    layout->addLayout(m_body, 1);
}

void ClientAreaPage::setRecordText(const QString& text)
{
    m_record->setText(text);
    m_record->setVisible(!text.isEmpty());
}

QString ClientAreaPage::title() const
{
    return m_title->text();
}

RecordSession* ClientAreaPage::session() const
{
    return m_context->session;
}

void ClientAreaPage::setReadOnlyReason(const QString& reason)
{
    m_readOnly->setText(
        reason.isEmpty() ? QString() : tr("Nothing can be saved on this page — %1").arg(reason));
    m_readOnly->setVisible(!reason.isEmpty());
    setSavingAllowed(reason.isEmpty());
}

void ClientAreaPage::showMessage(const QString& text, bool problem)
{
    m_message->setText(problem ? tr("⚠ %1").arg(text) : text);
    QPalette p = m_message->palette();
    p.setColor(QPalette::WindowText,
               problem ? problemText(palette()) : palette().color(QPalette::WindowText));
    m_message->setPalette(p);
    m_message->setVisible(!text.isEmpty());
}

void ClientAreaPage::clearMessage()
{
    m_message->clear();
    m_message->hide();
}

} // namespace accord::ui
