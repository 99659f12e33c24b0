// The offline-review commands: export (a snapshot), verify and diff.
#include "commands.h"
#include "services/diffservice.h"
#include "services/snapshotservice.h"
#include "storage/csvwriter.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace accord::cli {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("accord::cli", text);
}

const QString formatOpt = QStringLiteral("format");

QString secondsText(double s)
{
    return QString::number(s, 'f', s < 10 ? 2 : 1) + QStringLiteral(" s");
}

// "1,000 users, 1,000 clients, 1,500 links, 3 invites, 2 intended marks, 40 log rows"
QString rowsText(const SnapshotManifest& m)
{
    const std::pair<const char*, const char*> tables[] = {
        {"tblusers", QT_TRANSLATE_NOOP("accord::cli", "%1 users")},
        {"tblclients", QT_TRANSLATE_NOOP("accord::cli", "%1 clients")},
        {"tblusers_clients", QT_TRANSLATE_NOOP("accord::cli", "%1 links")},
        {"tbluser_invites", QT_TRANSLATE_NOOP("accord::cli", "%1 invites")},
        {"accord_intended_differences", QT_TRANSLATE_NOOP("accord::cli", "%1 intended marks")},
        {"tblactivitylog", QT_TRANSLATE_NOOP("accord::cli", "%1 log rows")}};
    QStringList parts;
    for (const auto& [table, text] : tables)
        if (const qint64 n = m.rows(QLatin1String(table)); n >= 0)
            parts << QCoreApplication::translate("accord::cli", text).arg(number(n));
    return parts.join(QLatin1String(", "));
}

// "a snapshot of SOURCE taken 2026-05-01 10:00 UTC by OPERATOR"
QString originText(const SnapshotManifest& m)
{
    return tr("a snapshot of %1 taken %2 by %3")
        .arg(m.source(), m.createdAt().toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'")),
             m.operatorName());
}

void printManifest(const SnapshotManifest& m, const QString& timeLabel, const QString& time)
{
    printFields(
        {{tr("Source"), m.source()},
         {tr("Taken"), m.createdAt().toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))},
         {tr("Operator"), m.operatorName()},
         {tr("Filter"), m.filter().describe()},
         {tr("Rows"), rowsText(m)},
         {tr("Secrets"), m.secretsIncluded() ? tr("included") : tr("left out")},
         {tr("Accord"), tr("%1, schema version %2").arg(m.accordVersion()).arg(m.schemaVersion())},
         {tr("Checksum"), tr("SHA-256 %1").arg(m.checksum())},
         {timeLabel, time}});
}
int exportBulk(const SnapshotService& service, const SnapshotOptions& options,
               BulkExportRequest::Format format)
{
    ProgressLine progress(tr("Exporting"));
    auto written = service.exportBulk(
        options, format, [&](qint64 rows, qint64 total) { return progress.rows(rows, total); });
    progress.done();
    if (!written)
        return refuse(written.error());
    out() << (format == BulkExportRequest::Format::Csv ? tr("Bulk data written to the folder %1")
                                                       : tr("Bulk data written to %1"))
                 .arg(options.target)
          << '\n';
    const double s = std::max(written->seconds, 1e-9);
    const qint64 rows = written->users + written->clients + written->links;
    printFields(
        {{tr("Rows"),
          tr("%1 users, %2 clients, %3 links")
              .arg(number(written->users), number(written->clients), number(written->links))},
         {tr("Filter"), options.filter.describe()},
         {tr("Secrets"), written->manifest.secretsIncluded() ? tr("included") : tr("left out")},
         {tr("Time"),
          tr("%1 (%2 rows/s)").arg(secondsText(written->seconds), number(qint64(rows / s)))}});
    return Done;
}
} // namespace

int exportCommand(Invocation& cmd)
{
    cmd.addValueOption(formatOpt, tr("FORMAT"),
                       tr("sqlite: one standalone snapshot file; csv: a folder of users.csv, "
                          "clients.csv and links.csv; json: one file."));
    cmd.addFlag(QStringLiteral("force"), tr("Replace OUT if it exists."));
    cmd.addFlag(QStringLiteral("include-secrets"),
                tr("Also password hashes, tokens, two-factor secrets, security answers and card "
                   "data (the file is then readable by you alone)."));
    cmd.addValueOption(QStringLiteral("client"), tr("ID"), tr("One client with its users."));
    cmd.addValueOption(QStringLiteral("search"), tr("TEXT"),
                       tr("The users a search finds, with their clients."));
    cmd.addFlag(QStringLiteral("mismatches"),
                tr("The links the mismatch report lists, with their users, clients and marks."));
    cmd.addFlag(QStringLiteral("all-links"),
                tr("With --mismatches: every link, not only owners'."));
    if (auto status = cmd.parse(1, 1))
        return *status;
    if (!cmd.isSet(formatOpt))
        return cmd.usage(tr("--format sqlite, csv or json is required."));
    const QString format = cmd.value(formatOpt);
    if (format != QLatin1String("sqlite") && format != QLatin1String("csv") &&
        format != QLatin1String("json"))
        return cmd.usage(tr("--format takes sqlite, csv or json, not '%1'.").arg(format));
    SnapshotOptions options;
    options.target = cmd.positional().at(0);
    options.force = cmd.isSet(QStringLiteral("force"));
    options.includeSecrets = cmd.isSet(QStringLiteral("include-secrets"));
    const int filters = int(cmd.isSet(QStringLiteral("client"))) +
                        int(cmd.isSet(QStringLiteral("search"))) +
                        int(cmd.isSet(QStringLiteral("mismatches")));
    if (filters > 1)
        return cmd.usage(tr("Give one of --client, --search and --mismatches."));
    if (cmd.isSet(QStringLiteral("all-links")) && !cmd.isSet(QStringLiteral("mismatches")))
        return cmd.usage(tr("--all-links goes with --mismatches."));
    if (cmd.isSet(QStringLiteral("client"))) {
        auto id = cmd.idOption(QStringLiteral("client"));
        if (!id)
            return Usage;
        options.filter = SnapshotFilter::client(*id);
    } else if (cmd.isSet(QStringLiteral("search"))) {
        options.filter = SnapshotFilter::users(cmd.value(QStringLiteral("search")));
    } else if (cmd.isSet(QStringLiteral("mismatches"))) {
        MismatchFilter report;
        report.allLinks = cmd.isSet(QStringLiteral("all-links"));
        options.filter = SnapshotFilter::links(report);
    }
    int status = Done;
    DatabasePtr db = cmd.openDatabase(status);
    if (!db)
        return status;
    if (format != QLatin1String("sqlite"))
        return exportBulk(SnapshotService(db), options,
                          format == QLatin1String("csv") ? BulkExportRequest::Format::Csv
                                                         : BulkExportRequest::Format::Json);
    auto written = SnapshotService(db).exportSnapshot(options);
    if (!written)
        return refuse(written.error());
    out() << tr("Snapshot written to %1").arg(options.target) << '\n';
    const QString phases =
        written->pagesCopied
            ? tr("pages copied %1, secrets cleared %2, rows hashed alongside: done %3 after")
                  .arg(secondsText(written->rowsSeconds), secondsText(written->secretsSeconds),
                       secondsText(written->checksumSeconds))
            : tr("rows copied %1, search indexes and differences %2, checksum %3")
                  .arg(secondsText(written->rowsSeconds), secondsText(written->indexSeconds),
                       secondsText(written->checksumSeconds));
    printManifest(written->manifest, tr("Time"),
                  tr("%1 (%2)").arg(secondsText(written->totalSeconds), phases));
    return Done;
}

int verifyCommand(Invocation& cmd)
{
    cmd.addFlag(QStringLiteral("full"),
                tr("Also SQLite's full integrity_check (every index entry against its row; "
                   "about ten times longer)."));
    if (auto status = cmd.parse(1, 1))
        return *status;
    const QString file = cmd.positional().at(0);
    if (file.contains(QLatin1String("://"))) {
        auto location = DatabaseLocation::parse(file);
        if (!location)
            return refuse(location.error());
        return refuse(Error::make(Error::Kind::Refused,
                                  tr("%1 is a server database, not a snapshot: a snapshot is a "
                                     "file (accord --db URL export --format sqlite OUT).")
                                      .arg(location->display())));
    }
    const bool full = cmd.isSet(QStringLiteral("full"));
    auto checked =
        SnapshotService::verify(file, full ? IntegrityDepth::Full : IntegrityDepth::Pages);
    if (!checked)
        return refuse(checked.error());
    out() << tr("%1 is whole: %2.").arg(file, originText(checked->manifest)) << '\n';
    printManifest(checked->manifest, tr("Checked"),
                  tr("%1 %2, checksum %3")
                      .arg(full ? QStringLiteral("integrity_check") : QStringLiteral("quick_check"),
                           secondsText(checked->integritySeconds),
                           secondsText(checked->checksumSeconds)));
    return Done;
}

namespace {
QString sideText(const QString& given, const Database& db)
{
    if (const auto& m = db.snapshot())
        return tr("%1 (%2, %3)").arg(given, originText(*m), m->filter().describe());
    return tr("%1 (live)").arg(db.location().display());
}

QString countsText(const char* what, const ChangeCounts& c)
{
    return QCoreApplication::translate("accord::cli", what)
        .arg(number(c.added), number(c.removed), number(c.changed));
}

QJsonObject changeJson(const RecordChange& c)
{
    QJsonObject o{{QStringLiteral("record"), RecordChange::recordName(c.record.kind)},
                  {QStringLiteral("change"), RecordChange::changeName(c.change)}};
    if (c.record.kind != RecordRef::Kind::Client)
        o.insert(QStringLiteral("user_id"), c.record.userId);
    if (c.record.kind != RecordRef::Kind::User)
        o.insert(QStringLiteral("client_id"), c.record.clientId);
    o.insert(QStringLiteral("label"), c.label);
    if (c.change == RecordChange::Change::Changed) {
        QJsonArray fields;
        for (const FieldChange& f : c.fields) {
            QJsonObject field{{QStringLiteral("field"), f.field}};
            if (f.secret) {
                field.insert(QStringLiteral("secret"), true);
            } else {
                auto value = [](const QString& v) {
                    return v.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(v);
                };
                field.insert(QStringLiteral("old_value"), value(f.oldValue));
                field.insert(QStringLiteral("new_value"), value(f.newValue));
            }
            fields << field;
        }
        o.insert(QStringLiteral("fields"), fields);
    }
    return o;
}

void writeCsv(const DatabaseDiff& diff)
{
    CsvWriter csv(rawOut());
    for (std::string_view column :
         {"record", "change", "user_id", "client_id", "field", "old_value", "new_value", "secret"})
        csv.token(column);
    csv.endLine();
    auto line = [&](const RecordChange& c, const FieldChange* f) {
        csv.token(RecordChange::recordName(c.record.kind).toStdString());
        csv.token(RecordChange::changeName(c.change).toStdString());
        if (c.record.kind != RecordRef::Kind::Client)
            csv.number(c.record.userId);
        else
            csv.text(std::string_view());
        if (c.record.kind != RecordRef::Kind::User)
            csv.number(c.record.clientId);
        else
            csv.text(std::string_view());
        csv.text(f ? QStringView(f->field) : QStringView());
        csv.text(f && !f->secret ? QStringView(f->oldValue) : QStringView());
        csv.text(f && !f->secret ? QStringView(f->newValue) : QStringView());
        csv.token(f && f->secret ? "true" : "false");
        csv.endLine();
    };
    for (const RecordChange& c : diff.changes) {
        if (c.fields.isEmpty())
            line(c, nullptr);
        for (const FieldChange& f : c.fields)
            line(c, &f);
    }
    csv.finish();
}
} // namespace

int diffCommand(Invocation& cmd)
{
    cmd.addValueOption(formatOpt, tr("FORMAT"), tr("table (default), csv or json."));
    if (auto status = cmd.parse(2, 2))
        return *status;
    auto format = cmd.format({Format::Table, Format::Csv, Format::Json});
    if (!format)
        return Usage;
    auto older = DiffService::open(cmd.positional().at(0));
    if (!older)
        return refuse(older.error());
    auto newer = DiffService::open(cmd.positional().at(1));
    if (!newer)
        return refuse(newer.error());
    auto diff = DiffService(*older, *newer).diff();
    if (!diff)
        return refuse(diff.error());
    switch (*format) {
    case Format::Json: {
        JsonArrayWriter writer(out());
        for (const RecordChange& c : diff->changes)
            writer.add(changeJson(c));
        writer.finish();
        break;
    }
    case Format::Csv:
        writeCsv(*diff);
        break;
    case Format::Table: {
        out() << tr("Old: %1").arg(sideText(cmd.positional().at(0), **older)) << '\n'
              << tr("New: %1").arg(sideText(cmd.positional().at(1), **newer)) << '\n'
              << countsText(
                     QT_TRANSLATE_NOOP("accord::cli", "Users: %1 added, %2 removed, %3 changed."),
                     diff->users)
              << ' '
              << countsText(
                     QT_TRANSLATE_NOOP("accord::cli", "Clients: %1 added, %2 removed, %3 changed."),
                     diff->clients)
              << ' '
              << countsText(
                     QT_TRANSLATE_NOOP("accord::cli", "Links: %1 added, %2 removed, %3 changed."),
                     diff->links)
              << '\n';
        if (!diff->secretsCompared)
            out() << tr("Secret columns are not compared: a snapshot without its secrets holds "
                        "none.")
                  << '\n';
        if (diff->changes.isEmpty()) {
            out() << tr("No differences.") << '\n';
            break;
        }
        out() << '\n';
        TableWriter table(
            {tr("Change"), tr("Record"), tr("Who"), tr("Field"), tr("Old"), tr("New")}, out());
        for (const RecordChange& c : diff->changes) {
            const QStringList head{RecordChange::changeText(c.change), c.targetText(), c.label};
            if (c.fields.isEmpty())
                table.add(head + QStringList{QString(), QString(), QString()});
            for (const FieldChange& f : c.fields)
                table.add(head + (f.secret
                                      ? QStringList{f.field, tr("(secret)"), tr("(changed)")}
                                      : QStringList{f.field, RecordChange::shownValue(f.oldValue),
                                                    RecordChange::shownValue(f.newValue)}));
        }
        table.finish();
        break;
    }
    }
    return Done;
}

} // namespace accord::cli
