#include "rangedoutput.h"

#include "database.h"
#include "sharedread.h"
#include "sql.h"

#include <QCoreApplication>
#include <QIODevice>

#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("RangedOutput", text);
}

constexpr qint64 ahead = 4; // ranges formatted before the one being written
} // namespace

Result<qint64> RangedOutput::write(const Format& format, QIODevice& device,
                                   const std::function<bool(qint64)>& progress) const
{
    auto rows = write({Table{m_table, m_descending, format, nullptr, {}, {}}}, device, progress);
    if (!rows)
        return rows.error();
    return rows->front();
}

Result<std::vector<qint64>> RangedOutput::write(const std::vector<Table>& tables, QIODevice& device,
                                                const std::function<bool(qint64)>& progress) const
{
    // Each table's ids as the readers' moment has them (read by the first reader to begin),
    // how wide its ranges are (about rangeSize rows each however sparse the ids, so that a
    // stray huge id makes no billion empty ranges) and where they start among all of them.
    // (Unsigned arithmetic: any two ids' distance fits.)
    struct Bounds {
        qint64 low = 0, high = -1, ranges = 0, firstRange = 0;
        quint64 width = rangeSize;
    };
    std::vector<Bounds> bounds(tables.size());
    qint64 ranges = 0;
    auto readBounds = [&](const QSqlDatabase& db) -> Result<void> {
        for (std::size_t t = 0; t < tables.size(); ++t) {
            auto q = runSql(
                db,
                QStringLiteral("SELECT min(id), max(id), count(*) FROM %1").arg(tables[t].name));
            if (!q)
                return q.error();
            Bounds& b = bounds[t];
            if (q->next() && !q->value(0).isNull()) {
                b.low = q->value(0).toLongLong();
                b.high = q->value(1).toLongLong();
                const quint64 span = quint64(b.high) - quint64(b.low);
                const quint64 wanted =
                    std::max<quint64>(1, (q->value(2).toULongLong() + rangeSize - 1) / rangeSize);
                b.width = std::max<quint64>(rangeSize, span / wanted + 1);
                b.ranges = qint64(span / b.width + 1);
            }
            b.firstRange = ranges;
            ranges += b.ranges;
        }
        return {};
    };
    auto rangeAt = [&](qint64 at) { // (at: among all tables' ranges)
        std::size_t t = 0;
        while (at >= bounds[t].firstRange + bounds[t].ranges)
            ++t;
        const Bounds& b = bounds[t];
        const auto i = quint64(at - b.firstRange);
        Range r;
        r.first = i == 0;
        if (tables[t].descending) {
            r.to = qint64(quint64(b.high) - i * b.width);
            r.from = quint64(r.to) - quint64(b.low) < b.width ? b.low
                                                              : qint64(quint64(r.to) - b.width + 1);
        } else {
            r.from = qint64(quint64(b.low) + i * b.width);
            r.to = quint64(b.high) - quint64(r.from) < b.width
                       ? b.high
                       : qint64(quint64(r.from) + b.width - 1);
        }
        return std::pair{t, r};
    };

    // Two readers at one moment; the calling thread's connection only writes out.
    const QSqlDatabase main = m_database.connection();
    const int readers = 2;
    std::unique_ptr<SharedRead> moment = m_database.dialect().shareRead(main, readers);
    std::mutex mutex;
    std::condition_variable changed;
    enum class Known { No, Reading, Yes } known = Known::No;
    std::map<qint64, QByteArray> done;
    std::vector<QByteArray> spare; // written out, kept for their memory
    qint64 next = 0;               // the next range a reader takes
    qint64 written = 0;            // ranges written out
    bool stop = false;
    Result<void> failure;
    std::vector<qint64> rows(tables.size(), 0);
    qint64 allRows = 0;

    auto read = [&] {
        Result<void> result;
        {
            const QSqlDatabase db = m_database.connection();
            bool inRead = false;
            if (moment) {
                result = moment->begin(db);
                inRead = result.ok();
            }
            bool mine = false; // whether this reader reads the bounds
            if (result) {
                std::unique_lock lock(mutex);
                mine = known == Known::No;
                if (mine)
                    known = Known::Reading;
                else
                    changed.wait(lock, [&] { return stop || known == Known::Yes; });
            }
            if (mine) {
                result = readBounds(db);
                std::lock_guard lock(mutex);
                if (result)
                    known = Known::Yes;
                changed.notify_all();
            }
            while (result) {
                qint64 i = 0;
                QByteArray out;
                {
                    std::unique_lock lock(mutex);
                    changed.wait(lock, [&] { return stop || next < written + ahead; });
                    if (stop || next >= ranges)
                        break;
                    i = next++;
                    if (!spare.empty()) {
                        out = std::move(spare.back());
                        spare.pop_back();
                    }
                }
                const auto [t, range] = rangeAt(i);
                auto formatted = tables[t].format(db, range, out);
                std::lock_guard lock(mutex);
                if (!formatted) {
                    result = formatted.error();
                    break;
                }
                rows[t] += *formatted;
                allRows += *formatted;
                done.emplace(i, std::move(out));
                changed.notify_all();
            }
            if (inRead)
                (void)runSql(db, QStringLiteral("COMMIT"));
        }
        m_database.releaseThreadConnection();
        std::lock_guard lock(mutex);
        if (!result && failure) {
            failure = result;
            stop = true;
        }
        changed.notify_all();
    };

    std::vector<std::thread> threads;
    for (int t = 0; t < (moment ? readers : 1); ++t)
        threads.emplace_back(read);
    QIODevice* failedDevice = nullptr;
    {
        std::unique_lock lock(mutex);
        changed.wait(lock, [&] { return stop || known == Known::Yes; });
        for (std::size_t t = 0; t < tables.size() && !stop; ++t) {
            QIODevice& into = tables[t].device ? *tables[t].device : device;
            auto outside = [&](const auto& write) {
                lock.unlock();
                const bool wrote = write();
                lock.lock();
                if (!wrote) {
                    failedDevice = &into;
                    stop = true;
                }
            };
            if (tables[t].before)
                outside([&] { return tables[t].before(into); });
            const qint64 last = bounds[t].firstRange + bounds[t].ranges;
            while (written < last && !stop) {
                changed.wait(lock, [&] { return stop || done.count(written); });
                if (stop)
                    break;
                QByteArray out = std::move(done.at(written));
                done.erase(written);
                const qint64 so = allRows;
                lock.unlock();
                const bool wrote = out.isEmpty() || into.write(out) == out.size();
                const bool goOn = !progress || progress(so);
                out.resize(0); // (its capacity kept for the next range)
                lock.lock();
                spare.push_back(std::move(out));
                ++written;
                if (!wrote)
                    failedDevice = &into;
                if (!wrote || !goOn)
                    stop = true;
                changed.notify_all();
            }
            if (!stop && tables[t].after)
                outside([&] { return tables[t].after(into, rows[t]); });
        }
        stop = true; // (a reader waiting for room ends)
        changed.notify_all();
    }
    for (std::thread& t : threads)
        t.join();
    if (!failure)
        return failure.error();
    if (failedDevice)
        return Error::make(Error::Kind::Storage,
                           tr("Cannot write: %1").arg(failedDevice->errorString()));
    return rows;
}

} // namespace accord
