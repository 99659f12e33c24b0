#pragma once

#include "rowcursor.h"

#include <QByteArray>
#include <QSqlQuery>
#include <QVector>

namespace accord {

// A RowCursor over a forward-only QSqlQuery (the servers' drivers).
class QueryCursor : public RowCursor
{
public:
    QueryCursor(const QSqlDatabase& db, const QString& sql, const QVariantList& params);
    bool ok() const override { return m_error.isEmpty(); }
    QString error() const override { return m_error; }
    bool next() override;
    qint64 int64(int column) const override { return m_query.value(column).toLongLong(); }
    std::string_view text(int column) const override;
    std::string_view bytes(int column) const override;
    QVariant value(int column) const override { return m_query.value(column); }
    bool isNull(int column) const override { return m_query.isNull(column); }

private:
    QSqlDatabase m_db;
    QSqlQuery m_query;
    QString m_error;
    mutable QVector<QByteArray> m_texts; // the UTF-8 of the current row's texts
};

} // namespace accord
