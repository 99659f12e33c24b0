#pragma once

// What the Mismatches view and bulk match suites share: records made through the services,
// reading the view once its rows and counts have arrived, clicking its rows.
#include "mismatchesview.h"
#include "models/lazylistmodel.h"
#include "services/clientservice.h"
#include "services/userservice.h"

#include <QTableView>
#include <QTest>

namespace accord::test {

inline qint64 addUser(const DatabasePtr& db, const QString& first, const QString& last,
                      const QString& email, const QString& language = {})
{
    auto id = UserService(db).add({first, last, email, language, QString()});
    if (!id)
        qFatal("cannot add a user: %s", qPrintable(id.error().message));
    return *id;
}

// A client owned by `owner`, in GB.
inline qint64 addClient(const DatabasePtr& db, qint64 owner, const QString& first,
                        const QString& last, const QString& email, const QString& language = {})
{
    auto id = ClientService(db).add({{QStringLiteral("firstname"), first},
                                     {QStringLiteral("lastname"), last},
                                     {QStringLiteral("email"), email},
                                     {QStringLiteral("language"), language},
                                     {QStringLiteral("country"), QStringLiteral("GB")}},
                                    owner);
    if (!id)
        qFatal("cannot add a client: %s", qPrintable(id.error().message));
    return *id;
}

// The view's rows, count and per-field counts of the current filter have all arrived.
inline bool settled(const ui::MismatchesView* view)
{
    const LazyListModel* model = view->model();
    if (model->isStale() || !model->isCountExact() || !view->fieldCounts())
        return false;
    for (int r = 0; r < model->rowCount(); ++r)
        if (!model->isRowLoaded(r))
            return false;
    return true;
}

inline int rowOf(const ui::MismatchesView* view, const ui::MismatchesView::Link& link)
{
    for (int r = 0; r < view->model()->rowCount(); ++r)
        if (view->linkAt(r) == link)
            return r;
    return -1;
}

// Clicks a row's first cell (Ctrl adds it to the selection).
inline void clickRow(QTableView* table, int row, Qt::KeyboardModifiers modifiers = {})
{
    QVERIFY(row >= 0);
    const QRect cell = table->visualRect(table->model()->index(row, 0));
    QTest::mouseClick(table->viewport(), Qt::LeftButton, modifiers, cell.center());
}

} // namespace accord::test

// Readable comparisons of links ("user/client").
namespace accord::ui {
inline char* toString(const MismatchesView::Link& link)
{
    return QTest::toString(QStringLiteral("%1/%2").arg(link.userId).arg(link.clientId));
}
} // namespace accord::ui

namespace QTest {
template <>
inline char* toString(const QList<accord::ui::MismatchesView::Link>& links)
{
    QStringList parts;
    for (const auto& l : links)
        parts << QStringLiteral("%1/%2").arg(l.userId).arg(l.clientId);
    return QTest::toString(parts.join(QLatin1Char(' ')));
}
} // namespace QTest
