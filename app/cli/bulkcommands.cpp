// The bulk commands: import (CSV, JSON or another SQLite file, all or nothing).
#include "commands.h"
#include "services/importservice.h"

#include <QCoreApplication>

#include <limits>

namespace accord::cli {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("accord::cli", text);
}

const QString formatOpt = QStringLiteral("format");
const QString dryRunOpt = QStringLiteral("dry-run");

// The import's phase redrawn on one line of stderr, only when stderr is a terminal (a
// script's stderr gets nothing but problems and errors).
QString secondsText(double s)
{
    return QString::number(s, 'f', 2) + QStringLiteral(" s");
}

QString rate(qint64 rows, double seconds)
{
    return seconds > 0 ? number(qint64(double(rows) / seconds)) : QStringLiteral("-");
}
} // namespace

int importCommand(Invocation& cmd)
{
    cmd.addValueOption(formatOpt, tr("FORMAT"),
                       tr("csv (files, or a folder of users.csv, clients.csv and links.csv), "
                          "json (an export's file) or sqlite (another Accord or vendor-schema "
                          "file)."));
    cmd.addFlag(dryRunOpt, tr("Validate everything and report; write nothing."));
    if (auto status = cmd.parse(1, std::numeric_limits<int>::max()))
        return *status;
    if (!cmd.isSet(formatOpt))
        return cmd.usage(tr("--format csv|json|sqlite is required."));
    ImportRequest request;
    const QString format = cmd.value(formatOpt);
    if (format == QLatin1String("csv"))
        request.format = BulkFormat::Csv;
    else if (format == QLatin1String("json"))
        request.format = BulkFormat::Json;
    else if (format == QLatin1String("sqlite"))
        request.format = BulkFormat::Sqlite;
    else
        return cmd.usage(tr("--format takes csv, json or sqlite, not '%1'.").arg(format));
    request.inputs = cmd.positional();
    request.dryRun = cmd.isSet(dryRunOpt);
    int status = Done;
    DatabasePtr db = cmd.openDatabase(status);
    if (!db)
        return status;
    ProgressLine line({});
    auto outcome = ImportService(db).run(
        request, [&line](const ImportProgress& p) { return line.phase(p.phase, p.done, p.total); });
    line.done();
    if (!outcome)
        return refuse(outcome.error());
    if (outcome->problemCount > 0) {
        for (const ImportProblem& p : outcome->problems)
            err() << p.text() << '\n';
        if (outcome->problemCount > outcome->problems.size())
            err() << tr("... and %1 more")
                         .arg(number(outcome->problemCount - outcome->problems.size()))
                  << '\n';
        err() << tr("%1 problems; nothing imported").arg(number(outcome->problemCount)) << '\n';
        err().flush();
        return Refused;
    }
    const QString counts =
        tr("%1 users, %2 clients, %3 links")
            .arg(number(outcome->users), number(outcome->clients), number(outcome->links));
    if (request.dryRun) {
        out() << tr("Dry run: %1 would be imported; nothing was written.").arg(counts) << '\n';
        return Done;
    }
    const qint64 rows = outcome->users + outcome->clients + outcome->links;
    out() << tr("Imported %1.").arg(counts) << '\n'
          << tr("Validated in %1; written in %2 (%3 rows/s); indexes in %4.")
                 .arg(secondsText(outcome->validateSeconds), secondsText(outcome->writeSeconds),
                      rate(rows, outcome->validateSeconds + outcome->writeSeconds),
                      secondsText(outcome->indexSeconds))
          << '\n';
    return Done;
}

} // namespace accord::cli
