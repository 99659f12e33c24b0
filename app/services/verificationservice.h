#pragma once

#include "matchservice.h"

#include <QDateTime>
#include <QList>

namespace accord {

// What a verification sheet shows: a user and one or all of their client accounts, side by
// side field by field, with where, when and by whom it was made.
struct VerificationSheet {
    User user;
    QList<Comparison> links; // one section per client account, by client id
    QString database;        // Database::location().display()
    QString operatorName;
    QDateTime madeAt; // UTC
};

// Reads what a verification sheet shows (the sheet is drawn by the UI, from this alone).
class VerificationService
{
public:
    explicit VerificationService(DatabasePtr database) : m_db(std::move(database)) {}

    // The user with one client account (clientId), or with every client account the user
    // can access (clientId 0). Refused (NotFound) for a pair that is not linked.
    Result<VerificationSheet> load(qint64 userId, qint64 clientId = 0) const;

private:
    DatabasePtr m_db;
};

} // namespace accord
