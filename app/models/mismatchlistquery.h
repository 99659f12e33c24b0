#pragma once

#include "listquery.h"
#include "storage/mismatchreader.h"

namespace accord {

// The Mismatches view: links whose user and client details differ, in client order (or
// user order), filtered by MismatchFilter::toText() passed as the list's search text.
// Reads accord_link_differences where Accord keeps it, else compares links live.
class MismatchListQuery : public ListQuery
{
public:
    enum Column {
        UserIdColumn,
        UserEmailColumn,
        ClientIdColumn,
        ClientNameColumn,
        OwnerColumn,
        DifferencesColumn,
        ColumnCount
    };
    enum Role {
        UserIdRole = Qt::UserRole + 40, // qint64
        ClientIdRole,                   // qint64
        OwnerRole,                      // bool
        KindsRole,                      // QVariantList of 4 differenceCode()s
        IntendedRole,                   // int: fieldBit()s marked intended
    };

    explicit MismatchListQuery(bool maintained) : m_maintained(maintained) {}

    int columnCount() const override { return ColumnCount; }
    QString header(int column) const override;
    bool isSortable(int column) const override
    {
        return column == UserIdColumn || column == ClientIdColumn;
    }
    int defaultSortColumn() const override { return ClientIdColumn; }
    Qt::SortOrder defaultSortOrder() const override { return Qt::AscendingOrder; }
    QVariant data(const ListRow& row, int column, int role) const override;
    Result<QList<ListRow>> fetch(const QSqlDatabase& db, const ListRequest& request) const override;
    Result<qint64> count(const QSqlDatabase& db, const QString& search) const override;

    // The differences of a row in words ("Email: differs; Language: one side empty").
    static QString describe(const QVariantList& kinds, int intended);

private:
    bool m_maintained;
};

} // namespace accord
