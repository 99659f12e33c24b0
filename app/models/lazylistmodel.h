#pragma once

#include "listquery.h"
#include "rowloader.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QMap>

#include <memory>

namespace accord {

// A table model over a database list that never blocks the GUI: rows arrive in pages
// from a RowLoader around what the view asks for, pages far from the viewport are
// evicted (memory stays flat over a million rows), and each search or sort starts a new
// generation whose older answers are dropped. Placeholders show while a page loads.
class LazyListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    static constexpr int pageSize = 100;
    static constexpr int maxCachedPages = 12;
    enum Role { IdRole = Qt::UserRole + 1, LoadingRole };

    LazyListModel(DatabasePtr database, std::shared_ptr<const ListQuery> query,
                  QObject* parent = nullptr);
    ~LazyListModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

    void setSearch(const QString& text);
    QString search() const { return m_search; }
    // Reads everything again (after a save), keeping the search and order.
    void refresh();

    qint64 idAt(int row) const; // 0 while that row is not loaded
    bool isRowLoaded(int row) const;
    bool isCountExact() const { return m_countExact; }
    qint64 matchCount() const { return m_count; }
    int cachedRowCount() const; // rows held in memory now
    int sortColumn() const { return m_sortColumn; }
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    const ListQuery& query() const { return *m_query; }

signals:
    void pageLoaded(int page);
    void countChanged(qint64 count, bool exact);
    void loadFailed(const QString& message);

private:
    void restart();
    void requestPage(int page) const;
    void onLoaded(const LoadResult& result);
    void evictAround(int page);
    ListRequest requestFor(int page) const;

    DatabasePtr m_db;
    std::shared_ptr<const ListQuery> m_query;
    std::unique_ptr<RowLoader> m_loader;
    QString m_search;
    int m_sortColumn = 0;
    Qt::SortOrder m_sortOrder = Qt::DescendingOrder;
    quint64 m_token = 0;
    int m_rows = 0;     // rows the view sees
    qint64 m_count = 0; // matches known so far
    bool m_countExact = false;
    QHash<int, QList<ListRow>> m_pages;
    QMap<int, std::pair<QVariant, qint64>> m_lastKeyOfPage; // keyset anchors
    mutable QSet<int> m_requested;
    QList<int> m_recent; // pages, most recently used last
};

} // namespace accord
