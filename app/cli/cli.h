#pragma once

#include <QStringList>

namespace accord::cli {

// True when the arguments ask for a headless command (or --help / --version).
bool wantsHeadless(const QStringList& arguments);
// Runs a headless command on the current QCoreApplication; returns the exit status
// (0 done, 1 refused, 2 usage).
int run(const QStringList& arguments);

} // namespace accord::cli
