#pragma once

#include <QString>
#include <QStringList>

namespace accord::activity {

// The one activity-log row an import writes per table it changed (DESIGN: file, rows
// added), in the style of the vendor's own lines (activitywording.h), never one per row:
// "Bulk Import - tblusers: 600 rows added from 'users.csv'".
QString imported(const QString& table, qint64 rows, const QStringList& files);

} // namespace accord::activity
