#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace accord::bench {

// The realistic search mix: common and rare names, emails, non-Latin names, an id.
const QStringList& typedQueries();

// Paints a throwaway table with every script's glyphs, so that no measurement pays for
// Qt's first paint in the process (Accord's views open inside a running application).
void warmUpWidgets();

// What one child process measures, as JSON for the parent (figures in ms, MB, s).
QJsonObject measureOpen(const QString& contender, const QString& dbPath);
QJsonObject measureTyping(const QString& contender, const QString& dbPath);
QJsonObject measureSorting(const QString& contender, const QString& dbPath);
QJsonObject measureScrolling(const QString& contender, const QString& dbPath);
QJsonObject measureGenerator(int users);
// The Mismatches view over all links to its first screen, then the whole report as CSV.
QJsonObject measureReport(const QString& contender, const QString& dbPath);
// The plain SQL of the mismatch report's baseline: every link joined to both records, each
// pair classified in SQL, the links with a difference in report order.
QString plainMismatchSql();
// The SQL alone, no view: page 0 and the count of every typed prefix (for tuning).
QJsonObject measureQueries(const QString& dbPath);

// Peak resident set of this process (VmHWM), in MB.
double peakRssMb();

} // namespace accord::bench
