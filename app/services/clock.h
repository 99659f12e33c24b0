#pragma once

#include <QDateTime>

#include <functional>

namespace accord {

// What time it is (UTC), for the rules that depend on it: the sign-in throttle, TOTP
// codes, invite expiry. Tests pass a clock of their own instead of waiting.
using Clock = std::function<QDateTime()>;

// The system's clock; ACCORD_CLOCK=yyyy-MM-ddTHH:mm:ssZ fixes it instead, so that a test of
// the headless binary (two `accord login` processes and the throttle between them) needs
// no wall-clock wait. It gives nothing away: whoever can run accord on a database can
// read its password hashes anyway.
Clock systemClock();

} // namespace accord
