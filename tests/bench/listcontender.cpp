#include "listcontender.h"

#include "models/lazylistmodel.h"
#include "models/userlistquery.h"
#include "servermeasure.h"

#include <QApplication>
#include <QHeaderView>
#include <QScrollBar>
#include <QSqlTableModel>
#include <QStyledItemDelegate>
#include <QThread>
#include <QVBoxLayout>

namespace accord::bench {

namespace {
class ReadingDelegate : public QStyledItemDelegate
{
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter*, const QStyleOptionViewItem&, const QModelIndex& index) const override
    {
        (void)index.data(Qt::DisplayRole);
    }
};
} // namespace

ListContender::ListContender() = default;

void ListContender::readWithoutRendering()
{
    m_view->setItemDelegate(new ReadingDelegate(m_view));
}
ListContender::~ListContender() = default;

void ListContender::buildWindow(QAbstractItemModel* model)
{
    m_window = std::make_unique<QWidget>();
    m_window->resize(1100, 720);
    m_search = new QLineEdit(m_window.get());
    m_view = new QTableView(m_window.get());
    m_view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_view->verticalHeader()->hide();
    m_view->setWordWrap(false);
    m_view->setModel(model);
    auto* layout = new QVBoxLayout(m_window.get());
    layout->addWidget(m_search);
    layout->addWidget(m_view, 1);
    m_window->show();
}

std::pair<int, int> ListContender::visibleRows() const
{
    const int rows = m_view->model()->rowCount();
    const int top = m_view->rowAt(0);
    if (top < 0 || rows == 0)
        return {-1, -1};
    int bottom = m_view->rowAt(m_view->viewport()->height() - 1);
    if (bottom < 0)
        bottom = rows - 1;
    return {top, bottom};
}

namespace {

class AccordContender : public ListContender
{
public:
    explicit AccordContender(DatabasePtr db) : m_db(std::move(db)) {}

    void open() override
    {
        m_db->forbidQueriesOnThread(QThread::currentThread());
        m_model = new LazyListModel(m_db, std::make_shared<UserListQuery>());
        buildWindow(m_model);
        m_model->setParent(m_window.get());
        m_view->setSortingEnabled(true);
        m_view->horizontalHeader()->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
        QObject::connect(m_search, &QLineEdit::textChanged, m_model, &LazyListModel::setSearch);
    }
    bool firstScreenReady() const override
    {
        const auto [top, bottom] = visibleRows();
        if (top < 0)
            return m_model->isCountExact() && m_model->rowCount() == 0;
        for (int row = top; row <= bottom; ++row)
            if (!m_model->isRowLoaded(row))
                return false;
        return true;
    }
    bool countReady() const override { return m_model->isCountExact(); }
    bool hasCount() const override { return true; }
    qint64 shownCount() const override { return m_model->matchCount(); }
    void sortBy(int column, Qt::SortOrder order) override { m_view->sortByColumn(column, order); }
    qint64 scrollToEnd() override
    {
        QScrollBar* bar = m_view->verticalScrollBar();
        qint64 screens = 0;
        for (;;) {
            while (!firstScreenReady())
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
            ++screens;
            if (bar->value() >= bar->maximum())
                return screens;
            bar->setValue(bar->value() + bar->pageStep());
            QCoreApplication::processEvents();
        }
    }

private:
    DatabasePtr m_db;
    LazyListModel* m_model = nullptr;
};

class BaselineContender : public ListContender
{
public:
    explicit BaselineContender(const QString& path)
    {
        m_db = openPlain(path, QStringLiteral("baseline"));
        // What a script would type: ILIKE on PostgreSQL (LIKE there is case-sensitive);
        // LIKE elsewhere (ASCII case-insensitive on SQLite, by collation on MariaDB).
        m_like =
            engineOf(path) == Engine::PostgreSQL ? QStringLiteral("ILIKE") : QStringLiteral("LIKE");
    }
    ~BaselineContender() override
    {
        m_window.reset();
        m_model = nullptr;
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("baseline"));
    }

    void open() override
    {
        m_model = new QSqlTableModel(nullptr, m_db);
        m_model->setTable(QStringLiteral("tblusers"));
        m_model->setEditStrategy(QSqlTableModel::OnManualSubmit);
        m_model->setSort(0, Qt::DescendingOrder);
        m_model->select();
        buildWindow(m_model);
        m_model->setParent(m_window.get());
        m_view->setSortingEnabled(true);
        m_view->horizontalHeader()->setSortIndicator(0, Qt::DescendingOrder);
        QObject::connect(m_search, &QLineEdit::textChanged, m_model, [this](const QString& text) {
            QString t = text.trimmed();
            t.replace(QLatin1Char('\''), QLatin1String("''"));
            m_model->setFilter(t.isEmpty()
                                   ? QString()
                                   : QStringLiteral("email %2 '%%1%' OR first_name %2 '%%1%' OR "
                                                    "last_name %2 '%%1%'")
                                         .arg(t, m_like));
            m_model->select();
        });
    }
    // select() blocks until its rows are there; the view only has to lay them out.
    bool firstScreenReady() const override
    {
        return m_model->rowCount() == 0 || visibleRows().first >= 0;
    }
    bool countReady() const override { return false; }
    bool hasCount() const override { return false; }
    qint64 shownCount() const override { return -1; }
    void sortBy(int column, Qt::SortOrder order) override { m_view->sortByColumn(column, order); }
    qint64 scrollToEnd() override
    {
        QScrollBar* bar = m_view->verticalScrollBar();
        qint64 screens = 0;
        for (;;) {
            ++screens;
            QCoreApplication::processEvents();
            if (bar->value() >= bar->maximum() && !m_model->canFetchMore())
                return screens;
            if (bar->value() >= bar->maximum())
                m_model->fetchMore(); // what the view does at the end of what it has
            bar->setValue(bar->value() + bar->pageStep());
        }
    }

private:
    QSqlDatabase m_db;
    QString m_like;
    QSqlTableModel* m_model = nullptr;
};

} // namespace

std::unique_ptr<ListContender> ListContender::make(const QString& name, const QString& dbPath)
{
    if (name == QLatin1String("baseline"))
        return std::make_unique<BaselineContender>(dbPath);
    // Opened as the application's window opens it, its list's connections beside the first.
    auto db = openDataSet(dbPath, OpenOptions{false, true, kListWorkers});
    if (!db)
        qFatal("cannot open %s: %s", qPrintable(dbPath), qPrintable(db.error().message));
    return std::make_unique<AccordContender>(*db);
}

} // namespace accord::bench
