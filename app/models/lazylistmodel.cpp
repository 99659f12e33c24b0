#include "lazylistmodel.h"

#include "listexporter.h"

#include <QCoreApplication>
#include <QTimer>

#include <algorithm>
#include <limits>
#include <utility>

namespace accord {

LazyListModel::LazyListModel(DatabasePtr database, std::shared_ptr<const ListQuery> query,
                             QObject* parent)
    : QAbstractTableModel(parent), m_db(std::move(database)), m_query(std::move(query)),
      m_loader(std::make_unique<RowLoader>(m_db, m_query)),
      m_sortColumn(m_query->defaultSortColumn()), m_sortOrder(m_query->defaultSortOrder())
{
    connect(m_loader.get(), &RowLoader::loaded, this, &LazyListModel::onLoaded);
    counter(0);
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
        if (!m_stale)
            requestPage(page);
        if (role == LoadingRole)
            return true;
        if (role == Qt::DisplayRole && index.column() == 0)
            return QCoreApplication::translate("LazyListModel", "Loading…");
        return {};
    }
    const ListRow& row = it->at(offset);
    if (m_stale) {
        // The previous search's row, until the new answer comes.
        if (role == LoadingRole)
            return true;
        return role == IdRole ? QVariant(row.id) : m_query->data(row, index.column(), role);
    }
    if (page != m_lastReadPage) {
        m_lastReadPage = page;
        m_recent.removeOne(page);
        m_recent.append(page);
        // Read ahead both ways, so that scrolling on finds its rows already there.
        for (const int next : {page + 1, page - 1})
            if (next >= 0 && next * pageSize < m_rows && !m_pages.contains(next))
                requestPage(next);
    }
    if (!m_firstScreenRead && role == Qt::DisplayRole) {
        m_firstScreenRead = true;
        if (m_pendingCount)
            applyPendingCountSoon(0); // after this paint
    }
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
    for (const auto& counter : m_counters)
        counter->startGeneration(m_token);
    // The rows shown stay until the new first page replaces them in one reset: the view
    // paints once per keystroke, not an empty table and then the answer. If the answer is
    // slow, placeholders show after a moment instead of the previous search's rows.
    m_stale = true;
    m_count = 0;
    m_countExact = false;
    m_countRequested = false;
    m_firstScreenRead = false;
    m_pendingCount.reset();
    m_lastKeyOfPage.clear();
    m_requested.clear();
    requestPage(0);
    QTimer::singleShot(staleRowsMs, this, [this, token = m_token] {
        if (token == m_token && m_stale) {
            beginResetModel();
            clearRows();
            endResetModel();
        }
    });
}

void LazyListModel::clearRows()
{
    m_stale = false;
    m_rows = 0;
    m_pages.clear();
    m_recent.clear();
    m_lastReadPage = -1;
}

void LazyListModel::requestCount()
{
    // After the first page: on two cores the count must not slow the first screen down.
    if (m_countRequested)
        return;
    m_countRequested = true;
    const int parts = std::max(1, m_query->countParts(m_db->dialect(), m_search));
    m_countPartsWaiting = parts;
    m_countSoFar = 0;
    for (int part = 0; part < parts; ++part)
        counter(part).enqueue({m_token, LoadJob::Kind::Count, 0, requestFor(0), part, parts});
}

RowLoader& LazyListModel::counter(int part)
{
    while (int(m_counters.size()) <= part) {
        m_counters.push_back(std::make_unique<RowLoader>(m_db, m_query));
        m_counters.back()->startGeneration(m_token);
        connect(m_counters.back().get(), &RowLoader::loaded, this, &LazyListModel::onLoaded);
    }
    return *m_counters[std::size_t(part)];
}

int LazyListModel::interruptedQueries() const
{
    int n = m_loader->interruptedQueries();
    for (const auto& counter : m_counters)
        n += counter->interruptedQueries();
    return n;
}

bool LazyListModel::canFetchMore(const QModelIndex& parent) const
{
    return !parent.isValid() && !m_stale && !m_countExact && m_rows > 0 && m_rows % pageSize == 0 &&
           !m_requested.contains(m_rows / pageSize);
}

void LazyListModel::fetchMore(const QModelIndex& parent)
{
    if (canFetchMore(parent))
        requestPage(m_rows / pageSize);
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
        if (result.kind == LoadJob::Kind::Count) {
            // The first part to fail says so; the others' answers are dropped.
            if (m_countPartsWaiting <= 0)
                return;
            m_countPartsWaiting = 0;
        } else {
            m_requested.remove(result.page);
        }
        emit loadFailed(result.error);
        if (m_pendingCount)
            applyCount(*std::exchange(m_pendingCount, std::nullopt));
        return;
    }
    if (result.kind == LoadJob::Kind::Count) {
        if (m_countPartsWaiting <= 0)
            return; // another part failed
        m_countSoFar += result.count;
        if (--m_countPartsWaiting > 0)
            return; // the other parts are still counting
        if (m_firstScreenRead) {
            applyCount(m_countSoFar);
        } else {
            // Inserting a million rows costs a view tens of milliseconds: the first screen
            // is painted first. Without a view reading rows, the count still comes soon.
            m_pendingCount = m_countSoFar;
            applyPendingCountSoon(50);
        }
        return;
    }
    const int page = result.page;
    const bool replacing = m_stale;
    if (replacing) {
        beginResetModel();
        clearRows();
    }
    m_pages.insert(page, result.rows);
    if (!result.rows.isEmpty())
        m_lastKeyOfPage.insert(page, {result.rows.last().key, result.rows.last().id});
    m_recent.removeAll(page);
    m_recent.append(page);
    const int first = page * pageSize;
    const int loadedEnd = first + int(result.rows.size());
    if (!m_countExact && loadedEnd >= m_rows) {
        // Before the count arrives, the pages read so far tell how many rows to show; a
        // short one is the last, so the count is known (also when nothing matches).
        if (replacing) {
            m_rows = loadedEnd;
            endResetModel();
        } else if (loadedEnd > m_rows) {
            beginInsertRows({}, m_rows, loadedEnd - 1);
            m_rows = loadedEnd;
            endInsertRows();
        }
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
    if (!m_countExact)
        requestCount(); // a short first page already told the count
    emit pageLoaded(page);
}

void LazyListModel::applyPendingCountSoon(int delayMs) const
{
    auto* self = const_cast<LazyListModel*>(this);
    QTimer::singleShot(delayMs, self, [self, token = m_token] {
        if (token == self->m_token && self->m_pendingCount)
            self->applyCount(*std::exchange(self->m_pendingCount, std::nullopt));
    });
}

void LazyListModel::applyCount(qint64 count)
{
    m_count = count;
    m_countExact = true;
    const int rows = int(std::min<qint64>(m_count, std::numeric_limits<int>::max()));
    if (rows > m_rows) {
        beginInsertRows({}, m_rows, rows - 1);
        m_rows = rows;
        endInsertRows();
    } else if (rows < m_rows) {
        beginRemoveRows({}, rows, m_rows - 1);
        m_rows = rows;
        endRemoveRows();
    }
    emit countChanged(m_count, true);
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
    return !m_stale && idAt(row) != 0;
}

int LazyListModel::pagesLoading() const
{
    int n = 0;
    for (int page : std::as_const(m_requested))
        n += m_pages.contains(page) ? 0 : 1;
    return n;
}

int LazyListModel::cachedRowCount() const
{
    int n = 0;
    for (const auto& rows : m_pages)
        n += int(rows.size());
    return n;
}

} // namespace accord

namespace accord {

Result<qint64> LazyListModel::exportCsv(const QString& path) const
{
    return ListExporter(m_db, m_query).exportCsv(path, m_search, m_sortColumn, m_sortOrder);
}

} // namespace accord
