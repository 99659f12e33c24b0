#include "readonly.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QStyle>
#include <QVBoxLayout>

namespace accord::ui {

ReadOnlyBanner::ReadOnlyBanner(const QString& reason, QWidget* parent) : QFrame(parent)
{
    setObjectName(QStringLiteral("readOnlyBanner"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette p = palette();
    p.setColor(QPalette::Window, p.color(QPalette::ToolTipBase));
    p.setColor(QPalette::WindowText, p.color(QPalette::ToolTipText));
    setPalette(p);
    auto* layout = new QHBoxLayout(this);
    auto* icon = new QLabel(this);
    icon->setPixmap(style()->standardIcon(QStyle::SP_MessageBoxInformation).pixmap(20, 20));
    auto* text = new QLabel(reason, this);
    text->setObjectName(QStringLiteral("readOnlyReason"));
    text->setWordWrap(true);
    layout->addWidget(icon);
    layout->addWidget(text, 1);
    setAccessibleName(tr("Read-only"));
    setAccessibleDescription(reason);
}

ReadOnlyBanner::ReadOnlyBanner(const SnapshotManifest& manifest, QWidget* parent)
    : ReadOnlyBanner(manifest.readOnlyReason(), parent)
{
    setObjectName(QStringLiteral("snapshotBanner"));
    QStringList rows;
    const std::pair<const char*, const char*> tables[] = {
        {"tblusers", QT_TR_NOOP("users %1")},
        {"tblclients", QT_TR_NOOP("clients %1")},
        {"tblusers_clients", QT_TR_NOOP("links %1")},
        {"tbluser_invites", QT_TR_NOOP("invites %1")},
        {"accord_intended_differences", QT_TR_NOOP("intended marks %1")},
        {"tblactivitylog", QT_TR_NOOP("log rows %1")}};
    for (const auto& [table, text] : tables)
        if (const qint64 n = manifest.rows(QLatin1String(table)); n >= 0)
            rows << tr(text).arg(QLocale().toString(n));
    const QDateTime taken = manifest.createdAt();
    const QString details =
        tr("Source: %1 · Taken: %2 by %3 · Filter: %4\nRows: %5 · Secrets: %6")
            .arg(manifest.source(),
                 taken.isValid() ? QLocale().toString(taken.toLocalTime(), QLocale::ShortFormat)
                                 : tr("unknown"),
                 manifest.operatorName().isEmpty() ? tr("unknown") : manifest.operatorName(),
                 manifest.filter().describe(), rows.join(QLatin1String(", ")),
                 manifest.secretsIncluded() ? tr("included") : tr("left out"));
    m_details = new QLabel(details, this);
    m_details->setObjectName(QStringLiteral("snapshotManifest"));
    m_details->setWordWrap(true);
    m_details->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* reason = findChild<QLabel*>(QStringLiteral("readOnlyReason"));
    QFont bold = reason->font();
    bold.setBold(true);
    reason->setFont(bold);
    // The reason and the manifest stack beside the icon.
    auto* row = static_cast<QHBoxLayout*>(layout());
    row->removeWidget(reason);
    auto* text = new QVBoxLayout;
    text->addWidget(reason);
    text->addWidget(m_details);
    row->addLayout(text, 1);
    setAccessibleName(tr("Snapshot, read-only"));
    setAccessibleDescription(manifest.readOnlyReason() + QLatin1Char('\n') + details);
}

ReadOnlyBanner* ReadOnlyBanner::forDatabase(const Database& database, QWidget* parent)
{
    if (!database.isReadOnly())
        return nullptr;
    if (database.snapshot())
        return new ReadOnlyBanner(*database.snapshot(), parent);
    const QString reason = database.readOnlyReason().isEmpty()
                               ? tr("read-only: this database cannot be changed")
                               : database.readOnlyReason();
    return new ReadOnlyBanner(reason, parent);
}

namespace {
// Turns a guarded widget off again whenever the window turns it on.
class KeepDisabled : public QObject
{
public:
    using QObject::QObject;
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::EnabledChange)
            if (auto* w = qobject_cast<QWidget*>(watched); w && w->isEnabled())
                w->setEnabled(false);
        return false;
    }
};
} // namespace

void guardWrites(const Database& database, const QList<QObject*>& controls)
{
    if (!database.isReadOnly())
        return;
    const QString reason = database.readOnlyReason();
    for (QObject* control : controls) {
        if (auto* action = qobject_cast<QAction*>(control)) {
            action->setEnabled(false);
            action->setToolTip(reason);
            QObject::connect(action, &QAction::changed, action, [action] {
                if (action->isEnabled())
                    action->setEnabled(false);
            });
        } else if (auto* widget = qobject_cast<QWidget*>(control)) {
            widget->setEnabled(false);
            widget->setToolTip(reason);
            widget->installEventFilter(new KeepDisabled(widget));
        }
    }
}

} // namespace accord::ui
