#include "readonly.h"

#include <QAction>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QStyle>

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

ReadOnlyBanner* ReadOnlyBanner::forDatabase(const Database& database, QWidget* parent)
{
    if (!database.isReadOnly())
        return nullptr;
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
