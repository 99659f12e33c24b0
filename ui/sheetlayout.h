#pragma once

#include <QColor>
#include <QFont>
#include <QList>
#include <QSizeF>
#include <QString>

class QPainter;

namespace accord::ui::sheet {

// How a printed sheet is laid out on pages, whatever it says: lines of text in up to four
// columns, sections whose head repeats ("continued") when they break across pages, a head
// on every page and a footer. Everything is in points (1/72 inch), fonts too, so a page
// lays out the same on a PDF, a printer and an image.

constexpr int titleSize = 16;
constexpr int sectionSize = 11;
constexpr int bodySize = 9;
constexpr int smallSize = 8;

QColor ink();
QColor muted();
QFont font(int size, bool bold = false, bool italic = false);

struct Cell {
    QString text;
    QFont font = sheet::font(bodySize);
    QColor color = ink();
};

struct Line {
    enum class Kind { Title, Note, Header, Subheading, Row, RowNote };
    Kind kind = Kind::Row;
    // Title: left and right; Note, Subheading: one; Header, Row: four (field, user, client,
    // difference); RowNote: one, under the row's value and difference columns.
    QList<Cell> cells;
    bool marked = false; // shaded, with a bar in the margin: a difference
    bool ruled = true;   // a rule under the line (not between a row and its note)
    qreal height = 0;    // set by measure()
};

Line row(QList<Cell> cells, bool marked = false);
Line single(Line::Kind kind, const Cell& cell);

struct Section {
    QList<Line> head; // title and notes: the title repeats, as `continued`, on a new page
    QList<Line> body; // its first line (a table header) repeats too
    QString continued;
};

struct Placed {
    Line line;
    qreal y = 0;
};

struct Page {
    QList<Placed> lines;
};

struct Layout {
    QList<Line> pageHead; // on every page
    QList<Page> pages;
    qreal headHeight = 0;
};

// Places the sections on pages of `area` under the page head: a section that fits on a
// page is not broken; a longer one breaks between lines, its title and table header
// repeated.
Layout paginate(QList<Line> pageHead, QList<Section> sections, const QSizeF& area);
// Paints one page: its head, its lines and a footer (left and right texts).
void paintPage(QPainter& p, const Layout& layout, int page, const QSizeF& area,
               const QString& footerLeft, const QString& footerRight);

} // namespace accord::ui::sheet
