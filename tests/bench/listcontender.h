#pragma once

#include "storage/database.h"

#include <QLineEdit>
#include <QSqlDatabase>
#include <QTableView>
#include <QWidget>

#include <memory>

class QSqlTableModel;

namespace accord {
class LazyListModel;
}

namespace accord::bench {

// One contender's Manage Users screen: a search box over a table view, as a user sees it.
// Accord's is a LazyListModel; the baseline a plain QSqlTableModel with a LIKE filter and
// fetchMore, the naive shape DESIGN measures against.
class ListContender
{
public:
    virtual ~ListContender();
    static std::unique_ptr<ListContender> make(const QString& name, const QString& dbPath);

    // Builds the model and view and shows them (the "open" being timed).
    virtual void open() = 0;
    // The viewport's rows hold real data (not placeholders).
    virtual bool firstScreenReady() const = 0;
    // The exact number of matches is shown; false for ever when the contender has none.
    virtual bool countReady() const = 0;
    virtual bool hasCount() const = 0;
    virtual qint64 shownCount() const = 0;
    virtual void sortBy(int column, Qt::SortOrder order) = 0;
    // Pages through every row to the end, as Page Down would; returns screens shown.
    virtual qint64 scrollToEnd() = 0;

    // Cells are read as a painting view reads them, but no text is rendered: for memory
    // figures over tens of thousands of screens, where rendering is only time.
    void readWithoutRendering();

    QLineEdit* searchBox() const { return m_search; }
    QTableView* view() const { return m_view; }

protected:
    ListContender();
    void buildWindow(QAbstractItemModel* model);
    std::pair<int, int> visibleRows() const; // first, last (-1 when empty)

    std::unique_ptr<QWidget> m_window;
    QLineEdit* m_search = nullptr;
    QTableView* m_view = nullptr;
};

} // namespace accord::bench
