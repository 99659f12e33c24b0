#include "importactivity.h"

namespace accord::activity {

QString imported(const QString& table, qint64 rows, const QStringList& files)
{
    QStringList quoted;
    for (const QString& file : files)
        quoted << QLatin1Char('\'') + file + QLatin1Char('\'');
    // One multi-arg call: a file name holding "%1" stays as it is.
    return QStringLiteral("Bulk Import - %1: %2 %3 added from %4")
        .arg(table, QString::number(rows),
             rows == 1 ? QStringLiteral("row") : QStringLiteral("rows"),
             quoted.join(QLatin1String(", ")));
}

} // namespace accord::activity
