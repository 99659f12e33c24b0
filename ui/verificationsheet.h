#pragma once

#include "domain/result.h"
#include "domain/user.h"
#include "services/matchservice.h"
#include "storage/database.h"

#include <QDateTime>
#include <QList>
#include <QRectF>
#include <QSizeF>
#include <QString>

class QImage;
class QPagedPaintDevice;
class QPainter;

namespace accord::ui {

// What a verification sheet shows: a user and one or all of their client accounts, read at
// one moment, side by side field by field, with where, when and by whom it was made.
struct VerificationSheet {
    User user;
    QList<Comparison> links; // one section per client account, by client id
    QString database;        // Database::location().display()
    QString operatorName;
    QDateTime madeAt; // UTC
};

// Reads the user with one client account (clientId), or with every client account the user
// can access (clientId 0).
Result<VerificationSheet> loadVerificationSheet(const DatabasePtr& db, qint64 userId,
                                                qint64 clientId = 0);

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
