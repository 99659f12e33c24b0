#pragma once

#include "domain/permission.h"
#include "domain/result.h"
#include "output.h"
#include "storage/database.h"

#include <QCommandLineParser>
#include <QList>
#include <QString>

#include <optional>

namespace accord::cli {

enum ExitStatus : int { Done = 0, Refused = 1, Usage = 2 };

// One headless command as typed: its options, positional arguments and --db. Every
// failure to understand the command line is reported here, once, as a usage error.
class Invocation
{
public:
    // `name` as typed ("user add"); `synopsis` its arguments; `arguments` what follows the
    // command name; `db` the --db given before it (a --db after it wins).
    Invocation(QString name, QString synopsis, QString description, QStringList arguments,
               QString db);

    void addValueOption(const QString& name, const QString& valueName, const QString& description);
    void addFlag(const QString& name, const QString& description);

    // nullopt: carry on; otherwise the exit status to return (help was printed, or the
    // arguments were not understood and a usage error was reported).
    std::optional<int> parse(int minPositional, int maxPositional);

    bool isSet(const QString& name) const { return m_parser.isSet(name); }
    QString value(const QString& name) const { return m_parser.value(name); }
    const QStringList& positional() const { return m_positional; }

    // The parsers below report a usage error and return nullopt on a bad value.
    std::optional<qint64> id(int index, const QString& what) const;
    std::optional<qint64> idOption(const QString& name) const;
    std::optional<int> positiveNumber(const QString& option) const;
    std::optional<Format> format(const QList<Format>& allowed) const;
    std::optional<Permissions> permissions(const QString& option) const;

    // The database named by --db. Exit status in `status` when it cannot be opened: usage
    // without --db, a refusal when the file is missing (only `init` creates it).
    DatabasePtr openDatabase(int& status, bool create = false) const;

    int usage(const QString& message) const;

private:
    QString m_name;
    QString m_synopsis;
    QString m_description;
    QStringList m_arguments;
    QString m_db;
    QCommandLineParser m_parser;
    QStringList m_positional;
};

// Reports a refusal: one line on stderr per problem, naming its field or the reason.
// Returns Refused.
int refuse(const Error& error);
// A password read from standard input: one line, the trailing newline removed.
QString readPasswordLine();

} // namespace accord::cli
