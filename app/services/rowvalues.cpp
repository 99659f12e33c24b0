#include "rowvalues.h"

namespace accord {

QVariantMap newLinkRow(qint64 userId, qint64 clientId, bool owner, const Permissions& permissions,
                       const QString& now)
{
    return {{QStringLiteral("auth_user_id"), userId},
            {QStringLiteral("client_id"), clientId},
            {QStringLiteral("owner"), owner ? 1 : 0},
            {QStringLiteral("permissions"), (owner ? Permissions::all() : permissions).toStored()},
            {QStringLiteral("created_at"), now},
            {QStringLiteral("updated_at"), now}};
}

} // namespace accord
