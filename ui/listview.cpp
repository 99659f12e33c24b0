#include "listview.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QTableView>
#include <QVBoxLayout>

namespace accord::ui {

namespace {
class EnterFilter : public QObject
{
public:
    EnterFilter(ListView* view) : QObject(view), m_view(view) {}
    bool eventFilter(QObject*, QEvent* e) override
    {
        if (e->type() == QEvent::KeyPress) {
            auto* k = static_cast<QKeyEvent*>(e);
            if ((k->key() == Qt::Key_Return || k->key() == Qt::Key_Enter) && m_view->currentId()) {
                emit m_view->activated(m_view->currentId());
                return true;
            }
        }
        return false;
    }

private:
    ListView* m_view;
};
} // namespace

ListView::ListView(LazyListModel* model, const QString& searchPlaceholder, QWidget* parent)
    : QWidget(parent), m_model(model), m_search(new QLineEdit(this)), m_table(new QTableView(this)),
      m_count(new QLabel(this))
{
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(searchPlaceholder);
    m_search->setClearButtonEnabled(true);
    m_search->setAccessibleName(tr("Search"));
    auto* searchLabel = new QLabel(tr("&Search:"), this);
    searchLabel->setBuddy(m_search);

    m_table->setObjectName(QStringLiteral("table"));
    m_table->setModel(model);
    // The indicator first: enabling sorting sorts by it (by default column 0, descending).
    m_table->horizontalHeader()->setSortIndicator(model->sortColumn(), model->sortOrder());
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->setWordWrap(false);
    m_table->installEventFilter(new EnterFilter(this));
    m_count->setObjectName(QStringLiteral("count"));

    auto* top = new QHBoxLayout;
    top->addWidget(searchLabel);
    top->addWidget(m_search, 1);
    top->addWidget(m_count);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(m_table, 1);

    auto* find = new QAction(tr("Find"), this);
    find->setShortcut(QKeySequence::Find);
    find->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(find, &QAction::triggered, m_search, [this] {
        m_search->setFocus();
        m_search->selectAll();
    });
    addAction(find);
    auto* copy = new QAction(tr("Copy"), this);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copy, &QAction::triggered, this, &ListView::copySelection);
    m_table->addAction(copy);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);

    connect(m_search, &QLineEdit::textChanged, model, &LazyListModel::setSearch);
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex& index) {
        if (const qint64 id = m_model->idAt(index.row()))
            emit activated(id);
    });
    connect(model, &LazyListModel::countChanged, this, &ListView::updateCount);
    // Until the admin sizes the columns (a saved header state), fit them to the first rows.
    connect(model, &LazyListModel::pageLoaded, this, [this] {
        if (m_columnsSized || m_model->rowCount() == 0)
            return;
        m_columnsSized = true;
        m_table->resizeColumnsToContents();
        for (int c = 0; c < m_model->columnCount(); ++c)
            m_table->setColumnWidth(c, qMin(m_table->columnWidth(c), 320));
    });
    connect(model, &QAbstractItemModel::modelReset, this,
            [this] { m_count->setText(tr("Counting…")); });
}

qint64 ListView::currentId() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? m_model->idAt(current.row()) : 0;
}

void ListView::updateCount(qint64 count, bool exact)
{
    m_count->setText(exact ? tr("%n row(s)", nullptr, int(qMin<qint64>(count, INT_MAX)))
                           : tr("about %1 rows").arg(count));
}

void ListView::copySelection() const
{
    const QModelIndexList selected = m_table->selectionModel()->selectedIndexes();
    if (selected.isEmpty())
        return;
    QMap<int, QMap<int, QString>> grid;
    for (const QModelIndex& i : selected)
        grid[i.row()][i.column()] = i.data(Qt::DisplayRole).toString();
    QStringList lines;
    for (const auto& row : grid)
        lines << QStringList(row.values()).join(QLatin1Char('\t'));
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')));
}

void ListView::hideSearchRow()
{
    m_search->hide();
    m_count->hide();
    for (QLabel* label : findChildren<QLabel*>())
        if (label->buddy() == m_search)
            label->hide();
}

bool ListView::exportCsv(const QString& path, QString* error) const
{
    auto written = m_model->exportCsv(path);
    if (!written && error)
        *error = written.error().message;
    return written.ok();
}

} // namespace accord::ui
