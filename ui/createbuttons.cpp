#include "createbuttons.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QPushButton>

namespace accord::ui {

QDialogButtonBox* createButtons(QDialog* dialog, const QString& text, std::function<bool()> create)
{
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, dialog);
    QPushButton* button = buttons->addButton(text, QDialogButtonBox::AcceptRole);
    button->setObjectName(QStringLiteral("createButton"));
    button->setDefault(true);
    QObject::connect(button, &QPushButton::clicked, dialog, [dialog, create] {
        if (create())
            dialog->accept();
    });
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    return buttons;
}

} // namespace accord::ui
