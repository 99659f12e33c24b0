#pragma once

#include "domain/access.h"
#include "domain/clientaccount.h"
#include "domain/comparison.h"
#include "domain/user.h"
#include "storage/database.h"
#include "storage/differencestore.h"
#include "storage/mismatchreader.h"

#include <QList>
#include <QMap>
#include <QStringList>

#include <array>
#include <optional>

namespace accord {

enum class MatchFrom { User, Client }; // whose values are copied to the other side

// A linked user and client as loaded, with how they differ.
struct Comparison {
    User user;
    ClientAccount client;
    bool owner = false;
    QList<FieldDifference> differences;
    QList<IntendedMark> marks;
    Access link; // as loaded: a match is refused if it was removed or changed meanwhile
    const FieldDifference* difference(const QString& field) const;
};

// One value a match (or keep-in-step) will write.
struct PlannedChange {
    qint64 userId = 0;
    qint64 clientId = 0;
    bool onUser = false; // the user's field is written (from the client), else the client's
    QString field;       // first_name, last_name, email or language
    QString before;
    QString after;
    // "Client 12 (Ann Lee) Email: ann@x.com → Ann@X.com", for previews and refusals.
    QString describe() const;
    friend bool operator==(const PlannedChange&, const PlannedChange&) = default;
};

// What to match on one link: from which side, which fields (empty: every differing one).
struct MatchRequest {
    qint64 userId = 0;
    qint64 clientId = 0;
    MatchFrom from = MatchFrom::User;
    QStringList fields;
};

// Per field direction, as Compare's per-row buttons choose.
struct FieldChoice {
    QString field;
    MatchFrom from = MatchFrom::User;
};

// A match worked out from the records as loaded; apply() writes exactly this or nothing.
struct MatchPlan {
    QList<Comparison> links;
    QList<PlannedChange> changes;
    bool isEmpty() const { return changes.isEmpty(); }
};

// What keep-in-step would also write when a user or a client is saved.
struct StepPlan {
    QList<PlannedChange> changes;
    QList<ClientAccount> clients; // as loaded, for the optimistic check
    std::optional<User> user;
    QList<Access> links; // the owner links the plan relies on, as loaded
    bool isEmpty() const { return changes.isEmpty(); }
};

// Comparing and matching the details of linked users and client accounts: Compare, the
// one-step match and bulk match, marks of intended differences, keep-in-step.
class MatchService
{
public:
    explicit MatchService(DatabasePtr database) : m_db(std::move(database)) {}

    // Refused (NotFound) when the user has no access to the client.
    Result<Comparison> compare(qint64 userId, qint64 clientId) const;

    // Bulk (and headless) match: each link from one side. Refused, naming the row, when a
    // pair is not linked, a field is unknown, or two rows would write different values
    // into one record.
    Result<MatchPlan> plan(const QList<MatchRequest>& requests) const;
    // Compare's choice per field on one link as loaded.
    Result<MatchPlan> plan(const Comparison& loaded, const QList<FieldChoice>& choices) const;
    // Writes every change in one transaction with optimistic checks on every record as
    // planned and a log row per record written. Any refusal (an email another user has,
    // a record changed meanwhile) cancels all of it and names the link. Returns the number
    // of records written (0 when there was nothing to change: nothing is logged).
    Result<int> apply(const MatchPlan& plan) const;

    // Marks of intended differences (field '' = the whole link). With `seen` (what Compare
    // showed), refused as a Conflict when either record changed since.
    Result<void> markIntended(qint64 userId, qint64 clientId, const QString& field,
                              const QString& note, const Comparison* seen = nullptr) const;
    Result<void> clearIntended(qint64 userId, qint64 clientId, const QString& field) const;

    // The Mismatches report's links differing in each compared field under a filter (any
    // thread: the view counts on a worker of its own).
    Result<std::array<qint64, 4>> mismatchCounts(const MismatchFilter& filter) const;

    // Keep in step: a per-database choice, off until an admin turns it on.
    bool keepInStep() const;
    Result<void> setKeepInStep(bool on) const;
    // What saving these changes would also change: the clients the user owns, or the
    // owner of the client. Only compared fields, only where the other side differs.
    Result<StepPlan> stepsForUser(const User& loaded, const UserChanges& changes) const;
    Result<StepPlan> stepsForClient(const ClientAccount& loaded,
                                    const QMap<QString, QString>& changes) const;
    // Saves the record and the planned other side in one transaction.
    Result<User> saveUserInStep(const User& loaded, const UserChanges& changes,
                                const StepPlan& steps) const;
    Result<ClientAccount> saveClientInStep(const ClientAccount& loaded,
                                           const QMap<QString, QString>& changes,
                                           const StepPlan& steps) const;

private:
    DatabasePtr m_db;
};

} // namespace accord
