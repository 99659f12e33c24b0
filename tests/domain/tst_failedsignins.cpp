// How repeated failed sign-ins for one email are slowed down: a few free, then a wait that
// doubles with each failure up to a cap, forgotten after a quiet day. Times are given, never
// waited for.
#include "domain/failedsignins.h"

#include <QTest>
#include <QTimeZone>

using namespace accord;

namespace {
const QDateTime t0 = QDateTime(QDate(2030, 1, 1), QTime(12, 0), QTimeZone::utc());

FailedSignIns failures(int n, const QDateTime& at = t0)
{
    FailedSignIns f;
    for (int i = 0; i < n; ++i)
        f = f.after(at);
    return f;
}
} // namespace

class TestFailedSignIns : public QObject
{
    Q_OBJECT

private slots:
    void theFirstFailuresCostNothingThenTheWaitDoubles()
    {
        QCOMPARE(FailedSignIns::delayAfter(1), 0);
        QCOMPARE(FailedSignIns::delayAfter(2), 0);
        QCOMPARE(FailedSignIns::delayAfter(3), 1);
        QCOMPARE(FailedSignIns::delayAfter(4), 2);
        QCOMPARE(FailedSignIns::delayAfter(5), 4);
        QCOMPARE(FailedSignIns::delayAfter(12), 512);
    }

    void theWaitNeverExceedsFifteenMinutes()
    {
        QCOMPARE(FailedSignIns::delayAfter(13), 15 * 60);
        QCOMPARE(FailedSignIns::delayAfter(1000), 15 * 60);
    }

    void aTryIsAllowedAgainAtTheNextAllowedTime()
    {
        const FailedSignIns f = failures(4);
        QCOMPARE(f.count, 4);
        QCOMPARE(f.lastFailureAt, t0);
        QCOMPARE(f.nextAllowedAt, t0.addSecs(2));
        QCOMPARE(f.waitAt(t0), qint64(2));
        QCOMPARE(f.waitAt(t0.addMSecs(1500)), qint64(1)); // a part second is one second
        QCOMPARE(f.waitAt(t0.addSecs(2)), qint64(0));
        QCOMPARE(failures(2).waitAt(t0), qint64(0));
        QCOMPARE(FailedSignIns().waitAt(t0), qint64(0));
    }

    void aQuietDayForgetsTheFailures()
    {
        const FailedSignIns f = failures(10);
        QCOMPARE(f.after(t0.addSecs(FailedSignIns::forgetAfterSeconds - 1)).count, 11);
        const FailedSignIns fresh = f.after(t0.addSecs(FailedSignIns::forgetAfterSeconds));
        QCOMPARE(fresh.count, 1);
        QVERIFY(!fresh.nextAllowedAt.isValid());
    }
};

QTEST_APPLESS_MAIN(TestFailedSignIns)
#include "tst_failedsignins.moc"
