#include "lazylistmodel.h"

#include <QCoreApplication>

#include <algorithm>
#include <limits>

namespace accord {

LazyListModel::LazyListModel(DatabasePtr database, std::shared_ptr<const ListQuery> query,
                             QObject* parent)
    : QAbstractTableModel(parent), m_db(std::move(database)), m_query(std::move(query)),
      m_loader(std::make_unique<RowLoader>(m_db, m_query)),
      m_sortColumn(m_query->defaultSortColumn()), m_sortOrder(m_query->defaultSortOrder())
{
    connect(m_loader.get(), &RowLoader::loaded, this, &LazyListModel::onLoaded);
    restart();
}

LazyListModel::~LazyListModel() = default;

int LazyListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int LazyListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_query->columnCount();
}

QVariant LazyListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal && role == Qt::DisplayRole)
        return m_query->header(section);
    return QAbstractTableModel::headerData(section, orientation, role);
}

QVariant LazyListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const int page = index.row() / pageSize;
    auto it = m_pages.constFind(page);
    const int offset = index.row() % pageSize;
    if (it == m_pages.constEnd() || offset >= it->size()) {
        requestPage(page);
        if (role == LoadingRole)
            return true;
        if (role == Qt::DisplayRole && index.column() == 0)
            return QCoreApplication::translate("LazyListModel", "Loading…");
        return {};
    }
    const ListRow& row = it->at(offset);
    if (role == IdRole)
        return row.id;
    if (role == LoadingRole)
        return false;
    return m_query->data(row, index.column(), role);
}

void LazyListModel::sort(int column, Qt::SortOrder order)
{
    if (!m_query->isSortable(column) || (column == m_sortColumn && order == m_sortOrder))
        return;
    m_sortColumn = column;
    m_sortOrder = order;
    restart();
}

void LazyListModel::setSearch(const QString& text)
{
    if (text == m_search)
        return;
    m_search = text;
    restart();
}

void LazyListModel::refresh()
{
    restart();
}

void LazyListModel::restart()
{
    ++m_token;
    m_loader->startGeneration(m_token);
    beginResetModel();
    m_rows = 0;
    m_count = 0;
    m_countExact = false;
    m_pages.clear();
    m_lastKeyOfPage.clear();
    m_requested.clear();
    m_recent.clear();
    endResetModel();
    requestPage(0);
    LoadJob count{m_token, LoadJob::Kind::Count, 0, requestFor(0)};
    m_loader->enqueue(count);
}

ListRequest LazyListModel::requestFor(int page) const
{
    ListRequest r;
    r.search = m_search;
    r.sortColumn = m_sortColumn;
    r.order = m_sortOrder;
    r.limit = pageSize;
    const qint64 start = qint64(page) * pageSize;
    // The nearest loaded page before this one anchors a keyset read; a short OFFSET
    // covers the gap. Pages nearer the end are read backwards from the end instead.
    auto anchor = m_lastKeyOfPage.lowerBound(page);
    if (anchor != m_lastKeyOfPage.begin()) {
        --anchor;
        const qint64 gap = start - qint64(anchor.key() + 1) * pageSize;
        if (!m_countExact || gap <= m_count - start) {
            r.after = anchor.value();
            r.offset = gap;
            return r;
        }
    }
    if (m_countExact && start > m_count / 2) {
        const qint64 end = std::min<qint64>(start + pageSize, m_count);
        r.fromEnd = true;
        r.offset = m_count - end;
        r.limit = int(end - start);
        return r;
    }
    r.offset = start;
    return r;
}

void LazyListModel::requestPage(int page) const
{
    if (m_requested.contains(page))
        return;
    m_requested.insert(page);
    LoadJob job{m_token, LoadJob::Kind::Page, page, requestFor(page)};
    m_loader->enqueue(job);
}

void LazyListModel::onLoaded(const LoadResult& result)
{
    if (result.token != m_token)
        return; // an answer to an earlier search or order
    if (!result.error.isEmpty()) {
        m_requested.remove(result.page);
        emit loadFailed(result.error);
        return;
    }
    if (result.kind == LoadJob::Kind::Count) {
        m_count = result.count;
        m_countExact = true;
        if (m_count > m_rows) {
            beginInsertRows({}, m_rows,
                            int(std::min<qint64>(m_count, std::numeric_limits<int>::max()) - 1));
            m_rows = int(std::min<qint64>(m_count, std::numeric_limits<int>::max()));
            endInsertRows();
        } else if (m_count < m_rows) {
            beginRemoveRows({}, int(m_count), m_rows - 1);
            m_rows = int(m_count);
            endRemoveRows();
        }
        emit countChanged(m_count, true);
        return;
    }
    const int page = result.page;
    m_pages.insert(page, result.rows);
    if (!result.rows.isEmpty())
        m_lastKeyOfPage.insert(page, {result.rows.last().key, result.rows.last().id});
    m_recent.removeAll(page);
    m_recent.append(page);
    const int first = page * pageSize;
    const int loadedEnd = first + int(result.rows.size());
    if (!m_countExact && loadedEnd > m_rows) {
        // Before the count arrives, the first page alone tells how many rows to show.
        beginInsertRows({}, m_rows, loadedEnd - 1);
        m_rows = loadedEnd;
        endInsertRows();
        if (result.rows.size() < pageSize) {
            m_count = m_rows;
            m_countExact = true;
            emit countChanged(m_count, true);
        }
    } else if (first < m_rows) {
        emit dataChanged(index(first, 0),
                         index(std::min(first + pageSize, m_rows) - 1, columnCount() - 1));
    }
    evictAround(page);
    emit pageLoaded(page);
}

void LazyListModel::evictAround(int page)
{
    while (m_pages.size() > maxCachedPages && !m_recent.isEmpty()) {
        // Drop the least recently used page that is not the one just shown.
        const int victim = m_recent.takeFirst();
        if (victim == page) {
            m_recent.append(victim);
            continue;
        }
        m_pages.remove(victim);
        m_requested.remove(victim);
    }
}

qint64 LazyListModel::idAt(int row) const
{
    auto it = m_pages.constFind(row / pageSize);
    if (it == m_pages.constEnd() || row % pageSize >= it->size())
        return 0;
    return it->at(row % pageSize).id;
}

bool LazyListModel::isRowLoaded(int row) const
{
    return idAt(row) != 0;
}

int LazyListModel::cachedRowCount() const
{
    int n = 0;
    for (const auto& rows : m_pages)
        n += int(rows.size());
    return n;
}

} // namespace accord
