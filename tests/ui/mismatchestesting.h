#pragma once

// What the Mismatches view and bulk match suites share: reading the view once its rows and counts
// have arrived, clicking its rows.
#include "mismatchesview.h"
#include "models/lazylistmodel.h"
#include "testsupport.h"

#include <QTableView>
#include <QTest>

namespace accord::test {

// The owners both suites start from, each link drifting apart in its own way: Ann's
// client email differs in case, Bob's client has a language where Bob has the default,
// Cara's client spells her first name Carla.
struct DriftingOwners {
    qint64 ann = 0, annClient = 0, bob = 0, bobClient = 0, cara = 0, caraClient = 0;
};

inline DriftingOwners addDriftingOwners(const DatabasePtr& db)
{
    DriftingOwners o;
    o.ann = addUser(db, QStringLiteral("Ann"), QStringLiteral("Lee"),
                    QStringLiteral("ann@example.com"));
    o.annClient = addClient(db, o.ann, QStringLiteral("Ann"), QStringLiteral("Lee"),
                            QStringLiteral("ANN@example.com"));
    o.bob = addUser(db, QStringLiteral("Bob"), QStringLiteral("Stone"),
                    QStringLiteral("bob@example.com"));
    o.bobClient = addClient(db, o.bob, QStringLiteral("Bob"), QStringLiteral("Stone"),
                            QStringLiteral("bob@example.com"), QStringLiteral("french"));
    o.cara = addUser(db, QStringLiteral("Cara"), QStringLiteral("Diaz"),
                     QStringLiteral("cara@example.com"));
    o.caraClient = addClient(db, o.cara, QStringLiteral("Carla"), QStringLiteral("Diaz"),
                             QStringLiteral("cara@example.com"));
    return o;
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
