#include "changenotifier.h"

namespace accord {

ChangeNotifier* ChangeNotifier::instance()
{
    static ChangeNotifier notifier;
    return &notifier;
}

} // namespace accord
