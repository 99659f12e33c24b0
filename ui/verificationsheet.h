#pragma once

#include "domain/result.h"
#include "services/verificationservice.h"

#include <QRectF>
#include <QSizeF>
#include <QString>

class QImage;
class QPagedPaintDevice;
class QPainter;

namespace accord::ui {

// The verification sheet on paper: what VerificationService read, as pages — a section per
// client account with the compared fields side by side (differences shaded and marked ≠),
// the other details, and on every page the database, the time and the operator.

// The number of pages for a printable area of this size, in points (1/72 inch).
int verificationPageCount(const VerificationSheet& sheet, const QSizeF& areaPoints);
// Paints page `page` (0-based) into `area`, in the device coordinates of the painter's
// device — a PDF writer, a printer or an image alike.
void paintVerificationPage(QPainter& painter, const QRectF& area, const VerificationSheet& sheet,
                           int page);
// Every page onto a paged device (a QPdfWriter, a QPrinter) already set up.
Result<void> paintVerificationSheet(QPagedPaintDevice& device, const VerificationSheet& sheet);
// An A4 PDF file.
Result<void> writeVerificationSheet(const QString& pdfPath, const VerificationSheet& sheet);
// One page as an image of an A4 page at `dpi` (previews and tests).
QImage verificationPageImage(const VerificationSheet& sheet, int page, int dpi = 96);

} // namespace accord::ui
