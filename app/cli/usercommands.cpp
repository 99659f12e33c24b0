// The user commands: users, user add/show/set/passwd/delete, login.
#include "commands.h"
#include "records.h"
#include "services/clientservice.h"
#include "services/userservice.h"
#include "storage/csvwriter.h"
#include "storage/userdirectory.h"
#include "storage/userlistwriter.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace accord::cli {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("accord::cli", text);
}

const QString emailOpt = QStringLiteral("email");
const QString firstNameOpt = QStringLiteral("first-name");
const QString lastNameOpt = QStringLiteral("last-name");
const QString languageOpt = QStringLiteral("language");
const QString formatOpt = QStringLiteral("format");

void addUserFieldOptions(Invocation& cmd)
{
    cmd.addValueOption(emailOpt, tr("E"), tr("The email address (the login)."));
    cmd.addValueOption(firstNameOpt, tr("F"), tr("The first name."));
    cmd.addValueOption(lastNameOpt, tr("L"), tr("The last name."));
    cmd.addValueOption(languageOpt, tr("X"),
                       tr("The language: '' for Default, or a language name (lowercase letters, "
                          "digits, - and _)."));
}

QStringList userTableRow(const User& u)
{
    return {QString::number(u.id),
            u.firstName,
            u.lastName,
            u.email,
            yesNo(u.emailVerifiedAt.isValid()),
            u.twoFactorEnabled ? tr("On") : tr("Off"),
            u.lastLogin.isValid() ? localDate(u.lastLogin) : tr("Never"),
            QString::number(u.clientCount)};
}
} // namespace

int usersCommand(Invocation& cmd)
{
    cmd.addValueOption(QStringLiteral("search"), tr("TEXT"),
                       tr("Only users whose name or email matches (#ID finds by id)."));
    cmd.addValueOption(QStringLiteral("limit"), tr("N"), tr("At most N users."));
    cmd.addValueOption(formatOpt, tr("FORMAT"), tr("table (default), csv or json."));
    if (auto status = cmd.parse(0, 0))
        return *status;
    auto format = cmd.format({Format::Table, Format::Csv, Format::Json});
    if (!format)
        return Usage;
    int limit = 0;
    if (cmd.isSet(QStringLiteral("limit"))) {
        auto n = cmd.positiveNumber(QStringLiteral("limit"));
        if (!n)
            return Usage;
        limit = *n;
    }
    int status = Done;
    DatabasePtr db = cmd.openDatabase(status);
    if (!db)
        return status;

    UserDirectory directory(db->connection(), db->dialect());
    const QString search = cmd.value(QStringLiteral("search"));
    Result<void> listed;
    switch (*format) {
    case Format::Json:
    case Format::Csv: {
        // Straight from the engine's cursor into stdout's bytes.
        const UserListWriter writer(*db);
        auto written = writer.write(SearchTerm::parse(search), limit,
                                    *format == Format::Json ? UserListWriter::Format::Json
                                                            : UserListWriter::Format::Csv,
                                    rawOut());
        if (!written)
            listed = written.error();
        break;
    }
    case Format::Table: {
        TableWriter table({tr("ID"), tr("First Name"), tr("Last Name"), tr("Email"), tr("Verified"),
                           tr("2FA"), tr("Last Login"), tr("Clients")},
                          out());
        listed =
            directory.forEach(search, limit, [&](const User& u) { table.add(userTableRow(u)); });
        if (listed) {
            if (table.rowCount() == 0)
                out() << tr("No users found.") << '\n';
            else
                table.finish();
        }
        break;
    }
    }
    return listed ? Done : refuse(listed.error());
}

int userAddCommand(Invocation& cmd)
{
    addUserFieldOptions(cmd);
    if (auto status = cmd.parse(0, 0))
        return *status;
    for (const QString& required : {emailOpt, firstNameOpt, lastNameOpt})
        if (!cmd.isSet(required))
            return cmd.usage(tr("--%1 is required.").arg(required));
    int status = Done;
    DatabasePtr db = cmd.openDatabase(status);
    if (!db)
        return status;
    NewUser user;
    user.email = cmd.value(emailOpt);
    user.firstName = cmd.value(firstNameOpt);
    user.lastName = cmd.value(lastNameOpt);
    user.language = cmd.value(languageOpt);
    auto id = UserService(db).add(user);
    if (!id)
        return refuse(id.error());
    out() << *id << '\n';
    return Done;
}

int userShowCommand(Invocation& cmd)
{
    cmd.addValueOption(formatOpt, tr("FORMAT"), tr("table (default) or json."));
    if (auto status = cmd.parse(1, 1))
        return *status;
    auto id = cmd.id(0, tr("USER"));
    if (!id)
        return Usage;
    auto format = cmd.format({Format::Table, Format::Json});
    if (!format)
        return Usage;
    int status = Done;
    DatabasePtr db = cmd.openDatabase(status);
    if (!db)
        return status;
    const UserService users(db);
    auto user = users.find(*id);
    if (!user)
        return refuse(user.error());
    auto links = users.accessOf(*id);
    if (!links)
        return refuse(links.error());

    if (*format == Format::Json) {
        QJsonObject o = userJson(*user);
        QJsonArray clients;
        for (const Access& link : *links)
            clients << linkFromUserJson(link);
        o.insert(QStringLiteral("clients"), clients);
        printJson(o);
        return Done;
    }
    const User& u = *user;
    printFields({{tr("ID"), QString::number(u.id)},
                 {tr("First Name"), u.firstName},
                 {tr("Last Name"), u.lastName},
                 {tr("Email Address"), u.email},
                 {tr("Email Verified"),
                  u.emailVerifiedAt.isValid() ? localDate(u.emailVerifiedAt) : tr("No")},
                 {tr("Language"), languageText(u.language)},
                 {tr("Two-Factor"), u.twoFactorEnabled ? tr("On") : tr("Off")},
                 {tr("Last Login"), u.lastLogin.isValid() ? localDate(u.lastLogin) : tr("Never")},
                 {tr("Created"), localDate(u.createdAt)},
                 {tr("Updated"), localDate(u.updatedAt)}});
    out() << '\n';
    if (links->isEmpty()) {
        out() << tr("No client accounts.") << '\n';
        return Done;
    }
    out() << tr("Client accounts:") << '\n';
    const ClientService clients(db);
    TableWriter table({tr("Client ID"), tr("Name"), tr("Company"), tr("Owner"), tr("Permissions")},
                      out());
    for (const Access& link : *links) {
        auto client = clients.find(link.clientId);
        // Vendor data has orphan links; show them rather than fail.
        const QString name = client ? client->fullName() : tr("(missing)");
        const QString company = client ? client->companyName() : QString();
        table.add({QString::number(link.clientId), name, company,
                   link.owner ? tr("Owner") : QString(), permissionsText(link)});
    }
    table.finish();
    return Done;
}

int userSetCommand(Invocation& cmd)
{
    addUserFieldOptions(cmd);
    if (auto status = cmd.parse(1, 1))
        return *status;
    auto id = cmd.id(0, tr("USER"));
    if (!id)
        return Usage;
    UserChanges changes;
    if (cmd.isSet(emailOpt))
        changes.email = cmd.value(emailOpt);
    if (cmd.isSet(firstNameOpt))
        changes.firstName = cmd.value(firstNameOpt);
    if (cmd.isSet(lastNameOpt))
        changes.lastName = cmd.value(lastNameOpt);
    if (cmd.isSet(languageOpt))
        changes.language = cmd.value(languageOpt);
    if (changes.isEmpty())
        return cmd.usage(
            tr("Give at least one of --email, --first-name, --last-name, --language."));
    int status = Done;
    DatabasePtr db = cmd.openDatabase(status);
    if (!db)
        return status;
    const UserService users(db);
    auto loaded = users.find(*id);
    if (!loaded)
        return refuse(loaded.error());
    auto stored = users.update(*loaded, changes);
    if (!stored)
        return refuse(stored.error());
    if (*stored == *loaded)
        out() << tr("User %1: nothing to change.").arg(*id) << '\n';
    else
        out() << tr("User %1 updated.").arg(*id) << '\n';
    return Done;
}

int userPasswdCommand(Invocation& cmd)
{
    if (auto status = cmd.parse(1, 1))
        return *status;
    auto id = cmd.id(0, tr("USER"));
    if (!id)
        return Usage;
    int status = Done;
    DatabasePtr db = cmd.openDatabase(status);
    if (!db)
        return status;
    const UserService users(db);
    if (auto user = users.find(*id); !user)
        return refuse(user.error());
    const QString password = readPasswordLine();
    if (auto r = users.setPassword(*id, password); !r)
        return refuse(r.error());
    out() << tr("Password of user %1 changed.").arg(*id) << '\n';
    return Done;
}

int userDeleteCommand(Invocation& cmd)
{
    if (auto status = cmd.parse(1, 1))
        return *status;
    auto id = cmd.id(0, tr("USER"));
    if (!id)
        return Usage;
    int status = Done;
    DatabasePtr db = cmd.openDatabase(status);
    if (!db)
        return status;
    if (auto r = UserService(db).remove(*id); !r)
        return refuse(r.error());
    out() << tr("User %1 deleted.").arg(*id) << '\n';
    return Done;
}

int loginCommand(Invocation& cmd)
{
    if (auto status = cmd.parse(1, 1))
        return *status;
    int status = Done;
    DatabasePtr db = cmd.openDatabase(status);
    if (!db)
        return status;
    const QString password = readPasswordLine();
    if (password.isEmpty())
        return refuse(Error::validation(QStringLiteral("password"), tr("The password is empty.")));
    auto user = UserService(db).checkSignIn(cmd.positional().at(0), password);
    if (!user)
        return refuse(user.error());
    out() << tr("Signed in as user %1 (%2).").arg(user->id).arg(user->email) << '\n';
    return Done;
}

} // namespace accord::cli
