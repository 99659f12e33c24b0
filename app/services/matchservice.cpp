#include "matchservice.h"

#include "domain/validation.h"
#include "recordedits.h"
#include "refusals.h"
#include "session.h"
#include "storage/settingsrepository.h"

#include <QCoreApplication>
#include <QHash>
#include <QSet>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("MatchService", text);
}

const QString keepInStepSetting = QStringLiteral("keep_in_step");

void setUserChange(UserChanges& changes, const QString& field, const QString& value)
{
    if (field == QLatin1String("first_name"))
        changes.firstName = value;
    else if (field == QLatin1String("last_name"))
        changes.lastName = value;
    else if (field == QLatin1String("email"))
        changes.email = value;
    else
        changes.language = value;
}

// A refusal that says which link it came from: a batch names the row that cancelled it.
// An error about one record keeps saying which; any other is about the link.
Error aboutLink(Error e, qint64 userId, qint64 clientId)
{
    const QString prefix = tr("User %1 and client %2: ").arg(userId).arg(clientId);
    e.message = prefix + e.message;
    for (Error& problem : e.problems)
        problem.message = prefix + problem.message;
    return e.record.isNone() ? e.about(RecordRef::link(userId, clientId)) : e;
}

// The value a match writes: the source's, without surrounding spaces. A source with
// surrounding spaces is trimmed too, so both sides end up equal.
void planField(QList<PlannedChange>& out, const Comparison& link, const QString& field,
               MatchFrom from)
{
    const QString u = comparedUserValue(link.user, field);
    const QString c = comparedClientValue(link.client, field);
    if (!compareValues(u, c))
        return;
    const bool toClient = from == MatchFrom::User;
    const QString source = toClient ? u : c;
    const QString target = toClient ? c : u;
    const QString value = source.trimmed();
    if (value != target)
        out << PlannedChange{link.user.id, link.client.id, !toClient, field, target, value};
    if (value != source)
        out << PlannedChange{link.user.id, link.client.id, toClient, field, source, value};
}
} // namespace

const FieldDifference* Comparison::difference(const QString& field) const
{
    for (const FieldDifference& d : differences)
        if (d.field == field)
            return &d;
    return nullptr;
}

QString PlannedChange::describe() const
{
    const QString record = onUser ? tr("User %1").arg(userId) : tr("Client %1").arg(clientId);
    auto shown = [](const QString& v) {
        return v.isEmpty() ? tr("(empty)") : QLatin1Char('"') + v + QLatin1Char('"');
    };
    return tr("%1 %2: %3 → %4").arg(record, comparedFieldLabel(field), shown(before), shown(after));
}

Result<Comparison> MatchService::compare(qint64 userId, qint64 clientId) const
{
    ReadScope r(*m_db);
    auto link = r.access.find(userId, clientId);
    if (!link)
        return link.error();
    if (!*link)
        return notLinkedError(userId, clientId);
    auto user = r.users.find(userId);
    if (!user)
        return user.error();
    auto client = r.clients.find(clientId);
    if (!client)
        return client.error();
    Comparison c{*user, *client, (*link)->owner, accord::compare(*user, *client), {}, **link};
    if (m_db->hasDifferenceTable()) {
        auto marks = DifferenceStore(m_db->connection(), m_db->dialect()).marks(userId, clientId);
        if (!marks)
            return marks.error();
        c.marks = *marks;
    }
    return c;
}

Result<MatchPlan> MatchService::plan(const QList<MatchRequest>& requests) const
{
    MatchPlan out;
    for (const MatchRequest& request : requests) {
        for (const QString& field : request.fields)
            if (!comparedField(field))
                return Error::validation(QStringLiteral("fields"),
                                         tr("%1 is not a compared field (first_name, last_name, "
                                            "email, language).")
                                             .arg(field));
        auto link = compare(request.userId, request.clientId);
        if (!link)
            return aboutLink(link.error(), request.userId, request.clientId);
        QList<FieldChoice> choices;
        for (const auto& f : comparedFields()) {
            const QString field = QLatin1String(f.userColumn);
            if (request.fields.isEmpty() || request.fields.contains(field))
                choices << FieldChoice{field, request.from};
        }
        auto one = plan(*link, choices);
        if (!one)
            return one.error();
        out.links << one->links;
        out.changes << one->changes;
    }
    // Two rows writing one record's field must agree (a user who owns two clients with
    // different emails cannot take both).
    QHash<QString, const PlannedChange*> writes;
    for (const PlannedChange& change : out.changes) {
        const QString key = (change.onUser ? QStringLiteral("u%1:") : QStringLiteral("c%1:"))
                                .arg(change.onUser ? change.userId : change.clientId) +
                            change.field;
        if (const PlannedChange* earlier = writes.value(key); earlier) {
            if (earlier->after != change.after)
                return Error::validation(
                    change.field,
                    tr("%1 would be set to two different values by user %2 / client %3 and "
                       "user %4 / client %5; match them one at a time.")
                        .arg(change.onUser ? tr("User %1's %2")
                                                 .arg(change.userId)
                                                 .arg(comparedFieldLabel(change.field))
                                           : tr("Client %1's %2")
                                                 .arg(change.clientId)
                                                 .arg(comparedFieldLabel(change.field)))
                        .arg(earlier->userId)
                        .arg(earlier->clientId)
                        .arg(change.userId)
                        .arg(change.clientId));
            continue;
        }
        writes.insert(key, &change);
    }
    return out;
}

Result<MatchPlan> MatchService::plan(const Comparison& loaded,
                                     const QList<FieldChoice>& choices) const
{
    MatchPlan out;
    out.links << loaded;
    QSet<QString> chosen;
    for (const FieldChoice& choice : choices) {
        if (!comparedField(choice.field))
            return Error::validation(QStringLiteral("fields"),
                                     tr("%1 is not a compared field.").arg(choice.field));
        if (chosen.contains(choice.field))
            return Error::validation(choice.field,
                                     tr("%1 is chosen twice; choose one direction per field.")
                                         .arg(comparedFieldLabel(choice.field)));
        chosen.insert(choice.field);
        planField(out.changes, loaded, choice.field, choice.from);
    }
    return out;
}

Result<int> MatchService::apply(const MatchPlan& plan) const
{
    if (plan.isEmpty())
        return 0;
    // Each record once, as first loaded, with every change the plan makes to it.
    QMap<qint64, std::pair<const Comparison*, UserChanges>> users;
    QMap<qint64, std::pair<const Comparison*, QMap<QString, QString>>> clients;
    auto linkOf = [&](const PlannedChange& change) -> const Comparison* {
        for (const Comparison& link : plan.links)
            if (link.user.id == change.userId && link.client.id == change.clientId)
                return &link;
        return nullptr;
    };
    for (const PlannedChange& change : plan.changes) {
        const Comparison* link = linkOf(change);
        if (!link)
            return Error::make(Error::Kind::Storage, tr("A planned change has no link."));
        if (change.onUser) {
            auto& entry = users[change.userId];
            if (!entry.first)
                entry.first = link;
            setUserChange(entry.second, change.field, change.after);
        } else {
            auto& entry = clients[change.clientId];
            if (!entry.first)
                entry.first = link;
            entry.second.insert(QLatin1String(comparedField(change.field)->clientColumn),
                                change.after);
        }
    }
    QList<std::pair<const Comparison*, UserEdit>> userEdits;
    for (auto it = users.begin(); it != users.end(); ++it) {
        auto edit = planUserEdit(it->first->user, it->second);
        if (!edit)
            return aboutLink(edit.error(), it->first->user.id, it->first->client.id);
        userEdits.append({it->first, *edit});
    }
    QList<std::pair<const Comparison*, ClientEdit>> clientEdits;
    for (auto it = clients.begin(); it != clients.end(); ++it) {
        auto edit = planClientEdit(it->first->client, it->second);
        if (!edit)
            return aboutLink(edit.error(), it->first->user.id, it->first->client.id);
        clientEdits.append({it->first, *edit});
    }

    return inWrite(*m_db, [&](WriteScope& w) -> Result<int> {
        int written = 0;
        for (const auto& [link, edit] : userEdits) {
            if (auto r = applyUserEdit(w, edit); !r)
                return aboutLink(r.error(), link->user.id, link->client.id);
            written += edit.isEmpty() ? 0 : 1;
        }
        for (const auto& [link, edit] : clientEdits) {
            if (auto r = applyClientEdit(w, edit); !r)
                return aboutLink(r.error(), link->user.id, link->client.id);
            written += edit.isEmpty() ? 0 : 1;
        }
        // The side a value was copied from must still be as the admin saw it, and so must
        // the link (removed or its owner changed meanwhile: refused).
        for (const Comparison& link : plan.links) {
            const qint64 u = link.user.id;
            const qint64 c = link.client.id;
            if (auto r = w.access.verifyUnchanged(link.link); !r)
                return aboutLink(r.error().about(RecordRef::link(u, c)), u, c);
            if (!users.contains(u))
                if (auto r = w.users.verifyUnchanged(link.user); !r)
                    return aboutLink(r.error().about(RecordRef::user(u)), u, c);
            if (!clients.contains(c))
                if (auto r = w.clients.verifyUnchanged(link.client); !r)
                    return aboutLink(r.error().about(RecordRef::client(c)), u, c);
        }
        if (auto r = w.commit(); !r)
            return r.error();
        return written;
    });
}

Result<void> MatchService::markIntended(qint64 userId, qint64 clientId, const QString& field,
                                        const QString& note, const Comparison* seen) const
{
    std::optional<std::pair<QStringList, QStringList>> values;
    if (seen) {
        values.emplace();
        for (const auto& f : comparedFields()) {
            const QString name = QLatin1String(f.userColumn);
            values->first << comparedUserValue(seen->user, name);
            values->second << comparedClientValue(seen->client, name);
        }
    }
    if (!m_db->hasDifferenceTable())
        return Error::make(Error::Kind::Refused,
                           tr("Marks are kept in Accord's own tables, which this database does "
                              "not have."));
    return inWrite(*m_db, [&](WriteScope& w) -> Result<void> {
        if (auto r = w.differences.mark(userId, clientId, field, note, m_db->operatorName(),
                                        values ? &*values : nullptr);
            !r)
            return r;
        return w.commit();
    });
}

Result<void> MatchService::clearIntended(qint64 userId, qint64 clientId, const QString& field) const
{
    if (!m_db->hasDifferenceTable())
        return {};
    return inWrite(*m_db, [&](WriteScope& w) -> Result<void> {
        if (auto r = w.differences.unmark(userId, clientId, field); !r)
            return r;
        return w.commit();
    });
}

Result<std::array<qint64, 4>> MatchService::mismatchCounts(const MismatchFilter& filter) const
{
    return MismatchReader(m_db->connection(), m_db->dialect(), m_db->hasDifferenceTable())
        .countsPerField(filter);
}

bool MatchService::keepInStep() const
{
    if (!m_db->hasDifferenceTable())
        return false;
    auto stored = SettingsRepository(m_db->connection()).value(keepInStepSetting);
    return stored && *stored == QLatin1String("1");
}

Result<void> MatchService::setKeepInStep(bool on) const
{
    if (!m_db->hasDifferenceTable())
        return Error::make(Error::Kind::Refused,
                           tr("This database has no Accord settings to remember the choice in."));
    return inWrite(*m_db, [&](WriteScope& w) -> Result<void> {
        if (auto r =
                SettingsRepository(w.transaction.connection())
                    .setValue(keepInStepSetting, on ? QStringLiteral("1") : QStringLiteral("0"));
            !r)
            return r;
        return w.commit();
    });
}

Result<StepPlan> MatchService::stepsForUser(const User& loaded, const UserChanges& changes) const
{
    // Changes the save would refuse are reported now, every problem, before anything is asked
    // (a new password is checked, not hashed: the save hashes it).
    UserChanges checked = changes;
    checked.password.reset();
    auto edit = planUserEdit(loaded, checked);
    QList<Error> problems = edit ? QList<Error>() : edit.error().fieldProblems();
    if (!edit && edit.error().kind != Error::Kind::Validation)
        return edit.error();
    if (changes.password)
        problems << passwordProblems(*changes.password, true);
    if (!problems.isEmpty())
        return Error::invalid(problems).about(RecordRef::user(loaded.id));
    QMap<QString, QString> changed; // field -> the user's new value
    auto note = [&](const std::optional<QString>& value, const char* field) {
        if (value && value->trimmed() != comparedUserValue(loaded, QLatin1String(field)).trimmed())
            changed.insert(QLatin1String(field), value->trimmed());
    };
    note(changes.firstName, "first_name");
    note(changes.lastName, "last_name");
    note(changes.email, "email");
    note(changes.language, "language");
    StepPlan out;
    if (changed.isEmpty())
        return out;
    ReadScope r(*m_db);
    auto links = r.access.forUser(loaded.id);
    if (!links)
        return links.error();
    for (const Access& link : *links) {
        if (!link.owner)
            continue;
        auto client = r.clients.find(link.clientId);
        if (!client)
            return client.error();
        bool any = false;
        for (auto it = changed.begin(); it != changed.end(); ++it) {
            const QString before = comparedClientValue(*client, it.key());
            if (compareValues(it.value(), before)) {
                out.changes << PlannedChange{loaded.id, client->id, false,
                                             it.key(),  before,     it.value()};
                any = true;
            }
        }
        if (any) {
            out.clients << *client;
            out.links << link;
        }
    }
    return out;
}

Result<StepPlan> MatchService::stepsForClient(const ClientAccount& loaded,
                                              const QMap<QString, QString>& changes) const
{
    if (auto edit = planClientEdit(loaded, changes); !edit)
        return edit.error();
    QMap<QString, QString> changed; // field -> the client's new value
    for (const auto& f : comparedFields()) {
        const QString column = QLatin1String(f.clientColumn);
        if (changes.contains(column) &&
            changes.value(column).trimmed() != loaded.value(column).trimmed())
            changed.insert(QLatin1String(f.userColumn), changes.value(column).trimmed());
    }
    StepPlan out;
    if (changed.isEmpty())
        return out;
    ReadScope r(*m_db);
    auto owner = r.access.ownerOf(loaded.id);
    if (!owner)
        return owner.error();
    if (!*owner)
        return out;
    auto user = r.users.find((*owner)->userId);
    if (!user)
        return user.error();
    for (auto it = changed.begin(); it != changed.end(); ++it) {
        const QString before = comparedUserValue(*user, it.key());
        if (compareValues(before, it.value()))
            out.changes << PlannedChange{user->id, loaded.id, true, it.key(), before, it.value()};
    }
    if (!out.changes.isEmpty()) {
        out.user = *user;
        out.links << **owner;
    }
    return out;
}

Result<User> MatchService::saveUserInStep(const User& loaded, const UserChanges& changes,
                                          const StepPlan& steps) const
{
    auto edit = planUserEdit(loaded, changes);
    if (!edit)
        return edit.error();
    QList<ClientEdit> clientEdits;
    for (const ClientAccount& client : steps.clients) {
        QMap<QString, QString> values;
        for (const PlannedChange& c : steps.changes)
            if (!c.onUser && c.clientId == client.id)
                values.insert(QLatin1String(comparedField(c.field)->clientColumn), c.after);
        auto clientEdit = planClientEdit(client, values);
        if (!clientEdit)
            return aboutLink(clientEdit.error(), loaded.id, client.id);
        clientEdits << *clientEdit;
    }
    return inWrite(*m_db, [&](WriteScope& w) -> Result<User> {
        if (auto r = applyUserEdit(w, *edit); !r)
            return r.error();
        for (const ClientEdit& clientEdit : clientEdits)
            if (auto r = applyClientEdit(w, clientEdit); !r)
                return aboutLink(r.error(), loaded.id, clientEdit.loaded.id);
        // Still the owner of each client the plan writes.
        for (const Access& link : steps.links)
            if (auto r = w.access.verifyUnchanged(link); !r)
                return aboutLink(r.error().about(RecordRef::link(link.userId, link.clientId)),
                                 link.userId, link.clientId);
        return w.commitWith(w.users.find(loaded.id));
    });
}

Result<ClientAccount> MatchService::saveClientInStep(const ClientAccount& loaded,
                                                     const QMap<QString, QString>& changes,
                                                     const StepPlan& steps) const
{
    auto edit = planClientEdit(loaded, changes);
    if (!edit)
        return edit.error();
    std::optional<UserEdit> userEdit;
    if (steps.user) {
        UserChanges values;
        for (const PlannedChange& c : steps.changes)
            if (c.onUser)
                setUserChange(values, c.field, c.after);
        auto planned = planUserEdit(*steps.user, values);
        if (!planned)
            return aboutLink(planned.error(), steps.user->id, loaded.id);
        userEdit = *planned;
    }
    return inWrite(*m_db, [&](WriteScope& w) -> Result<ClientAccount> {
        if (auto r = applyClientEdit(w, *edit); !r)
            return r.error();
        if (userEdit)
            if (auto r = applyUserEdit(w, *userEdit); !r)
                return aboutLink(r.error(), userEdit->loaded.id, loaded.id);
        // Still the client's owner.
        for (const Access& link : steps.links)
            if (auto r = w.access.verifyUnchanged(link); !r)
                return aboutLink(r.error().about(RecordRef::link(link.userId, link.clientId)),
                                 link.userId, link.clientId);
        return w.commitWith(w.clients.find(loaded.id));
    });
}

} // namespace accord
