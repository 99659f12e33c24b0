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
    const QSqlDatabase main = m_database.connection();
    auto bounds = runSql(main, QStringLiteral("SELECT min(id), max(id) FROM %1").arg(m_table));
    if (!bounds)
        return bounds.error();
    if (!bounds->next() || bounds->value(0).isNull())
        return qint64(0);
    const qint64 low = bounds->value(0).toLongLong();
    const qint64 high = bounds->value(1).toLongLong();
    bounds->finish();
    const qint64 ranges = (high - low) / rangeSize + 1;
    auto rangeAt = [&](qint64 i) {
        Range r;
        r.first = i == 0;
        if (m_descending) {
            r.to = high - i * rangeSize;
            r.from = std::max(low, r.to - rangeSize + 1);
        } else {
            r.from = low + i * rangeSize;
            r.to = std::min(high, r.from + rangeSize - 1);
        }
        return r;
    };

    // Two readers at one moment; the calling thread's connection only writes out.
    const int readers = 2;
    std::unique_ptr<SharedRead> moment = m_database.dialect().shareRead(main, readers);
    std::mutex mutex;
    std::condition_variable changed;
    std::map<qint64, QByteArray> done;
    qint64 next = 0;    // the next range a reader takes
    qint64 written = 0; // ranges written out
    bool stop = false;
    Result<void> failure;
    qint64 rows = 0;

    auto read = [&](bool release) {
        Result<void> result;
        {
            const QSqlDatabase db = m_database.connection();
            bool inRead = false;
            if (moment) {
                result = moment->begin(db);
                inRead = result.ok();
            }
            while (result) {
                qint64 i = 0;
                {
                    std::unique_lock lock(mutex);
                    changed.wait(lock, [&] { return stop || next < written + ahead; });
                    if (stop || next >= ranges)
                        break;
                    i = next++;
                }
                QByteArray out;
                auto formatted = format(db, rangeAt(i), out);
                std::lock_guard lock(mutex);
                if (!formatted) {
                    result = formatted.error();
                    break;
                }
                rows += *formatted;
                done.emplace(i, std::move(out));
                changed.notify_all();
            }
            if (inRead)
                (void)runSql(db, QStringLiteral("COMMIT"));
        }
        if (release)
            m_database.releaseThreadConnection();
        std::lock_guard lock(mutex);
        if (!result && failure) {
            failure = result;
            stop = true;
        }
        changed.notify_all();
    };

    std::vector<std::thread> threads;
    if (moment) {
        for (int t = 0; t < readers; ++t)
            threads.emplace_back(read, true);
    } else {
        threads.emplace_back(read, true);
    }
    bool deviceFailed = false;
    {
        std::unique_lock lock(mutex);
        while (written < ranges && !stop) {
            changed.wait(lock, [&] { return stop || done.count(written); });
            if (stop)
                break;
            QByteArray out = std::move(done.at(written));
            done.erase(written);
            const qint64 so = rows;
            lock.unlock();
            const bool wrote = out.isEmpty() || device.write(out) == out.size();
            const bool goOn = !progress || progress(so);
            lock.lock();
            ++written;
            if (!wrote)
                deviceFailed = true;
            if (!wrote || !goOn)
                stop = true;
            changed.notify_all();
        }
    }
    for (std::thread& t : threads)
        t.join();
    if (!failure)
        return failure.error();
    if (deviceFailed)
        return Error::make(Error::Kind::Storage, tr("Cannot write: %1").arg(device.errorString()));
    return rows;
}

} // namespace accord
