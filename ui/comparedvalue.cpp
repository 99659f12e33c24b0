#include "comparedvalue.h"

#include <QCoreApplication>

namespace accord::ui {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("accord::ui::ComparedValue", text);
}

// Spaces at either end, and every space of an inner run of two or more, as "·".
QString revealSpaces(const QString& value)
{
    QString out = value;
    const qsizetype n = out.size();
    qsizetype first = 0;
    while (first < n && out.at(first).isSpace())
        ++first;
    qsizetype last = n;
    while (last > first && out.at(last - 1).isSpace())
        --last;
    for (qsizetype i = 0; i < n; ++i) {
        if (!out.at(i).isSpace())
            continue;
        const bool atEnd = i < first || i >= last;
        const bool doubled =
            (i > 0 && value.at(i - 1).isSpace()) || (i + 1 < n && value.at(i + 1).isSpace());
        if (atEnd || doubled)
            out[i] = QChar(0x00B7);
    }
    return out;
}
} // namespace

QString languageText(const QString& value)
{
    return value.isEmpty() ? tr("Default") : value;
}

QString comparedValueText(const QString& field, const QString& value, bool showSpaces)
{
    if (field == QLatin1String("language") && value.isEmpty())
        return tr("Default");
    if (value.isEmpty())
        return tr("(empty)");
    return showSpaces ? revealSpaces(value) : value;
}

} // namespace accord::ui
