#pragma once

#include "domain/comparison.h"

#include <QColor>
#include <QPalette>
#include <QPixmap>

namespace accord::ui {

// Colours and badges worked out from the window's palette, so that a dark palette stays as
// readable as a light one: the palette's own text stays on every tint. What they mark is
// also said by an icon and words; nothing relies on colour alone.

bool isDark(const QPalette& palette);
// A row's background for a kind of difference: the palette's window colour tinted, a
// different hue per kind.
QColor differenceBackground(const QPalette& palette, FieldDifference::Kind kind);
// A small round badge: a tick for the same value (no difference), else a sign per kind
// (≠, – for one side empty, ~ for case or spacing). Drawn, so it looks the same under
// every style and icon theme.
QPixmap differenceBadge(const FieldDifference* difference, qreal devicePixelRatio);
// The text colour of a problem (a refused field, a refused match).
QColor problemText(const QPalette& palette);

} // namespace accord::ui
