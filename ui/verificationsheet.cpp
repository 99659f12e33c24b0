#include "verificationsheet.h"

#include "comparedvalue.h"
#include "domain/countries.h"
#include "services/userservice.h"

#include <QCoreApplication>
#include <QGuiApplication>
#include <QImage>
#include <QLocale>
#include <QPageLayout>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QPdfWriter>
#include <QTextLayout>

#include <algorithm>

namespace accord::ui {

namespace {
QString tr(const char* text, const char* disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("accord::ui::VerificationSheet", text, disambiguation, n);
}

// All sizes are in points (1/72 inch); fonts are sized in the same unit, so a page lays out
// the same on a PDF, a printer and an image.
constexpr int titleSize = 16;
constexpr int sectionSize = 11;
constexpr int bodySize = 9;
constexpr int smallSize = 8;
constexpr qreal padX = 4;
constexpr qreal padY = 2.5;
constexpr qreal sectionGap = 14;
constexpr qreal footerHeight = 22;
const qreal columnShares[] = {0.21, 0.30, 0.30, 0.19}; // field, user, client, difference

const QColor ink(0x1a, 0x1a, 0x1a);
const QColor muted(0x5c, 0x5c, 0x5c);
const QColor rule(0xb0, 0xb0, 0xb0);
const QColor headerFill(0xe4, 0xe4, 0xe4);
const QColor subheadingFill(0xf3, 0xf3, 0xf3);
const QColor differsFill(0xff, 0xec, 0xb3); // prints as a light grey on a mono printer
const QColor differsBar(0x8a, 0x4b, 0x00);

QFont sheetFont(int size, bool bold = false, bool italic = false)
{
    QFont f = QGuiApplication::font();
    f.setPixelSize(size);
    f.setBold(bold);
    f.setItalic(italic);
    f.setHintingPreference(QFont::PreferNoHinting);
    // Any letter spacing turns ligatures off: the PDF's text must search and copy as typed
    // ("fi", not "ﬁ"). 0.02 pt does not show.
    f.setLetterSpacing(QFont::AbsoluteSpacing, 0.02);
    return f;
}

// Text wrapped to a width (at word boundaries, or anywhere for long emails), measured and
// drawn by one layout so a page paints exactly as it was paginated.
class Text
{
public:
    Text(const QString& text, const QFont& font, qreal width, Qt::Alignment align = Qt::AlignLeft)
        : m_layout(QString(text).replace(QLatin1Char('\n'), QChar::LineSeparator), font)
    {
        QTextOption option(align);
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        option.setUseDesignMetrics(true);
        m_layout.setTextOption(option);
        m_layout.setCacheEnabled(true);
        m_layout.beginLayout();
        for (QTextLine line = m_layout.createLine(); line.isValid(); line = m_layout.createLine()) {
            line.setLineWidth(width);
            line.setPosition(QPointF(0, m_height));
            m_height += line.height();
            m_width = std::max(m_width, line.naturalTextWidth());
        }
        m_layout.endLayout();
    }
    qreal height() const { return m_height; }
    qreal naturalWidth() const { return m_width; }
    void draw(QPainter& p, const QPointF& at, const QColor& color) const
    {
        p.setPen(color);
        m_layout.draw(&p, at);
    }

private:
    QTextLayout m_layout;
    qreal m_height = 0;
    qreal m_width = 0;
};

struct Cell {
    QString text;
    QFont font = sheetFont(bodySize);
    QColor color = ink;
};

struct Line {
    enum class Kind { Title, Note, Header, Subheading, Row, RowNote };
    Kind kind = Kind::Row;
    // Title: left and right; Note, Subheading: one; Header, Row: four; RowNote: one, under
    // the row's value and difference columns.
    QList<Cell> cells;
    bool marked = false;
    bool ruled = true; // a rule under the line (not between a row and its note)
    qreal height = 0;
};

struct Section {
    QList<Line> head; // title and notes: repeated (as "continued") when the section breaks
    QList<Line> body;
    QString continued;
};

struct Placed {
    Line line;
    qreal y = 0;
};

struct Page {
    QList<Placed> lines;
};

qreal columnX(int column, qreal width)
{
    qreal x = 0;
    for (int i = 0; i < column; ++i)
        x += columnShares[i] * width;
    return x;
}

qreal columnWidth(int column, qreal width)
{
    return columnShares[column] * width;
}

// A title line's two texts, laid out the same way for measuring and drawing: the right
// one in the last third, the left one in the rest.
struct TitleTexts {
    TitleTexts(const Line& line, qreal width)
        : right(line.cells.at(1).text, line.cells.at(1).font, width / 3, Qt::AlignRight),
          left(line.cells.at(0).text, line.cells.at(0).font, width - right.naturalWidth() - 12)
    {
    }
    const Text right;
    const Text left;
};

void measure(Line& line, qreal width)
{
    switch (line.kind) {
    case Line::Kind::Title: {
        const TitleTexts t(line, width);
        line.height = sectionGap + std::max(t.left.height(), t.right.height()) + 3;
        return;
    }
    case Line::Kind::Note:
    case Line::Kind::Subheading: {
        const Cell& c = line.cells.at(0);
        line.height = Text(c.text, c.font, width - 2 * padX).height() + 2 * padY;
        return;
    }
    case Line::Kind::RowNote: {
        const Cell& c = line.cells.at(0);
        line.height = Text(c.text, c.font, width - columnX(1, width) - 2 * padX).height() + padY;
        return;
    }
    case Line::Kind::Header:
    case Line::Kind::Row: {
        qreal h = 0;
        for (int i = 0; i < line.cells.size(); ++i) {
            const Cell& c = line.cells.at(i);
            h = std::max(h, Text(c.text, c.font, columnWidth(i, width) - 2 * padX).height());
        }
        line.height = h + 2 * padY;
        return;
    }
    }
}

void drawLine(QPainter& p, const Line& line, qreal y, qreal width)
{
    const QRectF box(0, y, width, line.height);
    switch (line.kind) {
    case Line::Kind::Title: {
        const TitleTexts t(line, width);
        const qreal top = y + sectionGap;
        t.left.draw(p, QPointF(0, top), line.cells.at(0).color);
        t.right.draw(
            p, QPointF(width - width / 3, top + std::max(0.0, t.left.height() - t.right.height())),
            line.cells.at(1).color);
        p.setPen(QPen(ink, 0.8, Qt::SolidLine, Qt::FlatCap));
        p.drawLine(QPointF(0, box.bottom() - 0.5), QPointF(width, box.bottom() - 0.5));
        return;
    }
    case Line::Kind::Note:
    case Line::Kind::Subheading: {
        if (line.kind == Line::Kind::Subheading)
            p.fillRect(box, subheadingFill);
        const Cell& c = line.cells.at(0);
        Text(c.text, c.font, width - 2 * padX).draw(p, QPointF(padX, y + padY), c.color);
        return;
    }
    case Line::Kind::Header:
    case Line::Kind::Row: {
        if (line.kind == Line::Kind::Header)
            p.fillRect(box, headerFill);
        else if (line.marked)
            p.fillRect(box, differsFill);
        for (int i = 0; i < line.cells.size(); ++i) {
            const Cell& c = line.cells.at(i);
            Text(c.text, c.font, columnWidth(i, width) - 2 * padX)
                .draw(p, QPointF(columnX(i, width) + padX, y + padY), c.color);
        }
        if (line.marked)
            p.fillRect(QRectF(0, y, 2.5, line.height), differsBar);
        if (line.ruled) {
            p.setPen(QPen(rule, 0.5, Qt::SolidLine, Qt::FlatCap));
            p.drawLine(QPointF(0, box.bottom()), QPointF(width, box.bottom()));
        }
        return;
    }
    case Line::Kind::RowNote: {
        if (line.marked) {
            p.fillRect(box, differsFill);
            p.fillRect(QRectF(0, y, 2.5, line.height), differsBar);
        }
        const Cell& c = line.cells.at(0);
        const qreal x = columnX(1, width);
        Text(c.text, c.font, width - x - 2 * padX).draw(p, QPointF(x + padX, y), c.color);
        p.setPen(QPen(rule, 0.5, Qt::SolidLine, Qt::FlatCap));
        p.drawLine(QPointF(0, box.bottom()), QPointF(width, box.bottom()));
        return;
    }
    }
}

QString localDate(const QDateTime& utc)
{
    return utc.isValid() ? QLocale().toString(utc.toLocalTime(), QLocale::ShortFormat)
                         : tr("Never");
}

Cell mutedCell(const QString& text)
{
    return Cell{text, sheetFont(bodySize, false, true), muted};
}

// A value cell: "(empty)" and "Default" read as notes, not as data.
Cell valueCell(const QString& field, const QString& value, bool showSpaces)
{
    const QString text = comparedValueText(field, value, showSpaces);
    return value.isEmpty() ? mutedCell(text) : Cell{text};
}

Line row(QList<Cell> cells, bool marked = false)
{
    Line l;
    l.kind = Line::Kind::Row;
    l.cells = std::move(cells);
    l.marked = marked;
    return l;
}

Line single(Line::Kind kind, const Cell& cell)
{
    Line l;
    l.kind = kind;
    l.cells = {cell};
    return l;
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
    title.cells = {Cell{name, sheetFont(sectionSize, true)},
                   Cell{link.owner ? tr("Owner of this account") : tr("Has access (not the owner)"),
                        sheetFont(smallSize), muted}};
    s.head << title;
    s.continued = tr("Client #%1 (continued)").arg(c.id);
    const int compared = int(comparedFields().size());
    const QString summary = link.differences.isEmpty()
                                ? tr("All %1 compared fields are the same.").arg(compared)
                                : tr("%1 of %2 compared fields differ (marked ≠ and shaded).")
                                      .arg(link.differences.size())
                                      .arg(compared);
    s.head << single(Line::Kind::Note, Cell{summary, sheetFont(smallSize), ink});
    for (const IntendedMark& m : link.marks)
        if (m.field.isEmpty())
            s.head << single(Line::Kind::Note, Cell{tr("Whole link: %1").arg(markText(m)),
                                                    sheetFont(smallSize), ink});

    Line header;
    header.kind = Line::Kind::Header;
    const QFont bold = sheetFont(bodySize, true);
    header.cells = {Cell{tr("Field"), bold}, Cell{tr("User #%1").arg(u.id), bold},
                    Cell{tr("Client #%1").arg(c.id), bold}, Cell{tr("Difference"), bold}};
    s.body << header;

    for (const auto& f : comparedFields()) {
        const QString field = QLatin1String(f.userColumn);
        const FieldDifference* d = link.difference(field);
        const bool spaces = d && d->kind == FieldDifference::Kind::CaseOrSpace;
        const QString uv = field == QLatin1String("first_name")  ? u.firstName
                           : field == QLatin1String("last_name") ? u.lastName
                           : field == QLatin1String("email")     ? u.email
                                                                 : u.language;
        const QString cv = c.value(QLatin1String(f.clientColumn));
        const QString kind = d ? tr("≠ %1").arg(FieldDifference::kindLabel(d->kind)) : tr("= Same");
        const Cell kindCell = d ? Cell{kind, sheetFont(bodySize, true)} : mutedCell(kind);
        Line fieldRow = row({Cell{comparedFieldLabel(field), sheetFont(bodySize, d != nullptr)},
                             valueCell(field, uv, spaces), valueCell(field, cv, spaces), kindCell},
                            d != nullptr);
        for (const IntendedMark& m : link.marks) {
            if (m.field != field)
                continue;
            fieldRow.ruled = false;
            s.body << fieldRow;
            Line note = single(Line::Kind::RowNote,
                               Cell{markText(m), sheetFont(smallSize, false, true), ink});
            note.marked = d != nullptr;
            fieldRow = note;
        }
        s.body << fieldRow;
    }

    s.body << single(Line::Kind::Subheading,
                     Cell{tr("Other details (kept on one side only; not compared)"),
                          sheetFont(smallSize, false, true), ink});
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

struct Layout {
    QList<Line> pageHead;
    QList<Page> pages;
    qreal headHeight = 0;
};

Layout layOut(const VerificationSheet& sheet, const QSizeF& area)
{
    const qreal width = area.width();
    Layout out;
    Line title;
    title.kind = Line::Kind::Title;
    const QString who = sheet.links.size() == 1 ? tr("User #%1 and client account #%2")
                                                      .arg(sheet.user.id)
                                                      .arg(sheet.links.first().client.id)
                                                : tr("User #%1 and all %n client account(s)",
                                                     nullptr, int(sheet.links.size()))
                                                      .arg(sheet.user.id);
    title.cells = {Cell{tr("Verification Sheet"), sheetFont(titleSize, true)},
                   Cell{who, sheetFont(smallSize), muted}};
    out.pageHead << title;
    const User& u = sheet.user;
    out.pageHead << single(Line::Kind::Note,
                           Cell{tr("User #%1 — %2 · %3").arg(u.id).arg(u.fullName(), u.email),
                                sheetFont(bodySize, true), ink});
    out.pageHead << single(Line::Kind::Note,
                           Cell{tr("Database: %1").arg(sheet.database), sheetFont(smallSize), ink});
    const QDateTime local = sheet.madeAt.toLocalTime();
    out.pageHead << single(
        Line::Kind::Note,
        Cell{tr("Made: %1 %2 (local time) · %3 UTC · Operator: %4")
                 .arg(QLocale().toString(local, QLocale::ShortFormat), local.timeZoneAbbreviation(),
                      sheet.madeAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")),
                      sheet.operatorName.isEmpty() ? tr("(unknown)") : sheet.operatorName),
             sheetFont(smallSize), ink});
    for (Line& l : out.pageHead) {
        measure(l, width);
        out.headHeight += l.height;
    }
    out.pageHead.first().height -= sectionGap; // no gap above the page's title
    out.headHeight -= sectionGap;

    const qreal bottom = area.height() - footerHeight;
    out.pages << Page{};
    qreal y = out.headHeight;
    auto newPage = [&] {
        out.pages << Page{};
        y = out.headHeight;
    };
    auto place = [&](const Line& l) {
        out.pages.last().lines << Placed{l, y};
        y += l.height;
    };
    if (sheet.links.isEmpty()) {
        Line none = single(Line::Kind::Note, Cell{tr("This user cannot access any client account."),
                                                  sheetFont(bodySize, false, true), muted});
        none.height = 0;
        measure(none, width);
        place(none);
    }
    for (const Comparison& link : sheet.links) {
        Section s = sectionFor(link);
        qreal total = 0;
        for (QList<Line>* part : {&s.head, &s.body})
            for (Line& l : *part) {
                measure(l, width);
                total += l.height;
            }
        const qreal room = bottom - out.headHeight;
        if (y + total > bottom && total <= room && !out.pages.last().lines.isEmpty())
            newPage();
        for (const Line& l : s.head)
            place(l);
        const Line tableHeader = s.body.first();
        for (int i = 0; i < s.body.size(); ++i) {
            const Line& l = s.body.at(i);
            if (y + l.height > bottom && i > 0) {
                newPage();
                Line cont = s.head.first();
                cont.cells[0].text = s.continued;
                measure(cont, width);
                place(cont);
                place(tableHeader);
            }
            place(l);
        }
    }
    return out;
}

void paintPage(QPainter& p, const Layout& layout, const VerificationSheet& sheet, int page,
               const QSizeF& area)
{
    const qreal width = area.width();
    qreal y = 0;
    for (const Line& l : layout.pageHead) {
        Line shown = l;
        if (&l == &layout.pageHead.first()) {
            // The page's title without the gap a section title has above it.
            p.save();
            p.translate(0, -sectionGap);
            shown.height += sectionGap;
            drawLine(p, shown, y, width);
            p.restore();
        } else {
            drawLine(p, shown, y, width);
        }
        y += l.height;
    }
    if (page >= 0 && page < layout.pages.size())
        for (const Placed& placed : layout.pages.at(page).lines)
            drawLine(p, placed.line, placed.y, width);

    const qreal top = area.height() - footerHeight + 6;
    p.setPen(QPen(rule, 0.5, Qt::SolidLine, Qt::FlatCap));
    p.drawLine(QPointF(0, top), QPointF(width, top));
    const QFont small = sheetFont(smallSize);
    const Text left(tr("Accord verification sheet · user #%1 · %2 UTC")
                        .arg(sheet.user.id)
                        .arg(sheet.madeAt.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm"))),
                    small, width * 2 / 3);
    left.draw(p, QPointF(0, top + 3), muted);
    const Text right(tr("Page %1 of %2").arg(page + 1).arg(layout.pages.size()), small, width / 3,
                     Qt::AlignRight);
    right.draw(p, QPointF(width * 2 / 3, top + 3), muted);
}

qreal pointScale(const QPainter& p)
{
    const QPaintDevice* device = p.device();
    return device ? device->logicalDpiY() / 72.0 : 1.0;
}
} // namespace

Result<VerificationSheet> loadVerificationSheet(const DatabasePtr& db, qint64 userId,
                                                qint64 clientId)
{
    VerificationSheet sheet;
    sheet.database = db->location().display();
    sheet.operatorName = db->operatorName();
    sheet.madeAt = QDateTime::currentDateTimeUtc();
    auto user = UserService(db).find(userId);
    if (!user)
        return user.error();
    sheet.user = *user;
    QList<qint64> clients;
    if (clientId) {
        clients << clientId;
    } else {
        auto links = UserService(db).accessOf(userId);
        if (!links)
            return links.error();
        for (const Access& link : *links)
            clients << link.clientId;
        std::sort(clients.begin(), clients.end());
    }
    const MatchService match(db);
    for (qint64 id : clients) {
        auto link = match.compare(userId, id);
        if (!link)
            return link.error();
        sheet.links << *link;
    }
    return sheet;
}

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
