#include "listexporter.h"

#include "storage/csvwriter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QEventLoop>
#include <QSaveFile>
#include <QThread>

namespace accord {

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
    CsvWriter csv(file, CsvWriter::LineEnd::CrLf);
    for (int c = 0; c < m_query->columnCount(); ++c)
        csv.text(m_query->header(c));
    csv.endLine();

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
            for (int c = 0; c < m_query->columnCount(); ++c) {
                const QVariant v = m_query->data(row, c, Qt::EditRole);
                // Dates in the admin's local time, in a form spreadsheets read.
                csv.text(v.metaType().id() == QMetaType::QDateTime
                             ? v.toDateTime().toLocalTime().toString(Qt::ISODate)
                             : v.toString());
            }
            csv.endLine();
        }
        written += rows->size();
        if (rows->size() < request.limit)
            break;
        request.after = std::make_pair(rows->last().key, rows->last().id);
        request.offset = 0;
    }
    if (!csv.finish() || !file.commit())
        return Error::make(Error::Kind::Storage,
                           QCoreApplication::translate("ListExporter", "Cannot write %1: %2")
                               .arg(path, file.errorString()));
    return written;
}

} // namespace accord
