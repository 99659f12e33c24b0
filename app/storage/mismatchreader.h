#pragma once

#include "dialect.h"
#include "domain/comparison.h"
#include "domain/mismatchfilter.h"
#include "domain/result.h"

#include <QSqlDatabase>
#include <QStringList>

#include <array>
#include <functional>
#include <optional>

class QIODevice;

namespace accord {

// One row of the report: a link and how its two records differ.
struct MismatchRow {
    qint64 userId = 0;
    qint64 clientId = 0;
    bool owner = false;
    std::array<int, 4> kinds{}; // per comparedFields() entry, differenceCode() or 0
    int intended = 0;           // fieldBit()s marked intended
    std::array<QString, 4> userValues;
    std::array<QString, 4> clientValues;
    QString userEmail() const { return userValues[2]; }
    QString clientName() const;
    // The differing pairs, in field order.
    QList<FieldDifference> differences() const;
};

enum class MismatchOrder { ByClient, ByUser }; // (client, user) or (user, client), ascending

// Reads the Mismatches report: from accord_link_differences where Accord keeps it, or by
// comparing the links live (a vendor database without Accord's tables).
class MismatchReader
{
public:
    MismatchReader(QSqlDatabase db, const Dialect& dialect, bool maintained)
        : m_db(std::move(db)), m_dialect(dialect), m_maintained(maintained)
    {
    }

    struct Page {
        MismatchOrder order = MismatchOrder::ByClient;
        std::optional<std::pair<qint64, qint64>> after; // keyset: the last (first, second) seen
        qint64 offset = 0;
        int limit = 100;
        bool backwards = false; // read from the end (rows come back in display order)
    };
    Result<QList<MismatchRow>> page(const MismatchFilter& filter, const Page& page) const;
    Result<qint64> count(const MismatchFilter& filter) const;
    // Links differing in each field (the status bar), under the filter's other choices.
    Result<std::array<qint64, 4>> countsPerField(const MismatchFilter& filter) const;
    // The report as CSV (`mismatches --format csv`): a header row, then one line per
    // differing field, in (client, user) order, straight from the stored UTF-8.
    // Returns the number of lines after the header.
    Result<qint64> writeCsv(const MismatchFilter& filter, QIODevice& device) const;
    // Every row in (client, user) order; the callback returns false to stop.
    Result<void> forEach(const MismatchFilter& filter,
                         const std::function<bool(const MismatchRow&)>& visit) const;

private:
    QString where(const MismatchFilter& filter, QVariantList& params) const;
    Result<QList<MismatchRow>> livePage(const MismatchFilter& filter, const Page& page) const;
    Result<void> liveScan(const MismatchFilter& filter, bool byUser, bool backwards,
                          std::optional<std::pair<qint64, qint64>> after,
                          const std::function<bool(const MismatchRow&)>& visit) const;
    QSqlDatabase m_db;
    const Dialect& m_dialect;
    bool m_maintained;
};

// Whether a row passes the filter (the live path, and tests).
bool mismatchPasses(const MismatchRow& row, const MismatchFilter& filter);

} // namespace accord
