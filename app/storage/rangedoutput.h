#pragma once

#include "domain/result.h"

#include <QByteArray>
#include <QSqlDatabase>

#include <functional>
#include <vector>

class QIODevice;

namespace accord {

class Database;

// Whole tables' rows formatted on two cores and written in their order: the ids are cut
// into ranges, each range read and formatted by whichever of two threads is free (each on
// a connection of its own, both at one shared moment of the database, which also gives
// every table's first and last id) into a buffer of its own, and the buffers written out in
// range order by the calling thread, a few ahead at most (memory stays flat). Where the
// engine cannot share a moment (MariaDB), one thread reads every range. For the headless
// lists and the bulk exports of a million rows.
class RangedOutput
{
public:
    struct Range {
        qint64 from = 0, to = 0; // ids, inclusive
        bool first = false;      // the table's first range written (no separator before it)
    };
    // Formats the rows of one range read on `db` (the thread's connection) into `out`;
    // the number of rows, or the error.
    using Format =
        std::function<Result<qint64>(const QSqlDatabase& db, const Range& range, QByteArray& out)>;

    // One table of several written one after the other at the same moment: its ranges into
    // `device` (or the one write() is given), with what the calling thread writes before
    // its first range and after its last (given its rows) around them.
    struct Table {
        QString name;
        bool descending = false;
        Format format;
        QIODevice* device = nullptr;
        std::function<bool(QIODevice&)> before;
        std::function<bool(QIODevice&, qint64 rows)> after;
    };

    // Ranges of `table`'s ids, descending or ascending.
    RangedOutput(Database& database, QString table, bool descending)
        : m_database(database), m_table(std::move(table)), m_descending(descending)
    {
    }
    explicit RangedOutput(Database& database) : m_database(database) {}

    // Writes every range's rows to `device`; `progress` (rows so far) returning false
    // stops it. The rows written.
    Result<qint64> write(const Format& format, QIODevice& device,
                         const std::function<bool(qint64)>& progress = {}) const;
    // Every table's, in their order; the rows of each.
    Result<std::vector<qint64>> write(const std::vector<Table>& tables, QIODevice& device,
                                      const std::function<bool(qint64)>& progress = {}) const;

    static constexpr qint64 rangeSize = 32768;

private:
    Database& m_database;
    QString m_table;
    bool m_descending = false;
};

} // namespace accord
