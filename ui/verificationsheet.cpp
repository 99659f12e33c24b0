#include "verificationsheet.h"

#include "comparedvalue.h"
#include "domain/countries.h"
#include "sheetlayout.h"

#include <QCoreApplication>
#include <QImage>
#include <QLocale>
#include <QPageLayout>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QPdfWriter>

namespace accord::ui {

using namespace sheet;

namespace {
QString tr(const char* text, const char* disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("accord::ui::VerificationSheet", text, disambiguation, n);
}

QString localDate(const QDateTime& utc)
{
    return utc.isValid() ? QLocale().toString(utc.toLocalTime(), QLocale::ShortFormat)
                         : tr("Never");
}

Cell mutedCell(const QString& text)
{
    return Cell{text, font(bodySize, false, true), muted()};
}

// A value cell: "(empty)" and "Default" read as notes, not as data.
Cell valueCell(const QString& field, const QString& value, bool showSpaces)
{
    const QString text = comparedValueText(field, value, showSpaces);
    return value.isEmpty() ? mutedCell(text) : Cell{text};
}

QString markText(const IntendedMark& m)
{
    QString s =
        m.note.isEmpty() ? tr("Marked as intended") : tr("Marked as intended: “%1”").arg(m.note);
    if (!m.markedBy.isEmpty())
        s += tr(" — %1, %2").arg(m.markedBy, localDate(m.markedAt));
    return s;
}

Section sectionFor(const Comparison& link)
{
    const User& u = link.user; // as read with this client
    const ClientAccount& c = link.client;
    Section s;
    QString name = tr("Client #%1 — %2").arg(c.id).arg(c.fullName());
    if (!c.companyName().isEmpty())
        name += tr(" · %1").arg(c.companyName());
    Line title;
    title.kind = Line::Kind::Title;
    title.cells = {Cell{name, font(sectionSize, true)},
                   Cell{link.owner ? tr("Owner of this account") : tr("Has access (not the owner)"),
                        font(smallSize), muted()}};
    s.head << title;
    s.continued = tr("Client #%1 (continued)").arg(c.id);
    const int compared = int(comparedFields().size());
    const QString summary = link.differences.isEmpty()
                                ? tr("All %1 compared fields are the same.").arg(compared)
                                : tr("%1 of %2 compared fields differ (marked ≠ and shaded).")
                                      .arg(link.differences.size())
                                      .arg(compared);
    s.head << single(Line::Kind::Note, Cell{summary, font(smallSize), ink()});
    for (const IntendedMark& m : link.marks)
        if (m.field.isEmpty())
            s.head << single(Line::Kind::Note,
                             Cell{tr("Whole link: %1").arg(markText(m)), font(smallSize), ink()});

    Line header;
    header.kind = Line::Kind::Header;
    const QFont bold = font(bodySize, true);
    header.cells = {Cell{tr("Field"), bold}, Cell{tr("User #%1").arg(u.id), bold},
                    Cell{tr("Client #%1").arg(c.id), bold}, Cell{tr("Difference"), bold}};
    s.body << header;

    for (const auto& f : comparedFields()) {
        const QString field = QLatin1String(f.userColumn);
        const FieldDifference* d = link.difference(field);
        const bool spaces = d && d->kind == FieldDifference::Kind::CaseOrSpace;
        const QString uv = comparedUserValue(u, field);
        const QString cv = comparedClientValue(c, field);
        const QString kind = d ? tr("≠ %1").arg(FieldDifference::kindLabel(d->kind)) : tr("= Same");
        const Cell kindCell = d ? Cell{kind, font(bodySize, true)} : mutedCell(kind);
        Line fieldRow = row({Cell{comparedFieldLabel(field), font(bodySize, d != nullptr)},
                             valueCell(field, uv, spaces), valueCell(field, cv, spaces), kindCell},
                            d != nullptr);
        for (const IntendedMark& m : link.marks) {
            if (m.field != field)
                continue;
            fieldRow.ruled = false;
            s.body << fieldRow;
            Line note =
                single(Line::Kind::RowNote, Cell{markText(m), font(smallSize, false, true), ink()});
            note.marked = d != nullptr;
            fieldRow = note;
        }
        s.body << fieldRow;
    }

    s.body << single(Line::Kind::Subheading,
                     Cell{tr("Other details (kept on one side only; not compared)"),
                          font(smallSize, false, true), ink()});
    const QString none = tr("—");
    for (const ClientField& f : clientProfileFields()) {
        const QString column = QLatin1String(f.column);
        bool isCompared = false;
        for (const auto& cf : comparedFields())
            if (column == QLatin1String(cf.clientColumn))
                isCompared = true;
        if (isCompared)
            continue;
        QString value = c.value(column);
        if (column == QLatin1String("country") && !value.isEmpty() && isCountryCode(value))
            value = tr("%1 — %2").arg(value, countryName(value));
        s.body << row({Cell{QCoreApplication::translate("ClientField", f.label)}, mutedCell(none),
                       valueCell(column, value, false), Cell{}});
    }
    const QString yes = tr("Yes");
    const QString no = tr("No");
    s.body << row(
        {Cell{tr("Email Verified")},
         Cell{u.emailVerifiedAt.isValid() ? tr("Yes, %1").arg(localDate(u.emailVerifiedAt)) : no},
         Cell{c.emailVerified ? yes : no}, Cell{}});
    s.body << row({Cell{tr("Two-Factor Authentication")},
                   Cell{u.twoFactorEnabled ? tr("On") : tr("Off")}, mutedCell(none), Cell{}});
    s.body << row({Cell{tr("Last Login")}, Cell{localDate(u.lastLogin)},
                   Cell{localDate(c.lastLogin)}, Cell{}});
    return s;
}

// On every page: the title, the user, the database, the time and the operator.
QList<Line> pageHeadFor(const VerificationSheet& sheet)
{
    Line title;
    title.kind = Line::Kind::Title;
    const QString who = sheet.links.size() == 1 ? tr("User #%1 and client account #%2")
                                                      .arg(sheet.user.id)
                                                      .arg(sheet.links.first().client.id)
                                                : tr("User #%1 and all %n client account(s)",
                                                     nullptr, int(sheet.links.size()))
                                                      .arg(sheet.user.id);
    title.cells = {Cell{tr("Verification Sheet"), font(titleSize, true)},
                   Cell{who, font(smallSize), muted()}};
    QList<Line> head{title};
    const User& u = sheet.user;
    head << single(Line::Kind::Note,
                   Cell{tr("User #%1 — %2 · %3").arg(u.id).arg(u.fullName(), u.email),
                        font(bodySize, true), ink()});
    head << single(Line::Kind::Note,
                   Cell{tr("Database: %1").arg(sheet.database), font(smallSize), ink()});
    const QDateTime local = sheet.madeAt.toLocalTime();
    head << single(
        Line::Kind::Note,
        Cell{tr("Made: %1 %2 (local time) · %3 UTC · Operator: %4")
                 .arg(QLocale().toString(local, QLocale::ShortFormat), local.timeZoneAbbreviation(),
                      sheet.madeAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                      sheet.operatorName.isEmpty() ? tr("(unknown)") : sheet.operatorName),
             font(smallSize), ink()});
    return head;
}

Layout layOut(const VerificationSheet& sheet, const QSizeF& area)
{
    QList<Section> sections;
    if (sheet.links.isEmpty()) {
        Section none;
        none.head << single(Line::Kind::Note,
                            Cell{tr("This user cannot access any client account."),
                                 font(bodySize, false, true), muted()});
        sections << none;
    }
    for (const Comparison& link : sheet.links)
        sections << sectionFor(link);
    return paginate(pageHeadFor(sheet), sections, area);
}

void paintPage(QPainter& p, const Layout& layout, const VerificationSheet& sheet, int page,
               const QSizeF& area)
{
    sheet::paintPage(p, layout, page, area,
                     tr("Accord verification sheet · user #%1 · %2 UTC")
                         .arg(sheet.user.id)
                         .arg(sheet.madeAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
                     tr("Page %1 of %2").arg(page + 1).arg(layout.pages.size()));
}

qreal pointScale(const QPainter& p)
{
    const QPaintDevice* device = p.device();
    return device ? device->logicalDpiY() / 72.0 : 1.0;
}
} // namespace

int verificationPageCount(const VerificationSheet& sheet, const QSizeF& areaPoints)
{
    return int(layOut(sheet, areaPoints).pages.size());
}

void paintVerificationPage(QPainter& painter, const QRectF& area, const VerificationSheet& sheet,
                           int page)
{
    const qreal scale = pointScale(painter);
    const QSizeF points = area.size() / scale;
    const Layout layout = layOut(sheet, points);
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    painter.setRenderHint(QPainter::TextAntialiasing);
    painter.translate(area.topLeft());
    painter.scale(scale, scale);
    paintPage(painter, layout, sheet, page, points);
    painter.restore();
}

Result<void> paintVerificationSheet(QPagedPaintDevice& device, const VerificationSheet& sheet)
{
    QPainter painter;
    if (!painter.begin(&device))
        return Error::make(Error::Kind::Storage,
                           tr("The verification sheet could not be written (the file or the "
                              "printer refused it)."));
    const QRectF area(QPointF(0, 0),
                      device.pageLayout().paintRectPixels(device.logicalDpiX()).size());
    const int pages = verificationPageCount(sheet, area.size() / pointScale(painter));
    for (int page = 0; page < pages; ++page) {
        if (page > 0)
            device.newPage();
        paintVerificationPage(painter, area, sheet, page);
    }
    if (!painter.end())
        return Error::make(Error::Kind::Storage,
                           tr("The verification sheet could not be finished."));
    return {};
}

Result<void> writeVerificationSheet(const QString& pdfPath, const VerificationSheet& sheet)
{
    QPdfWriter writer(pdfPath);
    writer.setResolution(300);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                                     QMarginsF(15, 14, 15, 12), QPageLayout::Millimeter));
    writer.setTitle(tr("Verification sheet — user #%1").arg(sheet.user.id));
    writer.setCreator(QStringLiteral("Accord"));
    if (auto r = paintVerificationSheet(writer, sheet); !r)
        return Error::make(Error::Kind::Storage,
                           tr("The verification sheet could not be written to %1.").arg(pdfPath));
    return {};
}

QImage verificationPageImage(const VerificationSheet& sheet, int page, int dpi)
{
    const QPageLayout layout(QPageSize(QPageSize::A4), QPageLayout::Portrait,
                             QMarginsF(15, 14, 15, 12), QPageLayout::Millimeter);
    QImage image(layout.fullRectPixels(dpi).size(), QImage::Format_RGB32);
    const int dotsPerMeter = qRound(dpi / 0.0254);
    image.setDotsPerMeterX(dotsPerMeter);
    image.setDotsPerMeterY(dotsPerMeter);
    image.fill(Qt::white);
    QPainter painter(&image);
    paintVerificationPage(painter, layout.paintRectPixels(dpi), sheet, page);
    return image;
}

} // namespace accord::ui
