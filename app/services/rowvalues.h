#pragma once

#include "domain/permission.h"

#include <QString>
#include <QVariantMap>

namespace accord {

// Values as the vendor's tables take them, for the rows the services write.

// A null QString binds as SQL NULL, which the NOT NULL text columns refuse: '' instead.
inline QString notNull(const QString& s)
{
    return s.isNull() ? QString(QLatin1String("")) : s;
}

// The columns of a new tblusers_clients row (an owner link holds all 13 permissions).
QVariantMap newLinkRow(qint64 userId, qint64 clientId, bool owner, const Permissions& permissions,
                       const QString& now);

} // namespace accord
