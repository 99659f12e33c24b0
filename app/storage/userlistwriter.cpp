#include "userlistwriter.h"

#include "csvwriter.h"
#include "jsonwriter.h"
#include "rowcursor.h"
#include "searchindex.h"
#include "temporaltext.h"

#include <QCoreApplication>
#include <QIODevice>
#include <QStringList>

#include <array>
#include <limits>

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

QString selectUsers(const QSqlDatabase& db, const Dialect& dialect)
{
    const auto date = [&](const char* column) {
        return dialect.selectTemporal(QStringLiteral("u.") + QLatin1String(column));
    };
    // Accord keeps each user's client count in accord_user_stats; a vendor database without
    // it counts the links.
    const bool stats = db.tables().contains(QStringLiteral("accord_user_stats"));
    return QStringLiteral("SELECT u.id, u.first_name, u.last_name, u.email, u.language, %1, "
                          "CASE WHEN u.second_factor <> '' THEN 1 ELSE 0 END, %2, %3, %4, %5 "
                          "FROM tblusers u %6")
        .arg(date("email_verified_at"), date("last_login"),
             stats ? QStringLiteral("COALESCE(s.client_count, 0)")
                   : QStringLiteral("(SELECT count(*) FROM tblusers_clients l WHERE "
                                    "l.auth_user_id = u.id)"),
             date("created_at"), date("updated_at"),
             stats ? QStringLiteral("LEFT JOIN accord_user_stats s ON s.id = u.id") : QString());
}

// One row out, in either format.
class Output
{
public:
    Output(UserListWriter::Format format, QIODevice& device) : m_csv(device), m_json(device)
    {
        m_isJson = format == UserListWriter::Format::Json;
        if (m_isJson) {
            m_json.beginArray();
        } else {
            for (const Column& c : columns)
                m_csv.token(c.key);
            m_csv.endLine();
        }
    }

    void row(const RowCursor& r)
    {
        if (m_isJson)
            m_json.beginObject();
        for (std::size_t i = 0; i < columns.size(); ++i) {
            const int at = int(i);
            const Column& c = columns[i];
            if (m_isJson)
                m_json.key(c.key);
            switch (c.kind) {
            case Kind::Id:
            case Kind::Count:
                m_isJson ? m_json.number(r.int64(at)) : m_csv.number(r.int64(at));
                break;
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
    bool finish()
    {
        if (!m_isJson)
            return m_csv.finish();
        m_json.endArray();
        return m_json.finish();
    }
    qint64 rows() const { return m_rows; }

private:
    CsvWriter m_csv;
    JsonWriter m_json;
    bool m_isJson = false;
    std::string m_date;
    qint64 m_rows = 0;
};
} // namespace

Result<qint64> UserListWriter::write(const SearchTerm& term, qint64 limit, Format format,
                                     QIODevice& device) const
{
    Output out(format, device);
    const QString select = selectUsers(m_db, m_dialect);
    auto drain = [&](const QString& sql) -> Result<void> {
        const auto r = m_dialect.cursor(m_db, sql);
        while (r->next() && out.ok())
            out.row(*r);
        if (!r->ok())
            return Error::make(Error::Kind::Storage, r->error());
        return {};
    };
    const QString limitText = limit > 0 ? QStringLiteral(" LIMIT %1").arg(limit) : QString();
    if (term.kind == SearchTerm::Kind::All) {
        if (auto r = drain(select + QStringLiteral(" ORDER BY u.id DESC") + limitText); !r)
            return r.error();
    } else {
        // The search's ids a page at a time, then their rows in one read each (the ids are
        // numbers the index returned, written into the statement).
        const SearchIndex& index = m_dialect.searchIndex();
        ListRequest request;
        request.order = Qt::DescendingOrder;
        qint64 remaining = limit > 0 ? limit : std::numeric_limits<qint64>::max();
        while (remaining > 0 && out.ok()) {
            request.limit = int(std::min<qint64>(5000, remaining));
            auto ids = index.page(m_db, Listed::Users, SortKey::Id, term, request);
            if (!ids)
                return ids.error();
            if (ids->isEmpty())
                break;
            QStringList list;
            list.reserve(ids->size());
            for (const auto& [key, id] : std::as_const(*ids))
                list << QString::number(id);
            if (auto r = drain(select + QStringLiteral(" WHERE u.id IN (%1) ORDER BY u.id DESC")
                                            .arg(list.join(QLatin1Char(','))));
                !r)
                return r.error();
            remaining -= ids->size();
            request.after = ids->last();
            if (term.kind == SearchTerm::Kind::Id || ids->size() < request.limit)
                break;
        }
    }
    if (!out.finish())
        return Error::make(Error::Kind::Storage,
                           tr("Cannot write the users: %1").arg(device.errorString()));
    return out.rows();
}

} // namespace accord
