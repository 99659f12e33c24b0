#include "failedsignins.h"

#include <algorithm>

namespace accord {

int FailedSignIns::delayAfter(int failures)
{
    if (failures < freeFailures)
        return 0;
    const int doublings = std::min(failures - freeFailures, 20);
    return int(std::min<qint64>(qint64(1) << doublings, maximumDelaySeconds));
}

FailedSignIns FailedSignIns::after(const QDateTime& now) const
{
    const bool forgotten =
        !lastFailureAt.isValid() || lastFailureAt.secsTo(now) >= forgetAfterSeconds;
    FailedSignIns next;
    next.count = forgotten ? 1 : count + 1;
    next.lastFailureAt = now;
    const int delay = delayAfter(next.count);
    next.nextAllowedAt = delay > 0 ? now.addSecs(delay) : QDateTime();
    return next;
}

qint64 FailedSignIns::waitAt(const QDateTime& now) const
{
    if (!nextAllowedAt.isValid() || now >= nextAllowedAt)
        return 0;
    // A part second still counts as one: "try again in 1 second", never "in 0".
    return std::max<qint64>(1, (now.msecsTo(nextAllowedAt) + 999) / 1000);
}

} // namespace accord
