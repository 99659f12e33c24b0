#include "palettestyle.h"

#include <QPainter>
#include <QPainterPath>

namespace accord::ui {

namespace {
using Kind = FieldDifference::Kind;

QColor blend(const QColor& base, const QColor& tint, qreal amount)
{
    return QColor::fromRgbF(base.redF() + (tint.redF() - base.redF()) * amount,
                            base.greenF() + (tint.greenF() - base.greenF()) * amount,
                            base.blueF() + (tint.blueF() - base.blueF()) * amount);
}

QColor hue(Kind kind)
{
    switch (kind) {
    case Kind::CaseOrSpace:
        return QColor(0xf2, 0xc4, 0x00); // yellow
    case Kind::EmptySide:
        return QColor(0xf2, 0x7a, 0x00); // orange
    case Kind::Differs:
        break;
    }
    return QColor(0xe5, 0x39, 0x35); // red
}
} // namespace

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightnessF() < 0.5;
}

QColor differenceBackground(const QPalette& palette, FieldDifference::Kind kind)
{
    // Light enough (or dark enough) that the palette's text keeps its contrast.
    return blend(palette.color(QPalette::Window), hue(kind), isDark(palette) ? 0.32 : 0.28);
}

QPixmap differenceBadge(const FieldDifference* difference, qreal ratio)
{
    const bool same = !difference;
    const Kind kind = difference ? difference->kind : Kind::Differs;
    const int size = 16;
    QPixmap pixmap(QSize(size, size) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    // Dark enough for the white sign on any background.
    QColor fill(0x2e, 0x7d, 0x32);
    if (!same && kind == Kind::Differs)
        fill = QColor(0xc6, 0x28, 0x28);
    else if (!same && kind == Kind::EmptySide)
        fill = QColor(0xd8, 0x4a, 0x00);
    else if (!same && kind == Kind::CaseOrSpace)
        fill = QColor(0x8a, 0x6a, 0x00);
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1));
    p.setPen(QPen(Qt::white, 2.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin));
    p.setBrush(Qt::NoBrush);
    if (same) { // a tick
        QPainterPath tick;
        tick.moveTo(4.5, 8.5);
        tick.lineTo(7, 11);
        tick.lineTo(11.5, 5.5);
        p.drawPath(tick);
    } else if (kind == Kind::Differs) { // "≠"
        p.drawLine(QPointF(4.5, 6.5), QPointF(11.5, 6.5));
        p.drawLine(QPointF(4.5, 9.5), QPointF(11.5, 9.5));
        p.setPen(QPen(Qt::white, 1.6, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(10, 3.5), QPointF(6, 12.5));
    } else if (kind == Kind::EmptySide) { // "–": nothing on one side
        p.drawLine(QPointF(4.5, 8), QPointF(11.5, 8));
    } else { // "~": case or spacing
        QPainterPath wave;
        wave.moveTo(4, 9);
        wave.cubicTo(6, 5, 8, 11, 12, 7);
        p.drawPath(wave);
    }
    return pixmap;
}

QColor problemText(const QPalette& palette)
{
    return isDark(palette) ? QColor(0xff, 0x8a, 0x80) : QColor(0xb0, 0x00, 0x20);
}

} // namespace accord::ui
