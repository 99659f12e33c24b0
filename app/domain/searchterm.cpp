#include "searchterm.h"

#include "textfolding.h"

#include <QList>

namespace accord {

SearchTerm SearchTerm::parse(const QString& input)
{
    SearchTerm t;
    const QString s = nfc(input.trimmed());
    if (s.isEmpty())
        return t;
    if (s.startsWith(QLatin1Char('#'))) {
        bool ok = false;
        const qint64 id = s.mid(1).toLongLong(&ok);
        if (ok && id > 0) {
            t.kind = Kind::Id;
            t.id = id;
            return t;
        }
    }
    const auto codePoints = s.toUcs4().size();
    if (codePoints < 3) {
        t.kind = Kind::Prefix;
        t.text = foldCase(s);
    } else {
        t.kind = Kind::Substring;
        t.text = s;
    }
    return t;
}

} // namespace accord
