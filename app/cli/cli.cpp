#include "cli.h"

#include "commands.h"

#include <QCoreApplication>

namespace accord::cli {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("accord::cli", text);
}

struct Command {
    const char* name; // as typed, "user add"
    const char* synopsis;
    const char* description;
    int (*run)(Invocation&);
};

const Command commands[] = {
    {"init", "[--sample N] [--sample-password PW]",
     QT_TRANSLATE_NOOP("accord::cli", "Create or migrate the schema; with --sample, N generated "
                                      "users, about N clients and 1.5 N links."),
     initCommand},
    {"users", "[--search TEXT] [--limit N] [--format table|csv|json]",
     QT_TRANSLATE_NOOP("accord::cli", "List users, id descending."), usersCommand},
    {"user add", "--email E --first-name F --last-name L [--language X]",
     QT_TRANSLATE_NOOP("accord::cli", "Create a user; prints the new id alone."), userAddCommand},
    {"user show", "ID [--format table|json]",
     QT_TRANSLATE_NOOP("accord::cli", "Show a user and the client accounts it can access."),
     userShowCommand},
    {"user set", "ID [--email E] [--first-name F] [--last-name L] [--language X]",
     QT_TRANSLATE_NOOP("accord::cli", "Update a user."), userSetCommand},
    {"user passwd", "ID",
     QT_TRANSLATE_NOOP("accord::cli", "Set the password read from standard input (one line, at "
                                      "least 8 characters)."),
     userPasswdCommand},
    {"user delete", "ID", QT_TRANSLATE_NOOP("accord::cli", "Delete a user that has no links."),
     userDeleteCommand},
    {"client add", "--FIELD VALUE... [--owner-user ID]",
     QT_TRANSLATE_NOOP("accord::cli", "Create a client account; prints the new client id alone. "
                                      "Without --owner-user a new owner user is made from its "
                                      "name and email."),
     clientAddCommand},
    {"client show", "ID [--format table|json]",
     QT_TRANSLATE_NOOP("accord::cli", "Show a client account and the users that can access it."),
     clientShowCommand},
    {"client set", "ID --FIELD VALUE...",
     QT_TRANSLATE_NOOP("accord::cli", "Update a client account's profile."), clientSetCommand},
    {"link", "USER CLIENT --permissions a,b | --owner",
     QT_TRANSLATE_NOOP("accord::cli", "Give a user access to a client account with these "
                                      "permissions, or make the user its owner."),
     linkCommand},
    {"unlink", "USER CLIENT",
     QT_TRANSLATE_NOOP("accord::cli", "Remove a user's access to a client account (never the "
                                      "owner's)."),
     unlinkCommand},
    {"invite", "CLIENT EMAIL --permissions a,b",
     QT_TRANSLATE_NOOP("accord::cli", "Create a pending invite; prints its token alone."),
     inviteCommand},
    {"compare", "USER CLIENT [--format table|json]",
     QT_TRANSLATE_NOOP("accord::cli", "Show the fields in which a linked user and client account "
                                      "differ (exit status 0 also when they differ)."),
     compareCommand},
    {"match", "USER CLIENT --from user|client [--fields f1,f2] [--dry-run]",
     QT_TRANSLATE_NOOP("accord::cli", "Copy a linked user's or client account's details to the "
                                      "other side in one transaction; prints each change."),
     matchCommand},
    {"mismatches", "[--all-links] [--format table|csv|json]",
     QT_TRANSLATE_NOOP("accord::cli", "Owner links whose details differ (every link with "
                                      "--all-links), by client id then user id."),
     mismatchesCommand},
    {"export",
     "--format sqlite OUT [--force] [--include-secrets] [--client ID] [--search TEXT] "
     "[--mismatches [--all-links]]",
     QT_TRANSLATE_NOOP("accord::cli", "Write a snapshot: a standalone SQLite file of users, "
                                      "clients, links, invites, intended marks and the activity "
                                      "log (or of one client, a search, or the mismatch report), "
                                      "with a manifest and no secrets unless asked for."),
     exportCommand},
    {"import", "--format csv|json|sqlite IN... [--dry-run]",
     QT_TRANSLATE_NOOP("accord::cli", "Add users, clients and links from CSV files (or a folder "
                                      "of users.csv, clients.csv and links.csv), an export's "
                                      "JSON or another SQLite file: everything validated first, "
                                      "then applied all or nothing."),
     importCommand},
    {"verify", "FILE [--full]",
     QT_TRANSLATE_NOOP("accord::cli", "Check a snapshot's manifest, integrity and checksum "
                                      "(exit status 0 when whole, 1 with the reason). Needs no "
                                      "--db."),
     verifyCommand},
    {"diff", "OLD NEW [--format table|csv|json]",
     QT_TRANSLATE_NOOP("accord::cli", "What changed between two databases or snapshots (files "
                                      "or URLs): users, clients and links added, removed and "
                                      "changed field by field. Needs no --db."),
     diffCommand},
    {"login", "EMAIL",
     QT_TRANSLATE_NOOP("accord::cli", "Verify the password read from standard input; changes "
                                      "nothing."),
     loginCommand},
};

const Command* find(const QString& name)
{
    for (const Command& c : commands)
        if (name == QLatin1String(c.name))
            return &c;
    return nullptr;
}

// Subcommands of a group such as "user", or empty when `word` is not a group.
QStringList subcommandsOf(const QString& word)
{
    QStringList subs;
    const QString prefix = word + QLatin1Char(' ');
    for (const Command& c : commands) {
        const QString name = QLatin1String(c.name);
        if (name.startsWith(prefix))
            subs << name.mid(prefix.size());
    }
    return subs;
}

void printHelp(const QString& group = {})
{
    QTextStream& s = out();
    if (group.isEmpty()) {
        s << tr("Usage: accord --db FILE|URL COMMAND [options]") << '\n'
          << tr("       accord [--db FILE]            (opens the window)") << '\n'
          << '\n'
          << tr("Accord keeps WHMCS users and client accounts in agreement.") << '\n'
          << '\n'
          << tr("Commands:") << '\n';
    } else {
        s << tr("Usage: accord --db FILE|URL %1 SUBCOMMAND [options]").arg(group) << '\n' << '\n';
    }
    for (const Command& c : commands) {
        const QString name = QLatin1String(c.name);
        if (!group.isEmpty() && !name.startsWith(group + QLatin1Char(' ')))
            continue;
        s << "  " << name << ' ' << QLatin1String(c.synopsis) << '\n'
          << "      " << QCoreApplication::translate("accord::cli", c.description) << '\n';
    }
    s << '\n'
      << tr("Options:") << '\n'
      << tr("  --db FILE|URL   a SQLite file, or postgresql://user@host:port/db or "
            "mysql://user@host:port/db")
      << '\n'
      << tr("  -h, --help      this help; COMMAND --help shows a command's options") << '\n'
      << tr("  -v, --version   the version") << '\n'
      << '\n'
      << tr("Exit status: 0 done, 1 refused (the reason is on standard error), 2 usage error.")
      << '\n';
}

int usageError(const QString& message)
{
    err() << QStringLiteral("accord: ") << message << ' ' << tr("(see: accord --help)") << '\n';
    return Usage;
}

int dispatch(const QStringList& arguments)
{
    // The options before the command: --db, --help, --version.
    QString db;
    int i = 1;
    for (; i < arguments.size(); ++i) {
        const QString& a = arguments.at(i);
        if (a == QLatin1String("--db") || a == QLatin1String("-db")) {
            if (++i >= arguments.size())
                return usageError(tr("Missing value after option '--db'."));
            db = arguments.at(i);
        } else if (a.startsWith(QLatin1String("--db="))) {
            db = a.mid(5);
        } else if (a == QLatin1String("--help") || a == QLatin1String("-h") ||
                   a == QLatin1String("-?")) {
            printHelp();
            return Done;
        } else if (a == QLatin1String("--version") || a == QLatin1String("-v")) {
            out() << QCoreApplication::applicationName() << ' '
                  << QCoreApplication::applicationVersion() << '\n';
            return Done;
        } else if (a.startsWith(QLatin1Char('-'))) {
            return usageError(tr("Unknown option '%1'.").arg(a));
        } else {
            break;
        }
    }
    if (i >= arguments.size())
        return usageError(tr("No command given."));

    QString name = arguments.at(i++);
    const QStringList subs = subcommandsOf(name);
    if (!subs.isEmpty()) {
        const QString sub = arguments.value(i);
        if (sub == QLatin1String("--help") || sub == QLatin1String("-h")) {
            printHelp(name);
            return Done;
        }
        if (!subs.contains(sub))
            return usageError(
                sub.isEmpty()
                    ? tr("'%1' needs one of: %2.").arg(name, subs.join(QLatin1String(", ")))
                    : tr("Unknown command '%1 %2'; '%1' takes one of: %3.")
                          .arg(name, sub, subs.join(QLatin1String(", "))));
        name += QLatin1Char(' ') + sub;
        ++i;
    }
    const Command* command = find(name);
    if (!command)
        return usageError(tr("Unknown command '%1'.").arg(name));
    Invocation invocation(name, QLatin1String(command->synopsis),
                          QCoreApplication::translate("accord::cli", command->description),
                          arguments.mid(i), db);
    return command->run(invocation);
}
} // namespace

bool wantsHeadless(const QStringList& arguments)
{
    for (int i = 1; i < arguments.size(); ++i) {
        const QString& a = arguments.at(i);
        if (a == QLatin1String("--db")) {
            ++i;
            continue;
        }
        if (!a.startsWith(QLatin1Char('-')) || a == QLatin1String("--help") ||
            a == QLatin1String("-h") || a == QLatin1String("--version") || a == QLatin1String("-v"))
            return true;
    }
    return false;
}

int run(const QStringList& arguments)
{
    const int status = dispatch(arguments);
    flushStreams();
    return status;
}

} // namespace accord::cli
