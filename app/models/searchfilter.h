#pragma once

#include "listquery.h"

#include <QSqlQuery>
#include <QStringList>

#include <functional>

namespace accord {

// Which columns a list's search box looks at (DESIGN's search rules) and their indexes.
struct SearchColumns {
    QString alias;             // the table's alias in the list's SQL
    QString ftsTable;          // trigram index for 3+ characters
    QStringList prefixColumns; // folded-prefix indexes (accord_fold) for 1-2 characters
    QString emailColumn;       // folded by accord_fold_email (users) or accord_fold (clients)
    bool emailFoldedAsLogin = true;
};

// The (key, id) pairs of one page of `table` in the order of `keyExpression`, id as the
// tie-break; keyset from request.after, then request.offset rows. The key is read from
// `keyTable` (aliased like `table`, with the same ids) when it lives in another table, such
// as a maintained per-user count.
Result<QList<std::pair<QVariant, qint64>>>
fetchOrderedIds(const QSqlDatabase& db, const QString& table, const SearchColumns& columns,
                const QString& keyExpression, const ListRequest& request,
                const QString& keyTable = {});

// The exact number of rows matching `search`; the whole table's count comes from
// accord_counters (kept by triggers) instead of a scan.
// The rows of a page in the order of `ids`: `selectSql` has one %1 for the id list and
// returns the id first; `cells` turns a result row into the list's cells.
Result<QList<ListRow>> rowsInOrder(const QSqlDatabase& db,
                                   const QList<std::pair<QVariant, qint64>>& ids,
                                   const QString& selectSql,
                                   const std::function<QVariantList(const QSqlQuery&)>& cells);

Result<qint64> countMatches(const QSqlDatabase& db, const QString& table, const QString& counter,
                            const SearchColumns& columns, const QString& search, int part = 0,
                            int parts = 1);
// Into how many parts countMatches splits a search: a substring search counts the full-text
// index's matches in id ranges, one per core (a term in a quarter of all emails takes a
// single core over 100 ms); the others are one indexed lookup or a counter.
int countMatchesParts(const QString& search);

} // namespace accord
