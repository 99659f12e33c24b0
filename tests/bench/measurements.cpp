#include "measurements.h"

#include "listcontender.h"
#include "models/userlistquery.h"
#include "services/samplegenerator.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QHeaderView>
#include <QJsonArray>
#include <QKeyEvent>
#include <QStandardItemModel>
#include <QTemporaryDir>
#include <QTimer>
#include <QWindow>

#include <algorithm>
#include <functional>

namespace accord::bench {

namespace {

constexpr int timeoutMs = 60000;
constexpr int interKeyMs = 40; // faster than any typist (a fast one: 100-200 ms a key)

// Notes a paint of the viewport that began with the screen's rows ready.
class PaintWatch : public QObject
{
public:
    PaintWatch(QWidget* viewport, std::function<bool()> ready)
        : m_viewport(viewport), m_ready(std::move(ready))
    {
        viewport->installEventFilter(this);
    }
    ~PaintWatch() override { m_viewport->removeEventFilter(this); }
    bool paintedReady = false;

protected:
    bool eventFilter(QObject*, QEvent* event) override
    {
        if (event->type() == QEvent::Paint && !paintedReady && m_ready())
            paintedReady = true;
        if (event->type() == QEvent::Paint && qEnvironmentVariableIsSet("ACCORD_BENCH_TRACE"))
            std::fprintf(stderr, "trace paint, rows ready: %d\n", int(paintedReady));
        return false;
    }

private:
    QWidget* m_viewport;
    std::function<bool()> m_ready;
};

// Runs the event loop until `ready`; with `paint`, until the viewport has been painted
// with the rows ready (the view's own paint, or one forced when none is pending). Returns
// ms since `since`, or -1.
// Runs the event loop until `ready`; with `paint`, until the viewport has been painted
// with the rows ready (the view's own paint, or one forced when none is pending). Returns
// ms since `since`, or -1; `readyMs` gets when the rows became real, before painting.
template <typename F>
double msUntil(const QElapsedTimer& since, ListContender& c, F ready, bool paint = true,
               double* readyMs = nullptr)
{
    QTimer wake; // WaitForMoreEvents must not sleep through a condition nobody signals
    wake.start(20);
    // Rows count as shown once the window is on screen and the view has laid them out.
    auto shown = [&] {
        const QWindow* w = c.view()->window()->windowHandle();
        return w && w->isExposed() && ready();
    };
    double readyAt = shown() ? double(since.nsecsElapsed()) / 1e6 : -1;
    auto noteReady = [&] {
        if (readyAt < 0 && shown())
            readyAt = double(since.nsecsElapsed()) / 1e6;
    };
    QAbstractItemModel* model = c.view()->model();
    const QList<QMetaObject::Connection> watching{
        QObject::connect(model, &QAbstractItemModel::modelReset, noteReady),
        QObject::connect(model, &QAbstractItemModel::rowsInserted, noteReady),
        QObject::connect(model, &QAbstractItemModel::dataChanged, noteReady)};
    PaintWatch watch(c.view()->viewport(), shown);
    double result = -1;
    for (;;) {
        if (since.elapsed() > timeoutMs)
            break;
        if (paint ? watch.paintedReady : shown()) {
            result = double(since.nsecsElapsed()) / 1e6;
            break;
        }
        if (shown()) {
            noteReady();
            QCoreApplication::processEvents(); // a paint the view has pending
            if (!watch.paintedReady)
                c.view()->viewport()->repaint(); // none was: paint now
            result = double(since.nsecsElapsed()) / 1e6;
            break;
        }
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents);
    }
    for (const auto& connection : watching)
        QObject::disconnect(connection);
    noteReady();
    if (readyMs)
        *readyMs = readyAt;
    if (qEnvironmentVariableIsSet("ACCORD_BENCH_TRACE"))
        std::fprintf(stderr, "trace ready %.1f shown %.1f\n", readyAt, result);
    return result;
}

QJsonArray toArray(const QList<double>& values)
{
    QJsonArray a;
    for (double v : values)
        a.append(v);
    return a;
}

std::unique_ptr<ListContender> opened(const QString& contender, const QString& dbPath)
{
    warmUpWidgets();
    auto c = ListContender::make(contender, dbPath);
    c->open();
    QElapsedTimer t;
    t.start();
    msUntil(t, *c, [&] { return c->firstScreenReady() && (!c->hasCount() || c->countReady()); });
    return c;
}

// Types `text` into the search box one character at a time, as a key event each.
void typeAndTime(ListContender& c, const QString& text, QList<double>& shortKeys,
                 QList<double>& longKeys, QList<double>& shortReady, QList<double>& longReady,
                 QList<double>& counts)
{
    QString typed;
    for (const QChar ch : text) {
        typed += ch;
        QElapsedTimer t;
        t.start();
        QKeyEvent press(QEvent::KeyPress, 0, Qt::NoModifier, QString(ch));
        QApplication::sendEvent(c.searchBox(), &press);
        if (qEnvironmentVariableIsSet("ACCORD_BENCH_TRACE"))
            std::fprintf(stderr, "trace key %s handled %.1f\n", qPrintable(typed),
                         t.nsecsElapsed() / 1e6);
        double rowsReady = -1;
        const double first = msUntil(
            t, c, [&] { return c.firstScreenReady(); }, true, &rowsReady);
        const bool longTerm = typed.trimmed().toUcs4().size() >= 3;
        (longTerm ? longKeys : shortKeys) << first;
        (longTerm ? longReady : shortReady) << rowsReady;
        if (c.hasCount())
            counts << msUntil(
                t, c, [&] { return c.countReady(); }, false);
        // The next key comes after a (fast) typist's pause, in which the window finishes
        // what the last answer left to paint, as it would between real keystrokes.
        QEventLoop pause;
        QTimer::singleShot(interKeyMs, &pause, &QEventLoop::quit);
        pause.exec();
    }
}

} // namespace

// Accord opens the view inside a running application: styles, fonts and glyphs are loaded
// by then. Paint a throwaway table first so neither contender pays for Qt's first paint.
void warmUpWidgets()
{
    // Every letter of the scripts the sample data uses, so glyphs are cached as they would
    // be in a running application (CJK: the sample's own characters).
    QStringList texts;
    auto range = [&](char32_t from, char32_t to) {
        QString s;
        for (char32_t c = from; c <= to; ++c)
            s += QString::fromUcs4(&c, 1);
        texts << s;
    };
    range(0x20, 0x7E);
    range(0xC0, 0x17F);
    range(0x370, 0x3CE);
    range(0x400, 0x45F);
    texts << QStringLiteral("伟芳娜秀英敏静王李张刘陈杨北京上海广州深圳长安街南京路中山路广东")
          << QStringLiteral("翔太さくら大輔陽子健美咲佐藤鈴木高橋田中伊藤渡辺東京大阪京都札幌")
          << QStringLiteral("민준서연지호하은김이박최정강서울부산인천대구✓");
    QStandardItemModel model(texts.size() * 2, 1);
    for (int r = 0; r < model.rowCount(); ++r)
        model.setItem(r, 0, new QStandardItem(texts.at(r % texts.size())));
    QTableView view;
    view.resize(1100, 720);
    view.setModel(&model);
    view.setColumnWidth(0, 4000);
    view.show();
    QCoreApplication::processEvents();
    view.viewport()->repaint();
    QFont bold = view.font();
    bold.setBold(true);
    view.setFont(bold);
    view.viewport()->repaint();
}

const QStringList& typedQueries()
{
    static const QStringList queries{
        QStringLiteral("oliver"),    QStringLiteral("smith"),         QStringLiteral("müller"),
        QStringLiteral("garcía"),    QStringLiteral("élodie"),        QStringLiteral("kowalski"),
        QStringLiteral("sofía"),     QStringLiteral("иван"),          QStringLiteral("σοφία"),
        QStringLiteral("秀英"),      QStringLiteral("example.co.uk"), QStringLiteral("james4711"),
        QStringLiteral("user98765"), QStringLiteral("beispiel"),      QStringLiteral("zofia"),
        QStringLiteral("jo"),        QStringLiteral("lena schäfer"),  QStringLiteral("#4242"),
        QStringLiteral("noël"),      QStringLiteral("xyzzy")};
    return queries;
}

QJsonObject measureOpen(const QString& contender, const QString& dbPath)
{
    warmUpWidgets();
    QElapsedTimer t;
    t.start();
    // The database opens before the window, as in the application: timed on its own.
    auto c = ListContender::make(contender, dbPath);
    const double opening = double(t.nsecsElapsed()) / 1e6;
    t.restart();
    c->open();
    const double first = msUntil(t, *c, [&] { return c->firstScreenReady(); });
    return {{QStringLiteral("first_screen_ms"), first},
            {QStringLiteral("database_open_ms"), opening},
            {QStringLiteral("rows_on_screen"),
             c->view()->rowAt(c->view()->viewport()->height() - 1) + 1}};
}

QJsonObject measureTyping(const QString& contender, const QString& dbPath)
{
    auto c = opened(contender, dbPath);
    QList<double> shortKeys, longKeys, shortReady, longReady, counts;
    for (const QString& q : typedQueries()) {
        typeAndTime(*c, q, shortKeys, longKeys, shortReady, longReady, counts);
        c->searchBox()->clear();
        QElapsedTimer t;
        t.start();
        msUntil(t, *c,
                [&] { return c->firstScreenReady() && (!c->hasCount() || c->countReady()); });
    }
    return {{QStringLiteral("short_ms"), toArray(shortKeys)},
            {QStringLiteral("long_ms"), toArray(longKeys)},
            {QStringLiteral("short_ready_ms"), toArray(shortReady)},
            {QStringLiteral("long_ready_ms"), toArray(longReady)},
            {QStringLiteral("count_ms"), toArray(counts)}};
}

QJsonObject measureSorting(const QString& contender, const QString& dbPath)
{
    auto c = opened(contender, dbPath);
    QList<double> times;
    for (const QString& q : typedQueries()) {
        c->searchBox()->setText(q);
        QElapsedTimer settle;
        settle.start();
        msUntil(settle, *c, [&] { return c->firstScreenReady(); });
        for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
            QElapsedTimer t;
            t.start();
            c->sortBy(2, order); // last name, while searching
            times << msUntil(t, *c, [&] { return c->firstScreenReady(); });
        }
        c->sortBy(0, Qt::DescendingOrder);
    }
    return {{QStringLiteral("sort_ms"), toArray(times)}};
}

QJsonObject measureScrolling(const QString& contender, const QString& dbPath)
{
    auto c = opened(contender, dbPath);
    c->readWithoutRendering();
    const double before = peakRssMb();
    QElapsedTimer t;
    t.start();
    const qint64 screens = c->scrollToEnd();
    return {{QStringLiteral("peak_rss_mb"), peakRssMb()},
            {QStringLiteral("rss_after_open_mb"), before},
            {QStringLiteral("screens"), screens},
            {QStringLiteral("seconds"), double(t.elapsed()) / 1000.0}};
}

QJsonObject measureGenerator(int users)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("fresh.sqlite"));
    auto db = Database::open(*DatabaseLocation::parse(path), OpenOptions{true, true});
    if (!db)
        return {{QStringLiteral("error"), db.error().message}};
    auto stats = SampleGenerator(*db).generate({users, {}, 20261127});
    if (!stats)
        return {{QStringLiteral("error"), stats.error().message}};
    return {{QStringLiteral("data_s"), stats->dataSeconds},
            {QStringLiteral("index_s"), stats->indexSeconds}};
}

QJsonObject measureQueries(const QString& dbPath)
{
    auto db = Database::open(*DatabaseLocation::parse(dbPath));
    if (!db)
        return {{QStringLiteral("error"), db.error().message}};
    const UserListQuery query;
    const QSqlDatabase conn = (*db)->connection();
    QJsonArray rows;
    for (const int column : {int(UserListQuery::Id), int(UserListQuery::LastName)}) {
        for (const QString& q : typedQueries()) {
            for (int n = 1; n <= q.size(); ++n) {
                ListRequest r;
                r.search = q.left(n);
                r.sortColumn = column;
                r.order = column == UserListQuery::Id ? Qt::DescendingOrder : Qt::AscendingOrder;
                QElapsedTimer t;
                t.start();
                auto page = query.fetch(conn, r);
                const double pageMs = double(t.nsecsElapsed()) / 1e6;
                t.restart();
                auto count = column == UserListQuery::Id ? query.count(conn, r.search)
                                                         : Result<qint64>(qint64(-1));
                const double countMs = double(t.nsecsElapsed()) / 1e6;
                rows.append(QJsonArray{r.search, column, pageMs, countMs,
                                       page ? int(page->size()) : -1, count ? *count : -1});
            }
        }
    }
    return {{QStringLiteral("queries"), rows}};
}

double peakRssMb()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').value(0).toDouble() / 1024.0;
    return -1;
}

} // namespace accord::bench
