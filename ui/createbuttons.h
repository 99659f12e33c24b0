#pragma once

#include <QString>

#include <functional>

class QDialog;
class QDialogButtonBox;

namespace accord::ui {

// The buttons of a dialog that creates a record: Cancel, and the default create button
// ("createButton"), which closes the dialog once `create` says the record was stored.
QDialogButtonBox* createButtons(QDialog* dialog, const QString& text, std::function<bool()> create);

} // namespace accord::ui
