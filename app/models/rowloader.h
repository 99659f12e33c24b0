#pragma once

#include "listquery.h"
#include "storage/database.h"
#include "storage/queryinterrupter.h"

#include <QMutex>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <atomic>
#include <deque>
#include <memory>

namespace accord {

// What the loader is asked to do: one page of rows, or the exact count.
struct LoadJob {
    enum class Kind { Page, Count };
    quint64 token = 0; // the model's generation; answers to older tokens are dropped
    Kind kind = Kind::Page;
    int page = 0;
    ListRequest request;
    int part = 0, parts = 1; // of a count split across loaders (ListQuery::countParts)
};

struct LoadResult {
    quint64 token = 0;
    LoadJob::Kind kind = LoadJob::Kind::Page;
    int page = 0;
    QList<ListRow> rows;
    qint64 count = 0;
    QString error; // empty when it worked
};

// Runs a list's queries on its own thread and connection, newest page first (what the
// view shows now), counts only when no page waits. A new generation interrupts the query
// in flight (through the engine's QueryInterrupter), so typing never waits for the
// previous keystroke's search; a query of the current generation that an interrupt meant
// for the one before hit is run once more.
class RowLoader : public QObject
{
    Q_OBJECT
public:
    RowLoader(DatabasePtr database, std::shared_ptr<const ListQuery> query);
    ~RowLoader() override;

    void enqueue(const LoadJob& job);    // any thread
    void startGeneration(quint64 token); // drops queued jobs of older tokens, interrupts
    int queuedJobs() const;
    // Queries that ended because a newer generation interrupted them (for tests and the
    // benchmark's report).
    int interruptedQueries() const { return m_interrupted.load(); }

signals:
    void loaded(const accord::LoadResult& result);

private:
    void drain();              // on the loader thread
    QSqlDatabase connection(); // on the loader thread
    LoadResult run(const QSqlDatabase& db, const LoadJob& job) const;

    DatabasePtr m_db;
    std::shared_ptr<const ListQuery> m_query;
    QThread m_thread;
    QObject* m_worker = nullptr;
    mutable QMutex m_mutex;
    std::deque<LoadJob> m_jobs;
    std::atomic<quint64> m_generation{0};
    std::atomic<quint64> m_running{0};               // token of the query in flight, 0 when idle
    std::unique_ptr<QueryInterrupter> m_interrupter; // made and ended on the loader thread
    mutable QMutex m_interrupterMutex;
    std::atomic<int> m_interrupted{0};
    bool m_draining = false;
    // Interrupts again while a stale query still runs: a server ignores a cancel that
    // reaches it before the query does.
    QTimer* m_reinterrupt = nullptr;
};

} // namespace accord

Q_DECLARE_METATYPE(accord::LoadResult)
