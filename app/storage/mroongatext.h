#pragma once

#include "domain/result.h"
#include "listpage.h"
#include "searchindex.h"

#include <QSqlDatabase>

namespace accord {

// MariaDB's substring search: a Mroonga table per list (accord_user_text,
// accord_client_text) holding each record's search key under an n-gram index. Mroonga keeps
// no transactions, so it is written only after a commit: a writing transaction queues the
// records whose keys it changed (accord_search_queue, InnoDB), and sync() copies their
// committed keys across and empties the queue. Queued records are searched in the keys
// themselves, so a crash between commit and sync leaves nothing unfound.
class MroongaText
{
public:
    MroongaText(Listed listed, QString keysTable);

    const QString& table() const { return m_textTable; }
    // The n-gram index of the text table (as resources/schema/mysql/005 makes it), dropped
    // and built again around a bulk load.
    QString dropIndex() const;
    QString addIndex() const;

    // After a bulk load that never finished (its index dropped, its texts partial): the
    // texts made again from the keys and indexed. Nothing when the index is there.
    Result<void> repair(const QSqlDatabase& db) const;

    // Queues these records' keys for the text table, in the writing transaction.
    Result<void> queue(const QSqlDatabase& db, const QList<qint64>& ids) const;
    // Copies every queued record's committed key into the text table (or removes a record
    // that is gone) and empties the queue, in transactions of its own. Returns how many.
    Result<qint64> sync(const QSqlDatabase& db) const;
    // Records that the text tables were written (in the writing transaction where there is
    // one): a search that kept the ids of an earlier one no longer trusts them.
    static Result<void> noteWritten(const QSqlDatabase& db);

    // The records whose key holds `pattern` (a LIKE pattern of the folded term, '!'
    // escaping), `term` being that folded term: the first request.offset + request.limit in
    // id order after request.after, as (id, id) pairs. nullopt when the queue is too long to
    // search around (the caller scans the keys instead).
    Result<std::optional<KeyedIds>> pageById(const QSqlDatabase& db, const QString& term,
                                             const QString& pattern,
                                             const ListRequest& request) const;
    // How many records match (nullopt: the queue is too long, scan instead).
    Result<std::optional<qint64>> count(const QSqlDatabase& db, const QString& term,
                                        const QString& pattern) const;
    // A condition on k.id narrowing a search to the records the n-gram index or the queue
    // names (the caller keeps its LIKE on k.search_key), its parameters appended; empty when
    // the queue is too long.
    Result<QString> candidates(const QSqlDatabase& db, const QString& term,
                               QVariantList& params) const;

private:
    Result<std::optional<QList<qint64>>> queued(const QSqlDatabase& db) const;
    // The queued records whose keys hold `pattern` (their texts may be stale), with `tail`
    // (" AND id < ?" and such, its parameters given) added to the condition.
    Result<QList<qint64>> queuedHolding(const QSqlDatabase& db, const QList<qint64>& queuedIds,
                                        const QString& pattern, const QString& tail,
                                        const QVariantList& tailParams) const;
    // Every record holding `term` (ascending ids), found among the ids and texts a phrase
    // search of a shorter term kept, and the queued records; nullopt when no search kept
    // any this term can use, or a text was written since.
    Result<std::optional<QList<qint64>>> withinKept(const QSqlDatabase& db, const QString& term,
                                                    const QString& pattern) const;
    int m_listed;
    QString m_keysTable;
    QString m_textTable;
};

} // namespace accord
