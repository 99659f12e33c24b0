#pragma once

#include <QList>
#include <QString>

namespace accord {

// Zeroes every byte of a SQLite file that no row, index entry or page header uses: the
// gaps between a page's cells (freeblocks and fragments a deleted or rewritten row left),
// the unused end of an overflow chain, and the free pages — where a copy of a database's
// pages would otherwise carry what was deleted or overwritten in it (an old password hash, a
// deleted user's token). Works on the closed file by SQLite's file format, walking the
// b-trees from their root pages; nothing that SQLite reads changes. Refuses a file it does
// not fully understand (auto-vacuum's pointer maps, a page no b-tree or free list reaches)
// before writing anything. Returns the reason, or an empty string.
QString zeroFreeSpace(const QString& path, const QList<quint32>& rootPages);

} // namespace accord
