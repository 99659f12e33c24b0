#pragma once

#include "domain/permission.h"

#include <QGroupBox>

#include <array>

class QCheckBox;

namespace accord::ui {

// The vendor's 13 link permissions as checkboxes, with their labels, in stored order.
class PermissionChecklist : public QGroupBox
{
    Q_OBJECT
public:
    explicit PermissionChecklist(QWidget* parent = nullptr);

    Permissions permissions() const;
    void setPermissions(const Permissions& permissions);
    QCheckBox* checkBox(Permission p) const { return m_boxes[std::size_t(p)]; }

signals:
    void changed();

private:
    std::array<QCheckBox*, permissionCount> m_boxes{};
};

} // namespace accord::ui
