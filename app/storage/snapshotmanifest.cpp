#include "snapshotmanifest.h"

#include "rowstore.h"
#include "sql.h"
#include "sqlitefile.h"

#include <QCoreApplication>
#include <QCryptographicHash>

#include <sqlite3.h>

namespace accord {

const QString SnapshotManifest::tableName = QStringLiteral("accord_manifest");

const QStringList& SnapshotManifest::rowTables()
{
    static const QStringList tables{QStringLiteral("tblusers"),
                                    QStringLiteral("tblclients"),
                                    QStringLiteral("tblusers_clients"),
                                    QStringLiteral("tbluser_invites"),
                                    QStringLiteral("accord_intended_differences"),
                                    QStringLiteral("tblactivitylog")};
    return tables;
}

QDateTime SnapshotManifest::createdAt() const
{
    return storedDate(value(QStringLiteral("created_at")));
}

SnapshotFilter SnapshotManifest::filter() const
{
    return SnapshotFilter::fromText(value(QStringLiteral("filter")))
        .value_or(SnapshotFilter::everything());
}

bool SnapshotManifest::secretsIncluded() const
{
    return value(QStringLiteral("secrets")) == QLatin1String("included");
}

void SnapshotManifest::setSecretsIncluded(bool included)
{
    set(QStringLiteral("secrets"),
        included ? QStringLiteral("included") : QStringLiteral("left out"));
}

qint64 SnapshotManifest::rows(const QString& table) const
{
    bool ok = false;
    const qint64 n = value(QStringLiteral("rows.") + table).toLongLong(&ok);
    return ok ? n : -1;
}

void SnapshotManifest::setRows(const QString& table, qint64 rows)
{
    set(QStringLiteral("rows.") + table, QString::number(rows));
}

QString SnapshotManifest::tableChecksum(const QString& table) const
{
    return value(QStringLiteral("checksum.") + table);
}

void SnapshotManifest::setTableChecksum(const QString& table, const QString& hex)
{
    set(QStringLiteral("checksum.") + table, hex);
}

QString SnapshotManifest::ownChecksum() const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (auto it = m_values.cbegin(); it != m_values.cend(); ++it) {
        if (it.key() == QLatin1String("manifest_checksum"))
            continue;
        hash.addData(it.key().toUtf8());
        hash.addData(QByteArrayView("\0", 1));
        hash.addData(it.value().toUtf8());
        hash.addData(QByteArrayView("\0", 1));
    }
    return QString::fromLatin1(hash.result().toHex());
}

bool SnapshotManifest::sealIntact() const
{
    const QString seal = value(QStringLiteral("manifest_checksum"));
    if (seal.isEmpty())
        return value(QStringLiteral("format_version")).toInt() <= 1;
    return seal == ownChecksum();
}

QString SnapshotManifest::readOnlyReason() const
{
    const QDateTime at = createdAt();
    return QCoreApplication::translate("Snapshot", "read-only: a snapshot of %1 taken %2")
        .arg(source(), at.isValid()
                           ? at.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm 'UTC'"))
                           : QCoreApplication::translate("Snapshot", "at an unknown time"));
}

Result<std::optional<SnapshotManifest>> SnapshotManifest::read(const QSqlDatabase& db)
{
    if (!db.tables().contains(tableName))
        return std::optional<SnapshotManifest>();
    auto q = runSql(db, QStringLiteral("SELECT key, value FROM accord_manifest"));
    if (!q)
        return q.error();
    SnapshotManifest m;
    while (q->next())
        m.set(q->value(0).toString(), q->value(1).toString());
    return std::optional<SnapshotManifest>(m);
}

std::optional<SnapshotManifest> SnapshotManifest::peek(const QString& path)
{
    sqlite3* handle = nullptr;
    std::optional<SnapshotManifest> found;
    const QByteArray file = path.toUtf8();
    if (sqlite3_open_v2(file.constData(), &handle, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
        sqlite3_busy_timeout(handle, 2000);
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(handle, "SELECT key, value FROM accord_manifest", -1, &statement,
                               nullptr) == SQLITE_OK) {
            SnapshotManifest m;
            int rc = SQLITE_ROW;
            while ((rc = sqlite3_step(statement)) == SQLITE_ROW)
                m.set(QString::fromUtf8(
                          reinterpret_cast<const char*>(sqlite3_column_text(statement, 0))),
                      QString::fromUtf8(
                          reinterpret_cast<const char*>(sqlite3_column_text(statement, 1))));
            if (rc == SQLITE_DONE)
                found = m;
        }
        sqlite3_finalize(statement);
    }
    sqlite3_close(handle);
    return found;
}

bool SnapshotManifest::write(SqliteFile& file) const
{
    if (!file.exec("CREATE TABLE IF NOT EXISTS accord_manifest (key text PRIMARY KEY, value text "
                   "NOT NULL DEFAULT '')"))
        return false;
    sqlite3_stmt* insert = nullptr;
    if (sqlite3_prepare_v2(file.handle(),
                           "INSERT OR REPLACE INTO accord_manifest (key, value) VALUES (?, ?)", -1,
                           &insert, nullptr) != SQLITE_OK)
        return file.fail();
    for (auto it = m_values.begin(); it != m_values.end(); ++it) {
        const QByteArray key = it.key().toUtf8();
        const QByteArray value = it.value().toUtf8();
        sqlite3_bind_text(insert, 1, key.constData(), int(key.size()), SQLITE_TRANSIENT);
        sqlite3_bind_text(insert, 2, value.constData(), int(value.size()), SQLITE_TRANSIENT);
        const int rc = sqlite3_step(insert);
        sqlite3_reset(insert);
        if (rc != SQLITE_DONE) {
            file.fail();
            break;
        }
    }
    sqlite3_finalize(insert);
    return file.ok();
}

} // namespace accord
