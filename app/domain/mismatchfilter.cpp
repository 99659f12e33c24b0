#include "mismatchfilter.h"

#include <QStringList>

namespace accord {

QString MismatchFilter::toText() const
{
    QStringList parts;
    if (allLinks)
        parts << QStringLiteral("all");
    if (showIntended)
        parts << QStringLiteral("intended");
    if (!field.isEmpty())
        parts << QStringLiteral("field=") + field;
    if (kind)
        parts << QStringLiteral("kind=") + FieldDifference::kindName(*kind);
    return parts.join(QLatin1Char(';'));
}

MismatchFilter MismatchFilter::fromText(const QString& text)
{
    MismatchFilter f;
    for (const QString& part : text.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        if (part == QLatin1String("all"))
            f.allLinks = true;
        else if (part == QLatin1String("intended"))
            f.showIntended = true;
        else if (part.startsWith(QLatin1String("field=")) && comparedField(part.mid(6)))
            f.field = part.mid(6);
        else if (part.startsWith(QLatin1String("kind=")))
            f.kind = differenceKindNamed(part.mid(5));
    }
    return f;
}

} // namespace accord
