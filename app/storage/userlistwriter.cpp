#include "userlistwriter.h"

#include "csvwriter.h"
#include "database.h"
#include "jsonwriter.h"
#include "rangedoutput.h"
#include "rowcursor.h"
#include "searchindex.h"
#include "temporaltext.h"

#include <QBuffer>
#include <QCoreApplication>
#include <QIODevice>
#include <QStringList>

#include <array>
#include <limits>
#include <optional>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("UserList", text);
}

// The output's keys, and what each is read as from the row the query below returns.
enum class Kind { Id, Text, Date, Flag, Count };
struct Column {
    const char* key;
    Kind kind;
};
constexpr std::array<Column, 11> columns{{{"id", Kind::Id},
                                          {"first_name", Kind::Text},
                                          {"last_name", Kind::Text},
                                          {"email", Kind::Text},
                                          {"language", Kind::Text},
                                          {"email_verified_at", Kind::Date},
                                          {"two_factor", Kind::Flag},
                                          {"last_login", Kind::Date},
                                          {"client_count", Kind::Count},
                                          {"created_at", Kind::Date},
                                          {"updated_at", Kind::Date}}};

// `counted`: with each user's client count (else a 0 in its place, read beside).
QString selectUsers(const QSqlDatabase& db, const Dialect& dialect, bool counted = true)
{
    const auto date = [&](const char* column) {
        return dialect.selectTemporal(QStringLiteral("u.") + QLatin1String(column));
    };
    // Accord keeps each user's client count in accord_user_stats; a vendor database without
    // it counts the links.
    const bool stats = counted && db.tables().contains(QStringLiteral("accord_user_stats"));
    return QStringLiteral("SELECT u.id, u.first_name, u.last_name, u.email, u.language, %1, "
                          "CASE WHEN u.second_factor <> '' THEN 1 ELSE 0 END, %2, %3, %4, %5 "
                          "FROM tblusers u %6")
        .arg(date("email_verified_at"), date("last_login"),
             !counted ? QStringLiteral("0")
             : stats  ? QStringLiteral("COALESCE(s.client_count, 0)")
                      : QStringLiteral("(SELECT count(*) FROM tblusers_clients l WHERE "
                                        "l.auth_user_id = u.id)"),
             date("created_at"), date("updated_at"),
             stats ? QStringLiteral("LEFT JOIN accord_user_stats s ON s.id = u.id") : QString());
}

// Each key as JSON writes it, with its colon.
const std::array<std::string, columns.size()>& quotedKeys()
{
    static const std::array<std::string, columns.size()> keys = [] {
        std::array<std::string, columns.size()> k;
        for (std::size_t i = 0; i < columns.size(); ++i)
            k[i] = JsonWriter::quotedKeyText(columns[i].key);
        return k;
    }();
    return keys;
}

// Rows out, in either format: the header (or the array's '[') with the first part, the
// end with the last.
class Output
{
public:
    enum class Part { Whole, Head, Middle, Tail };
    Output(UserListWriter::Format format, QIODevice& device, Part part = Part::Whole,
           bool firstRows = true)
        : m_csv(device), m_json(device), m_part(part)
    {
        m_isJson = format == UserListWriter::Format::Json;
        const bool head = part == Part::Whole || part == Part::Head;
        if (m_isJson) {
            if (head)
                m_json.beginArray();
            else if (part == Part::Middle)
                m_json.resumeArray(firstRows ? 0 : 1);
        } else if (head) {
            for (const Column& c : columns)
                m_csv.token(c.key);
            m_csv.endLine();
        }
    }

    // A row; its client count from `count` when given (read beside it), else its column.
    void row(const RowCursor& r, std::optional<qint64> count = {})
    {
        if (m_isJson)
            m_json.beginObject();
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const int at = int(i);
            const Column& c = columns[i];
            if (m_isJson)
                m_json.quotedKey(quotedKeys()[i]);
            switch (c.kind) {
            case Kind::Id:
            case Kind::Count: {
                const qint64 n = c.kind == Kind::Count && count ? *count : r.int64(at);
                m_isJson ? m_json.number(n) : m_csv.number(n);
                break;
            }
            case Kind::Text:
                m_isJson ? m_json.string(r.text(at)) : m_csv.text(r.text(at));
                break;
            case Kind::Flag: {
                const bool on = r.int64(at) != 0;
                if (m_isJson)
                    m_json.boolean(on);
                else
                    m_csv.token(on ? std::string_view("true") : std::string_view("false"));
                break;
            }
            case Kind::Date:
                if (!r.isNull(at) && accordTemporalText(r.text(at), m_date))
                    m_isJson ? m_json.string(m_date) : m_csv.text(m_date);
                else
                    m_isJson ? m_json.null() : m_csv.token({});
                break;
            }
        }
        if (m_isJson)
            m_json.endObject();
        else
            m_csv.endLine();
        ++m_rows;
    }

    bool ok() const { return m_isJson ? m_json.ok() : m_csv.ok(); }
    // `anyRows`: whether any part wrote a row (the JSON array's end).
    bool finish(bool anyRows = true)
    {
        if (!m_isJson)
            return m_csv.finish();
        if (m_part == Part::Whole || m_part == Part::Tail) {
            if (m_part == Part::Tail)
                m_json.resumeArray(anyRows ? 1 : 0);
            m_json.endArray();
            return m_json.finish();
        }
        m_json.leave();
        return m_json.flush();
    }
    qint64 rows() const { return m_rows; }

private:
    CsvWriter m_csv;
    JsonWriter m_json;
    Part m_part;
    bool m_isJson = false;
    std::string m_date;
    qint64 m_rows = 0;
};
} // namespace

Result<qint64> UserListWriter::write(const SearchTerm& term, qint64 limit, Format format,
                                     QIODevice& device) const
{
    const QSqlDatabase db = m_database.connection();
    const Dialect& dialect = m_database.dialect();
    const QString select = selectUsers(db, dialect);
    auto drain = [&](const QSqlDatabase& on, const QString& sql, Output& out) -> Result<void> {
        const auto r = dialect.cursor(on, sql);
        while (r->next() && out.ok())
            out.row(*r);
        if (!r->ok())
            return Error::make(Error::Kind::Storage, r->error());
        return {};
    };
    auto failed = [&] {
        return Error::make(Error::Kind::Storage,
                           tr("Cannot write the users: %1").arg(device.errorString()));
    };

    if (term.kind == SearchTerm::Kind::All && limit <= 0) {
        // Everything: id ranges formatted on two cores, written in order.
        const bool merged = dialect.interleavesForwardOnly() &&
                            db.tables().contains(QStringLiteral("accord_user_stats"));
        const QString plainSelect = selectUsers(db, dialect, false);
        {
            Output head(format, device, Output::Part::Head);
            if (!head.finish())
                return failed();
        }
        const RangedOutput ranged(m_database, QStringLiteral("tblusers"), true);
        auto written = ranged.write(
            [&](const QSqlDatabase& on, const RangedOutput::Range& range,
                QByteArray& bytes) -> Result<qint64> {
                bytes.reserve(8 << 20);
                QBuffer buffer(&bytes);
                buffer.open(QIODevice::WriteOnly);
                Output part(format, buffer, Output::Part::Middle, range.first);
                const QString where = QStringLiteral(" WHERE u.id BETWEEN %1 AND %2 ORDER BY u.id "
                                                     "DESC")
                                          .arg(range.from)
                                          .arg(range.to);
                if (!merged) {
                    if (auto r = drain(on, select + where, part); !r)
                        return r.error();
                } else {
                    // The counts read beside the users in the same order (a merge, not a
                    // lookup of each user's row in accord_user_stats).
                    const auto users = dialect.cursor(on, plainSelect + where);
                    const auto counts = dialect.cursor(
                        on, QStringLiteral("SELECT u.id, u.client_count FROM accord_user_stats u") +
                                where);
                    bool more = counts->next();
                    while (users->next() && part.ok()) {
                        const qint64 id = users->int64(0);
                        while (more && counts->int64(0) > id)
                            more = counts->next();
                        part.row(*users, more && counts->int64(0) == id ? counts->int64(1) : 0);
                    }
                    if (!users->ok() || !counts->ok())
                        return Error::make(Error::Kind::Storage,
                                           users->ok() ? counts->error() : users->error());
                }
                part.finish();
                return part.rows();
            },
            device);
        if (!written)
            return written.error();
        Output tail(format, device, Output::Part::Tail);
        if (!tail.finish(*written > 0))
            return failed();
        return *written;
    }

    Output out(format, device);
    const QString limitText = limit > 0 ? QStringLiteral(" LIMIT %1").arg(limit) : QString();
    if (term.kind == SearchTerm::Kind::All) {
        if (auto r = drain(db, select + QStringLiteral(" ORDER BY u.id DESC") + limitText, out); !r)
            return r.error();
    } else {
        // The search's ids in pages of many (a page of a substring search reads its whole
        // match again), then their rows a few thousand ids a read (numbers the index
        // returned, written into the statement).
        const SearchIndex& index = dialect.searchIndex();
        ListRequest request;
        request.order = Qt::DescendingOrder;
        qint64 remaining = limit > 0 ? limit : std::numeric_limits<qint64>::max();
        while (remaining > 0 && out.ok()) {
            request.limit = int(std::min<qint64>(200000, remaining));
            auto ids = index.page(db, Listed::Users, SortKey::Id, term, request);
            if (!ids)
                return ids.error();
            if (ids->isEmpty())
                break;
            constexpr qsizetype chunk = 5000;
            for (qsizetype from = 0; from < ids->size() && out.ok(); from += chunk) {
                QStringList list;
                const qsizetype to = std::min(ids->size(), from + chunk);
                list.reserve(to - from);
                for (qsizetype i = from; i < to; ++i)
                    list << QString::number(ids->at(i).second);
                if (auto r = drain(db,
                                   select + QStringLiteral(" WHERE u.id IN (%1) ORDER BY u.id DESC")
                                                .arg(list.join(QLatin1Char(','))),
                                   out);
                    !r)
                    return r.error();
            }
            remaining -= ids->size();
            request.after = ids->last();
            if (term.kind == SearchTerm::Kind::Id || ids->size() < request.limit)
                break;
        }
    }
    if (!out.finish())
        return failed();
    return out.rows();
}

} // namespace accord
