#include "recorddiff.h"

#include "sharedread.h"

#include "domain/secrets.h"
#include "rowcursor.h"
#include "sql.h"
#include "temporaltext.h"

#include <QCoreApplication>
#include <QSqlField>
#include <QSqlRecord>

#include <algorithm>

namespace accord {

namespace {

struct TableShape {
    QString table;
    QStringList keys;
    QString skipped; // a column never compared (the link's own row id)
    RecordRef::Kind kind;
};

const TableShape& shapeOf(DiffedTable table)
{
    static const TableShape users{
        QStringLiteral("tblusers"), {QStringLiteral("id")}, {}, RecordRef::Kind::User};
    static const TableShape clients{
        QStringLiteral("tblclients"), {QStringLiteral("id")}, {}, RecordRef::Kind::Client};
    static const TableShape links{QStringLiteral("tblusers_clients"),
                                  {QStringLiteral("auth_user_id"), QStringLiteral("client_id")},
                                  QStringLiteral("id"),
                                  RecordRef::Kind::Link};
    switch (table) {
    case DiffedTable::Clients:
        return clients;
    case DiffedTable::Links:
        return links;
    case DiffedTable::Users:
        break;
    }
    return users;
}

bool isInteger(int type)
{
    switch (type) {
    case QMetaType::Bool:
    case QMetaType::Char:
    case QMetaType::SChar:
    case QMetaType::UChar:
    case QMetaType::Short:
    case QMetaType::UShort:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::Long:
    case QMetaType::ULong:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
        return true;
    default:
        return false;
    }
}

bool isTemporal(int type)
{
    return type == QMetaType::QDateTime || type == QMetaType::QDate || type == QMetaType::QTime;
}

enum class Kind { Integer, Text, Blob };

struct Column {
    QString name;
    Kind kind = Kind::Text;
    bool oldTemporal = false;
    bool newTemporal = false;
    bool secret = false;
    bool ignoredAlone = false; // updated_at
};

QString selectList(const DiffSide& side, const TableShape& shape,
                   const std::vector<Column>& columns, bool isOld)
{
    QStringList select;
    for (const QString& key : shape.keys)
        select << side.dialect.quoteIdentifier(key);
    for (const Column& c : columns) {
        const QString name = side.dialect.quoteIdentifier(c.name);
        select << ((isOld ? c.oldTemporal : c.newTemporal)
                       ? side.dialect.selectTemporal(name) + QStringLiteral(" AS ") + name
                       : name);
    }
    QStringList order;
    for (const QString& key : shape.keys)
        order << side.dialect.quoteIdentifier(key);
    return QStringLiteral("SELECT %1 FROM %2 ORDER BY %3")
        .arg(select.join(QLatin1String(", ")), shape.table, order.join(QLatin1String(", ")));
}

// One side's current row, read through its cursor.
class SideRows
{
public:
    SideRows(const DiffSide& side, const QString& sql, const std::vector<Column>& columns, int keys,
             bool isOld)
        : m_cursor(side.dialect.cursor(side.db, sql)), m_columns(columns), m_keys(keys),
          m_old(isOld)
    {
        advance();
    }
    bool atEnd() const { return m_end; }
    bool ok() const { return m_cursor->ok(); }
    QString error() const { return m_cursor->error(); }
    void advance() { m_end = !m_cursor->next(); }
    std::pair<qint64, qint64> key() const
    {
        return {m_cursor->int64(0), m_keys > 1 ? m_cursor->int64(1) : 0};
    }
    bool isNull(std::size_t c) const { return m_cursor->isNull(position(c)); }
    qint64 integer(std::size_t c) const { return m_cursor->int64(position(c)); }
    // The value as Accord stores it (dates in Accord's text); `scratch` may hold it.
    std::string_view value(std::size_t c, std::string& scratch) const
    {
        const Column& column = m_columns[c];
        const int at = position(c);
        if (column.kind == Kind::Blob)
            return m_cursor->bytes(at);
        const std::string_view text = m_cursor->text(at);
        if (!(m_old ? column.oldTemporal : column.newTemporal))
            return text;
        if (!accordTemporalText(text, scratch))
            scratch.clear();
        return scratch;
    }
    // Null when the column's value reads as null (a zero date too).
    QString shown(std::size_t c) const
    {
        if (isNull(c))
            return {};
        std::string scratch;
        const Column& column = m_columns[c];
        if ((m_old ? column.oldTemporal : column.newTemporal) &&
            !accordTemporalText(m_cursor->text(position(c)), scratch))
            return {};
        const std::string_view v = value(c, scratch);
        return QString::fromUtf8(v.data(), qsizetype(v.size()));
    }
    int find(const QString& name) const
    {
        for (std::size_t i = 0; i < m_columns.size(); ++i)
            if (m_columns[i].name == name)
                return int(i);
        return -1;
    }

private:
    int position(std::size_t c) const { return m_keys + int(c); }
    std::unique_ptr<RowCursor> m_cursor;
    const std::vector<Column>& m_columns;
    int m_keys;
    bool m_old;
    bool m_end = true;
};

bool sameValue(const SideRows& a, const SideRows& b, std::size_t c, const Column& column,
               std::string& scratchA, std::string& scratchB)
{
    const bool nullA = a.isNull(c);
    const bool nullB = b.isNull(c);
    if (column.kind == Kind::Integer) {
        if (nullA || nullB)
            return nullA == nullB;
        return a.integer(c) == b.integer(c);
    }
    const std::string_view va = nullA ? std::string_view() : a.value(c, scratchA);
    const std::string_view vb = nullB ? std::string_view() : b.value(c, scratchB);
    // A zero date reads as null.
    const bool emptyDateA = !nullA && (column.oldTemporal && va.empty());
    const bool emptyDateB = !nullB && (column.newTemporal && vb.empty());
    if ((nullA || emptyDateA) || (nullB || emptyDateB))
        return (nullA || emptyDateA) == (nullB || emptyDateB);
    return va == vb;
}

// Who a record is, in a few words, from the side that has it.
QString labelOf(const SideRows& row, RecordRef::Kind kind)
{
    auto text = [&](const char* name) {
        const int c = row.find(QLatin1String(name));
        return c < 0 ? QString() : row.shown(std::size_t(c)).trimmed();
    };
    switch (kind) {
    case RecordRef::Kind::User: {
        const QString name = (text("first_name") + QLatin1Char(' ') + text("last_name")).trimmed();
        const QString email = text("email");
        return email.isEmpty() ? name : (name + QStringLiteral(" <%1>").arg(email)).trimmed();
    }
    case RecordRef::Kind::Client: {
        QString name = (text("firstname") + QLatin1Char(' ') + text("lastname")).trimmed();
        if (const QString company = text("companyname"); !company.isEmpty())
            name += QStringLiteral(", ") + company;
        const QString email = text("email");
        return email.isEmpty() ? name : (name + QStringLiteral(" <%1>").arg(email)).trimmed();
    }
    case RecordRef::Kind::Link: {
        if (text("owner") != QLatin1String("0") && !text("owner").isEmpty())
            return QCoreApplication::translate("Diff", "owner");
        return text("permissions");
    }
    case RecordRef::Kind::None:
        break;
    }
    return {};
}

RecordRef refOf(RecordRef::Kind kind, std::pair<qint64, qint64> key)
{
    switch (kind) {
    case RecordRef::Kind::Client:
        return RecordRef::client(key.first);
    case RecordRef::Kind::Link:
        return RecordRef::link(key.first, key.second);
    default:
        return RecordRef::user(key.first);
    }
}

// Numbers as the servers store them (a decimal's text, never a double's) while a diff
// reads, then the connection's own setting again.
struct ExactNumbers {
    explicit ExactNumbers(QSqlDatabase db)
        : m_db(std::move(db)), m_policy(m_db.numericalPrecisionPolicy())
    {
        m_db.setNumericalPrecisionPolicy(QSql::HighPrecision);
    }
    ~ExactNumbers() { m_db.setNumericalPrecisionPolicy(m_policy); }
    QSqlDatabase m_db;
    QSql::NumericalPrecisionPolicy m_policy;
};

} // namespace

Result<void> diffTable(const DiffSide& older, const DiffSide& newer, DiffedTable table,
                       const std::function<void(RecordChange&&)>& report)
{
    const TableShape& shape = shapeOf(table);
    const QSqlRecord oldRecord = older.db.record(shape.table);
    const QSqlRecord newRecord = newer.db.record(shape.table);
    if (oldRecord.isEmpty() || newRecord.isEmpty())
        return Error::make(
            Error::Kind::Refused,
            QCoreApplication::translate("Diff", "One side has no table %1.").arg(shape.table));
    const bool secrets = older.holdsSecrets && newer.holdsSecrets;
    std::vector<Column> columns;
    for (int i = 0; i < oldRecord.count(); ++i) {
        const QString name = oldRecord.fieldName(i);
        if (shape.keys.contains(name) || name == shape.skipped || !newRecord.contains(name))
            continue;
        const bool secret = isSecretColumn(shape.table, name);
        if (secret && !secrets)
            continue;
        const int oldType = oldRecord.field(i).metaType().id();
        const int newType = newRecord.field(name).metaType().id();
        Column c;
        c.name = name;
        c.oldTemporal = isTemporal(oldType);
        c.newTemporal = isTemporal(newType);
        c.kind = isInteger(oldType) && isInteger(newType) ? Kind::Integer
                 : (oldType == QMetaType::QByteArray || newType == QMetaType::QByteArray)
                     ? Kind::Blob
                     : Kind::Text;
        c.secret = secret;
        c.ignoredAlone = name == QLatin1String("updated_at");
        columns.push_back(c);
    }
    const int keys = int(shape.keys.size());
    ExactNumbers exactOld(older.db), exactNew(newer.db);
    SideRows a(older, selectList(older, shape, columns, true), columns, keys, true);
    SideRows b(newer, selectList(newer, shape, columns, false), columns, keys, false);
    std::string scratchA, scratchB;
    while (!a.atEnd() || !b.atEnd()) {
        const auto keyA = a.atEnd() ? std::pair<qint64, qint64>() : a.key();
        const auto keyB = b.atEnd() ? std::pair<qint64, qint64>() : b.key();
        if (b.atEnd() || (!a.atEnd() && keyA < keyB)) {
            report({refOf(shape.kind, keyA),
                    RecordChange::Change::Removed,
                    labelOf(a, shape.kind),
                    {}});
            a.advance();
            continue;
        }
        if (a.atEnd() || keyB < keyA) {
            report(
                {refOf(shape.kind, keyB), RecordChange::Change::Added, labelOf(b, shape.kind), {}});
            b.advance();
            continue;
        }
        QList<FieldChange> fields;
        bool substantive = false;
        for (std::size_t c = 0; c < columns.size(); ++c) {
            const Column& column = columns[c];
            if (sameValue(a, b, c, column, scratchA, scratchB))
                continue;
            substantive = substantive || !column.ignoredAlone;
            if (column.secret)
                fields << FieldChange{column.name, {}, {}, true};
            else
                fields << FieldChange{column.name, a.shown(c), b.shown(c), false};
        }
        if (substantive)
            report({refOf(shape.kind, keyA), RecordChange::Change::Changed, labelOf(b, shape.kind),
                    fields});
        a.advance();
        b.advance();
    }
    for (const SideRows* side : {&a, &b})
        if (!side->ok())
            return Error::make(Error::Kind::Storage,
                               QCoreApplication::translate("Diff", "Cannot read %1: %2")
                                   .arg(shape.table, side->error()));
    return {};
}

Result<void> diffTablesInOneRead(const DiffSide& older, const DiffSide& newer,
                                 std::initializer_list<DiffedTable> tables,
                                 const std::function<void(RecordChange&&)>& report)
{
    Result<void> result;
    for (const DiffSide* side : {&older, &newer}) {
        if (side->moment) {
            // Begun even after a failure, so that the other reader of the moment goes on.
            if (auto r = side->moment->begin(side->db); !r && result)
                result = r.error();
            continue;
        }
        for (const QString& statement : side->dialect.beginConsistentRead())
            if (result)
                if (auto r = runSql(side->db, statement); !r)
                    result = r.error();
    }
    for (DiffedTable table : tables)
        if (result)
            result = diffTable(older, newer, table, report);
    for (const DiffSide* side : {&older, &newer})
        (void)runSql(side->db, QStringLiteral("COMMIT"));
    return result;
}

} // namespace accord
