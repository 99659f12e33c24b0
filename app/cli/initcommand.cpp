// init: create or migrate the schema, optionally with generated sample data.
#include "commands.h"
#include "domain/validation.h"
#include "services/samplegenerator.h"

#include <QCoreApplication>

namespace accord::cli {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("accord::cli", text);
}

const QString sampleOpt = QStringLiteral("sample");
const QString samplePasswordOpt = QStringLiteral("sample-password");
} // namespace

int initCommand(Invocation& cmd)
{
    cmd.addValueOption(sampleOpt, tr("N"),
                       tr("Also generate N users, about N clients and 1.5 N links (refused when "
                          "users already exist)."));
    cmd.addValueOption(samplePasswordOpt, tr("PW"),
                       tr("The password every sample user signs in with."));
    if (auto status = cmd.parse(0, 0))
        return *status;
    SampleOptions options;
    const bool sample = cmd.isSet(sampleOpt);
    if (sample) {
        auto n = cmd.positiveNumber(sampleOpt);
        if (!n)
            return Usage;
        options.users = *n;
    }
    if (cmd.isSet(samplePasswordOpt)) {
        if (!sample)
            return cmd.usage(tr("--sample-password needs --sample N."));
        options.password = cmd.value(samplePasswordOpt);
        if (auto problems =
                passwordProblems(options.password, true, QStringLiteral("sample-password"));
            !problems.isEmpty())
            return refuse(Error::invalid(problems));
    }
    int status = Done;
    DatabasePtr db = cmd.openDatabase(status, /*create=*/true);
    if (!db)
        return status;
    const QString ready = tr("Database ready: %1 (schema version %2).")
                              .arg(db->location().display())
                              .arg(db->schemaVersion());
    if (!sample) {
        out() << ready << '\n';
        return Done;
    }
    auto stats = SampleGenerator(db).generate(options);
    if (!stats)
        return refuse(stats.error());
    out() << ready << '\n';
    out() << tr("Sample data: %1 users, %2 clients, %3 links in %4 s; search indexes in %5 s.")
                 .arg(stats->users)
                 .arg(stats->clients)
                 .arg(stats->links)
                 .arg(stats->dataSeconds, 0, 'f', 2)
                 .arg(stats->indexSeconds, 0, 'f', 2)
          << '\n';
    return Done;
}

} // namespace accord::cli
