#include "importservice.h"

#include "domain/clientaccount.h"
#include "domain/importactivity.h"
#include "domain/permission.h"
#include "domain/textfolding.h"
#include "domain/validation.h"
#include "storage/existingrecords.h"
#include "storage/importsource.h"
#include "storage/importtarget.h"
#include "storage/rowstore.h"
#include "storage/sqliteimportload.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QThread>
#include <QUuid>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cstdio>
#include <optional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace accord {

QString ImportProblem::text() const
{
    QString out = file;
    if (line > 0)
        out += QLatin1Char(':') + QString::number(line);
    if (!field.isEmpty())
        out += (out.isEmpty() ? QString() : QStringLiteral(": ")) + field;
    return out + (out.isEmpty() ? QString() : QStringLiteral(": ")) + message;
}

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("ImportService", text);
}

constexpr int listedProblems = 100;

QString fromUtf8(std::string_view v)
{
    return QString::fromUtf8(v.data(), qsizetype(v.size()));
}

std::string_view trimmed(std::string_view v)
{
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t' || v.front() == '\r'))
        v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t' || v.back() == '\r'))
        v.remove_suffix(1);
    return v;
}

std::optional<std::int64_t> wholeNumber(std::string_view v)
{
    v = trimmed(v);
    if (v == "true")
        return 1;
    if (v == "false")
        return 0;
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc() || end != v.data() + v.size() || v.empty())
        return std::nullopt;
    return n;
}

bool digits(std::string_view v, std::size_t at, std::size_t n)
{
    if (v.size() < at + n)
        return false;
    for (std::size_t i = at; i < at + n; ++i)
        if (v[i] < '0' || v[i] > '9')
            return false;
    return true;
}

// A date or timestamp as Accord stores it (YYYY-MM-DDTHH:MM:SSZ, or YYYY-MM-DD for a
// date column), from an export's form, the vendor's (YYYY-MM-DD HH:MM:SS) or a date
// alone; the vendor's zero dates and blanks are null. False when it is none of those.
bool normalisedTemporal(std::string_view v, bool dateOnly, std::string& out, bool& isNull)
{
    v = trimmed(v);
    isNull = v.empty() || v.substr(0, 10) == "0000-00-00";
    if (isNull)
        return true;
    if (!digits(v, 0, 4) || v[4] != '-' || !digits(v, 5, 2) || v[7] != '-' || !digits(v, 8, 2))
        return false;
    const int month = (v[5] - '0') * 10 + (v[6] - '0');
    const int day = (v[8] - '0') * 10 + (v[9] - '0');
    if (month < 1 || month > 12 || day < 1 || day > 31)
        return false;
    if (dateOnly) {
        if (v.size() != 10 && !(v.size() >= 19 && (v[10] == 'T' || v[10] == ' ')))
            return false;
        out.assign(v.substr(0, 10));
        return true;
    }
    out.assign(v.substr(0, 10));
    if (v.size() == 10) {
        out.append("T00:00:00Z");
        return true;
    }
    if ((v[10] != 'T' && v[10] != ' ') || !digits(v, 11, 2) || v[13] != ':' || !digits(v, 14, 2) ||
        v[16] != ':' || !digits(v, 17, 2))
        return false;
    std::string_view rest = v.substr(19);
    if (!rest.empty() && rest.front() == '.') { // fractions of a second: dropped
        rest.remove_prefix(1);
        while (!rest.empty() && rest.front() >= '0' && rest.front() <= '9')
            rest.remove_prefix(1);
    }
    if (!(rest.empty() || rest == "Z" || rest == "+00" || rest == "+00:00" || rest == "+0000"))
        return false;
    out.append("T").append(v.substr(11, 8)).append("Z");
    return true;
}

// Where a record is, for problems and for the owner rule's "first on line N".
struct Where {
    int source = 0;
    qint64 line = 0;
};

// Looks text up without making a std::string of it.
struct TextHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view v) const { return std::hash<std::string_view>()(v); }
};

struct PairHash {
    std::size_t operator()(const std::pair<qint64, qint64>& p) const
    {
        return std::hash<qint64>()(p.first * 1000003 ^ p.second);
    }
};

// A throttled progress callback (about ten calls a second), which also tells whether to
// go on.
class Progress
{
public:
    explicit Progress(const ImportProgressFn& fn) : m_fn(fn) { m_timer.start(); }
    bool report(const QString& phase, qint64 done, qint64 total, bool force = false,
                bool rows = false)
    {
        if (!m_fn || m_cancelled)
            return !m_cancelled;
        // A new phase is told at once, then at most ten times a second.
        if (!force && phase == m_phase && m_timer.elapsed() < 100)
            return true;
        m_timer.restart();
        m_phase = phase;
        if (!m_fn({phase, done, total, rows}))
            m_cancelled = true;
        return !m_cancelled;
    }
    bool cancelled() const { return m_cancelled; } // from any thread

private:
    const ImportProgressFn& m_fn;
    QElapsedTimer m_timer;
    QString m_phase;
    std::atomic<bool> m_cancelled = false;
};

// ACCORD_IMPORT_HOLD (tests of a killed import): "rows:N" stops for good once N rows were
// handed to the database, "indexes" before the index work; either says so on stderr.
void holdIfAsked(const char* at, qint64 rows)
{
    static const QByteArray hold = qgetenv("ACCORD_IMPORT_HOLD");
    if (hold.isEmpty())
        return;
    const bool now = hold == at || (hold.startsWith("rows:") && qstrcmp(at, "rows") == 0 &&
                                    rows == hold.mid(5).toLongLong());
    if (!now)
        return;
    std::fprintf(stderr, "accord: import holding at %s (ACCORD_IMPORT_HOLD)\n", hold.constData());
    std::fflush(stderr);
    for (;;)
        QThread::sleep(1);
}

// One table of the import: its columns in the database, which of them the files give,
// and what pass one learnt.
struct TableState {
    std::vector<TargetColumn> target;
    std::vector<bool> given;         // by target column: some file gives it
    std::vector<bool> blobWithValue; // a blob column some row fills (else its default stays)
    std::vector<int> written;        // target columns written, id first
    qint64 rows = 0;
    qint64 highestGivenId = 0;
    QStringList files;
    // The target column of that name (-1: none), remembered by the literal's address: it
    // is asked for several times per row.
    int column(const char* name) const
    {
        if (const auto it = byName.find(name); it != byName.end())
            return it->second;
        int at = -1;
        for (std::size_t i = 0; i < target.size(); ++i)
            if (target[i].name == QLatin1String(name))
                at = int(i);
        byName.emplace(name, at);
        return at;
    }
    mutable std::unordered_map<const char*, int> byName;
};

// A record's values by target column, converted (dates normalised, numbers parsed).
struct Converted {
    std::vector<ImportValue> values;
    std::vector<bool> present;
    std::vector<std::string> scratch; // normalised dates
};

class Run
{
public:
    Run(Database& database, const ImportRequest& request, const ImportProgressFn& fn)
        : m_db(database), m_request(request), m_progress(fn)
    {
    }

    Result<ImportOutcome> run();

private:
    Result<void> openSources();
    Result<void> readTable(ImportTable table, bool writing, bool side = false);
    Result<void> validateAll();
    void reserveFor(ImportTable table, std::size_t rows);
    void problem(int source, ImportTable table, qint64 line, const QString& field,
                 const QString& message);
    bool convert(int source, ImportTable table, const SourceRecord& record,
                 const std::vector<int>& map, Converted& out, bool check);
    void validate(int source, ImportTable table, qint64 line, const Converted& row);
    Result<void> checkDatabase();
    Result<void> write(ImportOutcome& outcome);
    Result<void> writeRow(ImportTable table, Converted& row, qint64 line, int source);
    // Some file holds records of that table.
    bool holds(ImportTable table) const { return !m_tables[std::size_t(table)].files.isEmpty(); }
    QString fileOf(int source, ImportTable table) const
    {
        return m_sources[std::size_t(source)]->nameOf(table);
    }
    std::string_view text(const Converted& row, int column) const
    {
        return column >= 0 && row.present[std::size_t(column)] &&
                       row.values[std::size_t(column)].kind == ImportValue::Kind::Text
                   ? row.values[std::size_t(column)].text
                   : std::string_view();
    }

    Database& m_db;
    const ImportRequest& m_request;
    Progress m_progress;
    std::vector<std::unique_ptr<RecordSource>> m_sources;
    std::array<TableState, importTableCount> m_tables;
    bool m_pre8 = false;
    bool m_emptyDatabase = false;
    QList<ImportProblem> m_problems;
    qint64 m_problemCount = 0;
    bool m_sideBySide = false;
    std::array<QList<ImportProblem>, importTableCount> m_found;
    std::array<qint64, importTableCount> m_foundCount{};
    std::string m_nowUtf8; // Accord's UTC text of the import's start

    // What pass one learnt.
    std::unordered_map<qint64, Where> m_userIds, m_clientIds, m_linkIds;
    std::unordered_map<std::string, Where> m_emails; // folded logins of imported users
    std::unordered_map<std::pair<qint64, qint64>, Where, PairHash> m_pairs;
    std::unordered_map<qint64, Where> m_owners;                     // client -> its owner link
    std::vector<std::pair<qint64, Where>> m_userRefs, m_clientRefs; // not imported
    // The vendor's 8.0 upgrade (a client list alone): each distinct folded email's owner,
    // an existing user's id, or 0 for a new user made from its first client.
    std::unordered_map<std::string, qint64> m_pre8Owners;

    // Validating: a client's profile columns (and where the file has them), the account
    // checked, and the permission lists seen (a file holds few distinct ones).
    std::vector<std::pair<QString, int>> m_profileKeys;
    ClientAccount m_client;
    struct ParsedPermissions {
        std::optional<Permissions> permissions;
        QString unknown;
        std::string stored; // as the vendor stores them (empty when unknown)
    };
    std::unordered_map<std::string, ParsedPermissions, TextHash, std::equal_to<>> m_permissionLists;
    const ParsedPermissions& permissionsOf(std::string_view names);

    // Writing.
    std::unique_ptr<ImportTarget> m_target;
    std::array<qint64, importTableCount> m_nextId{};
    std::array<qint64, importTableCount> m_added{};
    qint64 m_rowsWritten = 0, m_rowsToWrite = 0;
    std::vector<ImportValue> m_row;
};

void Run::problem(int source, ImportTable table, qint64 line, const QString& field,
                  const QString& message)
{
    // While tables are read side by side each keeps its own, merged in table order after.
    QList<ImportProblem>& problems = m_sideBySide ? m_found[std::size_t(table)] : m_problems;
    qint64& count = m_sideBySide ? m_foundCount[std::size_t(table)] : m_problemCount;
    ++count;
    if (problems.size() < listedProblems)
        problems << ImportProblem{source >= 0 ? fileOf(source, table) : QString(), line, field,
                                  message};
}

// Room in the maps pass one fills for the rows a large table will have (they would
// otherwise be rebuilt as they grow, about twenty times for a million rows).
void Run::reserveFor(ImportTable table, std::size_t rows)
{
    switch (table) {
    case ImportTable::Users:
        m_userIds.reserve(rows);
        m_emails.reserve(rows);
        break;
    case ImportTable::Clients:
        m_clientIds.reserve(rows);
        break;
    case ImportTable::Links:
        m_linkIds.reserve(rows);
        m_pairs.reserve(rows);
        m_owners.reserve(rows);
        break;
    }
}

// Pass one. The clients are read on a second core beside the users and links when they
// come from files of their own (a CSV folder); the problems come out as in one pass, table
// by table.
Result<void> Run::validateAll()
{
    bool apart =
        holds(ImportTable::Clients) && (holds(ImportTable::Users) || holds(ImportTable::Links));
    for (const auto& source : m_sources) {
        const QList<ImportTable> tables = source->tables();
        if (tables.contains(ImportTable::Clients) && tables.size() > 1)
            apart = false;
    }
    if (!apart) {
        for (int t = 0; t < importTableCount && !m_progress.cancelled(); ++t)
            if (auto r = readTable(ImportTable(t), false); !r)
                return r;
        return {};
    }
    m_sideBySide = true;
    Result<void> clients;
    std::thread beside([&] { clients = readTable(ImportTable::Clients, false, true); });
    Result<void> others = readTable(ImportTable::Users, false);
    if (others && !m_progress.cancelled())
        others = readTable(ImportTable::Links, false);
    beside.join();
    m_sideBySide = false;
    for (std::size_t t = 0; t < m_found.size(); ++t) {
        m_problemCount += m_foundCount[t];
        for (const ImportProblem& p : m_found[t])
            if (m_problems.size() < listedProblems)
                m_problems << p;
    }
    if (!others)
        return others;
    return clients;
}

Result<void> Run::openSources()
{
    for (const QString& input : m_request.inputs) {
        const QFileInfo info(input);
        if (!info.exists())
            return Error::make(Error::Kind::NotFound, tr("%1: no such file or folder.").arg(input));
        if (info.isDir()) {
            if (m_request.format != BulkFormat::Csv)
                return Error::make(Error::Kind::Validation,
                                   tr("%1 is a folder: only --format csv reads a folder (of "
                                      "users.csv, clients.csv and links.csv).")
                                       .arg(input));
            const QDir dir(input);
            int found = 0;
            for (const char* name : {"users.csv", "clients.csv", "links.csv"})
                if (dir.exists(QLatin1String(name))) {
                    m_sources.push_back(csvRecordSource(dir.filePath(QLatin1String(name))));
                    ++found;
                }
            if (!found)
                return Error::make(
                    Error::Kind::NotFound,
                    tr("%1 holds none of users.csv, clients.csv and links.csv.").arg(input));
            continue;
        }
        switch (m_request.format) {
        case BulkFormat::Csv:
            m_sources.push_back(csvRecordSource(input));
            break;
        case BulkFormat::Json:
            m_sources.push_back(jsonRecordSource(input));
            break;
        case BulkFormat::Sqlite:
            m_sources.push_back(sqliteRecordSource(input));
            break;
        }
    }
    if (m_sources.empty())
        return Error::make(Error::Kind::Validation, tr("Nothing to import: name a file."));
    for (std::size_t i = 0; i < m_sources.size(); ++i) {
        RecordSource& s = *m_sources[i];
        if (auto r = s.open(); !r) {
            if (r.error().kind == Error::Kind::Validation) {
                problem(int(i), ImportTable::Users, s.errorLine(), {}, r.error().message);
                continue;
            }
            return r;
        }
        for (ImportTable t : s.tables())
            m_tables[std::size_t(t)].files << s.nameOf(t);
    }
    m_pre8 =
        holds(ImportTable::Clients) && !holds(ImportTable::Users) && !holds(ImportTable::Links);
    return {};
}

// Pass one (writing = false) checks each record and learns what the rules need across
// records; pass two (writing = true) converts them again and writes them.
Result<void> Run::readTable(ImportTable table, bool writing, bool side)
{
    TableState& state = m_tables[std::size_t(table)];
    Converted row;
    row.values.resize(state.target.size());
    row.present.resize(state.target.size());
    row.scratch.resize(state.target.size());
    for (std::size_t i = 0; i < m_sources.size(); ++i) {
        RecordSource& source = *m_sources[i];
        if (!source.tables().contains(table))
            continue;
        const QString phase = writing ? tr("Writing") : tr("Reading %1").arg(source.nameOf(table));
        QStringList columns;
        std::vector<int> map; // source column -> target column (-1: unknown, -2: reported)
        const int userAlias = state.column("auth_user_id");
        Result<void> failed;
        qint64 firstAt = -1, firstRows = 0;
        bool reserved = false;
        auto r = source.read(table, columns, [&](const SourceRecord& record) {
            while (map.size() < std::size_t(columns.size())) {
                const QString name = columns.at(qsizetype(map.size())).trimmed();
                int at = -1;
                for (std::size_t c = 0; c < state.target.size(); ++c)
                    if (state.target[c].name.compare(name, Qt::CaseInsensitive) == 0)
                        at = int(c);
                if (at < 0 && table == ImportTable::Links &&
                    name.compare(QLatin1String("user_id"), Qt::CaseInsensitive) == 0)
                    at = userAlias;
                if (at < 0 && !writing)
                    problem(
                        int(i), table, source.emptyMeansNull() ? 1 : record.line, name,
                        tr("unknown column: %1 has no column of that name.").arg(tableName(table)));
                if (at >= 0)
                    state.given[std::size_t(at)] = true;
                map.push_back(at);
            }
            if (!writing && record.values.size() > std::size_t(columns.size()))
                problem(int(i), table, record.line, {},
                        tr("%1 values, but the header names %2 columns.")
                            .arg(record.values.size())
                            .arg(columns.size()));
            const bool ok = convert(int(i), table, record, map, row, !writing);
            if (writing) {
                if (ok)
                    if (auto w = writeRow(table, row, record.line, int(i)); !w) {
                        failed = w;
                        return false;
                    }
                return m_progress.report(phase, m_rowsWritten, m_rowsToWrite, false, true);
            }
            if (ok)
                validate(int(i), table, record.line, row);
            ++state.rows;
            // Once the source moved past where it was at the first row (a CSV file reads a
            // chunk at a time), the rows so far tell how many the whole will have.
            const qint64 at = source.position();
            if (firstAt < 0) {
                firstAt = at;
                firstRows = state.rows;
            } else if (!reserved && at != firstAt) {
                reserved = true;
                if (firstAt > 0 && source.size() > at)
                    reserveFor(table, std::size_t(double(source.size()) / double(firstAt) *
                                                  double(state.rows - firstRows + 1) * 1.05));
            }
            // A table read beside the others only listens for a cancel: progress is
            // reported from run()'s thread.
            return side ? !m_progress.cancelled()
                        : m_progress.report(phase, source.position(), source.size());
        });
        if (!failed)
            return failed;
        if (!r) {
            if (r.error().kind != Error::Kind::Validation || writing)
                return r;
            problem(int(i), table, source.errorLine(), {}, r.error().message);
        }
        if (m_progress.cancelled())
            return {};
    }
    return {};
}

bool Run::convert(int source, ImportTable table, const SourceRecord& record,
                  const std::vector<int>& map, Converted& out, bool check)
{
    TableState& state = m_tables[std::size_t(table)];
    const bool emptyIsNull = m_sources[std::size_t(source)]->emptyMeansNull();
    const bool base64 = m_sources[std::size_t(source)]->blobsInBase64();
    std::fill(out.present.begin(), out.present.end(), false);
    bool ok = true;
    for (std::size_t i = 0; i < record.values.size() && i < map.size(); ++i) {
        const int at = map[i];
        if (at < 0)
            continue;
        const SourceValue& v = record.values[i];
        if (v.state == SourceValue::State::Missing)
            continue;
        const TargetColumn& c = state.target[std::size_t(at)];
        ImportValue& value = out.values[std::size_t(at)];
        out.present[std::size_t(at)] = true;
        const bool empty = v.state == SourceValue::State::Null || trimmed(v.text).empty();
        if (v.state == SourceValue::State::Null ||
            (empty && emptyIsNull && (c.nullable || c.kind == ColumnKind::Integer))) {
            if (c.nullable) {
                value = {ImportValue::Kind::Null, 0, {}};
            } else {
                out.present[std::size_t(at)] = false; // the column's default
            }
            continue;
        }
        switch (c.kind) {
        case ColumnKind::Integer:
            if (const auto n = wholeNumber(v.text)) {
                value = {ImportValue::Kind::Integer, *n, {}};
            } else {
                if (check)
                    problem(source, table, record.line, c.name,
                            tr("'%1' is not a whole number.").arg(fromUtf8(v.text)));
                ok = false;
            }
            break;
        case ColumnKind::Timestamp:
        case ColumnKind::Date: {
            bool isNull = false;
            std::string& scratch = out.scratch[std::size_t(at)];
            if (!normalisedTemporal(v.text, c.kind == ColumnKind::Date, scratch, isNull)) {
                if (check)
                    problem(source, table, record.line, c.name,
                            c.kind == ColumnKind::Date
                                ? tr("'%1' is not a date (YYYY-MM-DD).").arg(fromUtf8(v.text))
                                : tr("'%1' is not a date and time (YYYY-MM-DDTHH:MM:SSZ).")
                                      .arg(fromUtf8(v.text)));
                ok = false;
            } else if (isNull) {
                value = {ImportValue::Kind::Null, 0, {}};
            } else {
                value = {ImportValue::Kind::Text, 0, scratch};
            }
            break;
        }
        case ColumnKind::Blob: {
            std::string_view bytes = v.text;
            if (base64) { // text formats write a blob's bytes in base64
                const auto decoded = QByteArray::fromBase64Encoding(
                    QByteArray::fromRawData(v.text.data(), qsizetype(v.text.size())),
                    QByteArray::AbortOnBase64DecodingErrors);
                if (!decoded) {
                    if (check)
                        problem(source, table, record.line, c.name,
                                tr("not base64 (a text file holds a binary column's bytes in "
                                   "base64)."));
                    ok = false;
                    break;
                }
                std::string& scratch = out.scratch[std::size_t(at)];
                scratch.assign(decoded.decoded.constData(), std::size_t(decoded.decoded.size()));
                bytes = scratch;
            }
            if (!bytes.empty())
                state.blobWithValue[std::size_t(at)] = true;
            value = {ImportValue::Kind::Text, 0, bytes};
            break;
        }
        case ColumnKind::Text:
            value = {ImportValue::Kind::Text, 0, v.text};
            break;
        }
    }
    return ok;
}

void Run::validate(int source, ImportTable table, qint64 line, const Converted& row)
{
    TableState& state = m_tables[std::size_t(table)];
    const Where here{source, line};
    auto integer = [&](int column) -> std::optional<qint64> {
        if (column < 0 || !row.present[std::size_t(column)] ||
            row.values[std::size_t(column)].kind != ImportValue::Kind::Integer)
            return std::nullopt;
        return row.values[std::size_t(column)].integer;
    };
    auto where = [&](const Where& w) {
        return w.source == source ? tr("line %1").arg(w.line)
                                  : tr("%1 line %2").arg(fileOf(w.source, table)).arg(w.line);
    };
    auto report = [&](const QString& field, const QString& message) {
        problem(source, table, line, field, message);
    };
    auto idOf = [&](std::unordered_map<qint64, Where>& seen) -> std::optional<qint64> {
        const auto id = integer(state.column("id"));
        if (!id)
            return std::nullopt;
        if (*id <= 0) {
            report(QStringLiteral("id"), tr("%1 is not a valid id.").arg(*id));
            return std::nullopt;
        }
        state.highestGivenId = std::max(state.highestGivenId, *id);
        if (const auto [it, added] = seen.emplace(*id, here); !added)
            report(QStringLiteral("id"),
                   tr("id %1 is given twice (also on %2).").arg(*id).arg(where(it->second)));
        return id;
    };
    switch (table) {
    case ImportTable::Users: {
        (void)idOf(m_userIds);
        const QString first = fromUtf8(text(row, state.column("first_name")));
        const QString last = fromUtf8(text(row, state.column("last_name")));
        const QString email = fromUtf8(text(row, state.column("email")));
        const QString language = fromUtf8(text(row, state.column("language")));
        static const QSet<QString> all{QStringLiteral("first_name"), QStringLiteral("last_name"),
                                       QStringLiteral("email"), QStringLiteral("language")};
        const QList<Error> problems = userProblems(first, last, email, language, all);
        for (const Error& e : problems)
            report(e.field, e.message);
        if (isValidEmail(email)) { // an invalid one is reported above, once
            std::string folded = foldUtf8(text(row, state.column("email")), true);
            if (const auto [it, added] = m_emails.emplace(std::move(folded), here); !added)
                report(QStringLiteral("email"),
                       tr("%1 is the login of another user here too (%2): emails are compared "
                          "after folding case.")
                           .arg(email.trimmed(), where(it->second)));
        }
        break;
    }
    case ImportTable::Clients: {
        (void)idOf(m_clientIds);
        static const QSet<QString> fields = [] {
            QSet<QString> all;
            for (const ClientField& f : clientProfileFields())
                all.insert(QLatin1String(f.column));
            return all;
        }();
        // One account reused for every row (its profile's keys stay, only values change).
        if (m_profileKeys.empty())
            for (const ClientField& f : clientProfileFields())
                m_profileKeys.emplace_back(QLatin1String(f.column), state.column(f.column));
        for (const auto& [key, at] : m_profileKeys) {
            QString& value = m_client.profile[key];
            if (at >= 0 && row.present[std::size_t(at)])
                value = fromUtf8(text(row, at));
            else if (key == QLatin1String("status"))
                value = QStringLiteral("Active");
            else
                value.clear();
        }
        for (const Error& e : clientProblems(m_client, fields))
            report(e.field, e.message);
        if (m_pre8 && isValidEmail(m_client.email()))
            m_pre8Owners.emplace(foldUtf8(text(row, state.column("email")), true), 0);
        break;
    }
    case ImportTable::Links: {
        (void)idOf(m_linkIds);
        const auto user = integer(state.column("auth_user_id"));
        const auto client = integer(state.column("client_id"));
        if (!user || *user <= 0)
            report(QStringLiteral("auth_user_id"), tr("a link needs the user's id."));
        if (!client || *client <= 0)
            report(QStringLiteral("client_id"), tr("a link needs the client's id."));
        const auto owner = integer(state.column("owner"));
        const bool isOwner = owner && *owner != 0;
        if (owner && *owner != 0 && *owner != 1)
            report(QStringLiteral("owner"), tr("owner is true or false, not %1.").arg(*owner));
        const auto& [permissions, unknown, stored] =
            permissionsOf(text(row, state.column("permissions")));
        if (!permissions)
            report(QStringLiteral("permissions"),
                   tr("unknown permission '%1' (known: %2).")
                       .arg(unknown, Permissions::all().names().join(QLatin1String(", "))));
        else if (!isOwner && permissions->isEmpty())
            report(QStringLiteral("permissions"), tr("a link needs at least one permission."));
        if (!user || !client || *user <= 0 || *client <= 0)
            break;
        if (const auto [it, added] = m_pairs.emplace(std::pair(*user, *client), here); !added)
            report(QStringLiteral("client_id"),
                   tr("user %1 is linked to client %2 twice (also on %3).")
                       .arg(*user)
                       .arg(*client)
                       .arg(where(it->second)));
        if (isOwner)
            if (const auto [it, added] = m_owners.emplace(*client, here); !added)
                report(QStringLiteral("owner"),
                       tr("client %1 has two owners (the other on %2): a client has one owner.")
                           .arg(*client)
                           .arg(where(it->second)));
        if (!m_userIds.count(*user))
            m_userRefs.emplace_back(*user, here);
        break;
    }
    }
}

// A link's comma-separated permission names as the set they name, or the first unknown one.
const Run::ParsedPermissions& Run::permissionsOf(std::string_view names)
{
    if (const auto it = m_permissionLists.find(names); it != m_permissionLists.end())
        return it->second;
    if (m_permissionLists.size() > 4096) // not a file of a few shapes: do not hoard them
        m_permissionLists.clear();
    QStringList list;
    for (const QString& n : fromUtf8(names).split(QLatin1Char(','), Qt::SkipEmptyParts))
        list << n.trimmed();
    ParsedPermissions parsed;
    parsed.permissions = Permissions::fromNames(list, &parsed.unknown);
    if (parsed.permissions)
        parsed.stored = parsed.permissions->toStored().toStdString();
    return m_permissionLists.emplace(std::string(names), std::move(parsed)).first->second;
}

// The rules that need the database: ids already used, logins already taken, links to
// records it holds (or not), owners it has.
Result<void> Run::checkDatabase()
{
    // Links to clients the files do not hold (known only once every table was read), in
    // the files' order.
    for (const auto& [pair, w] : m_pairs)
        if (!m_clientIds.count(pair.second))
            m_clientRefs.emplace_back(pair.second, w);
    std::sort(m_clientRefs.begin(), m_clientRefs.end(), [](const auto& a, const auto& b) {
        return std::pair(a.second.source, a.second.line) <
               std::pair(b.second.source, b.second.line);
    });
    // What the database refuses is listed in the files' order too (the first 100 are the
    // first ones), not in the order of the maps that found it.
    const auto inFileOrder = [](auto hits) {
        std::sort(hits.begin(), hits.end(), [](const auto& a, const auto& b) {
            return std::pair(a.first.source, a.first.line) <
                   std::pair(b.first.source, b.first.line);
        });
        return hits;
    };
    ExistingRecords existing(m_db.connection(), m_db.dialect());
    auto none = existing.areNone();
    if (!none)
        return none.error();
    m_emptyDatabase = *none;
    auto exists = [&](ImportTable table, const std::unordered_map<qint64, Where>& ids,
                      const QString& what) -> Result<void> {
        if (ids.empty() || m_emptyDatabase)
            return {};
        QList<qint64> list;
        for (const auto& [id, w] : ids)
            list << id;
        auto found = existing.ids(table, list);
        if (!found)
            return found.error();
        std::vector<std::pair<Where, qint64>> hits;
        for (const auto& [id, w] : ids)
            if (found->contains(id))
                hits.emplace_back(w, id);
        for (const auto& [w, id] : inFileOrder(std::move(hits)))
            problem(w.source, table, w.line, QStringLiteral("id"),
                    what.arg(id) + QLatin1Char(' ') +
                        tr("exists already (an import adds records; it never overwrites "
                           "one)."));
        return {};
    };
    if (auto r = exists(ImportTable::Users, m_userIds, tr("user %1")); !r)
        return r;
    if (auto r = exists(ImportTable::Clients, m_clientIds, tr("client %1")); !r)
        return r;
    if (auto r = exists(ImportTable::Links, m_linkIds, tr("link %1")); !r)
        return r;
    if (!m_emptyDatabase) {
        std::vector<std::pair<Where, const std::string*>> emails;
        emails.reserve(m_emails.size());
        for (const auto& [folded, w] : m_emails)
            emails.emplace_back(w, &folded);
        for (const auto& [w, email] : inFileOrder(std::move(emails))) {
            const std::string& folded = *email;
            auto user = existing.userWithLogin(QString::fromStdString(folded));
            if (!user)
                return user.error();
            if (*user)
                problem(w.source, ImportTable::Users, w.line, QStringLiteral("email"),
                        tr("%1 is already the login of user %2.")
                            .arg(QString::fromStdString(folded))
                            .arg(**user));
        }
        for (auto& [folded, owner] : m_pre8Owners) {
            auto user = existing.userWithLogin(QString::fromStdString(folded));
            if (!user)
                return user.error();
            owner = user->value_or(0);
        }
    }
    // Links: both sides exist (imported, or in the database), not linked already, one owner.
    auto referenced = [&](ImportTable table, const std::vector<std::pair<qint64, Where>>& refs,
                          const QString& field, const QString& what) -> Result<void> {
        if (refs.empty())
            return {};
        QSet<qint64> found;
        if (!m_emptyDatabase) {
            QList<qint64> list;
            for (const auto& [id, w] : refs)
                list << id;
            auto r = existing.ids(table, list);
            if (!r)
                return r.error();
            found = *r;
        }
        for (const auto& [id, w] : refs)
            if (!found.contains(id))
                problem(w.source, ImportTable::Links, w.line, field,
                        what.arg(id) + QLatin1Char(' ') +
                            tr("is neither in the database nor in the files."));
        return {};
    };
    if (auto r = referenced(ImportTable::Users, m_userRefs, QStringLiteral("auth_user_id"),
                            tr("user %1"));
        !r)
        return r;
    if (auto r = referenced(ImportTable::Clients, m_clientRefs, QStringLiteral("client_id"),
                            tr("client %1"));
        !r)
        return r;
    if (!m_emptyDatabase) {
        QList<std::pair<qint64, qint64>> pairs;
        for (const auto& [pair, w] : m_pairs)
            if (!m_userIds.count(pair.first) && !m_clientIds.count(pair.second))
                pairs << pair;
        auto linked = existing.links(pairs);
        if (!linked)
            return linked.error();
        std::vector<std::pair<Where, std::pair<qint64, qint64>>> twice;
        for (const auto& pair : *linked)
            twice.emplace_back(m_pairs.at(pair), pair);
        for (const auto& [w, pair] : inFileOrder(std::move(twice)))
            problem(w.source, ImportTable::Links, w.line, QStringLiteral("client_id"),
                    tr("user %1 is linked to client %2 already.").arg(pair.first).arg(pair.second));
        QList<qint64> clients;
        for (const auto& [client, w] : m_owners)
            if (!m_clientIds.count(client))
                clients << client;
        auto owners = existing.owners(clients);
        if (!owners)
            return owners.error();
        std::vector<std::pair<Where, std::pair<qint64, qint64>>> owned;
        for (auto it = owners->cbegin(); it != owners->cend(); ++it)
            owned.emplace_back(m_owners.at(it.key()), std::pair(it.key(), it.value()));
        for (const auto& [w, clientOwner] : inFileOrder(std::move(owned)))
            problem(w.source, ImportTable::Links, w.line, QStringLiteral("owner"),
                    tr("client %1 has an owner already (user %2): a client has one owner.")
                        .arg(clientOwner.first)
                        .arg(clientOwner.second));
    }
    return {};
}

Result<void> Run::writeRow(ImportTable table, Converted& row, qint64 line, int source)
{
    (void)line;
    (void)source;
    TableState& state = m_tables[std::size_t(table)];
    const auto t = std::size_t(table);
    // The id: as given, or the next new one.
    const int idColumn = 0;
    if (!row.present[idColumn] || row.values[idColumn].kind != ImportValue::Kind::Integer) {
        row.values[idColumn] = {ImportValue::Kind::Integer, m_nextId[t]++, {}};
        row.present[idColumn] = true;
    }
    const qint64 id = row.values[idColumn].integer;
    m_row.resize(state.written.size());
    std::string uuid;
    for (std::size_t i = 0; i < state.written.size(); ++i) {
        const int c = state.written[i];
        const TargetColumn& column = state.target[std::size_t(c)];
        if (row.present[std::size_t(c)]) {
            m_row[i] = row.values[std::size_t(c)];
        } else if (column.name == QLatin1String("created_at") ||
                   column.name == QLatin1String("updated_at")) {
            m_row[i] = {ImportValue::Kind::Text, 0, std::string_view(m_nowUtf8)};
        } else if (column.name == QLatin1String("datecreated")) {
            m_row[i] = {ImportValue::Kind::Text, 0, std::string_view(m_nowUtf8).substr(0, 10)};
        } else if (column.name == QLatin1String("uuid")) {
            uuid = QUuid::createUuid().toString(QUuid::WithoutBraces).toStdString();
            m_row[i] = {ImportValue::Kind::Text, 0, uuid};
        } else if (column.nullable) {
            m_row[i] = {ImportValue::Kind::Null, 0, {}};
        } else if (column.kind == ColumnKind::Integer) {
            m_row[i] = {ImportValue::Kind::Integer, std::stoll(column.defaultValue), {}};
        } else {
            m_row[i] = {ImportValue::Kind::Text, 0, column.defaultValue};
        }
    }
    // An owner link holds all 13 permissions, stored in the vendor's order.
    if (table == ImportTable::Links) {
        const int owner = state.column("owner");
        const bool isOwner = owner >= 0 && row.present[std::size_t(owner)] &&
                             row.values[std::size_t(owner)].integer != 0;
        const int p = state.column("permissions");
        for (std::size_t i = 0; i < state.written.size(); ++i)
            if (state.written[i] == p) {
                static const std::string all = Permissions::all().toStored().toStdString();
                m_row[i] = {ImportValue::Kind::Text, 0,
                            isOwner ? std::string_view(all) : permissionsOf(text(row, p)).stored};
            }
    }
    if (auto r = m_target->add(table, m_row); !r)
        return r;
    ++m_added[t];
    ++m_rowsWritten;
    holdIfAsked("rows", m_rowsWritten);
    if (table != ImportTable::Clients || !m_pre8)
        return {};
    // The vendor's 8.0 upgrade: the owner of this client is the user of its email, made
    // from the first client that has it.
    const std::string_view email = trimmed(text(row, state.column("email")));
    qint64& owner = m_pre8Owners[foldUtf8(email, true)];
    if (!owner) {
        owner = m_nextId[std::size_t(ImportTable::Users)]++;
        TableState& users = m_tables[std::size_t(ImportTable::Users)];
        std::vector<ImportValue> values(users.written.size());
        const std::string_view language = text(row, state.column("language"));
        for (std::size_t i = 0; i < users.written.size(); ++i) {
            const QString& name = users.target[std::size_t(users.written[i])].name;
            std::string_view v;
            if (name == QLatin1String("id")) {
                values[i] = {ImportValue::Kind::Integer, owner, {}};
                continue;
            }
            if (name == QLatin1String("first_name"))
                v = trimmed(text(row, state.column("firstname")));
            else if (name == QLatin1String("last_name"))
                v = trimmed(text(row, state.column("lastname")));
            else if (name == QLatin1String("email"))
                v = email;
            else if (name == QLatin1String("language"))
                v = language;
            else
                v = m_nowUtf8;
            if (!v.data())
                v = std::string_view(""); // empty, not NULL
            values[i] = {ImportValue::Kind::Text, 0, v};
        }
        if (auto r = m_target->add(ImportTable::Users, values); !r)
            return r;
        ++m_added[std::size_t(ImportTable::Users)];
        ++m_rowsWritten;
    }
    TableState& links = m_tables[std::size_t(ImportTable::Links)];
    std::vector<ImportValue> values(links.written.size());
    const std::string all = Permissions::all().toStored().toStdString();
    for (std::size_t i = 0; i < links.written.size(); ++i) {
        const QString& name = links.target[std::size_t(links.written[i])].name;
        if (name == QLatin1String("id"))
            values[i] = {
                ImportValue::Kind::Integer, m_nextId[std::size_t(ImportTable::Links)]++, {}};
        else if (name == QLatin1String("auth_user_id"))
            values[i] = {ImportValue::Kind::Integer, owner, {}};
        else if (name == QLatin1String("client_id"))
            values[i] = {ImportValue::Kind::Integer, id, {}};
        else if (name == QLatin1String("owner"))
            values[i] = {ImportValue::Kind::Integer, 1, {}};
        else if (name == QLatin1String("permissions"))
            values[i] = {ImportValue::Kind::Text, 0, all};
        else
            values[i] = {ImportValue::Kind::Text, 0, m_nowUtf8};
    }
    if (auto r = m_target->add(ImportTable::Links, values); !r)
        return r;
    ++m_added[std::size_t(ImportTable::Links)];
    ++m_rowsWritten;
    return {};
}

Result<void> Run::write(ImportOutcome& outcome)
{
    // The columns written: the id, those the files give, and what Accord's own writes set
    // on a new record (times, a client's uuid and creation date).
    std::array<std::vector<TargetColumn>, importTableCount> columns;
    for (int t = 0; t < importTableCount; ++t) {
        TableState& state = m_tables[std::size_t(t)];
        state.written.clear();
        const bool synthesised = m_pre8 && t != int(ImportTable::Clients);
        for (std::size_t c = 0; c < state.target.size(); ++c) {
            const TargetColumn& column = state.target[c];
            const QString& name = column.name;
            bool wanted = c == 0 || name == QLatin1String("created_at") ||
                          name == QLatin1String("updated_at");
            if (synthesised)
                wanted =
                    wanted ||
                    (t == int(ImportTable::Users)
                         ? QStringList{QStringLiteral("first_name"), QStringLiteral("last_name"),
                                       QStringLiteral("email"), QStringLiteral("language")}
                               .contains(name)
                         : QStringList{QStringLiteral("auth_user_id"), QStringLiteral("client_id"),
                                       QStringLiteral("owner"), QStringLiteral("permissions")}
                               .contains(name));
            else
                wanted =
                    wanted ||
                    (state.given[c] &&
                     (column.kind != ColumnKind::Blob || state.blobWithValue[c])) ||
                    (t == int(ImportTable::Clients) &&
                     (name == QLatin1String("uuid") || name == QLatin1String("datecreated"))) ||
                    (t == int(ImportTable::Links) &&
                     (name == QLatin1String("permissions") || name == QLatin1String("owner")));
            if (wanted) {
                state.written.push_back(int(c));
                columns[std::size_t(t)].push_back(column);
            }
        }
    }
    const bool bulk = m_emptyDatabase && m_db.dialect().isEmbedded() && m_db.hasDifferenceTable();
    m_target = bulk ? sqliteImportLoad(m_db) : transactionalImportTarget(m_db);
    if (auto r = m_target->begin(columns); !r)
        return r;
    for (int t = 0; t < importTableCount; ++t) {
        auto highest = m_target->highestId(ImportTable(t));
        if (!highest)
            return highest.error();
        m_nextId[std::size_t(t)] = std::max(*highest, m_tables[std::size_t(t)].highestGivenId) + 1;
    }
    QElapsedTimer timer;
    timer.start();
    for (int t = 0; t < importTableCount; ++t) {
        if (auto r = readTable(ImportTable(t), true); !r)
            return r;
        if (m_progress.cancelled())
            return {};
    }
    if (auto r = m_target->finishRows(); !r)
        return r;
    outcome.writeSeconds = double(timer.nsecsElapsed()) / 1e9;
    timer.restart();
    holdIfAsked("indexes", 0);
    QStringList log;
    for (int t = 0; t < importTableCount; ++t) {
        const qint64 added = m_added[std::size_t(t)];
        if (!added)
            continue;
        QStringList files = m_tables[std::size_t(t)].files;
        if (files.isEmpty()) // made from the client list
            files = m_tables[std::size_t(ImportTable::Clients)].files;
        log << activity::imported(tableName(ImportTable(t)), added, files);
    }
    const QString indexes = tr("Indexes");
    auto committed = m_target->commit(
        log, [&](int done, int total) { return m_progress.report(indexes, done, total, true); });
    if (!committed) {
        if (m_progress.cancelled())
            return {};
        return committed;
    }
    outcome.indexSeconds = double(timer.nsecsElapsed()) / 1e9;
    outcome.applied = true;
    outcome.users = m_added[0];
    outcome.clients = m_added[1];
    outcome.links = m_added[2];
    return {};
}

Result<ImportOutcome> Run::run()
{
    ImportOutcome outcome;
    m_nowUtf8 = nowText().toStdString();
    const QSqlDatabase db = m_db.connection();
    for (int t = 0; t < importTableCount; ++t) {
        auto columns = targetColumns(db, ImportTable(t));
        if (!columns)
            return columns.error();
        TableState& state = m_tables[std::size_t(t)];
        state.target = std::move(*columns);
        state.given.assign(state.target.size(), false);
        state.blobWithValue.assign(state.target.size(), false);
    }
    QElapsedTimer timer;
    timer.start();
    if (auto r = openSources(); !r)
        return r.error();
    // Every file opened: every record is checked, against the files and the database, so
    // that one run lists all there is to mend.
    const bool opened = !m_problemCount;
    if (opened)
        if (auto r = validateAll(); !r)
            return r.error();
    if (!m_progress.cancelled() && opened) {
        m_progress.report(tr("Checking the database"), 0, -1, true);
        if (auto r = checkDatabase(); !r)
            return r.error();
    }
    outcome.validateSeconds = double(timer.nsecsElapsed()) / 1e9;
    outcome.users = m_tables[0].rows;
    outcome.clients = m_tables[1].rows;
    outcome.links = m_tables[2].rows;
    if (m_pre8) {
        qint64 newOwners = 0;
        for (const auto& [folded, owner] : m_pre8Owners)
            newOwners += owner == 0;
        outcome.users = newOwners;
        outcome.links = outcome.clients;
    }
    outcome.problems = m_problems;
    outcome.problemCount = m_problemCount;
    outcome.cancelled = m_progress.cancelled();
    if (m_problemCount || outcome.cancelled || m_request.dryRun)
        return outcome;
    if (m_db.isReadOnly())
        return Error::make(Error::Kind::ReadOnly, m_db.readOnlyReason());
    m_rowsToWrite = outcome.users + outcome.clients + outcome.links;
    if (auto r = write(outcome); !r)
        return r.error();
    outcome.cancelled = m_progress.cancelled();
    if (outcome.cancelled)
        outcome.applied = false;
    return outcome;
}

} // namespace

Result<ImportOutcome> ImportService::run(const ImportRequest& request,
                                         const ImportProgressFn& progress) const
{
    Run run(*m_db, request, progress);
    return run.run();
}

} // namespace accord
