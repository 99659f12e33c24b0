#pragma once

#include "dialect.h"
#include "domain/result.h"
#include "importsource.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QSqlDatabase>

#include <optional>

namespace accord {

// What an import's records are checked against before anything is written: the ids,
// logins, links and owners the database already holds, asked for in batches of the ids
// the files name (never the whole table).
class ExistingRecords
{
public:
    ExistingRecords(QSqlDatabase db, const Dialect& dialect)
        : m_db(std::move(db)), m_dialect(dialect)
    {
    }
    // No user, client or link at all.
    Result<bool> areNone() const;
    // Those of `ids` the table holds.
    Result<QSet<qint64>> ids(ImportTable table, const QList<qint64>& ids) const;
    // Those of the (user id, client id) pairs that are linked.
    Result<QSet<std::pair<qint64, qint64>>>
    links(const QList<std::pair<qint64, qint64>>& pairs) const;
    // The owner user of each of `clients` that has one.
    Result<QHash<qint64, qint64>> owners(const QList<qint64>& clients) const;
    // The user whose login equals `email` after folding.
    Result<std::optional<qint64>> userWithLogin(const QString& email) const;

private:
    QSqlDatabase m_db;
    const Dialect& m_dialect;
};

} // namespace accord
