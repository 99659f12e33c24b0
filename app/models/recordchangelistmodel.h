#pragma once

#include "domain/recordchange.h"

#include <QAbstractTableModel>
#include <QList>

namespace accord {

// The changes a diff found, as a list: one row per added, removed or changed record (its
// changed fields in one cell, each old and new value in the tooltip).
class RecordChangeListModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Change, Record, Who, Fields, ColumnCount };
    explicit RecordChangeListModel(QObject* parent = nullptr) : QAbstractTableModel(parent) {}

    void setChanges(QList<RecordChange> changes);
    const RecordChange* changeAt(int row) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

private:
    QList<RecordChange> m_changes;
};

} // namespace accord
