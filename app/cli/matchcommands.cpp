// The commands on how linked users and client accounts differ: compare, match, mismatches.
#include "commands.h"
#include "records.h"
#include "services/matchservice.h"
#include "storage/mismatchreader.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace accord::cli {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("accord::cli", text);
}

const QString formatOpt = QStringLiteral("format");
const QString fromOpt = QStringLiteral("from");
const QString fieldsOpt = QStringLiteral("fields");
const QString dryRunOpt = QStringLiteral("dry-run");
const QString allLinksOpt = QStringLiteral("all-links");

QString fieldNames()
{
    QStringList names;
    for (const auto& f : comparedFields())
        names << QLatin1String(f.userColumn);
    return names.join(QLatin1String(","));
}

// {"field", "user_value", "client_value", "kind"}: stored values, as scripts compare them.
QJsonObject differenceJson(const FieldDifference& d)
{
    return {{QStringLiteral("field"), d.field},
            {QStringLiteral("user_value"), d.userValue},
            {QStringLiteral("client_value"), d.clientValue},
            {QStringLiteral("kind"), FieldDifference::kindName(d.kind)}};
}

// One object of `compare` and of `mismatches`: the link and only its differing pairs.
QJsonObject linkDifferencesJson(qint64 userId, qint64 clientId, bool owner,
                                const QList<FieldDifference>& differences)
{
    QJsonArray fields;
    for (const FieldDifference& d : differences)
        fields << differenceJson(d);
    return {{QStringLiteral("user_id"), userId},
            {QStringLiteral("client_id"), clientId},
            {QStringLiteral("owner"), owner},
            {QStringLiteral("fields"), fields}};
}

// A value as people read it in a table: quoted so surrounding spaces show, language ''
// as "Default", an empty value as "(empty)".
QString shownValue(const QString& field, const QString& value)
{
    if (field == QLatin1String("language") && value.isEmpty())
        return languageText(value);
    if (value.isEmpty())
        return tr("(empty)");
    return QLatin1Char('"') + value + QLatin1Char('"');
}

QStringList differenceCells(const FieldDifference& d)
{
    return {comparedFieldLabel(d.field), shownValue(d.field, d.userValue),
            shownValue(d.field, d.clientValue), FieldDifference::kindLabel(d.kind)};
}

QString linkText(const Comparison& c)
{
    const QString user = (c.user.firstName + QLatin1Char(' ') + c.user.lastName).simplified();
    return tr("User %1 (%2) and client %3 (%4)%5")
        .arg(c.user.id)
        .arg(user)
        .arg(c.client.id)
        .arg(c.client.fullName().simplified())
        .arg(c.owner ? tr(", owner") : QString());
}

void printComparisonTable(const Comparison& c)
{
    if (c.differences.isEmpty()) {
        out() << linkText(c) << tr(": no differences.") << '\n';
        return;
    }
    out() << linkText(c) << ':' << '\n';
    TableWriter table({tr("Field"), tr("User"), tr("Client"), tr("Difference")}, out());
    for (const FieldDifference& d : c.differences)
        table.add(differenceCells(d));
    table.finish();
    for (const IntendedMark& mark : c.marks) {
        const QString what =
            mark.field.isEmpty() ? tr("The whole link") : comparedFieldLabel(mark.field);
        out() << tr("%1 is marked intended by %2%3.")
                     .arg(what, mark.markedBy.isEmpty() ? tr("an admin") : mark.markedBy,
                          mark.note.isEmpty() ? QString() : QStringLiteral(": ") + mark.note)
              << '\n';
    }
}
} // namespace

int compareCommand(Invocation& cmd)
{
    cmd.addValueOption(formatOpt, tr("FORMAT"), tr("table (default) or json."));
    if (auto status = cmd.parse(2, 2))
        return *status;
    auto userId = cmd.id(0, tr("USER"));
    if (!userId)
        return Usage;
    auto clientId = cmd.id(1, tr("CLIENT"));
    if (!clientId)
        return Usage;
    auto format = cmd.format({Format::Table, Format::Json});
    if (!format)
        return Usage;
    int status = Done;
    DatabasePtr db = cmd.openDatabase(status);
    if (!db)
        return status;
    auto comparison = MatchService(db).compare(*userId, *clientId);
    if (!comparison)
        return refuse(comparison.error());
    // Differences are what was asked for, not a failure: the exit status stays 0.
    if (*format == Format::Json)
        printJson(linkDifferencesJson(comparison->user.id, comparison->client.id, comparison->owner,
                                      comparison->differences));
    else
        printComparisonTable(*comparison);
    return Done;
}

int matchCommand(Invocation& cmd)
{
    cmd.addValueOption(fromOpt, tr("user|client"),
                       tr("The side whose values are copied to the other (required)."));
    cmd.addValueOption(
        fieldsOpt, tr("f1,f2"),
        tr("Only these fields: %1 (default: every differing one).").arg(fieldNames()));
    cmd.addFlag(dryRunOpt, tr("Print what would change and write nothing."));
    if (auto status = cmd.parse(2, 2))
        return *status;
    auto userId = cmd.id(0, tr("USER"));
    if (!userId)
        return Usage;
    auto clientId = cmd.id(1, tr("CLIENT"));
    if (!clientId)
        return Usage;
    if (!cmd.isSet(fromOpt))
        return cmd.usage(tr("--from user|client is required."));
    MatchFrom from = MatchFrom::User;
    if (cmd.value(fromOpt) == QLatin1String("client"))
        from = MatchFrom::Client;
    else if (cmd.value(fromOpt) != QLatin1String("user"))
        return cmd.usage(tr("--from takes user or client, not '%1'.").arg(cmd.value(fromOpt)));
    QStringList fields;
    if (cmd.isSet(fieldsOpt)) {
        for (const QString& name : cmd.value(fieldsOpt).split(QLatin1Char(','))) {
            const QString field = name.trimmed();
            if (field.isEmpty())
                continue;
            if (!comparedField(field))
                return cmd.usage(
                    tr("Unknown field '%1'; the fields are %2.").arg(field, fieldNames()));
            fields << field;
        }
        // An empty list would silently mean "every field": the opposite of a narrowing.
        if (fields.isEmpty())
            return cmd.usage(tr("--fields needs at least one of %1.").arg(fieldNames()));
    }
    int status = Done;
    DatabasePtr db = cmd.openDatabase(status);
    if (!db)
        return status;
    const MatchService match(db);
    // Loaded first so a pair that is not linked is refused in its own words.
    auto loaded = match.compare(*userId, *clientId);
    if (!loaded)
        return refuse(loaded.error());
    QList<FieldChoice> choices;
    for (const auto& f : comparedFields()) {
        const QString field = QLatin1String(f.userColumn);
        if (fields.isEmpty() || fields.contains(field))
            choices << FieldChoice{field, from};
    }
    auto plan = match.plan(*loaded, choices);
    if (!plan)
        return refuse(plan.error());
    const QString link = tr("User %1 and client %2").arg(*userId).arg(*clientId);
    if (plan->isEmpty()) {
        out() << tr("%1: nothing to change.").arg(link) << '\n';
        return Done;
    }
    if (cmd.isSet(dryRunOpt)) {
        out() << tr("%1: a match would make these changes (dry run, nothing written):").arg(link)
              << '\n';
        for (const PlannedChange& change : plan->changes)
            out() << "  " << change.describe() << '\n';
        return Done;
    }
    auto written = match.apply(*plan);
    if (!written)
        return refuse(written.error());
    if (*written == 0) {
        out() << tr("%1: nothing to change.").arg(link) << '\n';
        return Done;
    }
    for (const PlannedChange& change : plan->changes)
        out() << change.describe() << '\n';
    return Done;
}

int mismatchesCommand(Invocation& cmd)
{
    cmd.addFlag(allLinksOpt, tr("Every link, not only owner links (other users, such as staff, "
                                "naturally differ from the account)."));
    cmd.addValueOption(formatOpt, tr("FORMAT"), tr("table (default), csv or json."));
    if (auto status = cmd.parse(0, 0))
        return *status;
    auto format = cmd.format({Format::Table, Format::Csv, Format::Json});
    if (!format)
        return Usage;
    int status = Done;
    DatabasePtr db = cmd.openDatabase(status);
    if (!db)
        return status;

    // Links marked intended stay hidden (the filter's default), as in the Mismatches view.
    MismatchFilter filter;
    filter.allLinks = cmd.isSet(allLinksOpt);
    const MismatchReader reader(db->connection(), db->dialect(), db->hasDifferenceTable());
    Result<void> listed;
    switch (*format) {
    case Format::Json: {
        JsonArrayWriter writer(out());
        listed = reader.forEach(filter, [&](const MismatchRow& row) {
            writer.add(linkDifferencesJson(row.userId, row.clientId, row.owner, row.differences()));
            return true;
        });
        if (listed)
            writer.finish();
        break;
    }
    case Format::Csv: {
        // Bytes straight to standard output: a million-link report streams in seconds.
        auto lines = reader.writeCsv(filter, rawOut());
        listed = lines ? Result<void>() : Result<void>(lines.error());
        break;
    }
    case Format::Table: {
        TableWriter table({tr("Client ID"), tr("User ID"), tr("Owner"), tr("Field"), tr("User"),
                           tr("Client"), tr("Difference")},
                          out());
        qint64 links = 0;
        listed = reader.forEach(filter, [&](const MismatchRow& row) {
            ++links;
            for (const FieldDifference& d : row.differences())
                table.add(QStringList{QString::number(row.clientId), QString::number(row.userId),
                                      row.owner ? tr("Owner") : QString()} +
                          differenceCells(d));
            return true;
        });
        if (!listed)
            break;
        if (links == 0) {
            out() << (filter.allLinks ? tr("No links differ.") : tr("No owner links differ."))
                  << '\n';
            break;
        }
        table.finish();
        out() << (filter.allLinks ? tr("Differing links: %1.") : tr("Differing owner links: %1."))
                     .arg(links)
              << '\n';
        break;
    }
    }
    return listed ? Done : refuse(listed.error());
}

} // namespace accord::cli
