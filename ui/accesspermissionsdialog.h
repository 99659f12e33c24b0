#pragma once

#include "domain/permission.h"

#include <QDialog>

class QLabel;

namespace accord::ui {

class PermissionChecklist;

// Edits the permissions of one user's access to a client account. For the owner the
// boxes are all ticked and locked, with the vendor's explanation.
class AccessPermissionsDialog : public QDialog
{
    Q_OBJECT
public:
    AccessPermissionsDialog(const QString& userName, const Permissions& current, bool owner,
                            QWidget* parent = nullptr);

    Permissions permissions() const;
    PermissionChecklist* checklist() const { return m_checklist; }

    void accept() override; // refuses an empty set next to the boxes

private:
    PermissionChecklist* m_checklist;
    QLabel* m_error;
};

} // namespace accord::ui
