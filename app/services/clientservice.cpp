#include "clientservice.h"

#include "domain/activitywording.h"
#include "domain/validation.h"
#include "recordedits.h"
#include "refusals.h"
#include "rowvalues.h"
#include "session.h"
#include "storage/sql.h"

#include <QCoreApplication>
#include <QUuid>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("ClientService", text);
}
} // namespace

Result<ClientAccount> ClientService::find(qint64 id) const
{
    return ReadScope(*m_db).clients.find(id);
}

Result<QList<Access>> ClientService::accessOf(qint64 clientId) const
{
    return ReadScope(*m_db).access.forClient(clientId);
}

Result<std::optional<User>> ClientService::ownerOf(qint64 clientId) const
{
    ReadScope r(*m_db);
    auto owner = r.access.ownerOf(clientId);
    if (!owner)
        return owner.error();
    if (!*owner)
        return std::optional<User>();
    auto user = r.users.find((*owner)->userId);
    if (!user)
        return user.error();
    return std::optional<User>(*user);
}

Result<qint64> ClientService::add(const QMap<QString, QString>& profile, qint64 ownerUserId) const
{
    ClientAccount draft;
    QSet<QString> all;
    for (const auto& f : clientProfileFields()) {
        const QString column = QLatin1String(f.column);
        all << column;
        draft.profile[column] = notNull(profile.value(column).trimmed());
    }
    for (auto it = profile.begin(); it != profile.end(); ++it)
        if (!isClientProfileField(it.key()))
            return unknownClientField(it.key());
    if (draft.profile[QStringLiteral("status")].isEmpty())
        draft.profile[QStringLiteral("status")] = QStringLiteral("Active");
    if (auto problems = clientProblems(draft, all); !problems.isEmpty())
        return Error::invalid(problems);

    return inWrite(*m_db, [&](WriteScope& w) -> Result<qint64> {
        qint64 ownerId = ownerUserId;
        QString ownerName;
        const QString now = nowText();
        if (ownerId) {
            auto owner = w.users.find(ownerId);
            if (!owner)
                return owner.error();
            ownerName = owner->fullName();
        } else {
            auto existing = w.users.findByEmail(draft.email());
            if (!existing)
                return existing.error();
            if (*existing)
                return Error::clash(QStringLiteral("email"),
                                    tr("A user with the email address %1 already exists (user %2); "
                                       "choose that user as the owner instead.")
                                        .arg(draft.email())
                                        .arg((*existing)->id))
                    .about(RecordRef::user((*existing)->id));
            auto id = w.users.insert(
                {{QStringLiteral("first_name"), draft.firstName()},
                 {QStringLiteral("last_name"), draft.lastName()},
                 {QStringLiteral("email"), draft.email()},
                 {QStringLiteral("language"), draft.value(QStringLiteral("language"))},
                 {QStringLiteral("created_at"), now},
                 {QStringLiteral("updated_at"), now}});
            if (!id)
                return id.error();
            ownerId = *id;
            ownerName = draft.fullName();
            if (auto r = w.log.write(activity::userCreated(ownerId, draft.email()), 0, ownerId); !r)
                return r.error();
        }
        QVariantMap columns{
            {QStringLiteral("uuid"), QUuid::createUuid().toString(QUuid::WithoutBraces)},
            {QStringLiteral("datecreated"), now.left(10)},
            {QStringLiteral("created_at"), now},
            {QStringLiteral("updated_at"), now}};
        for (const auto& [column, value] : draft.profile)
            columns.insert(column, value);
        auto clientId = w.clients.insert(columns);
        if (!clientId)
            return clientId.error();
        if (auto r = w.log.write(activity::clientCreated(*clientId), *clientId, 0); !r)
            return r.error();
        auto link = w.access.insert(newLinkRow(ownerId, *clientId, true, Permissions::all(), now));
        if (!link)
            return link.error();
        if (auto r = w.log.write(activity::relationshipCreated(ownerName, Permissions::all(),
                                                               *clientId, ownerId, true),
                                 *clientId, ownerId);
            !r)
            return r.error();
        if (auto r = w.commit(); !r)
            return r.error();
        return *clientId;
    });
}

Result<ClientAccount> ClientService::update(const ClientAccount& loaded,
                                            const QMap<QString, QString>& changes) const
{
    auto edit = planClientEdit(loaded, changes);
    if (!edit)
        return edit.error();
    if (edit->isEmpty())
        return loaded;
    return inWrite(*m_db, [&](WriteScope& w) -> Result<ClientAccount> {
        if (auto r = applyClientEdit(w, *edit); !r)
            return r.error();
        return w.commitWith(w.clients.find(loaded.id));
    });
}

} // namespace accord
