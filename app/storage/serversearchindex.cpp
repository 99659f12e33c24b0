#include "serversearchindex.h"

#include "batchinsert.h"
#include "dialect.h"
#include "domain/textfolding.h"
#include "idpage.h"
#include "mroongatext.h"
#include "sql.h"

#include <QHash>
#include <QMap>

#include <algorithm>
#include <limits>

namespace accord {

namespace {
// The keys table of a list, aliased k in every statement.
struct Keys {
    QString keysTable;
    QString statsTable;
    QString countColumn;
    QString counter;           // accord_counters' row of the whole table's count
    QStringList prefixKeys;    // 1-2 characters: prefixes of these
    QStringList substringKeys; // 3+ characters: substrings of these, all in k.search_key
};

// Joins the substring keys into k.search_key: a term without it never matches across
// two fields there.
constexpr char16_t keySeparator = u'\x1f';

const Keys& keysOf(Listed listed)
{
    static const Keys users{QStringLiteral("accord_user_keys"),
                            QStringLiteral("accord_user_stats"),
                            QStringLiteral("client_count"),
                            QStringLiteral("users"),
                            {QStringLiteral("k.first_key"), QStringLiteral("k.last_key"),
                             QStringLiteral("k.email_key")},
                            {QStringLiteral("k.name_key"), QStringLiteral("k.email_key")}};
    static const Keys clients{QStringLiteral("accord_client_keys"),
                              QStringLiteral("accord_client_stats"),
                              QStringLiteral("user_count"),
                              QStringLiteral("clients"),
                              {QStringLiteral("k.first_key"), QStringLiteral("k.last_key"),
                               QStringLiteral("k.email_key")},
                              {QStringLiteral("k.name_key"), QStringLiteral("k.company_key"),
                               QStringLiteral("k.email_key")}};
    return listed == Listed::Users ? users : clients;
}

// A LIKE pattern matching `text` anywhere, '!' escaping the pattern characters.
QString containsPattern(const QString& text)
{
    QString escaped;
    for (const QChar ch : text) {
        if (ch == QLatin1Char('%') || ch == QLatin1Char('_') || ch == QLatin1Char('!'))
            escaped += QLatin1Char('!');
        escaped += ch;
    }
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

// A prefix's range on each key (each with its two parameters).
QList<std::pair<QString, QVariantList>> prefixRanges(const Keys& keys, const SearchTerm& term)
{
    const QString upper = term.text + QString::fromUcs4(U"\U0010FFFF");
    QList<std::pair<QString, QVariantList>> parts;
    for (const QString& key : keys.prefixKeys)
        parts.append({QStringLiteral("%1 >= ? AND %1 < ?").arg(key), {term.text, upper}});
    return parts;
}

// The WHERE condition of a search on the keys table k, its parameters appended.
QString searchCondition(const Keys& keys, const SearchTerm& term, QVariantList& params)
{
    switch (term.kind) {
    case SearchTerm::Kind::All:
        return QStringLiteral("1 = 1");
    case SearchTerm::Kind::Id:
        params << term.id;
        return QStringLiteral("k.id = ?");
    case SearchTerm::Kind::Prefix: {
        // A range on each key's index; U+10FFFF sorts after every continuation.
        QStringList parts;
        for (const auto& [range, values] : prefixRanges(keys, term)) {
            parts << QLatin1Char('(') + range + QLatin1Char(')');
            params << values;
        }
        return QLatin1Char('(') + parts.join(QLatin1String(" OR ")) + QLatin1Char(')');
    }
    case SearchTerm::Kind::Substring: {
        const QString pattern = containsPattern(foldCase(term.text));
        if (!pattern.contains(keySeparator)) {
            // One indexed key holds every field (a trigram index on PostgreSQL).
            params << pattern;
            return QStringLiteral("k.search_key LIKE ? ESCAPE '!'");
        }
        QStringList parts; // each field on its own (a term nobody types: not indexed)
        for (const QString& key : keys.substringKeys) {
            parts << QStringLiteral("%1 LIKE ? ESCAPE '!'").arg(key);
            params << pattern;
        }
        return QLatin1Char('(') + parts.join(QLatin1String(" OR ")) + QLatin1Char(')');
    }
    }
    return QStringLiteral("1 = 1");
}
// The folded term of a substring search the one search key answers (no separator in it).
std::optional<QString> indexedSubstring(const SearchTerm& term)
{
    if (term.kind != SearchTerm::Kind::Substring)
        return std::nullopt;
    const QString folded = foldCase(term.text);
    if (folded.contains(keySeparator))
        return std::nullopt;
    return folded;
}

MroongaText textOf(Listed listed)
{
    return MroongaText(listed, keysOf(listed).keysTable);
}
} // namespace

SortSource ServerSearchIndex::sortSource(Listed listed, SortKey key) const
{
    const Keys& keys = keysOf(listed);
    const QString k = QStringLiteral("k");
    switch (key) {
    case SortKey::FirstName:
        return {keys.keysTable, k, QStringLiteral("k.first_key")};
    case SortKey::LastName:
        return {keys.keysTable, k, QStringLiteral("k.last_key")};
    case SortKey::Company:
        return {keys.keysTable, k, QStringLiteral("k.company_key")};
    case SortKey::Email:
        return {keys.keysTable, k, QStringLiteral("k.email_key")};
    case SortKey::LastLogin:
        return {keys.keysTable, k, QStringLiteral("k.last_login_key")};
    case SortKey::TwoFactor:
        return {keys.keysTable, k, QStringLiteral("k.two_factor")};
    case SortKey::Status:
        return {keys.keysTable, k, QStringLiteral("k.status_key")};
    case SortKey::LinkCount:
        return {keys.statsTable, QStringLiteral("s"), QStringLiteral("s.") + keys.countColumn};
    case SortKey::Id:
        break;
    }
    return {keys.keysTable, k, QStringLiteral("k.id")};
}

Result<KeyedIds> ServerSearchIndex::page(const QSqlDatabase& db, Listed listed, SortKey sortKey,
                                         const SearchTerm& term, const ListRequest& request) const
{
    const Keys& keys = keysOf(listed);
    const SortSource source = sortSource(listed, sortKey);
    const bool descending = (request.order == Qt::DescendingOrder) != request.fromEnd;
    const QString dir = descending ? QStringLiteral("DESC") : QStringLiteral("ASC");
    const QString cmp = descending ? QStringLiteral("<") : QStringLiteral(">");
    const QString idColumn = source.alias + QStringLiteral(".id");
    const bool byId = source.key == idColumn;
    QString from = source.table + QLatin1Char(' ') + source.alias;
    if (source.alias != QLatin1String("k") && term.kind != SearchTerm::Kind::All)
        from += QStringLiteral(" JOIN %1 k ON k.id = %2").arg(keys.keysTable, idColumn);
    QVariantList params;
    QString where = searchCondition(keys, term, params);
    const std::optional<QString> substring =
        m_substrings == Substrings::MroongaText ? indexedSubstring(term) : std::nullopt;
    if (term.kind == SearchTerm::Kind::Prefix && byId && m_prefixes == PrefixRanges::Union)
        return prefixPageById(db, listed, term, request);
    if (m_substrings == Substrings::InKeys && byId)
        if (const std::optional<QString> folded = indexedSubstring(term))
            return substringPageById(db, listed, *folded, request);
    if (substring && byId) {
        auto found = textOf(listed).pageById(db, *substring, containsPattern(*substring), request);
        if (!found)
            return found.error();
        if (*found)
            return **found;
    } else if (substring) {
        auto narrowed = textOf(listed).candidates(db, *substring, params);
        if (!narrowed)
            return narrowed.error();
        if (!narrowed->isEmpty())
            where += QStringLiteral(" AND ") + *narrowed;
    }
    if (request.after) {
        if (byId) {
            where += QStringLiteral(" AND %1 %2 ?").arg(idColumn, cmp);
            params << request.after->second;
        } else {
            where += QStringLiteral(" AND (%1 %3 ? OR (%1 = ? AND %2 %3 ?))")
                         .arg(source.key, idColumn, cmp);
            params << request.after->first << request.after->first << request.after->second;
        }
    }
    QString order = byId ? QStringLiteral("%1 %2").arg(idColumn, dir)
                         : QStringLiteral("%1 %3, %2 %3").arg(source.key, idColumn, dir);
    params << request.limit << request.offset;
    auto q = runSql(db,
                    QStringLiteral("SELECT %1, %2 FROM %3 WHERE %4 ORDER BY %5 LIMIT ? OFFSET ?")
                        .arg(source.key, idColumn, from, where, order),
                    params);
    if (!q)
        return q.error();
    KeyedIds out;
    out.reserve(request.limit);
    while (q->next())
        out.append({q->value(0), q->value(1).toLongLong()});
    if (request.fromEnd)
        std::reverse(out.begin(), out.end());
    return out;
}

Result<KeyedIds> ServerSearchIndex::prefixPageById(const QSqlDatabase& db, Listed listed,
                                                   const SearchTerm& term,
                                                   const ListRequest& request) const
{
    const Keys& keys = keysOf(listed);
    const IdPage page(request);
    QVariantList params;
    const QString either = searchCondition(keys, term, params);
    bool complete = false;
    auto probe = page.probe(db, keys.keysTable, either, params, &complete);
    if (!probe)
        return probe.error();
    if (probe->size() >= page.need() || complete)
        return page.finish(*probe);
    // A rare prefix: each key's range read on its own, in id order, the first need() of all.
    QStringList reads;
    QVariantList rangeParams;
    for (const auto& [range, values] : prefixRanges(keys, term)) {
        reads << QStringLiteral("(SELECT k.id FROM %1 k WHERE %2%3 ORDER BY k.id %4 LIMIT %5)")
                     .arg(keys.keysTable, range, page.after(QStringLiteral("k.id")),
                          page.direction())
                     .arg(page.need());
        rangeParams << values << page.afterParams();
    }
    auto q = runSql(db,
                    QStringLiteral("SELECT id FROM (%1) u ORDER BY id %2 LIMIT %3")
                        .arg(reads.join(QLatin1String(" UNION ")), page.direction())
                        .arg(page.need()),
                    rangeParams);
    if (!q)
        return q.error();
    QList<qint64> ids;
    while (q->next())
        ids << q->value(0).toLongLong();
    return page.finish(ids);
}

// PostgreSQL's planner guesses how many rows a LIKE pattern matches from a sample of the
// column, and a guess either way can cost tens of milliseconds: a term in one record in a
// hundred taken for a rare one has every match rechecked in the heap (11,000 rows), a rare
// one taken for a common one walks the ids far. So the newest ids are read first, where a
// term in one record in two hundred fills a page (strpos: a condition no trigram index
// answers, so only the window of ids is read); only a rarer term is then looked up in the
// trigram index, past that window (`k.id + 0`: by the index, not by walking the ids).
Result<KeyedIds> ServerSearchIndex::substringPageById(const QSqlDatabase& db, Listed listed,
                                                      const QString& folded,
                                                      const ListRequest& request) const
{
    constexpr qint64 window = 20'000;
    const Keys& keys = keysOf(listed);
    const IdPage page(request);
    bool complete = false;
    auto probe = page.probe(db, keys.keysTable, QStringLiteral("strpos(k.search_key, ?) > 0"),
                            {folded}, &complete, window);
    if (!probe)
        return probe.error();
    if (probe->size() >= page.need() || complete)
        return page.finish(*probe);
    // (The window began at the request's anchor: past the window is past the anchor too.)
    QVariantList params{containsPattern(folded)};
    params << page.beyondWindowParams();
    auto q = runSql(db,
                    QStringLiteral("SELECT k.id FROM %1 k WHERE k.search_key LIKE ? ESCAPE '!'%2 "
                                   "ORDER BY k.id + 0 %3 LIMIT %4")
                        .arg(keys.keysTable, page.past(QStringLiteral("k.id")), page.direction())
                        .arg(page.need() - probe->size()),
                    params);
    if (!q)
        return q.error();
    QList<qint64> ids = *probe;
    while (q->next())
        ids << q->value(0).toLongLong();
    return page.finish(ids);
}

Result<qint64> ServerSearchIndex::count(const QSqlDatabase& db, Listed listed,
                                        const SearchTerm& term, int part, int parts) const
{
    // One statement on every server (SearchIndex's one count part). A substring count on
    // PostgreSQL rechecks every candidate row, but two id ranges on two connections would
    // each still read the whole trigram bitmap and recheck every candidate before its id is
    // looked at (measured: a half took 87 % of the whole); the server's own parallel bitmap
    // heap scan divides the candidates' pages between its workers instead. Mroonga counts
    // its index's matches without reading them.
    const Keys& keys = keysOf(listed);
    (void)parts;
    if (part > 0)
        return qint64(0); // never split: part 0 counts it all
    if (term.kind == SearchTerm::Kind::Prefix && m_prefixes == PrefixRanges::Union) {
        QStringList reads;
        QVariantList rangeParams;
        for (const auto& [range, values] : prefixRanges(keys, term)) {
            reads << QStringLiteral("SELECT k.id FROM %1 k WHERE %2").arg(keys.keysTable, range);
            rangeParams << values;
        }
        auto q = runSql(
            db,
            QStringLiteral("SELECT count(*) FROM (%1) u").arg(reads.join(QLatin1String(" UNION "))),
            rangeParams);
        if (!q)
            return q.error();
        return q->next() ? q->value(0).toLongLong() : qint64(0);
    }
    if (m_substrings == Substrings::MroongaText)
        if (const std::optional<QString> substring = indexedSubstring(term)) {
            auto n = textOf(listed).count(db, *substring, containsPattern(*substring));
            if (!n)
                return n.error();
            if (*n)
                return **n;
        }
    QString sql;
    QVariantList params;
    if (term.kind == SearchTerm::Kind::All) {
        sql = QStringLiteral("SELECT value FROM accord_counters WHERE name = ?");
        params << keys.counter;
    } else {
        sql = QStringLiteral("SELECT count(*) FROM %1 k WHERE %2")
                  .arg(keys.keysTable, searchCondition(keys, term, params));
    }
    auto q = runSql(db, sql, params);
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : qint64(0);
}

Result<std::optional<qint64>> ServerSearchIndex::userWithLogin(const QSqlDatabase& db,
                                                               const QString& email) const
{
    auto q = runSql(db, QStringLiteral("SELECT id FROM accord_user_keys WHERE email_key = ?"),
                    {foldEmail(email)});
    if (!q)
        return q.error();
    if (!q->next())
        return std::optional<qint64>();
    return std::optional<qint64>(q->value(0).toLongLong());
}

namespace {
// How a list's keys are made from its records' stored values.
struct Folding {
    QString table;
    QStringList sourceColumns;
    QStringList keyColumns;
    QVariantList (*fold)(const QStringList& values);
};

const Folding& foldingOf(Listed listed)
{
    static const Folding users{
        QStringLiteral("tblusers"),
        {QStringLiteral("first_name"), QStringLiteral("last_name"), QStringLiteral("email")},
        {QStringLiteral("first_key"), QStringLiteral("last_key"), QStringLiteral("email_key"),
         QStringLiteral("name_key"), QStringLiteral("search_key")},
        [](const QStringList& v) -> QVariantList {
            const QString name = foldCase(v[0] + QLatin1Char(' ') + v[1]);
            return {foldCase(v[0]), foldCase(v[1]), foldEmail(v[2]), name,
                    name + QChar(keySeparator) + foldEmail(v[2])};
        }};
    static const Folding clients{
        QStringLiteral("tblclients"),
        {QStringLiteral("firstname"), QStringLiteral("lastname"), QStringLiteral("companyname"),
         QStringLiteral("email")},
        {QStringLiteral("first_key"), QStringLiteral("last_key"), QStringLiteral("company_key"),
         QStringLiteral("email_key"), QStringLiteral("name_key"), QStringLiteral("search_key")},
        [](const QStringList& v) -> QVariantList {
            const QString name = foldCase(v[0] + QLatin1Char(' ') + v[1]);
            const QString company = foldCase(v[2]), email = foldCase(v[3]);
            return {
                foldCase(v[0]), foldCase(v[1]),
                company,        email,
                name,           name + QChar(keySeparator) + company + QChar(keySeparator) + email};
        }};
    return listed == Listed::Users ? users : clients;
}

// Folds the keys of the records `tail` selects (after "FROM table t") and writes them,
// clean, into the keys table. Returns how many; their ids into `folded` when given, the
// last id read into `last`. With `clashes`, a login that folds to another user's (stored so
// by another program) is left NULL and dirty instead of failing the unique index, and its
// id listed there.
Result<qint64> foldKeys(const QSqlDatabase& db, Listed listed, const QString& tail,
                        const QVariantList& params, QList<qint64>* folded = nullptr,
                        qint64* last = nullptr, QList<qint64>* clashes = nullptr)
{
    const Folding& f = foldingOf(listed);
    QStringList read{QStringLiteral("t.id")};
    for (const QString& c : f.sourceColumns)
        read << QStringLiteral("t.") + c;
    auto q = runSql(
        db,
        QStringLiteral("SELECT %1 FROM %2 t").arg(read.join(QLatin1String(", ")), f.table) + tail,
        params);
    if (!q)
        return q.error();
    BatchInsert keys(db, Dialect::of(db), keysOf(listed).keysTable,
                     QStringList{QStringLiteral("id")} + f.keyColumns +
                         QStringList{QStringLiteral("dirty")});
    keys.updateExisting(QStringLiteral("id"));
    QHash<QString, qint64> batchLogins; // rows of this batch not written yet
    qint64 n = 0;
    while (q->next()) {
        QStringList values;
        for (int i = 0; i < f.sourceColumns.size(); ++i)
            values << q->value(i + 1).toString();
        const qint64 id = q->value(0).toLongLong();
        const QVariantList keyValues = f.fold(values);
        bool clash = false;
        if (clashes && listed == Listed::Users) {
            const QString login = keyValues.at(2).toString();
            auto other = runSql(
                db,
                QStringLiteral("SELECT id FROM accord_user_keys WHERE email_key = ? AND id <> ?"),
                {login, id});
            if (!other)
                return other.error();
            clash = other->next() || batchLogins.contains(login);
            if (clash)
                *clashes << id;
            else
                batchLogins.insert(login, id);
        }
        if (folded)
            folded->append(id);
        keys.integer(1, id);
        int at = 2;
        for (const QVariant& key : keyValues) {
            const QByteArray utf8 = key.toString().toUtf8();
            if (clash && at == 4) // email_key
                keys.null(at++);
            else
                keys.text(at++, {utf8.constData(), std::size_t(utf8.size())});
        }
        keys.integer(at, clash ? 1 : 0);
        if (last)
            *last = id;
        if (!keys.step())
            break;
        ++n;
    }
    if (auto r = keys.finish(); !r)
        return r.error();
    return n;
}
} // namespace

QString ServerSearchIndex::keysTable(Listed listed)
{
    return keysOf(listed).keysTable;
}

QStringList ServerSearchIndex::foldedColumns(Listed listed)
{
    return foldingOf(listed).keyColumns;
}

QVariantList ServerSearchIndex::fold(Listed listed, const QStringList& values)
{
    return foldingOf(listed).fold(values);
}

Result<void> ServerSearchIndex::refreshKeys(const QSqlDatabase& db, Listed listed, qint64 id) const
{
    QList<qint64> folded;
    auto n = foldKeys(db, listed, QStringLiteral(" WHERE t.id = ?"), {id}, &folded);
    if (!n)
        return n.error();
    if (m_substrings == Substrings::MroongaText)
        return textOf(listed).queue(db, folded);
    return {};
}

Result<qint64> ServerSearchIndex::refreshDirtyKeys(const QSqlDatabase& db) const
{
    // In batches, each in a transaction of its own: a million rows written by another
    // program (or the sample generator) never make one huge transaction.
    qint64 refreshed = 0;
    for (Listed listed : {Listed::Users, Listed::Clients}) {
        qint64 after = std::numeric_limits<qint64>::min();
        for (;;) {
            if (auto r = runSql(db, Dialect::of(db).beginWrite()); !r)
                return r.error();
            // From the last id on: a clashing login stays dirty (reported at every open).
            QList<qint64> folded, clashes;
            auto n = foldKeys(db, listed,
                              QStringLiteral(" JOIN %1 k ON k.id = t.id WHERE k.dirty <> 0 AND "
                                             "t.id > ? ORDER BY t.id LIMIT 2000")
                                  .arg(keysOf(listed).keysTable),
                              {after}, &folded, &after, &clashes);
            if (n && m_substrings == Substrings::MroongaText)
                if (auto r = textOf(listed).queue(db, folded); !r)
                    n = r.error();
            if (!n) {
                (void)runSql(db, QStringLiteral("ROLLBACK"));
                return n.error();
            }
            if (auto r = runSql(db, QStringLiteral("COMMIT")); !r)
                return r.error();
            refreshed += *n - clashes.size();
            if (*n < 2000)
                break;
        }
        if (m_substrings == Substrings::MroongaText) {
            if (auto r = textOf(listed).repair(db); !r)
                return r.error();
            if (auto r = textOf(listed).sync(db); !r)
                return r.error();
        }
    }
    return refreshed;
}

void ServerSearchIndex::afterCommit(const QSqlDatabase& db) const
{
    if (m_substrings != Substrings::MroongaText)
        return;
    for (Listed listed : {Listed::Users, Listed::Clients})
        (void)textOf(listed).sync(db); // left queued on failure: synced after the next commit
}

Result<QList<LoginClash>> ServerSearchIndex::loginClashes(const QSqlDatabase& db) const
{
    // The logins refreshDirtyKeys left unfolded, each with the users it folds to.
    auto q = runSql(db, QStringLiteral("SELECT t.id, t.email FROM accord_user_keys k JOIN tblusers "
                                       "t ON t.id = k.id WHERE k.email_key IS NULL AND k.dirty "
                                       "<> 0 ORDER BY t.id"));
    if (!q)
        return q.error();
    QMap<QString, QMap<qint64, QString>> byLogin;
    while (q->next())
        byLogin[foldEmail(q->value(1).toString())].insert(q->value(0).toLongLong(),
                                                          q->value(1).toString());
    QList<LoginClash> out;
    for (auto it = byLogin.begin(); it != byLogin.end(); ++it) {
        auto folded = runSql(db,
                             QStringLiteral("SELECT t.id, t.email FROM accord_user_keys k JOIN "
                                            "tblusers t ON t.id = k.id WHERE k.email_key = ?"),
                             {it.key()});
        if (!folded)
            return folded.error();
        while (folded->next())
            it->insert(folded->value(0).toLongLong(), folded->value(1).toString());
        if (it->size() < 2)
            continue;
        LoginClash clash{it.key(), it->keys(), it->values()};
        out << clash;
    }
    return out;
}

} // namespace accord
