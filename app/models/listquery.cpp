#include "listquery.h"

namespace accord {

QVariant ListQuery::data(const ListRow& row, int column, int role) const
{
    if ((role != Qt::DisplayRole && role != Qt::EditRole) || column < 0 ||
        column >= row.cells.size())
        return {};
    return row.cells.at(column);
}

} // namespace accord
