#pragma once

#include <QDateTime>

namespace accord {

// The failed sign-ins of one login since it last signed in, and when it may try again.
// Repeated guesses are slowed down, not locked out: the first few failures cost nothing,
// then each makes the next try wait twice as long as the one before, up to a cap; a day
// without failures forgets them.
struct FailedSignIns {
    static constexpr int freeFailures = 3;
    static constexpr int maximumDelaySeconds = 15 * 60;
    static constexpr int forgetAfterSeconds = 24 * 60 * 60;

    int count = 0;
    QDateTime lastFailureAt;
    QDateTime nextAllowedAt; // null: at once

    // Seconds to wait after `failures` consecutive failures: 0, 0, 0, then 1, 2, 4, … 900.
    static int delayAfter(int failures);
    // These failures and one more at `now`.
    FailedSignIns after(const QDateTime& now) const;
    // Whole seconds until a try is allowed (0: now).
    qint64 waitAt(const QDateTime& now) const;
    friend bool operator==(const FailedSignIns&, const FailedSignIns&) = default;
};

} // namespace accord
