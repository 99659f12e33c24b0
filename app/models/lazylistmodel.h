#pragma once

#include "listquery.h"
#include "rowloader.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QMap>

#include <memory>
#include <optional>
#include <vector>

namespace accord {

// A table model over a database list that never blocks the GUI: rows arrive in pages
// from a RowLoader around what the view asks for (and the pages either side of it), pages
// far from the viewport are evicted (memory stays flat over a million rows), and each
// search or sort starts a new generation whose older answers are dropped. The exact count
// comes from a second loader after the first page, and its rows are inserted after the
// first screen is painted. Placeholders show while a page loads.
class LazyListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    static constexpr int pageSize = 100;
    static constexpr int maxCachedPages = 12;
    static constexpr int staleRowsMs = 150; // the previous rows stay at most this long
    enum Role { IdRole = Qt::UserRole + 1, LoadingRole };

    LazyListModel(DatabasePtr database, std::shared_ptr<const ListQuery> query,
                  QObject* parent = nullptr);
    ~LazyListModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    // Before the exact count arrives, a view (or the model tester) may page on through
    // fetchMore; once it is known, every row is there and nothing more can be fetched.
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    void setSearch(const QString& text);
    QString search() const { return m_search; }
    // Reads everything again (after a save), keeping the search and order.
    void refresh();

    qint64 idAt(int row) const; // 0 while that row is not loaded
    // Whether the row holds data of the current search and order (not a placeholder, not
    // the previous search's row still shown while the new one loads).
    bool isRowLoaded(int row) const;
    bool isStale() const { return m_stale; }
    bool isCountExact() const { return m_countExact; }
    qint64 matchCount() const { return m_count; }
    int cachedRowCount() const;     // rows held in memory now
    int pagesLoading() const;       // asked for and not there yet
    int interruptedQueries() const; // by all its loaders
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    const ListQuery& query() const { return *m_query; }
    // Writes every row matching the current search, in the current order, to CSV.
    Result<qint64> exportCsv(const QString& path) const;

signals:
    void pageLoaded(int page);
    void countChanged(qint64 count, bool exact);
    void loadFailed(const QString& message);

private:
    void restart();
    void clearRows();
    void requestPage(int page) const;
    void onLoaded(const LoadResult& result);
    void applyCount(qint64 count);
    void requestCount();
    RowLoader& counter(int part);
    void applyPendingCountSoon(int delayMs) const;
    void evictAround(int page);
    ListRequest requestFor(int page) const;

    DatabasePtr m_db;
    std::shared_ptr<const ListQuery> m_query;
    std::unique_ptr<RowLoader> m_loader;
    // Their own threads: a slow count never delays a page. A count in parts (a substring
    // search) runs one part on each; the second starts with the first such search.
    std::vector<std::unique_ptr<RowLoader>> m_counters;
    int m_countPartsWaiting = 0;
    qint64 m_countSoFar = 0;
    QString m_search;
    int m_sortColumn = 0;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;
    quint64 m_token = 0;
    int m_rows = 0;     // rows the view sees
    qint64 m_count = 0; // matches known so far
    bool m_countExact = false;
    bool m_stale = false; // rows shown are the previous search's until the first page
    // The first screen is painted before a count inserts its (maybe a million) rows: a
    // count that comes before the view has read a loaded row waits for that read.
    mutable bool m_firstScreenRead = false;
    bool m_countRequested = false;
    mutable std::optional<qint64> m_pendingCount;
    QHash<int, QList<ListRow>> m_pages;
    QMap<int, std::pair<QVariant, qint64>> m_lastKeyOfPage; // keyset anchors
    mutable QSet<int> m_requested;
    mutable QList<int> m_recent; // pages, most recently used last
    mutable int m_lastReadPage = -1;
};

} // namespace accord
