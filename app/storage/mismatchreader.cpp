#include "mismatchreader.h"

#include "csvwriter.h"
#include "rowcursor.h"
#include "sql.h"

#include <QCoreApplication>
#include <QIODevice>

#include <algorithm>
#include <array>

namespace accord {

namespace {
const char* const kindColumns[4] = {"first_name_kind", "last_name_kind", "email_kind",
                                    "language_kind"};

// The columns every read returns, in this order: the table holds both sides' values.
const QString selectRows = QStringLiteral(
    "SELECT d.client_id, d.user_id, d.owner, d.first_name_kind, d.last_name_kind, "
    "d.email_kind, d.language_kind, d.intended, d.user_first_name, d.user_last_name, "
    "d.user_email, d.user_language, d.client_firstname, d.client_lastname, d.client_email, "
    "d.client_language FROM accord_link_differences d");

const QString selectLinks = QStringLiteral(
    "SELECT l.client_id, l.auth_user_id, l.owner, 0, 0, 0, 0, 0, u.first_name, u.last_name, "
    "u.email, u.language, c.firstname, c.lastname, c.email, c.language "
    "FROM tblusers_clients l JOIN tblusers u ON u.id = l.auth_user_id JOIN tblclients c ON "
    "c.id = l.client_id");

template <typename Text, typename Int>
MismatchRow rowFrom(const Text& text, const Int& integer)
{
    MismatchRow r;
    r.clientId = integer(0);
    r.userId = integer(1);
    r.owner = integer(2) != 0;
    for (int i = 0; i < 4; ++i) {
        r.kinds[std::size_t(i)] = int(integer(3 + i));
        r.userValues[std::size_t(i)] = text(8 + i);
        r.clientValues[std::size_t(i)] = text(12 + i);
    }
    r.intended = int(integer(7));
    return r;
}

MismatchRow rowFrom(const QSqlQuery& q)
{
    return rowFrom([&](int i) { return q.value(i).toString(); },
                   [&](int i) { return q.value(i).toLongLong(); });
}

MismatchRow rowFrom(const RowCursor& s)
{
    return rowFrom(
        [&](int i) {
            const std::string_view t = s.text(i);
            return QString::fromUtf8(t.data(), qsizetype(t.size()));
        },
        [&](int i) { return s.int64(i); });
}

// A live row's kinds, from its values (links read without Accord's table).
void compareLive(MismatchRow& row)
{
    for (std::size_t i = 0; i < 4; ++i) {
        const auto kind = compareValues(row.userValues[i], row.clientValues[i]);
        row.kinds[i] = kind ? differenceCode(*kind) : 0;
    }
}

QString fieldCondition(int index, std::optional<FieldDifference::Kind> kind, bool showIntended,
                       QVariantList& params)
{
    QString c = QStringLiteral("d.%1 ").arg(QLatin1String(kindColumns[index]));
    if (kind) {
        c += QStringLiteral("= ?");
        params << differenceCode(*kind);
    } else {
        c += QStringLiteral("<> 0");
    }
    if (!showIntended)
        c += QStringLiteral(" AND (d.intended & %1) = 0").arg(1 << index);
    return c;
}
} // namespace

QString MismatchRow::clientName() const
{
    return (clientValues[0] + QLatin1Char(' ') + clientValues[1]).trimmed();
}

QList<FieldDifference> MismatchRow::differences() const
{
    QList<FieldDifference> out;
    std::size_t i = 0;
    for (const auto& f : comparedFields()) {
        if (const auto kind = differenceKindOf(kinds[i]))
            out << FieldDifference{QLatin1String(f.userColumn), userValues[i], clientValues[i],
                                   *kind};
        ++i;
    }
    return out;
}

bool mismatchPasses(const MismatchRow& row, const MismatchFilter& filter)
{
    if (!filter.allLinks && !row.owner)
        return false;
    const int wanted = filter.kind ? differenceCode(*filter.kind) : 0;
    const int only = filter.field.isEmpty() ? -1 : comparedFieldIndex(filter.field);
    for (int i = 0; i < 4; ++i) {
        const int kind = row.kinds[std::size_t(i)];
        if (!kind || (only >= 0 && i != only) || (wanted && kind != wanted))
            continue;
        if (filter.showIntended || !(row.intended & (1 << i)))
            return true;
    }
    return false;
}

QString MismatchReader::where(const MismatchFilter& filter, QVariantList& params) const
{
    QStringList conditions;
    if (!filter.allLinks)
        conditions << QStringLiteral("d.owner = 1");
    if (!filter.showIntended)
        conditions << QStringLiteral("d.open = 1");
    const int only = filter.field.isEmpty() ? -1 : comparedFieldIndex(filter.field);
    if (only >= 0) {
        conditions << fieldCondition(only, filter.kind, filter.showIntended, params);
    } else if (filter.kind) {
        QStringList any;
        for (int i = 0; i < 4; ++i)
            any << QLatin1Char('(') + fieldCondition(i, filter.kind, filter.showIntended, params) +
                       QLatin1Char(')');
        conditions << QLatin1Char('(') + any.join(QLatin1String(" OR ")) + QLatin1Char(')');
    }
    return conditions.isEmpty() ? QStringLiteral("1 = 1") : conditions.join(QLatin1String(" AND "));
}

Result<QList<MismatchRow>> MismatchReader::page(const MismatchFilter& filter,
                                                const Page& page) const
{
    if (!m_maintained)
        return livePage(filter, page);
    const bool byUser = page.order == MismatchOrder::ByUser;
    const QString first = byUser ? QStringLiteral("d.user_id") : QStringLiteral("d.client_id");
    const QString second = byUser ? QStringLiteral("d.client_id") : QStringLiteral("d.user_id");
    const QString dir = page.backwards ? QStringLiteral("DESC") : QStringLiteral("ASC");
    QVariantList params;
    QString sql = selectRows + QStringLiteral(" WHERE ") + where(filter, params);
    if (page.after) {
        sql += QStringLiteral(" AND (%1, %2) %3 (?, ?)")
                   .arg(first, second, page.backwards ? QStringLiteral("<") : QStringLiteral(">"));
        params << page.after->first << page.after->second;
    }
    sql += QStringLiteral(" ORDER BY %1 %3, %2 %3 LIMIT ? OFFSET ?").arg(first, second, dir);
    params << page.limit << page.offset;
    QList<MismatchRow> rows;
    const auto s = m_dialect.cursor(m_db, sql, params);
    while (s->next())
        rows << rowFrom(*s);
    if (!s->ok())
        return Error::make(Error::Kind::Storage, s->error());
    if (page.backwards)
        std::reverse(rows.begin(), rows.end());
    return rows;
}

Result<qint64> MismatchReader::count(const MismatchFilter& filter) const
{
    if (!m_maintained) {
        qint64 n = 0;
        if (auto r = liveScan(filter, false, false, std::nullopt,
                              [&](const MismatchRow&) {
                                  ++n;
                                  return true;
                              });
            !r)
            return r.error();
        return n;
    }
    QVariantList params;
    auto q = runSql(m_db,
                    QStringLiteral("SELECT count(*) FROM accord_link_differences d WHERE ") +
                        where(filter, params),
                    params);
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : qint64(0);
}

Result<std::array<qint64, 4>> MismatchReader::countsPerField(const MismatchFilter& filter) const
{
    std::array<qint64, 4> counts{};
    MismatchFilter any = filter;
    any.field.clear();
    if (!m_maintained) {
        if (auto r = liveScan(any, false, false, std::nullopt,
                              [&](const MismatchRow& row) {
                                  for (int i = 0; i < 4; ++i) {
                                      MismatchFilter one = any;
                                      one.field = QLatin1String(
                                          comparedFields()[std::size_t(i)].userColumn);
                                      counts[std::size_t(i)] += mismatchPasses(row, one) ? 1 : 0;
                                  }
                                  return true;
                              });
            !r)
            return r.error();
        return counts;
    }
    QVariantList params;
    QStringList sums;
    for (int i = 0; i < 4; ++i)
        sums << QStringLiteral("sum(CASE WHEN %1 THEN 1 ELSE 0 END)")
                    .arg(fieldCondition(i, filter.kind, filter.showIntended, params));
    QVariantList whereParams;
    const QString condition = where(any, whereParams);
    params << whereParams;
    auto q = runSql(m_db,
                    QStringLiteral("SELECT %1 FROM accord_link_differences d WHERE %2")
                        .arg(sums.join(QLatin1String(", ")), condition),
                    params);
    if (!q)
        return q.error();
    if (q->next())
        for (int i = 0; i < 4; ++i)
            counts[std::size_t(i)] = q->value(i).toLongLong();
    return counts;
}

Result<void> MismatchReader::forEach(const MismatchFilter& filter,
                                     const std::function<bool(const MismatchRow&)>& visit) const
{
    if (!m_maintained)
        return liveScan(filter, false, false, std::nullopt, visit);
    QVariantList params;
    const QString sql = selectRows + QStringLiteral(" WHERE ") + where(filter, params) +
                        QStringLiteral(" ORDER BY d.client_id, d.user_id");
    const auto s = m_dialect.cursor(m_db, sql, params);
    while (s->next())
        if (!visit(rowFrom(*s)))
            return {};
    if (!s->ok())
        return Error::make(Error::Kind::Storage, s->error());
    return {};
}

namespace {
constexpr std::string_view kindNames[4] = {"", "case_or_space", "empty_side", "differs"};
} // namespace

Result<qint64> MismatchReader::writeCsv(const MismatchFilter& filter, QIODevice& device) const
{
    // Two million lines through one CsvWriter (a buffer that keeps its capacity).
    CsvWriter csv(device);
    for (std::string_view column :
         {"user_id", "client_id", "owner", "field", "user_value", "client_value", "kind"})
        csv.token(column);
    csv.endLine();
    std::array<std::string_view, 4> fieldNames;
    for (std::size_t i = 0; i < fieldNames.size(); ++i)
        fieldNames[i] = comparedFields()[i].userColumn;
    qint64 lines = 0;
    auto line = [&](qint64 user, qint64 client, bool owner, std::size_t field,
                    std::string_view userValue, std::string_view clientValue, int kind) {
        csv.number(user);
        csv.number(client);
        csv.token(owner ? std::string_view("true") : std::string_view("false"));
        csv.token(fieldNames[field]);
        csv.text(userValue);
        csv.text(clientValue);
        csv.token(kindNames[std::clamp(kind, 0, 3)]);
        csv.endLine();
        ++lines;
    };
    if (m_maintained) {
        QVariantList params;
        const QString sql = selectRows + QStringLiteral(" WHERE ") + where(filter, params) +
                            QStringLiteral(" ORDER BY d.client_id, d.user_id");
        const auto s = m_dialect.textCursor(m_db, sql, params); // (nothing else runs meanwhile)
        while (s->next() && csv.ok())
            for (std::size_t i = 0; i < 4; ++i)
                if (const int kind = int(s->int64(3 + int(i))))
                    line(s->int64(1), s->int64(0), s->int64(2) != 0, i, s->text(8 + int(i)),
                         s->text(12 + int(i)), kind);
        if (!s->ok())
            return Error::make(Error::Kind::Storage, s->error());
    } else {
        auto r = forEach(filter, [&](const MismatchRow& row) {
            for (std::size_t i = 0; i < 4; ++i)
                if (row.kinds[i]) {
                    const QByteArray u = row.userValues[i].toUtf8();
                    const QByteArray c = row.clientValues[i].toUtf8();
                    line(row.userId, row.clientId, row.owner, i,
                         {u.constData(), std::size_t(u.size())},
                         {c.constData(), std::size_t(c.size())}, row.kinds[i]);
                }
            return csv.ok();
        });
        if (!r)
            return r.error();
    }
    if (!csv.finish())
        return Error::make(Error::Kind::Storage,
                           QCoreApplication::translate("Mismatches", "Cannot write the report: %1")
                               .arg(device.errorString()));
    return lines;
}

Result<QList<MismatchRow>> MismatchReader::livePage(const MismatchFilter& filter,
                                                    const Page& page) const
{
    QList<MismatchRow> rows;
    qint64 skip = page.offset;
    auto r = liveScan(filter, page.order == MismatchOrder::ByUser, page.backwards, page.after,
                      [&](const MismatchRow& row) {
                          if (skip > 0) {
                              --skip;
                              return true;
                          }
                          rows << row;
                          return rows.size() < page.limit;
                      });
    if (!r)
        return r.error();
    if (page.backwards)
        std::reverse(rows.begin(), rows.end());
    return rows;
}

// Reads links in keyset batches, compares each in C++ and hands on those the filter passes.
Result<void> MismatchReader::liveScan(const MismatchFilter& filter, bool byUser, bool backwards,
                                      std::optional<std::pair<qint64, qint64>> after,
                                      const std::function<bool(const MismatchRow&)>& visit) const
{
    const QString first = byUser ? QStringLiteral("l.auth_user_id") : QStringLiteral("l.client_id");
    const QString second =
        byUser ? QStringLiteral("l.client_id") : QStringLiteral("l.auth_user_id");
    const QString dir = backwards ? QStringLiteral("DESC") : QStringLiteral("ASC");
    constexpr int batch = 2000;
    for (;;) {
        QString sql = selectLinks + QStringLiteral(" WHERE 1 = 1");
        QVariantList params;
        if (!filter.allLinks)
            sql += QStringLiteral(" AND l.owner <> 0");
        if (after) {
            sql += QStringLiteral(" AND (%1, %2) %3 (?, ?)")
                       .arg(first, second, backwards ? QStringLiteral("<") : QStringLiteral(">"));
            params << after->first << after->second;
        }
        sql += QStringLiteral(" ORDER BY %1 %3, %2 %3 LIMIT %4").arg(first, second, dir).arg(batch);
        auto q = runSql(m_db, sql, params);
        if (!q)
            return q.error();
        int read = 0;
        while (q->next()) {
            ++read;
            MismatchRow row = rowFrom(*q);
            after =
                byUser ? std::pair{row.userId, row.clientId} : std::pair{row.clientId, row.userId};
            compareLive(row);
            if (mismatchPasses(row, filter) && !visit(row))
                return {};
        }
        if (read < batch)
            return {};
    }
}

} // namespace accord
