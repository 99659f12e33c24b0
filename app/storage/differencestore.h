#pragma once

#include "dialect.h"
#include "domain/comparison.h"
#include "domain/result.h"

#include <QDateTime>
#include <QList>
#include <QSet>
#include <QSqlDatabase>

#include <array>

namespace accord {

// The records one write touched, collected by the repositories of a WriteScope so the
// differences of every link they take part in are brought up to date before it commits.
struct TouchedRecords {
    QSet<qint64> users;
    QSet<qint64> clients;
    QSet<std::pair<qint64, qint64>> links; // (user id, client id)
    bool writing = false;                  // the write's first lock or change has been made
    bool isEmpty() const { return users.isEmpty() && clients.isEmpty() && links.isEmpty(); }
};

// One row of accord_link_differences: how a linked user and client differ.
struct LinkDifferences {
    qint64 userId = 0;
    qint64 clientId = 0;
    bool owner = false;
    std::array<int, 4> kinds{}; // per comparedFields() entry: differenceCode(), 0 when equal
    int intended = 0;           // fieldBit()s marked intended
    bool open() const;          // some differing field is not marked intended
};

struct IntendedMark {
    qint64 userId = 0;
    qint64 clientId = 0;
    QString field; // '' for the whole link
    QString note;
    QString markedBy;
    QDateTime markedAt;
};

// Keeps accord_link_differences (and the intended marks of accord_intended_differences)
// equal to a live comparison of every link. Runs on a write's connection, inside its
// transaction; only for databases that hold Accord's tables.
class DifferenceStore
{
public:
    DifferenceStore(QSqlDatabase db, const Dialect& dialect)
        : m_db(std::move(db)), m_dialect(dialect)
    {
    }

    // Recomputes every link of the touched users and clients and the touched links; marks
    // whose compared values changed since they were made are removed.
    Result<void> refresh(const TouchedRecords& touched) const;
    // Recomputes the whole table (after a migration or a bulk load).
    Result<void> rebuildAll() const;

    // Marks a differing link (field '') or one of its differing fields intended.
    // With `seen` (both sides' four compared values as the admin saw them), refused as a
    // Conflict when either side has changed since.
    Result<void> mark(qint64 userId, qint64 clientId, const QString& field, const QString& note,
                      const QString& markedBy,
                      const std::pair<QStringList, QStringList>* seen = nullptr) const;
    // Removes the link's mark on that field ('' removes every mark of the link).
    Result<void> unmark(qint64 userId, qint64 clientId, const QString& field) const;
    Result<QList<IntendedMark>> marks(qint64 userId, qint64 clientId) const;

private:
    struct LinkValues;
    Result<QList<LinkValues>> linkValues(const QString& where, const QVariantList& params) const;
    Result<void> store(const QList<LinkValues>& links) const;
    QSqlDatabase m_db;
    const Dialect& m_dialect;
};

} // namespace accord
