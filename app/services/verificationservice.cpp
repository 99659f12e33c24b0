#include "verificationservice.h"

#include "userservice.h"

#include <algorithm>

namespace accord {

Result<VerificationSheet> VerificationService::load(qint64 userId, qint64 clientId) const
{
    VerificationSheet sheet;
    sheet.database = m_db->location().display();
    sheet.operatorName = m_db->operatorName();
    sheet.madeAt = QDateTime::currentDateTimeUtc();
    const UserService users(m_db);
    auto user = users.find(userId);
    if (!user)
        return user.error();
    sheet.user = *user;
    QList<qint64> clients;
    if (clientId) {
        clients << clientId;
    } else {
        auto links = users.accessOf(userId);
        if (!links)
            return links.error();
        for (const Access& link : *links)
            clients << link.clientId;
        std::sort(clients.begin(), clients.end());
    }
    const MatchService match(m_db);
    for (qint64 id : clients) {
        auto link = match.compare(userId, id);
        if (!link)
            return link.error();
        sheet.links << *link;
    }
    return sheet;
}

} // namespace accord
