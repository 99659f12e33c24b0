#include "snapshotselection.h"

#include "mismatchreader.h"
#include "rowcursor.h"
#include "searchindex.h"

#include <QCoreApplication>

#include <algorithm>
#include <set>

namespace accord {

namespace {

Error cursorError(const RowCursor& c)
{
    return Error::make(Error::Kind::Storage, c.error());
}

// Every id a search of the list finds, in pages through the list's own search.
Result<std::vector<qint64>> searchIds(const QSqlDatabase& db, const Dialect& dialect, Listed listed,
                                      const QString& search)
{
    const SearchTerm term = SearchTerm::parse(search);
    ListRequest request;
    request.order = Qt::AscendingOrder;
    request.limit = 5000;
    std::vector<qint64> ids;
    for (;;) {
        auto page = dialect.searchIndex().page(db, listed, SortKey::Id, term, request);
        if (!page)
            return page.error();
        for (const auto& [key, id] : *page)
            ids.push_back(id);
        if (page->size() < request.limit || term.kind == SearchTerm::Kind::Id)
            break;
        request.after = page->last();
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return ids;
}

// The links of these users (`column` auth_user_id) or clients (client_id), a few hundred
// ids a statement.
Result<void> linksOf(const QSqlDatabase& db, const Dialect& dialect, const char* column,
                     const std::vector<qint64>& ids, SnapshotSelection& out)
{
    constexpr std::size_t chunk = 500;
    for (std::size_t from = 0; from < ids.size(); from += chunk) {
        const std::size_t n = std::min(chunk, ids.size() - from);
        QVariantList params;
        for (std::size_t i = 0; i < n; ++i)
            params << ids[from + i];
        const QString sql =
            QStringLiteral("SELECT auth_user_id, client_id FROM tblusers_clients WHERE %1 IN (%2)")
                .arg(QLatin1String(column),
                     QStringLiteral("?,").repeated(int(n) - 1) + QLatin1Char('?'));
        auto c = dialect.cursor(db, sql, params);
        while (c->next())
            out.links.insert(SnapshotSelection::linkKey(c->int64(0), c->int64(1)));
        if (!c->ok())
            return cursorError(*c);
    }
    return {};
}

// The users and clients of the selected links.
void recordsOfLinks(SnapshotSelection& s)
{
    std::set<qint64> users(s.users.begin(), s.users.end());
    std::set<qint64> clients(s.clients.begin(), s.clients.end());
    for (quint64 key : s.links) {
        users.insert(qint64(key >> 32));
        clients.insert(qint64(key & 0xffffffffu));
    }
    s.users.assign(users.begin(), users.end());
    s.clients.assign(clients.begin(), clients.end());
}

} // namespace

Result<SnapshotSelection> selectForSnapshot(const QSqlDatabase& db, const Dialect& dialect,
                                            bool maintained, const SnapshotFilter& filter)
{
    SnapshotSelection s;
    switch (filter.kind) {
    case SnapshotFilter::Kind::Client: {
        auto c = dialect.cursor(db, QStringLiteral("SELECT id FROM tblclients WHERE id = ?"),
                                {filter.clientId});
        const bool found = c->next();
        if (!c->ok())
            return cursorError(*c);
        if (!found)
            return Error::make(
                Error::Kind::NotFound,
                QCoreApplication::translate("Snapshot", "No client %1.").arg(filter.clientId));
        s.clients.push_back(filter.clientId);
        if (auto r = linksOf(db, dialect, "client_id", s.clients, s); !r)
            return r.error();
        break;
    }
    case SnapshotFilter::Kind::Users: {
        auto ids = searchIds(db, dialect, Listed::Users, filter.search);
        if (!ids)
            return ids.error();
        s.users = std::move(*ids);
        if (auto r = linksOf(db, dialect, "auth_user_id", s.users, s); !r)
            return r.error();
        break;
    }
    case SnapshotFilter::Kind::Clients: {
        auto ids = searchIds(db, dialect, Listed::Clients, filter.search);
        if (!ids)
            return ids.error();
        s.clients = std::move(*ids);
        if (auto r = linksOf(db, dialect, "client_id", s.clients, s); !r)
            return r.error();
        break;
    }
    case SnapshotFilter::Kind::Mismatches: {
        const MismatchReader reader(db, dialect, maintained);
        auto r = reader.forEach(filter.mismatches, [&](const MismatchRow& row) {
            s.links.insert(SnapshotSelection::linkKey(row.userId, row.clientId));
            return true;
        });
        if (!r)
            return r.error();
        break;
    }
    case SnapshotFilter::Kind::Everything:
        break;
    }
    recordsOfLinks(s);
    return s;
}

} // namespace accord
