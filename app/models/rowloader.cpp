#include "rowloader.h"

#include "storage/sqlitefunctions.h"

#include <sqlite3.h>

namespace accord {

RowLoader::RowLoader(DatabasePtr database, std::shared_ptr<const ListQuery> query)
    : m_db(std::move(database)), m_query(std::move(query))
{
    qRegisterMetaType<accord::LoadResult>();
    m_thread.setObjectName(QStringLiteral("accord-row-loader"));
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, [this] {
        m_handle = nullptr;
        m_db->releaseThreadConnection();
    });
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

RowLoader::~RowLoader()
{
    {
        QMutexLocker lock(&m_mutex);
        m_jobs.clear();
    }
    if (auto* h = m_handle.load())
        sqlite3_interrupt(h);
    m_thread.quit();
    m_thread.wait();
}

void RowLoader::enqueue(const LoadJob& job)
{
    {
        QMutexLocker lock(&m_mutex);
        m_jobs.push_back(job);
        if (m_draining)
            return;
        m_draining = true;
    }
    QMetaObject::invokeMethod(
        m_worker, [this] { drain(); }, Qt::QueuedConnection);
}

void RowLoader::startGeneration(quint64 token)
{
    m_generation = token;
    QMutexLocker lock(&m_mutex);
    std::erase_if(m_jobs, [token](const LoadJob& j) { return j.token < token; });
    if (auto* h = m_handle.load())
        sqlite3_interrupt(h); // a stale query in flight ends now with SQLITE_INTERRUPT
}

int RowLoader::queuedJobs() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_jobs.size());
}

void RowLoader::drain()
{
    QSqlDatabase db = m_db->connection();
    m_handle = sqliteHandle(db);
    for (;;) {
        LoadJob job;
        {
            QMutexLocker lock(&m_mutex);
            if (m_jobs.empty()) {
                m_draining = false;
                return;
            }
            // Counts first (the status bar), then the newest page (what the view shows now).
            auto it = std::find_if(m_jobs.begin(), m_jobs.end(),
                                   [](const LoadJob& j) { return j.kind == LoadJob::Kind::Count; });
            if (it == m_jobs.end())
                it = std::prev(m_jobs.end());
            job = *it;
            m_jobs.erase(it);
        }
        if (job.token < m_generation)
            continue;
        LoadResult result{job.token, job.kind, job.page, {}, 0, {}};
        if (job.kind == LoadJob::Kind::Count) {
            auto count = m_query->count(db, job.request.search);
            if (count)
                result.count = *count;
            else
                result.error = count.error().message;
        } else {
            auto rows = m_query->fetch(db, job.request);
            if (rows)
                result.rows = *rows;
            else
                result.error = rows.error().message;
        }
        if (job.token < m_generation)
            continue; // interrupted or superseded meanwhile: nobody wants it
        emit loaded(result);
    }
}

} // namespace accord
