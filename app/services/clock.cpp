#include "clock.h"

namespace accord {

Clock systemClock()
{
    const QString fixed = qEnvironmentVariable("ACCORD_CLOCK");
    if (!fixed.isEmpty()) {
        const QDateTime at = QDateTime::fromString(fixed, Qt::ISODate).toUTC();
        if (at.isValid())
            return [at] { return at; };
    }
    return [] { return QDateTime::currentDateTimeUtc(); };
}

} // namespace accord
