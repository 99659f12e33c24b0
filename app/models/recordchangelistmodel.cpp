#include "recordchangelistmodel.h"

namespace accord {

void RecordChangeListModel::setChanges(QList<RecordChange> changes)
{
    beginResetModel();
    m_changes = std::move(changes);
    endResetModel();
}

const RecordChange* RecordChangeListModel::changeAt(int row) const
{
    return row >= 0 && row < m_changes.size() ? &m_changes.at(row) : nullptr;
}

int RecordChangeListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_changes.size());
}

int RecordChangeListModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RecordChangeListModel::data(const QModelIndex& index, int role) const
{
    const RecordChange* c = changeAt(index.row());
    if (!c || (role != Qt::DisplayRole && role != Qt::ToolTipRole))
        return {};
    if (role == Qt::ToolTipRole) {
        QStringList lines;
        for (const FieldChange& f : c->fields)
            lines << (f.secret ? tr("%1: changed (a secret: values not shown)").arg(f.field)
                               : tr("%1: %2 → %3")
                                     .arg(f.field, RecordChange::shownValue(f.oldValue),
                                          RecordChange::shownValue(f.newValue)));
        return lines.isEmpty() ? QVariant() : QVariant(lines.join(QLatin1Char('\n')));
    }
    switch (index.column()) {
    case Change:
        return RecordChange::changeText(c->change);
    case Record:
        return c->targetText();
    case Who:
        return c->label;
    case Fields: {
        QStringList fields;
        for (const FieldChange& f : c->fields)
            fields << (f.secret ? tr("%1 (secret)").arg(f.field)
                                : tr("%1: %2 → %3")
                                      .arg(f.field, RecordChange::shownValue(f.oldValue),
                                           RecordChange::shownValue(f.newValue)));
        return fields.join(QLatin1String("; "));
    }
    default:
        return {};
    }
}

QVariant RecordChangeListModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Change:
        return tr("Change");
    case Record:
        return tr("Record");
    case Who:
        return tr("Who");
    case Fields:
        return tr("Changed fields");
    default:
        return {};
    }
}

} // namespace accord
