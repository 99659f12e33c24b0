#include "listexporter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QSaveFile>
#include <QThread>

namespace accord {

namespace {
QByteArray csvField(const QString& s)
{
    if (!s.contains(QLatin1Char(',')) && !s.contains(QLatin1Char('"')) &&
        !s.contains(QLatin1Char('\n')) && !s.contains(QLatin1Char('\r')))
        return s.toUtf8();
    QString q = s;
    q.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return (QLatin1Char('"') + q + QLatin1Char('"')).toUtf8();
}
} // namespace

ListExporter::ListExporter(DatabasePtr database, std::shared_ptr<const ListQuery> query)
    : m_db(std::move(database)), m_query(std::move(query))
{
}

Result<qint64> ListExporter::exportCsv(const QString& path, const QString& search, int sortColumn,
                                       Qt::SortOrder order) const
{
    Result<qint64> result = Error{};
    QEventLoop loop;
    QThread* worker = QThread::create([&] {
        result = write(path, search, sortColumn, order);
        m_db->releaseThreadConnection();
    });
    QObject::connect(worker, &QThread::finished, &loop, &QEventLoop::quit);
    worker->start();
    loop.exec(QEventLoop::ExcludeUserInputEvents);
    worker->wait();
    delete worker;
    return result;
}

Result<qint64> ListExporter::write(const QString& path, const QString& search, int sortColumn,
                                   Qt::SortOrder order) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::make(Error::Kind::Storage,
                           QCoreApplication::translate("ListExporter", "Cannot write %1: %2")
                               .arg(path, file.errorString()));
    QByteArray line;
    for (int c = 0; c < m_query->columnCount(); ++c) {
        if (c)
            line += ',';
        line += csvField(m_query->header(c));
    }
    file.write(line + "\r\n");

    const QSqlDatabase db = m_db->connection();
    ListRequest request;
    request.search = search;
    request.sortColumn = sortColumn;
    request.order = order;
    request.limit = 2000;
    qint64 written = 0;
    for (;;) {
        auto rows = m_query->fetch(db, request);
        if (!rows)
            return rows.error();
        for (const ListRow& row : *rows) {
            line.clear();
            for (int c = 0; c < m_query->columnCount(); ++c) {
                if (c)
                    line += ',';
                const QVariant v = m_query->data(row, c, Qt::EditRole);
                // Dates in the admin's local time, in a form spreadsheets read.
                line += csvField(v.metaType().id() == QMetaType::QDateTime
                                     ? v.toDateTime().toLocalTime().toString(Qt::ISODate)
                                     : v.toString());
            }
            file.write(line + "\r\n");
        }
        written += rows->size();
        if (rows->size() < request.limit)
            break;
        request.after = std::make_pair(rows->last().key, rows->last().id);
        request.offset = 0;
    }
    if (!file.commit())
        return Error::make(Error::Kind::Storage,
                           QCoreApplication::translate("ListExporter", "Cannot write %1: %2")
                               .arg(path, file.errorString()));
    return written;
}

} // namespace accord
