#include "invocation.h"

#include "services/connectionservice.h"
#include "services/keychaincredentialstore.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>

#include <cstdio>

namespace accord::cli {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("accord::cli", text);
}

const QString dbOption = QStringLiteral("db");
} // namespace

Invocation::Invocation(QString name, QString synopsis, QString description, QStringList arguments,
                       QString db)
    : m_name(std::move(name)), m_synopsis(std::move(synopsis)),
      m_description(std::move(description)), m_arguments(std::move(arguments)), m_db(std::move(db))
{
    m_parser.setApplicationDescription(m_description);
    m_parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    // Not addHelpOption(): its --help-all would slip past parse() unnoticed.
    m_parser.addOption(QCommandLineOption({QStringLiteral("h"), QStringLiteral("help")},
                                          tr("Show this command's help.")));
    m_parser.addOption(QCommandLineOption(
        dbOption, tr("The database: a SQLite file, or a postgresql:// or mysql:// URL."),
        tr("FILE|URL")));
}

void Invocation::addValueOption(const QString& name, const QString& valueName,
                                const QString& description)
{
    m_parser.addOption(QCommandLineOption(name, description, valueName));
}

void Invocation::addFlag(const QString& name, const QString& description)
{
    m_parser.addOption(QCommandLineOption(name, description));
}

std::optional<int> Invocation::parse(int minPositional, int maxPositional)
{
    // parse(), not process(): process() exits with status 1 on an unknown option.
    if (!m_parser.parse(QStringList{QStringLiteral("accord")} + m_arguments))
        return usage(m_parser.errorText());
    if (m_parser.isSet(QStringLiteral("help"))) {
        // Qt's own "Usage:" line knows nothing of commands; ours replaces it.
        QString help = m_parser.helpText();
        help = help.mid(help.indexOf(QLatin1Char('\n')) + 1);
        out() << tr("Usage: accord --db FILE %1 %2").arg(m_name, m_synopsis).trimmed() << '\n'
              << help;
        return Done;
    }
    m_positional = m_parser.positionalArguments();
    if (m_positional.size() < minPositional)
        return usage(tr("%1 needs more arguments: %2").arg(m_name, m_synopsis));
    if (m_positional.size() > maxPositional)
        return usage(tr("Unexpected argument '%1'.").arg(m_positional.at(maxPositional)));
    if (m_parser.isSet(dbOption))
        m_db = m_parser.value(dbOption);
    return std::nullopt;
}

namespace {
std::optional<qint64> parseId(const QString& text)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]{1,18}$"));
    if (!digits.match(text).hasMatch())
        return std::nullopt;
    return text.toLongLong();
}
} // namespace

std::optional<qint64> Invocation::id(int index, const QString& what) const
{
    const QString text = m_positional.value(index);
    auto id = parseId(text);
    if (!id)
        usage(tr("%1 must be a numeric ID, not '%2'.").arg(what, text));
    return id;
}

std::optional<qint64> Invocation::idOption(const QString& name) const
{
    const QString text = value(name);
    auto id = parseId(text);
    if (!id)
        usage(tr("--%1 takes a numeric ID, not '%2'.").arg(name, text));
    return id;
}

std::optional<int> Invocation::positiveNumber(const QString& option) const
{
    bool ok = false;
    const int n = value(option).toInt(&ok);
    if (!ok || n < 1) {
        usage(tr("--%1 takes a positive number, not '%2'.").arg(option, value(option)));
        return std::nullopt;
    }
    return n;
}

std::optional<Format> Invocation::format(const QList<Format>& allowed) const
{
    static const QList<std::pair<Format, QString>> names{{Format::Table, QStringLiteral("table")},
                                                         {Format::Csv, QStringLiteral("csv")},
                                                         {Format::Json, QStringLiteral("json")}};
    if (!isSet(QStringLiteral("format")))
        return Format::Table;
    const QString wanted = value(QStringLiteral("format"));
    QStringList choices;
    for (const auto& [format, name] : names) {
        if (!allowed.contains(format))
            continue;
        if (name == wanted)
            return format;
        choices << name;
    }
    usage(tr("--format takes %1, not '%2'.").arg(choices.join(QLatin1String("|")), wanted));
    return std::nullopt;
}

std::optional<Permissions> Invocation::permissions(const QString& option) const
{
    const QStringList names = value(option).split(QLatin1Char(','), Qt::SkipEmptyParts);
    QString unknown;
    auto parsed = Permissions::fromNames(names, &unknown);
    if (!parsed) {
        QStringList known;
        for (Permission p : Permissions::ordered())
            known << Permissions::name(p);
        usage(tr("Unknown permission '%1'; the permissions are %2.")
                  .arg(unknown.trimmed(), known.join(QLatin1String(","))));
    }
    return parsed;
}

DatabasePtr Invocation::openDatabase(int& status, bool create) const
{
    if (m_db.isEmpty()) {
        status = usage(tr("--db FILE is required."));
        return nullptr;
    }
    KeychainCredentialStore keychain;
    auto opened = ConnectionService::openHeadless(m_db, OpenOptions{create, true}, keychain);
    if (!opened) {
        status = refuse(opened.error());
        return nullptr;
    }
    DatabasePtr db = *opened;
    if (!db->backupPath().isEmpty())
        err() << tr("accord: the database was updated to schema version %1; the previous file "
                    "was copied to %2.")
                     .arg(db->schemaVersion())
                     .arg(db->backupPath())
              << '\n';
    for (const QString& warning : db->loginClashWarnings())
        err() << tr("accord: warning: %1").arg(warning) << '\n';
    err().flush();
    return db;
}

int Invocation::usage(const QString& message) const
{
    err() << QStringLiteral("accord: ") << message << ' '
          << tr("(see: accord %1 --help)").arg(m_name) << '\n';
    err().flush();
    return Usage;
}

int refuse(const Error& error)
{
    for (const Error& problem : error.fieldProblems()) {
        QString line = problem.message.simplified();
        if (!problem.field.isEmpty())
            line = problem.field + QStringLiteral(": ") + line;
        err() << QStringLiteral("accord: ") << line << '\n';
    }
    err().flush();
    return Refused;
}

QString readPasswordLine()
{
    QFile in;
    if (!in.open(stdin, QIODevice::ReadOnly))
        return {};
    QByteArray line = in.readLine();
    if (line.endsWith('\n'))
        line.chop(1);
    if (line.endsWith('\r'))
        line.chop(1);
    return QString::fromUtf8(line);
}

} // namespace accord::cli
