#include "sharedread.h"

#include <QCoreApplication>

#include <chrono>

namespace accord {

namespace {
std::function<void()>& betweenReadersHook()
{
    static std::function<void()> hook;
    return hook;
}
} // namespace

void SharedRead::setBetweenReadersHook(std::function<void()> hook)
{
    betweenReadersHook() = std::move(hook);
}

Result<void> SharedRead::begin(const QSqlDatabase& connection)
{
    const Error partnerFailed = Error::make(
        Error::Kind::Storage, QCoreApplication::translate(
                                  "Storage", "Another reader of the same moment failed to begin."));
    bool first = false;
    {
        // One reader begins at a time: the first one's moment is the others' to join.
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return m_begun == m_arrived || m_failed; });
        if (m_failed)
            return partnerFailed;
        first = m_arrived++ == 0;
    }
    Result<void> begun = beginOne(connection, first);
    if (begun && first && betweenReadersHook())
        betweenReadersHook()();
    std::unique_lock lock(m_mutex);
    if (!begun)
        m_failed = true;
    else if (++m_begun == m_readers)
        allBegun();
    m_changed.notify_all();
    // A reader whose partner never comes must not wait for ever.
    const bool together = m_changed.wait_for(lock, std::chrono::minutes(2),
                                             [&] { return m_begun == m_readers || m_failed; });
    if (!begun)
        return begun;
    if (m_failed || !together)
        return partnerFailed;
    return {};
}

} // namespace accord
