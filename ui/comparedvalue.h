#pragma once

#include <QString>

namespace accord::ui {

// How a compared value reads on screen and on paper: language '' is "Default", an empty value
// "(empty)". With `showSpaces` (a case-or-spacing difference) the spaces that make the
// difference — at either end or doubled — are shown as "·", so the admin can see them.
QString comparedValueText(const QString& field, const QString& value, bool showSpaces);

// "Default" for language '', else the stored value (languages, other client fields).
QString languageText(const QString& value);

} // namespace accord::ui
