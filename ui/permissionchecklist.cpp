#include "permissionchecklist.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QPushButton>
#include <QVBoxLayout>

namespace accord::ui {

PermissionChecklist::PermissionChecklist(QWidget* parent) : QGroupBox(tr("Permissions"), parent)
{
    setObjectName(QStringLiteral("permissions"));
    auto* grid = new QGridLayout;
    int i = 0;
    for (Permission p : Permissions::ordered()) {
        const QString label = Permissions::label(p);
        // The vendor's labels contain '&' ("View & Manage Contacts"): shown, not a mnemonic.
        auto* box =
            new QCheckBox(QString(label).replace(QLatin1Char('&'), QLatin1String("&&")), this);
        box->setObjectName(QStringLiteral("permission_") + Permissions::name(p));
        box->setAccessibleName(label);
        connect(box, &QCheckBox::toggled, this, &PermissionChecklist::changed);
        m_boxes[std::size_t(p)] = box;
        grid->addWidget(box, i % 7, i / 7);
        ++i;
    }
    auto* all = new QPushButton(tr("Chec&k All"), this);
    all->setObjectName(QStringLiteral("selectAllPermissions"));
    auto* none = new QPushButton(tr("Clea&r All"), this);
    none->setObjectName(QStringLiteral("clearPermissions"));
    connect(all, &QPushButton::clicked, this, [this] { setPermissions(Permissions::all()); });
    connect(none, &QPushButton::clicked, this, [this] { setPermissions({}); });
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(all);
    buttons->addWidget(none);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(grid);
    layout->addLayout(buttons);
}

Permissions PermissionChecklist::permissions() const
{
    Permissions out;
    for (Permission p : Permissions::ordered())
        out.set(p, m_boxes[std::size_t(p)]->isChecked());
    return out;
}

void PermissionChecklist::setPermissions(const Permissions& permissions)
{
    for (Permission p : Permissions::ordered())
        m_boxes[std::size_t(p)]->setChecked(permissions.has(p));
}

} // namespace accord::ui
