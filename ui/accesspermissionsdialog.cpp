#include "accesspermissionsdialog.h"

#include "permissionchecklist.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace accord::ui {

AccessPermissionsDialog::AccessPermissionsDialog(const QString& userName,
                                                 const Permissions& current, bool owner,
                                                 QWidget* parent)
    : QDialog(parent), m_checklist(new PermissionChecklist(this)), m_error(new QLabel(this))
{
    setObjectName(QStringLiteral("accessPermissionsDialog"));
    setWindowTitle(tr("Permissions — %1").arg(userName));
    m_checklist->setPermissions(owner ? Permissions::all() : current);
    m_error->setObjectName(QStringLiteral("permissionsError"));
    m_error->setWordWrap(true);
    m_error->hide();

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("&Save"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    if (owner) {
        auto* note = new QLabel(
            tr("This user is the account owner and therefore has all permissions."), this);
        note->setObjectName(QStringLiteral("ownerNote"));
        note->setWordWrap(true);
        layout->addWidget(note);
        m_checklist->setEnabled(false);
        buttons->button(QDialogButtonBox::Ok)->setEnabled(false);
    }
    layout->addWidget(m_checklist);
    layout->addWidget(m_error);
    layout->addWidget(buttons);
    connect(m_checklist, &PermissionChecklist::changed, m_error, &QLabel::hide);
}

Permissions AccessPermissionsDialog::permissions() const
{
    return m_checklist->permissions();
}

void AccessPermissionsDialog::accept()
{
    if (m_checklist->permissions().isEmpty()) {
        m_error->setText(tr("⚠ Choose at least one permission."));
        m_error->show();
        m_checklist->checkBox(Permission::Profile)->setFocus();
        return;
    }
    QDialog::accept();
}

} // namespace accord::ui
