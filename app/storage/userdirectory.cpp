#include "userdirectory.h"

#include "domain/searchterm.h"
#include "rowstore.h"
#include "searchindex.h"
#include "sql.h"
#include "userrepository.h"

#include <QSqlRecord>

#include <limits>

namespace accord {

Result<void> UserDirectory::forEach(const QString& search, int limit,
                                    const std::function<void(const User&)>& visit) const
{
    const SearchTerm term = SearchTerm::parse(search);
    const SearchIndex& index = m_dialect.searchIndex();
    const RowStore rows(m_db, m_dialect);
    constexpr int page = 500;
    ListRequest request;
    request.order = Qt::DescendingOrder;
    int remaining = limit > 0 ? limit : std::numeric_limits<int>::max();
    while (remaining > 0) {
        request.limit = std::min(page, remaining);
        auto ids = index.page(m_db, Listed::Users, SortKey::Id, term, request);
        if (!ids)
            return ids.error();
        if (ids->isEmpty())
            break;
        QStringList marks;
        QVariantList params;
        for (const auto& [key, id] : *ids) {
            marks << QStringLiteral("?");
            params << id;
        }
        auto q = runSql(m_db,
                        rows.selectAll(QStringLiteral("tblusers"), QStringLiteral("u")) +
                            QStringLiteral(" WHERE u.id IN (%1) ORDER BY u.id DESC")
                                .arg(marks.join(QLatin1Char(','))),
                        params);
        if (!q)
            return q.error();
        QList<User> users;
        QStringList userMarks;
        while (q->next()) {
            users << UserRepository::fromRow(recordToMap(q->record()));
            userMarks << QStringLiteral("?");
        }
        // Each user's client accounts, in one read for the page.
        auto counts =
            runSql(m_db,
                   QStringLiteral("SELECT auth_user_id, count(*) FROM tblusers_clients WHERE "
                                  "auth_user_id IN (%1) GROUP BY auth_user_id")
                       .arg(marks.join(QLatin1Char(','))),
                   params);
        if (!counts)
            return counts.error();
        QHash<qint64, int> clientCounts;
        while (counts->next())
            clientCounts.insert(counts->value(0).toLongLong(), counts->value(1).toInt());
        for (User& u : users) {
            u.clientCount = clientCounts.value(u.id);
            visit(u);
        }
        remaining -= int(ids->size());
        request.after = ids->last();
        if (term.kind == SearchTerm::Kind::Id)
            break;
    }
    return {};
}

} // namespace accord
