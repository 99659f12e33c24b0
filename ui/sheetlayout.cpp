#include "sheetlayout.h"

#include <QGuiApplication>
#include <QPainter>
#include <QTextLayout>

#include <algorithm>

namespace accord::ui::sheet {

namespace {
constexpr qreal padX = 4;
constexpr qreal padY = 2.5;
constexpr qreal sectionGap = 14;
constexpr qreal footerHeight = 22;
const qreal columnShares[] = {0.21, 0.30, 0.30, 0.19}; // field, user, client, difference

const QColor rule(0xb0, 0xb0, 0xb0);
const QColor headerFill(0xe4, 0xe4, 0xe4);
const QColor subheadingFill(0xf3, 0xf3, 0xf3);
const QColor differsFill(0xff, 0xec, 0xb3); // prints as a light grey on a mono printer
const QColor differsBar(0x8a, 0x4b, 0x00);

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
        p.setPen(QPen(ink(), 0.8, Qt::SolidLine, Qt::FlatCap));
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
} // namespace

QColor ink()
{
    return QColor(0x1a, 0x1a, 0x1a);
}

QColor muted()
{
    return QColor(0x5c, 0x5c, 0x5c);
}

QFont font(int size, bool bold, bool italic)
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

Line row(QList<Cell> cells, bool marked)
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

Layout paginate(QList<Line> pageHead, QList<Section> sections, const QSizeF& area)
{
    const qreal width = area.width();
    Layout out;
    out.pageHead = std::move(pageHead);
    for (Line& l : out.pageHead) {
        measure(l, width);
        out.headHeight += l.height;
    }
    if (!out.pageHead.isEmpty() && out.pageHead.first().kind == Line::Kind::Title) {
        out.pageHead.first().height -= sectionGap; // no gap above the page's title
        out.headHeight -= sectionGap;
    }

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
    for (Section& s : sections) {
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
        for (int i = 0; i < s.body.size(); ++i) {
            const Line& l = s.body.at(i);
            if (y + l.height > bottom && i > 0) {
                newPage();
                Line cont = s.head.first();
                cont.cells[0].text = s.continued;
                measure(cont, width);
                place(cont);
                place(s.body.first());
            }
            place(l);
        }
    }
    return out;
}

void paintPage(QPainter& p, const Layout& layout, int page, const QSizeF& area,
               const QString& footerLeft, const QString& footerRight)
{
    const qreal width = area.width();
    qreal y = 0;
    for (const Line& l : layout.pageHead) {
        Line shown = l;
        if (&l == &layout.pageHead.first() && l.kind == Line::Kind::Title) {
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
    const QFont small = font(smallSize);
    Text(footerLeft, small, width * 2 / 3).draw(p, QPointF(0, top + 3), muted());
    Text(footerRight, small, width / 3, Qt::AlignRight)
        .draw(p, QPointF(width * 2 / 3, top + 3), muted());
}

} // namespace accord::ui::sheet
