#include "secrets.h"

namespace accord {

const QStringList& secretColumns(const QString& table)
{
    static const QStringList users{QStringLiteral("password"),
                                   QStringLiteral("remember_token"),
                                   QStringLiteral("reset_token"),
                                   QStringLiteral("email_verification_token"),
                                   QStringLiteral("second_factor"),
                                   QStringLiteral("second_factor_config"),
                                   QStringLiteral("security_question_answer")};
    static const QStringList clients{QStringLiteral("password"),     QStringLiteral("authdata"),
                                     QStringLiteral("securityqans"), QStringLiteral("pwresetkey"),
                                     QStringLiteral("cardnum"),      QStringLiteral("startdate"),
                                     QStringLiteral("expdate"),      QStringLiteral("issuenumber"),
                                     QStringLiteral("bankcode"),     QStringLiteral("bankacct")};
    static const QStringList invites{QStringLiteral("token")};
    static const QStringList none;
    if (table == QLatin1String("tblusers"))
        return users;
    if (table == QLatin1String("tblclients"))
        return clients;
    if (table == QLatin1String("tbluser_invites"))
        return invites;
    return none;
}

bool isSecretColumn(const QString& table, const QString& column)
{
    return secretColumns(table).contains(column);
}

} // namespace accord
