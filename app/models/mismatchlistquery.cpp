#include "mismatchlistquery.h"

#include "storage/dialect.h"

#include <QCoreApplication>

#include <algorithm>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("Mismatches", text);
}

// Cells as fetched.
enum Cell {
    CellUserId,
    CellEmail,
    CellClientId,
    CellClientName,
    CellOwner,
    CellKinds,
    CellIntended
};

// Two ids in one, ordered as the list is: (first << 32) | second (vendor ids are 32-bit).
qint64 pack(qint64 first, qint64 second)
{
    return (first << 32) | (second & 0xffffffff);
}
} // namespace

QString MismatchListQuery::header(int column) const
{
    switch (column) {
    case UserIdColumn:
        return tr("User ID");
    case UserEmailColumn:
        return tr("User Email");
    case ClientIdColumn:
        return tr("Client ID");
    case ClientNameColumn:
        return tr("Client Name");
    case OwnerColumn:
        return tr("Owner");
    case DifferencesColumn:
        return tr("Differing Fields");
    default:
        return {};
    }
}

QString MismatchListQuery::describe(const QVariantList& kinds, int intended)
{
    QStringList parts;
    int i = 0;
    for (const auto& f : comparedFields()) {
        if (const auto kind = differenceKindOf(kinds.value(i).toInt())) {
            QString part = tr("%1: %2").arg(comparedFieldLabel(QLatin1String(f.userColumn)),
                                            FieldDifference::kindLabel(*kind).toLower());
            if (intended & (1 << i))
                part += tr(" (intended)");
            parts << part;
        }
        ++i;
    }
    return parts.join(QLatin1String("; "));
}

QVariant MismatchListQuery::data(const ListRow& row, int column, int role) const
{
    const QVariantList& c = row.cells;
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole: // what CSV export writes
        switch (column) {
        case UserIdColumn:
            return c.value(CellUserId);
        case UserEmailColumn:
            return c.value(CellEmail);
        case ClientIdColumn:
            return c.value(CellClientId);
        case ClientNameColumn:
            return c.value(CellClientName);
        case OwnerColumn:
            return c.value(CellOwner).toBool() ? tr("Owner") : QString();
        case DifferencesColumn:
            return describe(c.value(CellKinds).toList(), c.value(CellIntended).toInt());
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (column == DifferencesColumn)
            return describe(c.value(CellKinds).toList(), c.value(CellIntended).toInt());
        return {};
    case UserIdRole:
        return c.value(CellUserId);
    case ClientIdRole:
        return c.value(CellClientId);
    case OwnerRole:
        return c.value(CellOwner);
    case KindsRole:
        return c.value(CellKinds);
    case IntendedRole:
        return c.value(CellIntended);
    default:
        return {};
    }
}

Result<QList<ListRow>> MismatchListQuery::fetch(const QSqlDatabase& db,
                                                const ListRequest& request) const
{
    const bool byUser = request.sortColumn == UserIdColumn;
    // Descending order is the ascending keyset read from the other end.
    const bool descending = request.order == Qt::DescendingOrder;
    MismatchReader::Page page;
    page.order = byUser ? MismatchOrder::ByUser : MismatchOrder::ByClient;
    page.offset = request.offset;
    page.limit = request.limit;
    page.backwards = request.fromEnd != descending;
    if (request.after)
        page.after =
            std::pair{request.after->first.toLongLong(), request.after->second & 0xffffffff};
    auto rows = MismatchReader(db, Dialect::of(db), m_maintained)
                    .page(MismatchFilter::fromText(request.search), page);
    if (!rows)
        return rows.error();
    QList<ListRow> out;
    out.reserve(rows->size());
    for (const MismatchRow& r : *rows) {
        const qint64 first = byUser ? r.userId : r.clientId;
        const qint64 second = byUser ? r.clientId : r.userId;
        QVariantList kinds;
        for (int k : r.kinds)
            kinds << k;
        out << ListRow{pack(first, second), first,
                       QVariantList{r.userId, r.userEmail(), r.clientId, r.clientName(), r.owner,
                                    kinds, r.intended}};
    }
    // The reader returns ascending rows; a descending list shows them the other way round.
    if (descending)
        std::reverse(out.begin(), out.end());
    return out;
}

Result<qint64> MismatchListQuery::count(const QSqlDatabase& db, const QString& search) const
{
    return MismatchReader(db, Dialect::of(db), m_maintained)
        .count(MismatchFilter::fromText(search));
}

} // namespace accord
