#include "importtarget.h"

#include "activitylog.h"
#include "database.h"
#include "differencestore.h"
#include "searchindex.h"
#include "sql.h"
#include "transaction.h"

#include <QCoreApplication>
#include <QSet>
#include <QSqlField>
#include <QSqlQuery>
#include <QSqlRecord>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("ImportService", text);
}

// The vendor's columns whose kind the engines' types do not tell apart (SQLite holds dates
// as text) and their defaults (reference/vendor-schema.md).
struct VendorColumns {
    QSet<QString> integers, timestamps, dates, blobs, nullable;
    QHash<QString, QString> defaults;
};

const VendorColumns& vendorColumns(ImportTable table)
{
    auto set = [](std::initializer_list<const char*> names) {
        QSet<QString> out;
        for (const char* n : names)
            out.insert(QLatin1String(n));
        return out;
    };
    static const VendorColumns users{
        set({"id", "security_question_id"}),
        set({"last_login", "email_verification_token_expiry", "email_verified_at",
             "reset_token_expiry", "created_at", "updated_at"}),
        {},
        {},
        set({"second_factor_config"}),
        {}};
    static const VendorColumns clients{
        set({"id", "currency", "taxexempt", "latefeeoveride", "overideduenotices",
             "separateinvoices", "disableautocc", "billingcid", "securityqid", "groupid",
             "emailoptout", "marketing_emails_opt_in", "overrideautoclose", "allow_sso",
             "email_verified"}),
        set({"lastlogin", "created_at", "updated_at", "pwresetexpiry"}),
        set({"datecreated"}),
        set({"cardnum", "startdate", "expdate", "issuenumber", "bankcode", "bankacct"}),
        set({"email_preferences"}),
        {{QStringLiteral("status"), QStringLiteral("Active")},
         {QStringLiteral("credit"), QStringLiteral("0.00")},
         {QStringLiteral("allow_sso"), QStringLiteral("1")}}};
    static const VendorColumns links{set({"id", "auth_user_id", "client_id", "invite_id", "owner"}),
                                     set({"last_login", "created_at", "updated_at"}),
                                     {},
                                     {},
                                     set({"permissions"}),
                                     {}};
    switch (table) {
    case ImportTable::Users:
        return users;
    case ImportTable::Clients:
        return clients;
    case ImportTable::Links:
        break;
    }
    return links;
}

QByteArray utf8(std::string_view v)
{
    return QByteArray(v.data(), qsizetype(v.size()));
}
} // namespace

Result<std::vector<TargetColumn>> targetColumns(const QSqlDatabase& db, ImportTable table)
{
    const QSqlRecord record = db.record(tableName(table));
    if (record.isEmpty())
        return Error::make(Error::Kind::Storage,
                           tr("The database has no table %1.").arg(tableName(table)));
    const VendorColumns& vendor = vendorColumns(table);
    std::vector<TargetColumn> out;
    for (int i = 0; i < record.count(); ++i) {
        const QSqlField field = record.field(i);
        TargetColumn c;
        c.name = field.name();
        const int type = field.metaType().id();
        if (vendor.timestamps.contains(c.name) || type == QMetaType::QDateTime)
            c.kind = ColumnKind::Timestamp;
        else if (vendor.dates.contains(c.name) || type == QMetaType::QDate)
            c.kind = ColumnKind::Date;
        else if (vendor.integers.contains(c.name) || type == QMetaType::Int ||
                 type == QMetaType::UInt || type == QMetaType::LongLong ||
                 type == QMetaType::ULongLong || type == QMetaType::Bool ||
                 type == QMetaType::Short || type == QMetaType::UShort)
            c.kind = ColumnKind::Integer;
        else if (vendor.blobs.contains(c.name) || type == QMetaType::QByteArray)
            c.kind = ColumnKind::Blob;
        c.nullable = c.kind == ColumnKind::Timestamp || c.kind == ColumnKind::Date ||
                     vendor.nullable.contains(c.name);
        c.defaultValue =
            vendor.defaults
                .value(c.name, c.kind == ColumnKind::Integer ? QStringLiteral("0") : QString())
                .toStdString();
        if (c.name == QLatin1String("id"))
            out.insert(out.begin(), c);
        else
            out.push_back(c);
    }
    return out;
}

namespace {

class TransactionalImportTarget : public ImportTarget
{
public:
    explicit TransactionalImportTarget(Database& database)
        : m_database(database), m_transaction(database), m_db(m_transaction.connection()),
          m_dialect(database.dialect())
    {
    }

    Result<void>
    begin(const std::array<std::vector<TargetColumn>, importTableCount>& columns) override
    {
        m_columns = columns;
        const std::vector<TargetColumn>& links = columns[std::size_t(ImportTable::Links)];
        for (std::size_t i = 0; i < links.size(); ++i) {
            if (links[i].name == QLatin1String("auth_user_id"))
                m_linkUser = i;
            else if (links[i].name == QLatin1String("client_id"))
                m_linkClient = i;
        }
        if (auto r = m_transaction.begin(); !r)
            return r;
        for (int t = 0; t < importTableCount; ++t) {
            QStringList names, marks;
            for (const TargetColumn& c : columns[std::size_t(t)]) {
                names << m_dialect.quoteIdentifier(c.name);
                marks << QStringLiteral("?");
            }
            QSqlQuery& q = m_inserts[std::size_t(t)];
            q = QSqlQuery(m_db);
            if (names.isEmpty())
                continue;
            if (!q.prepare(QStringLiteral("INSERT INTO %1 (%2) VALUES (%3)")
                               .arg(tableName(ImportTable(t)), names.join(QLatin1String(", ")),
                                    marks.join(QLatin1String(", ")))))
                return storageError(m_db, q.lastError());
        }
        return {};
    }

    Result<qint64> highestId(ImportTable table) override
    {
        auto q = runSql(
            m_db, QStringLiteral("SELECT coalesce(max(id), 0) FROM %1").arg(tableName(table)));
        if (!q)
            return q.error();
        return q->next() ? q->value(0).toLongLong() : qint64(0);
    }

    Result<void> add(ImportTable table, const std::vector<ImportValue>& row) override
    {
        const auto t = std::size_t(table);
        QSqlQuery& q = m_inserts[t];
        const std::vector<TargetColumn>& columns = m_columns[t];
        for (std::size_t i = 0; i < row.size() && i < columns.size(); ++i) {
            const ImportValue& v = row[i];
            const TargetColumn& c = columns[i];
            QVariant value;
            switch (v.kind) {
            case ImportValue::Kind::Null:
                value = c.kind == ColumnKind::Blob ? QVariant(QMetaType::fromType<QByteArray>())
                                                   : sqlNull();
                break;
            case ImportValue::Kind::Integer:
                value = qint64(v.integer);
                break;
            case ImportValue::Kind::Text:
                if (c.kind == ColumnKind::Blob)
                    value = v.text.empty() ? QVariant(QByteArray("", 0)) : QVariant(utf8(v.text));
                else
                    value = QString::fromUtf8(v.text.data(), qsizetype(v.text.size()));
                if (c.kind == ColumnKind::Timestamp || c.kind == ColumnKind::Date)
                    value = m_dialect.timestamp(value);
                break;
            }
            q.bindValue(int(i), value);
        }
        if (!q.exec())
            return storageError(m_db, q.lastError());
        const qint64 id = row.front().integer;
        if (table == ImportTable::Users || table == ImportTable::Clients) {
            const Listed listed = table == ImportTable::Users ? Listed::Users : Listed::Clients;
            if (auto r = m_dialect.searchIndex().refreshKeys(m_db, listed, id); !r)
                return r;
            (table == ImportTable::Users ? m_touched.users : m_touched.clients).insert(id);
        } else {
            m_touched.links.insert({row.at(m_linkUser).integer, row.at(m_linkClient).integer});
        }
        m_written[t] = true;
        return {};
    }

    Result<void> finishRows() override { return {}; }

    Result<void> commit(const QStringList& logRows,
                        const std::function<bool(int, int)>& step) override
    {
        const int steps = 3;
        auto go = [&](int done) { return !step || step(done, steps); };
        if (!go(0))
            return Error::make(Error::Kind::Refused, {});
        if (m_database.hasDifferenceTable() && !m_touched.isEmpty())
            if (auto r = DifferenceStore(m_db, m_dialect).refresh(m_touched); !r)
                return r;
        if (!go(1))
            return Error::make(Error::Kind::Refused, {});
        for (int t = 0; t < importTableCount; ++t)
            if (m_written[std::size_t(t)])
                if (auto r = m_dialect.resetIdentity(m_db, tableName(ImportTable(t))); !r)
                    return r;
        const ActivityLog log(m_db, m_dialect, m_database.operatorName());
        for (const QString& row : logRows)
            if (auto r = log.write(row, 0, 0); !r)
                return r;
        if (!go(2))
            return Error::make(Error::Kind::Refused, {});
        for (QSqlQuery& q : m_inserts)
            q = QSqlQuery();
        if (auto r = m_transaction.commit(); !r)
            return r;
        m_dialect.searchIndex().afterCommit(m_db);
        (void)go(3);
        return {};
    }

private:
    Database& m_database;
    Transaction m_transaction;
    QSqlDatabase m_db;
    const Dialect& m_dialect;
    std::array<std::vector<TargetColumn>, importTableCount> m_columns;
    std::array<QSqlQuery, importTableCount> m_inserts;
    std::array<bool, importTableCount> m_written{};
    TouchedRecords m_touched;
    std::size_t m_linkUser = 1, m_linkClient = 2;
};

} // namespace

std::unique_ptr<ImportTarget> transactionalImportTarget(Database& database)
{
    return std::make_unique<TransactionalImportTarget>(database);
}

} // namespace accord
