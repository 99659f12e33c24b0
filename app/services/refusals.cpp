#include "refusals.h"

#include <QCoreApplication>

namespace accord {

Error emailClashError(const QString& email)
{
    return Error::clash(QStringLiteral("email"),
                        QCoreApplication::translate(
                            "UserService", "The email address %1 is already used by another user.")
                            .arg(email.trimmed()));
}

Error unknownClientField(const QString& column)
{
    return Error::validation(
        column, QCoreApplication::translate("ClientService", "%1 is not a client profile field.")
                    .arg(column));
}

Error notLinkedError(qint64 userId, qint64 clientId)
{
    return Error::make(
               Error::Kind::NotFound,
               QCoreApplication::translate("AccessService", "User %1 has no access to client %2.")
                   .arg(userId)
                   .arg(clientId))
        .about(RecordRef::link(userId, clientId));
}

Error accountDetailsRefusal(qint64 userId, qint64 clientId)
{
    return Error::make(Error::Kind::Refused,
                       QCoreApplication::translate(
                           "ClientAreaService",
                           "You may not view or change this account's details: that needs the "
                           "owner, or the \u201cModify Master Account Profile\u201d permission, "
                           "which the account owner can give you."))
        .about(RecordRef::link(userId, clientId));
}

Error notOwnerRefusal(qint64 userId, qint64 clientId)
{
    return Error::make(Error::Kind::Refused,
                       QCoreApplication::translate("ClientAreaService",
                                                   "Only the account owner can manage its users."))
        .about(RecordRef::link(userId, clientId));
}

Error previewRefusal(const QString& what)
{
    return Error::make(Error::Kind::Refused,
                       QCoreApplication::translate("ClientAreaService",
                                                   "An admin preview cannot %1: only the user can.")
                           .arg(what));
}

} // namespace accord
