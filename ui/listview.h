#pragma once

#include "models/lazylistmodel.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QTableView;
class QTimer;

namespace accord::ui {

// A searchable lazy list: one search box (Ctrl+F), the table, and a count line.
// Copy (Ctrl+C) copies the selected cells; Export writes the shown rows to CSV.
class ListView : public QWidget
{
    Q_OBJECT
public:
    ListView(LazyListModel* model, const QString& searchPlaceholder, QWidget* parent = nullptr);

    LazyListModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QLineEdit* searchBox() const { return m_search; }
    qint64 currentId() const;
    void copySelection() const;
    // Writes the rows that match the current search, in the shown order, to a CSV file.
    bool exportCsv(const QString& path, QString* error = nullptr) const;
    // Hides the search row: box, label and row count (a view that sets the model's search
    // and shows the count itself).
    void hideSearchRow();

signals:
    void activated(qint64 id); // double-click or Enter on a row

private:
    void updateCount(qint64 count, bool exact);
    LazyListModel* m_model;
    QLineEdit* m_search;
    QTableView* m_table;
    QLabel* m_count;
    bool m_columnsSized = false;

public:
    // Keeps the column widths the admin had (restored header state) instead of fitting.
    void keepColumnWidths() { m_columnsSized = true; }
};

} // namespace accord::ui
