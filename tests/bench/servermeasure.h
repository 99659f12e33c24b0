#pragma once

#include "storage/database.h"

#include <QSqlDatabase>
#include <QString>

#include <optional>

namespace accord::bench {

// A data set's database (a file or a server URL), its password taken from the engine's own
// variable (PGPASSWORD, MYSQL_PWD) as headless commands do.
Result<DatabasePtr> openDataSet(const QString& fileOrUrl, OpenOptions options = {});
// The same database through a bare Qt connection (the baselines' side), open.
QSqlDatabase openPlain(const QString& fileOrUrl, const QString& connectionName);
// The engine a data set's location names.
Engine engineOf(const QString& fileOrUrl);

// A server data set made for one run: the benchmark's own server on loopback (or the one
// ACCORD_TEST_PG_URL / ACCORD_TEST_MYSQL_URL names, as in CI), a fresh database filled by
// Accord's sample generator — whose time is the sample load figure — and, beside it, the
// same users, clients and links loaded into the vendor's bare tables by the engine's own
// shell (psql \copy, LOAD DATA LOCAL INFILE) from tab-separated files.
struct ServerDataSet {
    QString url;
    std::optional<double> dataS, indexS; // Accord's load: rows, then keys/stats/indexes
    std::optional<double> shellLoadS;    // the shell's load of the same rows
};
ServerDataSet prepareServerDataSet(Engine engine, int users);
// Stops the benchmark's own server, if it started one (its data is deleted).
void stopOwnServer();

} // namespace accord::bench
