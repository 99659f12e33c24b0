#include "cli.h"

#include <QTextStream>

namespace accord::cli {

bool wantsHeadless(const QStringList& arguments)
{
    for (int i = 1; i < arguments.size(); ++i) {
        const QString& a = arguments.at(i);
        if (a == QLatin1String("--db")) {
            ++i;
            continue;
        }
        if (!a.startsWith(QLatin1Char('-')) || a == QLatin1String("--help") ||
            a == QLatin1String("-h") || a == QLatin1String("--version") || a == QLatin1String("-v"))
            return true;
    }
    return false;
}

int run(const QStringList&)
{
    QTextStream(stderr) << "not implemented\n";
    return 2;
}

} // namespace accord::cli
