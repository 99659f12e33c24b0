#include "rowloader.h"

#include <algorithm>
#include <limits>

namespace accord {

RowLoader::RowLoader(DatabasePtr database, std::shared_ptr<const ListQuery> query)
    : m_db(std::move(database)), m_query(std::move(query))
{
    qRegisterMetaType<accord::LoadResult>();
    m_thread.setObjectName(QStringLiteral("accord-row-loader"));
    m_worker = new QObject;
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, [this] {
        {
            QMutexLocker lock(&m_interrupterMutex);
            m_interrupter.reset();
        }
        m_db->releaseThreadConnection(ConnectionEnd::KeepForNext);
    });
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_reinterrupt = new QTimer(this);
    m_reinterrupt->setInterval(25);
    connect(m_reinterrupt, &QTimer::timeout, this, [this] {
        const quint64 running = m_running.load();
        if (running == 0 || running >= m_generation.load()) {
            m_reinterrupt->stop();
            return;
        }
        QMutexLocker guard(&m_interrupterMutex);
        if (m_interrupter)
            m_interrupter->interrupt();
    });
    m_thread.start();
    // Open the connection now, while the GUI builds the view, not on the first request.
    QMetaObject::invokeMethod(
        m_worker, [this] { connection(); }, Qt::QueuedConnection);
}

RowLoader::~RowLoader()
{
    {
        QMutexLocker lock(&m_mutex);
        m_jobs.clear();
    }
    m_generation = std::numeric_limits<quint64>::max();
    {
        QMutexLocker lock(&m_interrupterMutex);
        if (m_interrupter && m_running.load() != 0)
            m_interrupter->interrupt();
    }
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
    const quint64 running = m_running.load();
    if (running != 0 && running < token) {
        QMutexLocker guard(&m_interrupterMutex);
        if (m_interrupter)
            m_interrupter->interrupt(); // the stale query in flight ends now
        if (QThread::currentThread() == thread())
            m_reinterrupt->start();
    }
}

int RowLoader::queuedJobs() const
{
    QMutexLocker lock(&m_mutex);
    return int(m_jobs.size());
}

QSqlDatabase RowLoader::connection()
{
    QSqlDatabase db = m_db->connection();
    QMutexLocker lock(&m_interrupterMutex);
    if (!m_interrupter && db.isOpen())
        m_interrupter = m_db->dialect().interrupter(db, m_db->location(), [this] {
            // Asked from within a long query: it belongs to an older generation.
            return m_running.load() < m_generation.load();
        });
    return db;
}

LoadResult RowLoader::run(const QSqlDatabase& db, const LoadJob& job) const
{
    LoadResult result{job.token, job.kind, job.page, {}, 0, {}};
    if (job.kind == LoadJob::Kind::Count) {
        auto count = job.parts > 1 ? m_query->countPart(db, job.request.search, job.part, job.parts)
                                   : m_query->count(db, job.request.search);
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
    return result;
}

void RowLoader::drain()
{
    const QSqlDatabase db = connection();
    for (;;) {
        LoadJob job;
        {
            QMutexLocker lock(&m_mutex);
            if (m_jobs.empty()) {
                m_draining = false;
                return;
            }
            // The newest page first (what the view shows now); a count only when no page
            // waits, so it never delays the first screen.
            auto it = std::find_if(m_jobs.rbegin(), m_jobs.rend(),
                                   [](const LoadJob& j) { return j.kind == LoadJob::Kind::Page; });
            auto chosen = it != m_jobs.rend() ? std::prev(it.base()) : m_jobs.begin();
            job = *chosen;
            m_jobs.erase(chosen);
            if (job.token < m_generation)
                continue;
            m_running = job.token;
        }
        LoadResult result = run(db, job);
        // A server's cancel may land after the query it was meant for has ended, on the
        // next one: a query of the current generation that failed runs once more.
        if (!result.error.isEmpty() && job.token >= m_generation)
            result = run(db, job);
        m_running = 0;
        if (job.token < m_generation) {
            if (!result.error.isEmpty())
                ++m_interrupted;
            continue; // interrupted or superseded meanwhile: nobody wants it
        }
        emit loaded(result);
    }
}

} // namespace accord
