#include "userdirectory.h"

#include "domain/textfolding.h"
#include "rowstore.h"
#include "sql.h"
#include "userrepository.h"

#include <QSqlRecord>

#include <limits>

namespace accord {

SearchTerm SearchTerm::parse(const QString& input)
{
    SearchTerm t;
    const QString s = nfc(input.trimmed());
    if (s.isEmpty())
        return t;
    if (s.startsWith(QLatin1Char('#'))) {
        bool ok = false;
        const qint64 id = s.mid(1).toLongLong(&ok);
        if (ok && id > 0) {
            t.kind = Kind::Id;
            t.id = id;
            return t;
        }
    }
    const auto codePoints = s.toUcs4().size();
    if (codePoints < 3) {
        t.kind = Kind::Prefix;
        t.text = foldCase(s);
    } else {
        t.kind = Kind::Substring;
        t.text = s;
    }
    return t;
}

QString SearchTerm::ftsPhrase() const
{
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

Result<QList<qint64>> UserDirectory::idsBelow(const SearchTerm& term, qint64 below, int count) const
{
    QString sql;
    QVariantList params;
    switch (term.kind) {
    case SearchTerm::Kind::All:
        sql = QStringLiteral("SELECT id FROM tblusers WHERE id < ? ORDER BY id DESC LIMIT ?");
        params << below << count;
        break;
    case SearchTerm::Kind::Id:
        sql = QStringLiteral("SELECT id FROM tblusers WHERE id = ? AND id < ?");
        params << term.id << below;
        break;
    case SearchTerm::Kind::Prefix: {
        // A range on each folded-column index; U+10FFFF sorts after every continuation.
        const QString upper = term.text + QString::fromUcs4(U"\U0010FFFF");
        QStringList parts;
        for (const char* column : {"first_name", "last_name"}) {
            parts << QStringLiteral("(accord_fold(%1) >= ? AND accord_fold(%1) < ?)")
                         .arg(QLatin1String(column));
            params << term.text << upper;
        }
        parts << QStringLiteral("(accord_fold_email(email) >= ? AND accord_fold_email(email) < ?)");
        params << term.text << upper;
        sql =
            QStringLiteral("SELECT id FROM tblusers WHERE (%1) AND id < ? ORDER BY id DESC LIMIT ?")
                .arg(parts.join(QLatin1String(" OR ")));
        params << below << count;
        break;
    }
    case SearchTerm::Kind::Substring:
        sql =
            QStringLiteral("SELECT rowid FROM accord_users_fts WHERE accord_users_fts MATCH ? AND "
                           "rowid < ? ORDER BY rowid DESC LIMIT ?");
        params << term.ftsPhrase() << below << count;
        break;
    }
    auto q = runSql(m_db, sql, params);
    if (!q)
        return q.error();
    QList<qint64> ids;
    while (q->next())
        ids << q->value(0).toLongLong();
    return ids;
}

Result<void> UserDirectory::forEach(const QString& search, int limit,
                                    const std::function<void(const User&)>& visit) const
{
    const SearchTerm term = SearchTerm::parse(search);
    constexpr int page = 500;
    qint64 below = std::numeric_limits<qint64>::max();
    int remaining = limit > 0 ? limit : std::numeric_limits<int>::max();
    while (remaining > 0) {
        auto ids = idsBelow(term, below, std::min(page, remaining));
        if (!ids)
            return ids.error();
        if (ids->isEmpty())
            break;
        QStringList marks;
        QVariantList params;
        for (qint64 id : *ids) {
            marks << QStringLiteral("?");
            params << id;
        }
        auto q = runSql(m_db,
                        QStringLiteral("SELECT u.*, (SELECT count(*) FROM tblusers_clients l WHERE "
                                       "l.auth_user_id = u.id) AS accord_client_count FROM "
                                       "tblusers u WHERE u.id IN (%1) ORDER BY u.id DESC")
                            .arg(marks.join(QLatin1Char(','))),
                        params);
        if (!q)
            return q.error();
        while (q->next()) {
            QVariantMap row = recordToMap(q->record());
            const int count = row.take(QStringLiteral("accord_client_count")).toInt();
            User u = UserRepository::fromRow(row);
            u.clientCount = count;
            visit(u);
        }
        remaining -= int(ids->size());
        below = ids->last();
        if (term.kind == SearchTerm::Kind::Id)
            break;
    }
    return {};
}

} // namespace accord
