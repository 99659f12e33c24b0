#include "freespace.h"

#include <QCoreApplication>
#include <QFile>

#include <algorithm>
#include <cstring>
#include <vector>

namespace accord {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("Snapshot", text);
}

// Zeroes n bytes, writing only when one is not zero already: a page whose free space is
// clean stays a clean page of the mapping (not written back to the disk).
void clear(uchar* p, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i)
        if (p[i]) {
            std::memset(p + i, 0, n - i);
            return;
        }
}

enum class Page : std::uint8_t { Unknown, Btree, Overflow, FreeTrunk, FreeLeaf, LockByte };

// The file as SQLite lays it out (https://www.sqlite.org/fileformat2.html).
class FileLayout
{
public:
    FileLayout(uchar* data, qint64 size) : m_data(data), m_size(size) {}

    QString readHeader()
    {
        if (m_size < 100 || std::memcmp(m_data, "SQLite format 3", 16) != 0)
            return tr("not a SQLite file");
        m_pageSize = be16(m_data + 16);
        if (m_pageSize == 1)
            m_pageSize = 65536;
        if (m_pageSize < 512 || (m_pageSize & (m_pageSize - 1)))
            return tr("an unknown page size");
        m_usable = m_pageSize - m_data[20];
        if (be32(m_data + 52) != 0)
            return tr("auto-vacuum pointer maps");
        const quint32 inHeader = be32(m_data + 28);
        m_pages = inHeader && be32(m_data + 24) == be32(m_data + 92)
                      ? inHeader
                      : quint32(m_size / qint64(m_pageSize));
        if (qint64(m_pages) * m_pageSize > m_size)
            return tr("a file shorter than its pages");
        m_kind.assign(m_pages + 1, Page::Unknown);
        m_overflowUsed.assign(m_pages + 1, 0);
        const quint32 lockByte = quint32(1073741824 / m_pageSize) + 1;
        if (lockByte <= m_pages)
            m_kind[lockByte] = Page::LockByte;
        return {};
    }

    // Pass 1: every page reached from the roots and the free list, once.
    QString classify(const QList<quint32>& roots)
    {
        std::vector<quint32> stack(roots.begin(), roots.end());
        while (!stack.empty()) {
            const quint32 page = stack.back();
            stack.pop_back();
            if (QString e = mark(page, Page::Btree); !e.isEmpty())
                return e;
            QString problem;
            forEachCell(page, [&](const Cell& cell) {
                if (cell.child)
                    stack.push_back(cell.child);
                if (cell.overflow && problem.isEmpty())
                    problem = followOverflow(cell.overflow, cell.overflowBytes);
            });
            if (!m_problem.isEmpty())
                return m_problem;
            if (!problem.isEmpty())
                return problem;
            if (const uchar* p = at(page); isInterior(p[headerOffset(page)]))
                stack.push_back(be32(p + headerOffset(page) + 8));
        }
        for (quint32 trunk = be32(m_data + 32); trunk;) {
            if (QString e = mark(trunk, Page::FreeTrunk); !e.isEmpty())
                return e;
            const uchar* p = at(trunk);
            const quint32 leaves = be32(p + 4);
            if (8 + qint64(leaves) * 4 > m_usable)
                return tr("a damaged free list");
            for (quint32 i = 0; i < leaves; ++i)
                if (QString e = mark(be32(p + 8 + 4 * i), Page::FreeLeaf); !e.isEmpty())
                    return e;
            trunk = be32(p);
        }
        for (quint32 page = 1; page <= m_pages; ++page)
            if (m_kind[page] == Page::Unknown)
                return tr("page %1, which no table, index or free list reaches").arg(page);
        return {};
    }

    // Pass 2: the zeros.
    void zero()
    {
        std::vector<std::pair<int, int>> used;
        for (quint32 page = 1; page <= m_pages; ++page) {
            uchar* p = at(page);
            switch (m_kind[page]) {
            case Page::Btree: {
                const int h = headerOffset(page);
                const int cells = be16(p + h + 3);
                const int pointers = h + (isInterior(p[h]) ? 12 : 8) + 2 * cells;
                const int content = contentStart(p, h);
                if (content > pointers)
                    clear(p + pointers, std::size_t(content - pointers));
                used.clear();
                int cellBytes = 0;
                forEachCell(page, [&](const Cell& c) {
                    used.emplace_back(c.start, c.end);
                    cellBytes += c.end - c.start;
                });
                // A page whose cells fill its content area, with no freeblock and no
                // fragment (most pages of a database built by inserts), has no gap.
                const int firstBlock = int(be16(p + h + 1));
                if (!firstBlock && p[h + 7] == 0 && cellBytes == m_usable - content)
                    break;
                // A freeblock keeps its link and size (SQLite's free-space list and its
                // integrity check read them); what it held is zeroed.
                for (int block = firstBlock, n = 0;
                     block && block >= content && block + 4 <= m_usable && n < m_usable;
                     block = int(be16(p + block)), ++n)
                    used.emplace_back(block, block + 4);
                // Cells are mostly laid out from the end of the page backwards.
                if (std::is_sorted(used.rbegin(), used.rend()))
                    std::reverse(used.begin(), used.end());
                else
                    std::sort(used.begin(), used.end());
                int from = content;
                for (const auto& [start, end] : used) {
                    if (start > from)
                        clear(p + from, std::size_t(start - from));
                    from = std::max(from, end);
                }
                if (m_usable > from)
                    clear(p + from, std::size_t(m_usable - from));
                break;
            }
            case Page::Overflow:
                if (m_overflowUsed[page] < m_usable)
                    clear(p + m_overflowUsed[page], std::size_t(m_usable - m_overflowUsed[page]));
                break;
            case Page::FreeTrunk: {
                const int listed = 8 + 4 * int(be32(p + 4));
                clear(p + listed, std::size_t(m_usable - listed));
                break;
            }
            case Page::FreeLeaf:
                clear(p, std::size_t(m_usable));
                break;
            case Page::LockByte:
            case Page::Unknown:
                break;
            }
        }
    }

private:
    struct Cell {
        int start = 0;
        int end = 0;          // one past the cell's last byte
        quint32 child = 0;    // interior pages
        quint32 overflow = 0; // first overflow page
        qint64 overflowBytes = 0;
    };

    static quint32 be16(const uchar* p) { return quint32(p[0]) << 8 | p[1]; }
    static quint32 be32(const uchar* p)
    {
        return quint32(p[0]) << 24 | quint32(p[1]) << 16 | quint32(p[2]) << 8 | p[3];
    }
    static bool isInterior(uchar type) { return type == 2 || type == 5; }
    static int headerOffset(quint32 page) { return page == 1 ? 100 : 0; }
    int contentStart(const uchar* p, int h) const
    {
        const int c = int(be16(p + h + 5));
        return c == 0 ? 65536 : c;
    }
    uchar* at(quint32 page) const { return m_data + qint64(page - 1) * m_pageSize; }

    QString mark(quint32 page, Page kind)
    {
        if (page < 1 || page > m_pages)
            return tr("a page number past the end of the file");
        if (m_kind[page] != Page::Unknown)
            return tr("page %1 reached twice").arg(page);
        m_kind[page] = kind;
        return {};
    }

    // A SQLite varint at p (at most `room` bytes readable); its length in `n`.
    static qint64 varint(const uchar* p, int room, int& n)
    {
        quint64 v = 0;
        for (n = 0; n < room; ++n) {
            if (n == 8) {
                v = v << 8 | p[8];
                n = 9;
                return qint64(v);
            }
            v = v << 7 | (p[n] & 0x7f);
            if (!(p[n] & 0x80)) {
                ++n;
                return qint64(v);
            }
        }
        return qint64(v);
    }

    // How much of a payload of P bytes stays on the page (table leaf or index cell).
    void local(qint64 payload, bool table, int& onPage, bool& overflows) const
    {
        const qint64 u = m_usable;
        const qint64 x = table ? u - 35 : ((u - 12) * 64 / 255) - 23;
        if (payload <= x) {
            onPage = int(payload);
            overflows = false;
            return;
        }
        const qint64 m = ((u - 12) * 32 / 255) - 23;
        const qint64 k = m + ((payload - m) % (u - 4));
        onPage = int(k <= x ? k : m);
        overflows = true;
    }

    template <typename Visit>
    void forEachCell(quint32 page, const Visit& visit)
    {
        const uchar* p = at(page);
        const int h = headerOffset(page);
        const uchar type = p[h];
        if (type != 2 && type != 5 && type != 10 && type != 13) {
            m_problem = tr("page %1 is of an unknown kind").arg(page);
            return;
        }
        const int cells = int(be16(p + h + 3));
        const int pointers = h + (isInterior(type) ? 12 : 8);
        const int content = contentStart(p, h);
        if (pointers + 2 * cells > content || content > m_usable) {
            m_problem = tr("page %1 has a damaged header").arg(page);
            return;
        }
        for (int i = 0; i < cells; ++i) {
            Cell c;
            c.start = int(be16(p + pointers + 2 * i));
            if (c.start < content || c.start >= m_usable) {
                m_problem = tr("page %1 has a cell outside its content").arg(page);
                return;
            }
            const uchar* q = p + c.start;
            const int room = m_usable - c.start;
            int at = 0;
            int n = 0;
            if (isInterior(type)) {
                if (room < 4) {
                    m_problem = tr("page %1 has a damaged cell").arg(page);
                    return;
                }
                c.child = be32(q);
                at = 4;
            }
            if (type == 5) {
                varint(q + at, room - at, n); // the key
                c.end = c.start + at + n;
            } else {
                const qint64 payload = varint(q + at, room - at, n);
                at += n;
                if (type == 13) {
                    varint(q + at, room - at, n); // the rowid
                    at += n;
                }
                int onPage = 0;
                bool overflows = false;
                local(payload, type == 13, onPage, overflows);
                int size = at + onPage + (overflows ? 4 : 0);
                if (!isInterior(type))
                    size = std::max(size, 4);
                if (size > room) {
                    m_problem = tr("page %1 has a cell longer than the page").arg(page);
                    return;
                }
                if (overflows) {
                    c.overflow = be32(q + at + onPage);
                    c.overflowBytes = payload - onPage;
                }
                c.end = c.start + size;
            }
            visit(c);
        }
    }

    QString followOverflow(quint32 page, qint64 remaining)
    {
        while (remaining > 0) {
            if (QString e = mark(page, Page::Overflow); !e.isEmpty())
                return e;
            const qint64 chunk = std::min<qint64>(remaining, m_usable - 4);
            m_overflowUsed[page] = int(4 + chunk);
            remaining -= chunk;
            page = be32(at(page));
            if ((remaining > 0) != (page != 0))
                return tr("an overflow chain of the wrong length");
        }
        return {};
    }

    uchar* m_data;
    qint64 m_size;
    int m_pageSize = 0;
    int m_usable = 0;
    quint32 m_pages = 0;
    std::vector<Page> m_kind;
    std::vector<int> m_overflowUsed;
    QString m_problem;
};

} // namespace

QString zeroFreeSpace(const QString& path, const QList<quint32>& rootPages)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadWrite))
        return file.errorString();
    const qint64 size = file.size();
    uchar* data = size > 0 ? file.map(0, size) : nullptr;
    if (!data)
        return tr("cannot map the file: %1").arg(file.errorString());
    FileLayout layout(data, size);
    QString problem = layout.readHeader();
    if (problem.isEmpty())
        problem = layout.classify(rootPages);
    if (problem.isEmpty())
        layout.zero();
    file.unmap(data);
    return problem;
}

} // namespace accord
