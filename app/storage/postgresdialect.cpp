#include "postgresdialect.h"

#include "bulktable.h"
#include "database.h"
#include "queryinterrupter.h"
#include "rowcursor.h"
#include "serversearchindex.h"
#include "sharedread.h"
#include "sql.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QSqlError>

#include <libpq-fe.h>

#include <charconv>
#include <cstdint>
#include <optional>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Storage", text);
}

// A key of Accord's own for pg_advisory_lock ("Accord" in ASCII).
constexpr qint64 schemaLockKey = 0x4163636f7264;

PGconn* connectionHandle(const QSqlDatabase& db)
{
    const QVariant v = db.driver() ? db.driver()->handle() : QVariant();
    // Qt names the type by its struct tag (pg_conn*).
    if (!v.isValid() ||
        (qstrcmp(v.typeName(), "pg_conn*") != 0 && qstrcmp(v.typeName(), "PGconn*") != 0))
        return nullptr;
    return *static_cast<PGconn* const*>(v.data());
}

// A read of many rows as libpq hands them over (single-row mode: one row's result at a
// time, each value as text and length), without a QVariant and a UTF-16 copy per value or
// the whole result held. The connection runs nothing else meanwhile.
class PostgresTextCursor final : public TextRowCursor
{
public:
    PostgresTextCursor(const QSqlDatabase& db, const QString& sql) : m_conn(connectionHandle(db))
    {
        if (!m_conn) {
            m_error = tr("No PostgreSQL connection for the read.");
            return;
        }
        if (PQsendQuery(m_conn, sql.toUtf8().constData()) != 1 || PQsetSingleRowMode(m_conn) != 1) {
            m_error = QString::fromUtf8(PQerrorMessage(m_conn));
            drain();
            return;
        }
        m_sent = true;
    }
    ~PostgresTextCursor() override
    {
        if (m_row)
            PQclear(m_row);
        if (m_sent && !m_done) { // left part-way: the rest not sent at all
            if (PGcancel* cancel = PQgetCancel(m_conn)) {
                char message[256];
                (void)PQcancel(cancel, message, int(sizeof message));
                PQfreeCancel(cancel);
            }
        }
        drain();
    }
    PostgresTextCursor(const PostgresTextCursor&) = delete;
    PostgresTextCursor& operator=(const PostgresTextCursor&) = delete;

    bool ok() const override { return m_error.isEmpty(); }
    QString error() const override { return m_error; }
    bool next() override
    {
        if (m_row) {
            PQclear(m_row);
            m_row = nullptr;
        }
        if (!m_sent || m_done)
            return false;
        PGresult* r = PQgetResult(m_conn);
        if (r && PQresultStatus(r) == PGRES_SINGLE_TUPLE) {
            m_row = r;
            return true;
        }
        m_done = true;
        if (r && PQresultStatus(r) != PGRES_TUPLES_OK && PQresultStatus(r) != PGRES_COMMAND_OK)
            m_error = QString::fromUtf8(PQresultErrorMessage(r));
        if (r)
            PQclear(r);
        drain();
        return false;
    }
    std::string_view text(int column) const override
    {
        if (isNull(column))
            return {};
        return {PQgetvalue(m_row, 0, column), std::size_t(PQgetlength(m_row, 0, column))};
    }
    bool isNull(int column) const override
    {
        return !m_row || column < 0 || column >= PQnfields(m_row) ||
               PQgetisnull(m_row, 0, column) == 1;
    }

private:
    void drain()
    {
        if (!m_conn)
            return;
        while (PGresult* r = PQgetResult(m_conn))
            PQclear(r);
        m_done = true;
    }
    PGconn* m_conn = nullptr;
    PGresult* m_row = nullptr;
    QString m_error;
    bool m_sent = false, m_done = false;
};

// A conninfo value in single quotes (Qt passes connect options to libpq as they are).
QString conninfoValue(const QString& value)
{
    QString quoted = value;
    quoted.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    quoted.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

// PQcancel asks the server to end whatever the connection runs now.
class PostgresInterrupter : public QueryInterrupter
{
public:
    explicit PostgresInterrupter(PGconn* connection)
        : m_cancel(connection ? PQgetCancel(connection) : nullptr)
    {
    }
    ~PostgresInterrupter() override
    {
        if (m_cancel)
            PQfreeCancel(m_cancel);
    }
    void interrupt() override
    {
        char error[256];
        if (m_cancel)
            PQcancel(m_cancel, error, int(sizeof error));
    }

private:
    PGcancel* m_cancel;
};
} // namespace

void PostgresDialect::prepare(QSqlDatabase& db, const DatabaseLocation& location, bool) const
{
    db.setHostName(location.host);
    db.setPort(location.port);
    db.setUserName(location.user);
    db.setDatabaseName(location.name);
    db.setPassword(location.password);
    QString options = QStringLiteral("application_name=Accord;connect_timeout=10");
    if (location.tls != TlsMode::Off)
        options += QStringLiteral(";sslmode=") + tlsModeName(location.tls);
    if (!location.caFile.isEmpty())
        options += QStringLiteral(";sslrootcert=") + conninfoValue(location.caFile);
    db.setConnectOptions(options);
}

QList<TlsMode> PostgresDialect::tlsModes() const
{
    return {TlsMode::Off, TlsMode::Require, TlsMode::VerifyCa, TlsMode::VerifyFull};
}

Result<void> PostgresDialect::checkTls(const QSqlDatabase& db,
                                       const DatabaseLocation& location) const
{
    if (location.tls == TlsMode::Off)
        return {};
    PGconn* conn = connectionHandle(db);
    if (!conn || PQsslInUse(conn) != 1) {
        Error e = Error::make(Error::Kind::Refused,
                              tr("TLS: the connection to %1 is not encrypted, though the "
                                 "profile asks for TLS (%2); Accord does not fall back to "
                                 "plain text.")
                                  .arg(location.display(), tlsModeName(location.tls)));
        e.field = QStringLiteral("tls");
        return e;
    }
    return {};
}

bool PostgresDialect::isIdle(const QSqlDatabase& db) const
{
    PGconn* conn = connectionHandle(db);
    return conn && PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) == PQTRANS_IDLE;
}

Error PostgresDialect::connectionError(const QSqlError& error,
                                       const DatabaseLocation& location) const
{
    // A connection that never opened has no SQLSTATE: libpq's message says what failed.
    const QString text =
        (error.databaseText().isEmpty() ? error.text() : error.databaseText()).trimmed();
    const QString where = QStringLiteral("%1:%2").arg(location.host).arg(location.port);
    auto refusal = [&](const char* field, const QString& message) {
        Error e = Error::make(Error::Kind::Refused, message).withServerText(text);
        e.field = QLatin1String(field);
        return e;
    };
    if (text.contains(QLatin1String("SSL")) || text.contains(QLatin1String("certificate")))
        return refusal("tls", tr("TLS failed with %1: %2").arg(where, text));
    if (text.contains(QLatin1String("password authentication failed")) ||
        text.contains(QLatin1String("no password supplied")) ||
        text.contains(QLatin1String("authentication failed")) ||
        (text.contains(QLatin1String("role \"")) && text.contains(QLatin1String("does not exist"))))
        return refusal("password",
                       tr("Authentication failed: %1 refused user %2 with this password (%3).")
                           .arg(where, location.user, text));
    if (text.contains(QLatin1String("database \"")) &&
        text.contains(QLatin1String("does not exist")))
        return refusal("database", tr("No such database on %1: %2").arg(where, text));
    if (text.contains(QLatin1String("Connection refused")) ||
        text.contains(QLatin1String("could not translate host name")) ||
        text.contains(QLatin1String("timeout expired")) ||
        text.contains(QLatin1String("No route to host")) ||
        text.contains(QLatin1String("Network is unreachable")) ||
        text.contains(QLatin1String("could not connect")))
        return refusal("host",
                       tr("Host unreachable: nothing answers at %1 (%2).").arg(where, text));
    return Dialect::connectionError(error, location);
}

Result<void> PostgresDialect::configure(const QSqlDatabase& db, bool) const
{
    for (const QString& setting :
         {QStringLiteral("SET TIME ZONE 'UTC'"),
          QStringLiteral("SET lock_timeout = %1").arg(busyTimeoutMs()),
          QStringLiteral("SET statement_timeout = %1").arg(statementTimeoutMs())})
        if (auto r = runSql(db, setting); !r)
            return r.error();
    return {};
}

Result<QString> PostgresDialect::readOnlyReason(const QSqlDatabase& db) const
{
    auto standby = runSql(db, QStringLiteral("SELECT pg_is_in_recovery()"));
    if (!standby)
        return standby.error();
    if (standby->next() && standby->value(0).toBool())
        return tr("read-only: this server is a replica (a hot standby); changes go to the "
                  "primary");
    return Dialect::readOnlyReason(db);
}

Error PostgresDialect::error(const QSqlError& error) const
{
    const QString state = error.nativeErrorCode();
    const QString text = error.databaseText().isEmpty() ? error.text() : error.databaseText();
    if (state == QLatin1String("23505"))
        return Error::make(Error::Kind::Clash, tr("That value is already used: %1").arg(text));
    if (state == QLatin1String("42501"))
        return Error::make(Error::Kind::ReadOnly,
                           tr("read-only: your database role may not change data"))
            .withServerText(text);
    if (state == QLatin1String("25006"))
        return Error::make(Error::Kind::ReadOnly, tr("read-only: the server accepts no changes"))
            .withServerText(text);
    if (state == QLatin1String("57014") && text.contains(QLatin1String("user request")))
        return Error::make(Error::Kind::Busy,
                           tr("The query was interrupted: a newer one replaced it."));
    if (state == QLatin1String("55P03") || state == QLatin1String("57014"))
        return Error::make(Error::Kind::Busy,
                           tr("The database is busy: another session holds the record, or the "
                              "server did not answer in time. Try again in a moment."));
    if (state == QLatin1String("40P01") || state == QLatin1String("40001"))
        return Error::make(Error::Kind::RolledBack,
                           tr("The server rolled the change back: %1").arg(text));
    if (state == QLatin1String("3D000"))
        return Error::make(Error::Kind::NotFound, tr("No such database: %1").arg(text));
    if (state.startsWith(QLatin1String("08")) || state == QLatin1String("57P01"))
        return Error::make(Error::Kind::Storage,
                           tr("The connection to the server was lost: %1").arg(text));
    return Error::make(Error::Kind::Storage, tr("Database error: %1").arg(text));
}

QString PostgresDialect::backupAdvice(const DatabaseLocation& location) const
{
    return QStringLiteral("pg_dump -h %1 -p %2 -U %3 -Fc -f %4.dump %4")
        .arg(location.host)
        .arg(location.port)
        .arg(location.user, location.name);
}

Result<void> PostgresDialect::lockSchema(const QSqlDatabase& db) const
{
    if (auto r = runSql(db, QStringLiteral("SELECT pg_advisory_lock(?)"), {schemaLockKey}); !r)
        return r.error();
    return {};
}

void PostgresDialect::unlockSchema(const QSqlDatabase& db) const
{
    (void)runSql(db, QStringLiteral("SELECT pg_advisory_unlock(?)"), {schemaLockKey});
}

QString PostgresDialect::upsert(const QString& key, const QStringList& columns) const
{
    QStringList sets;
    for (const QString& c : columns)
        sets << QStringLiteral("%1 = EXCLUDED.%1").arg(quoteIdentifier(c));
    return QStringLiteral(" ON CONFLICT (%1) DO UPDATE SET %2")
        .arg(quoteIdentifier(key), sets.join(QLatin1String(", ")));
}

Result<void> PostgresDialect::resetIdentity(const QSqlDatabase& db, const QString& table) const
{
    auto r = runSql(db, QStringLiteral("SELECT setval(pg_get_serial_sequence('%1', 'id'), "
                                       "coalesce((SELECT max(id) FROM %1), 0) + 1, false)")
                            .arg(table));
    if (!r)
        return r.error();
    return {};
}

std::unique_ptr<RowCursor> PostgresDialect::textCursor(const QSqlDatabase& db, const QString& sql,
                                                       const QVariantList& params) const
{
    noteSql(sql, params);
    return std::make_unique<PostgresTextCursor>(
        db, params.isEmpty() ? sql : inlineParameters(db, sql, params));
}

QString PostgresDialect::withParameters(const QSqlDatabase& db, const QString& sql,
                                        const QVariantList& params) const
{
    return inlineParameters(db, sql, params);
}

QString PostgresDialect::containsText(const QString& column) const
{
    return QStringLiteral("strpos(lower(%1), lower(CAST(? AS text))) > 0").arg(column);
}

namespace {
// Sends one complete COPY of `data` (the rows and whatever frames them) on the connection.
Result<void> copyIn(const QSqlDatabase& db, const QString& table, const QStringList& columns,
                    const char* options, std::initializer_list<std::string_view> data)
{
    PGconn* conn = connectionHandle(db);
    if (!conn)
        return Error::make(Error::Kind::Storage, tr("No PostgreSQL connection for COPY."));
    QStringList quoted;
    for (const QString& c : columns)
        quoted << QLatin1Char('"') + c + QLatin1Char('"');
    const QByteArray sql = QStringLiteral("COPY %1 (%2) FROM STDIN%3")
                               .arg(table, quoted.join(QLatin1String(", ")), QLatin1String(options))
                               .toUtf8();
    auto failure = [&](PGresult* result) {
        const QString message =
            QString::fromUtf8(result ? PQresultErrorMessage(result) : PQerrorMessage(conn))
                .trimmed();
        return Error::make(Error::Kind::Storage, message);
    };
    PGresult* begun = PQexec(conn, sql.constData());
    if (PQresultStatus(begun) != PGRES_COPY_IN) {
        Error e = failure(begun);
        PQclear(begun);
        return e;
    }
    PQclear(begun);
    constexpr std::size_t chunk = 1024 * 1024;
    bool sent = true;
    for (std::string_view part : data)
        for (std::size_t at = 0; at < part.size() && sent; at += chunk)
            sent =
                PQputCopyData(conn, part.data() + at, int(std::min(chunk, part.size() - at))) == 1;
    std::optional<Error> error;
    if (PQputCopyEnd(conn, sent ? nullptr : "Accord stopped sending rows") != 1)
        error = failure(nullptr);
    while (PGresult* result = PQgetResult(conn)) {
        if (PQresultStatus(result) != PGRES_COMMAND_OK && !error)
            error = failure(result);
        PQclear(result);
    }
    if (error)
        return *error;
    return {};
}

// COPY ... FROM STDIN in text format, a complete COPY per batch of rows.
class CopyTable : public TabSeparatedTable
{
public:
    CopyTable(QSqlDatabase db, QString table, QStringList columns)
        : TabSeparatedTable(std::move(db), std::move(table), std::move(columns))
    {
    }

protected:
    Result<void> send(std::string& pending) override
    {
        return copyIn(m_db, m_table, m_columns, "", {pending});
    }
};

// COPY ... FROM STDIN (FORMAT binary): each value as the server stores it, so that it parses
// no text (a text COPY spends a fifth of its time reading dates and numbers). For tables
// whose columns are all of the types below; a complete COPY per batch of rows.
class BinaryCopyTable : public BulkTable
{
public:
    enum class Type { Int2, Int4, Int8, Bool, Text, Date, Timestamp };

    // The binary type of each of `columns`, none when one has a type not listed above.
    static std::optional<std::vector<Type>> typesOf(const QSqlDatabase& db, const QString& table,
                                                    const QStringList& columns)
    {
        auto q = runSql(db,
                        QStringLiteral("SELECT attname, format_type(atttypid, NULL) FROM "
                                       "pg_attribute WHERE attrelid = to_regclass(?) AND "
                                       "attnum > 0 AND NOT attisdropped"),
                        {table});
        if (!q)
            return std::nullopt;
        static const QHash<QString, Type> known{
            {QStringLiteral("smallint"), Type::Int2},
            {QStringLiteral("integer"), Type::Int4},
            {QStringLiteral("bigint"), Type::Int8},
            {QStringLiteral("boolean"), Type::Bool},
            {QStringLiteral("text"), Type::Text},
            {QStringLiteral("character varying"), Type::Text},
            {QStringLiteral("date"), Type::Date},
            {QStringLiteral("timestamp with time zone"), Type::Timestamp},
            {QStringLiteral("timestamp without time zone"), Type::Timestamp}};
        QHash<QString, Type> types;
        while (q->next())
            if (const auto t = known.constFind(q->value(1).toString()); t != known.cend())
                types.insert(q->value(0).toString(), *t);
        std::vector<Type> out;
        for (const QString& c : columns) {
            const auto t = types.constFind(c);
            if (t == types.cend())
                return std::nullopt;
            out.push_back(*t);
        }
        return out;
    }

    BinaryCopyTable(QSqlDatabase db, QString table, QStringList columns, std::vector<Type> types)
        : BulkTable(std::move(db), std::move(table), std::move(columns)), m_types(std::move(types))
    {
    }

protected:
    bool encodeInteger(std::string& out, std::size_t column, std::int64_t v) const override
    {
        switch (m_types[column]) {
        case Type::Int2:
            if (v < INT16_MIN || v > INT16_MAX)
                return false;
            put(out, 4, 2);
            put(out, 2, v);
            return true;
        case Type::Int4:
            if (v < INT32_MIN || v > INT32_MAX)
                return false;
            put(out, 4, 4);
            put(out, 4, v);
            return true;
        case Type::Int8:
            put(out, 4, 8);
            put(out, 8, v);
            return true;
        case Type::Bool:
            put(out, 4, 1);
            put(out, 1, v != 0 ? 1 : 0);
            return true;
        case Type::Text: {
            const std::string text = std::to_string(v);
            return encodeText(out, column, text, false);
        }
        case Type::Date:
        case Type::Timestamp:
            return false;
        }
        return false;
    }
    bool encodeText(std::string& out, std::size_t column, std::string_view v, bool) const override
    {
        switch (m_types[column]) {
        case Type::Text:
            if (v.size() > std::size_t(INT32_MAX))
                return false;
            put(out, 4, std::int64_t(v.size()));
            out.append(v);
            return true;
        case Type::Date:
        case Type::Timestamp: {
            const auto moment = since2000(v);
            if (!moment)
                return false;
            if (m_types[column] == Type::Date) {
                put(out, 4, 4);
                put(out, 4, moment->days);
            } else {
                put(out, 4, 8);
                put(out, 8, (moment->days * 86'400 + moment->seconds) * 1'000'000 + moment->micros);
            }
            return true;
        }
        case Type::Bool:
            if (v == "t" || v == "true" || v == "1")
                return encodeInteger(out, column, 1);
            if (v == "f" || v == "false" || v == "0")
                return encodeInteger(out, column, 0);
            return false;
        case Type::Int2:
        case Type::Int4:
        case Type::Int8: {
            std::int64_t n = 0;
            const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
            return ec == std::errc() && end == v.data() + v.size() && encodeInteger(out, column, n);
        }
        }
        return false;
    }
    void encodeNull(std::string& out) const override { put(out, 4, -1); }
    void appendRow(std::string& pending, const std::vector<std::string>& fields) override
    {
        put(pending, 2, std::int64_t(fields.size()));
        for (const std::string& f : fields)
            pending += f;
    }
    bool ready(const std::string& pending) const override
    {
        return pending.size() >= 32 * 1024 * 1024;
    }
    bool sendsInBackground() const override { return true; }
    Result<void> send(std::string& pending) override
    {
        // The signature, no flags, no header extension; the rows; the end of the data.
        static constexpr char header[] = "PGCOPY\n\377\r\n\0\0\0\0\0\0\0\0\0";
        static constexpr char trailer[] = "\377\377";
        return copyIn(m_db, m_table, m_columns, " (FORMAT binary)",
                      {std::string_view(header, sizeof header - 1), pending,
                       std::string_view(trailer, sizeof trailer - 1)});
    }

private:
    // `v` in `bytes` bytes, in network order (a field is its length in 4 such bytes, -1 for
    // NULL, then its value's bytes; a row, its field count in 2, then its fields).
    static void put(std::string& out, int bytes, std::int64_t v)
    {
        char b[8];
        for (int i = 0; i < bytes; ++i)
            b[i] = char((std::uint64_t(v) >> (8 * (bytes - 1 - i))) & 0xff);
        out.append(b, std::size_t(bytes));
    }

    // Accord's UTC text of a date or timestamp ("2024-05-01", "2024-05-01T10:20:30Z", with
    // a space for the T, fractions of a second, or "+00:00") as days since 2000-01-01 (the
    // binary form's epoch) and the time of that day; none for any other text.
    struct Moment {
        std::int64_t days = 0, seconds = 0, micros = 0;
    };
    static std::optional<Moment> since2000(std::string_view v)
    {
        auto digits = [&v](std::size_t at, std::size_t n) -> std::optional<int> {
            if (at + n > v.size())
                return std::nullopt;
            int x = 0;
            for (std::size_t i = at; i < at + n; ++i) {
                if (v[i] < '0' || v[i] > '9')
                    return std::nullopt;
                x = x * 10 + (v[i] - '0');
            }
            return x;
        };
        const auto year = digits(0, 4), month = digits(5, 2), day = digits(8, 2);
        if (!year || !month || !day || v[4] != '-' || v[7] != '-' || *year < 1 || *month < 1 ||
            *month > 12 || *day < 1 || *day > daysIn(*year, *month))
            return std::nullopt;
        std::int64_t seconds = 0, micros = 0;
        std::size_t at = 10;
        if (at < v.size()) {
            if (v[at] != 'T' && v[at] != ' ')
                return std::nullopt;
            const auto h = digits(11, 2), m = digits(14, 2), s = digits(17, 2);
            if (!h || !m || !s || v[13] != ':' || v[16] != ':' || *h > 23 || *m > 59 || *s > 59)
                return std::nullopt;
            seconds = *h * 3600 + *m * 60 + *s;
            at = 19;
            if (at < v.size() && v[at] == '.') {
                // Up to microseconds (PostgreSQL would round the rest; Accord writes whole
                // seconds).
                std::size_t n = 0;
                for (++at; at < v.size() && v[at] >= '0' && v[at] <= '9'; ++at, ++n) {
                    if (n == 6)
                        return std::nullopt;
                    micros = micros * 10 + (v[at] - '0');
                }
                if (n == 0)
                    return std::nullopt;
                for (; n < 6; ++n)
                    micros *= 10;
            }
            const std::string_view zone = v.substr(at);
            if (!zone.empty() && zone != "Z" && zone != "+00" && zone != "+00:00")
                return std::nullopt;
        }
        return Moment{daysSince2000(*year, *month, *day), seconds, micros};
    }
    static int daysIn(int year, int month)
    {
        static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        return month == 2 && leap ? 29 : days[month - 1];
    }
    // (The proleptic Gregorian calendar's day count, as in Howard Hinnant's days_from_civil.)
    static std::int64_t daysSince2000(int year, int month, int day)
    {
        const int y = month <= 2 ? year - 1 : year;
        const int era = (y >= 0 ? y : y - 399) / 400;
        const int yoe = y - era * 400;
        const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return std::int64_t(era) * 146'097 + doe - 719'468 - 10'957;
    }

    std::vector<Type> m_types;
};
} // namespace

std::unique_ptr<BulkTable> PostgresDialect::bulkTable(const QSqlDatabase& db, const QString& table,
                                                      const QStringList& columns) const
{
    if (auto types = BinaryCopyTable::typesOf(db, table, columns))
        return std::make_unique<BinaryCopyTable>(db, table, columns, std::move(*types));
    return std::make_unique<CopyTable>(db, table, columns);
}

QStringList PostgresDialect::bulkLoad(bool on) const
{
    // For the transaction only: it ends with it, whatever happens. Index builds get the
    // memory to sort a million keys at once.
    if (on)
        return {QStringLiteral("SET LOCAL accord.bulk_load = 'on'"),
                QStringLiteral("SET LOCAL maintenance_work_mem = '256MB'")};
    return {}; // (SET LOCAL ends with the transaction)
}

Result<QStringList> PostgresDialect::dropForBulkLoad(const QSqlDatabase& db,
                                                     const QStringList& tables) const
{
    // Indexes that no constraint owns (primary keys and UNIQUE constraints stay), in the
    // server's own words to make them again.
    auto q = runSql(db, QStringLiteral("SELECT i.indexrelid::regclass::text, "
                                       "pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN "
                                       "pg_class c ON c.oid = i.indrelid WHERE c.relname IN (%1) "
                                       "AND c.relnamespace = current_schema()::regnamespace AND "
                                       "NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE "
                                       "k.conindid = i.indexrelid)")
                            .arg(sqlTextList(tables)));
    if (!q)
        return q.error();
    QStringList names, definitions;
    while (q->next()) {
        names << q->value(0).toString();
        definitions << q->value(1).toString();
    }
    for (const QString& name : names)
        if (auto r = runSql(db, QStringLiteral("DROP INDEX %1").arg(name)); !r)
            return r.error();
    return definitions;
}

Result<QStringList> PostgresDialect::quietTriggersForBulkLoad(const QSqlDatabase& db,
                                                              const QStringList& tables) const
{
    // The triggers of the tables' own (no constraint's) that fire ('O'): one ALTER each, so
    // one a team turned off (or to replica mode) stays as it was.
    auto q = runSql(db, QStringLiteral("SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class "
                                       "c ON c.oid = t.tgrelid WHERE c.relname IN (%1) AND "
                                       "c.relnamespace = current_schema()::regnamespace AND NOT "
                                       "t.tgisinternal AND t.tgenabled = 'O' ORDER BY 1, 2")
                            .arg(sqlTextList(tables)));
    if (!q)
        return q.error();
    QList<std::pair<QString, QString>> triggers;
    while (q->next())
        triggers.append(
            {quoteIdentifier(q->value(0).toString()), quoteIdentifier(q->value(1).toString())});
    QStringList enable;
    for (const auto& [table, trigger] : std::as_const(triggers)) {
        if (auto r =
                runSql(db, QStringLiteral("ALTER TABLE %1 DISABLE TRIGGER %2").arg(table, trigger));
            !r)
            return r.error();
        enable << QStringLiteral("ALTER TABLE %1 ENABLE TRIGGER %2").arg(table, trigger);
    }
    return enable;
}

QStringList PostgresDialect::analyzeAfterBulkLoad() const
{
    QStringList statements;
    for (const char* table :
         {"tblusers", "tblclients", "tblusers_clients", "accord_user_keys", "accord_client_keys",
          "accord_user_stats", "accord_client_stats", "accord_link_differences"})
        statements << QStringLiteral("ANALYZE %1").arg(QLatin1String(table));
    return statements;
}

const SearchIndex& PostgresDialect::searchIndex() const
{
    static const ServerSearchIndex index(ServerSearchIndex::Substrings::InKeys,
                                         ServerSearchIndex::PrefixRanges::Or);
    return index;
}

std::unique_ptr<QueryInterrupter> PostgresDialect::interrupter(const QSqlDatabase& db,
                                                               const DatabaseLocation&,
                                                               std::function<bool()>) const
{
    return std::make_unique<PostgresInterrupter>(connectionHandle(db));
}

namespace {
// The first reader's snapshot exported (pg_export_snapshot) and imported by the others
// (SET TRANSACTION SNAPSHOT), as pg_dump --jobs shares one moment between its workers.
class PostgresSharedRead : public SharedRead
{
public:
    explicit PostgresSharedRead(int readers) : SharedRead(readers) {}

protected:
    Result<void> beginOne(const QSqlDatabase& connection, bool first) override
    {
        if (auto r = runSql(connection,
                            QStringLiteral("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"));
            !r)
            return r.error();
        if (first) {
            auto q = runSql(connection, QStringLiteral("SELECT pg_export_snapshot()"));
            if (!q)
                return q.error();
            if (q->next())
                m_snapshot = q->value(0).toString();
            return {};
        }
        static const QRegularExpression id(QStringLiteral("^[0-9A-Fa-f-]+$"));
        if (!id.match(m_snapshot).hasMatch())
            return Error::make(
                Error::Kind::Storage,
                QCoreApplication::translate("Storage", "The server gave no snapshot to share (%1).")
                    .arg(m_snapshot));
        if (auto r =
                runSql(connection, QStringLiteral("SET TRANSACTION SNAPSHOT '%1'").arg(m_snapshot));
            !r)
            return r.error();
        return {};
    }

private:
    QString m_snapshot; // written by the first reader before the others begin
};
} // namespace

std::unique_ptr<SharedRead> PostgresDialect::shareRead(const QSqlDatabase&, int readers) const
{
    return std::make_unique<PostgresSharedRead>(readers);
}

} // namespace accord
