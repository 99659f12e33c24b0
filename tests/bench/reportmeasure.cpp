// The mismatch report over all links: Accord's Mismatches list and report (the maintained
// accord_link_differences) beside the plain SQL a script would run — the three-table join
// comparing in SQL — each writing the same CSV lines (`mismatches --all-links --format csv`).
#include "measurements.h"
#include "models/lazylistmodel.h"
#include "models/mismatchlistquery.h"
#include "servermeasure.h"
#include "storage/database.h"
#include "storage/mismatchreader.h"
#include "storage/sql.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHeaderView>
#include <QTableView>

namespace accord::bench {

namespace {

// One CSV line per differing field, as the headless report writes them.
class CsvSink
{
public:
    CsvSink() : m_out(QStringLiteral("/dev/null")) { m_out.open(QIODevice::WriteOnly); }
    void add(qint64 user, qint64 client, bool owner, const char* field, const QString& u,
             const QString& c, const QString& kind)
    {
        m_buffer += QByteArray::number(user) + ',' + QByteArray::number(client) + ',' +
                    (owner ? "true," : "false,") + field + ',' + quoted(u) + ',' + quoted(c) + ',' +
                    kind.toLatin1() + '\n';
        ++lines;
        if (m_buffer.size() > (1 << 20)) {
            m_out.write(m_buffer);
            m_buffer.clear();
        }
    }
    ~CsvSink() { m_out.write(m_buffer); }
    qint64 lines = 0;

private:
    static QByteArray quoted(const QString& s)
    {
        QByteArray b = s.toUtf8();
        if (b.contains(',') || b.contains('"') || b.contains('\n'))
            b = '"' + b.replace('"', "\"\"") + '"';
        return b;
    }
    QFile m_out;
    QByteArray m_buffer;
};

const char* const fieldNames[4] = {"first_name", "last_name", "email", "language"};

double ms(const QElapsedTimer& t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

QJsonObject measureAccord(const QString& dbPath)
{
    QJsonObject out;
    auto db = openDataSet(dbPath, OpenOptions{false, false, kListWorkers});
    if (!db)
        return out;
    // The Mismatches view with "All links" ticked, to its first screen of real rows.
    {
        warmUpWidgets();
        QElapsedTimer t;
        t.start();
        (*db)->forbidQueriesOnThread(QThread::currentThread());
        LazyListModel model(*db, std::make_shared<MismatchListQuery>((*db)->hasDifferenceTable()));
        model.setSearch(MismatchFilter{true, false, {}, {}}.toText());
        QTableView view;
        view.verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
        view.resize(1000, 700);
        view.setModel(&model);
        view.show();
        auto ready = [&] {
            const int top = view.rowAt(0);
            const int bottom = view.rowAt(view.viewport()->height() - 1);
            if (top < 0)
                return false;
            for (int row = top; row <= (bottom < 0 ? model.rowCount() - 1 : bottom); ++row)
                if (!model.isRowLoaded(row))
                    return false;
            return true;
        };
        while (!ready() && t.elapsed() < 60000)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
        out.insert(QStringLiteral("first_screen_ms"), ready() ? ms(t) : -1);
        (*db)->forbidQueriesOnThread(nullptr);
    }
    // The whole report, streamed as `mismatches --all-links --format csv` writes it.
    QElapsedTimer t;
    t.start();
    QFile sink(QStringLiteral("/dev/null"));
    sink.open(QIODevice::WriteOnly);
    auto lines = MismatchReader((*db)->connection(), (*db)->dialect(), (*db)->hasDifferenceTable())
                     .writeCsv(MismatchFilter{true, false, {}, {}}, sink);
    out.insert(QStringLiteral("report_s"), lines ? ms(t) / 1000.0 : -1);
    out.insert(QStringLiteral("lines"), lines ? *lines : -1);
    return out;
}

QJsonObject measureBaseline(const QString& dbPath)
{
    QJsonObject out;
    QSqlDatabase db = openPlain(dbPath, QStringLiteral("plain"));
    QSqlQuery q(db);
    q.setForwardOnly(true);
    QElapsedTimer t;
    t.start();
    const QString plain = plainMismatchSql();
    if (!q.exec(plain))
        return out;
    CsvSink sink;
    qint64 links = 0;
    double firstScreen = -1;
    while (q.next()) {
        ++links;
        for (int f = 0; f < 4; ++f) {
            const QString k = q.value(5 + 3 * f).toString();
            if (!k.isEmpty())
                sink.add(q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toInt() != 0,
                         fieldNames[f], q.value(3 + 3 * f).toString(),
                         q.value(4 + 3 * f).toString(), k);
        }
        if (links == 30)
            firstScreen = ms(t);
    }
    out.insert(QStringLiteral("first_screen_ms"), firstScreen);
    out.insert(QStringLiteral("report_s"), ms(t) / 1000.0);
    out.insert(QStringLiteral("links"), links);
    out.insert(QStringLiteral("lines"), sink.lines);
    return out;
}

} // namespace

// Plain SQL: join every link to both records and classify each pair in SQL (lower/trim;
// SQLite's lower() folds ASCII only, one reason a script gets Unicode wrong).
QString plainMismatchSql()
{
    auto kind = [](const char* u, const char* c) {
        return QStringLiteral("CASE WHEN %1 = %2 THEN '' WHEN lower(trim(%1)) = lower(trim(%2)) "
                              "THEN 'case_or_space' WHEN (trim(%1) = '') <> (trim(%2) = '') THEN "
                              "'empty_side' ELSE 'differs' END")
            .arg(QLatin1String(u), QLatin1String(c));
    };
    return QStringLiteral("SELECT * FROM (SELECT l.auth_user_id, l.client_id, l.owner, "
                          "u.first_name AS u1, c.firstname AS c1, %1 AS k1, u.last_name AS u2, "
                          "c.lastname AS c2, %2 AS k2, u.email AS u3, c.email AS c3, %3 AS k3, "
                          "u.language AS u4, c.language AS c4, %4 AS k4 FROM tblusers_clients l "
                          "JOIN tblusers u ON u.id = l.auth_user_id JOIN tblclients c ON c.id = "
                          "l.client_id) x WHERE k1 <> '' OR k2 <> '' OR k3 <> '' OR k4 <> '' "
                          "ORDER BY client_id, auth_user_id")
        .arg(kind("u.first_name", "c.firstname"), kind("u.last_name", "c.lastname"),
             kind("u.email", "c.email"), kind("u.language", "c.language"));
}

QJsonObject measureReport(const QString& contender, const QString& dbPath)
{
    return contender == QLatin1String("accord") ? measureAccord(dbPath) : measureBaseline(dbPath);
}

} // namespace accord::bench
