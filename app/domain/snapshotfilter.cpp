#include "snapshotfilter.h"

#include <QCoreApplication>

namespace accord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("SnapshotFilter", text);
}
} // namespace

QString SnapshotFilter::toText() const
{
    switch (kind) {
    case Kind::Client:
        return QStringLiteral("client:%1").arg(clientId);
    case Kind::Users:
        return QStringLiteral("users:") + search;
    case Kind::Clients:
        return QStringLiteral("clients:") + search;
    case Kind::Mismatches:
        return QStringLiteral("mismatches:") + mismatches.toText();
    case Kind::Everything:
        break;
    }
    return QStringLiteral("all");
}

std::optional<SnapshotFilter> SnapshotFilter::fromText(const QString& text)
{
    if (text == QLatin1String("all"))
        return everything();
    const QString kind = text.section(QLatin1Char(':'), 0, 0);
    const QString rest = text.section(QLatin1Char(':'), 1);
    if (kind == QLatin1String("client")) {
        bool ok = false;
        const qint64 id = rest.toLongLong(&ok);
        if (ok && id > 0)
            return client(id);
    } else if (kind == QLatin1String("users")) {
        return users(rest);
    } else if (kind == QLatin1String("clients")) {
        return clients(rest);
    } else if (kind == QLatin1String("mismatches")) {
        return links(MismatchFilter::fromText(rest));
    }
    return std::nullopt;
}

QString SnapshotFilter::describe() const
{
    switch (kind) {
    case Kind::Client:
        return tr("client %1 and its users").arg(clientId);
    case Kind::Users:
        return tr("the users a search for “%1” finds, with their clients").arg(search);
    case Kind::Clients:
        return tr("the clients a search for “%1” finds, with their users").arg(search);
    case Kind::Mismatches: {
        QString what = mismatches.allLinks ? tr("the links whose details differ")
                                           : tr("the owner links whose details differ");
        if (!mismatches.field.isEmpty())
            what += tr(" in %1").arg(comparedFieldLabel(mismatches.field));
        if (mismatches.kind)
            what += tr(" (%1)").arg(FieldDifference::kindLabel(*mismatches.kind).toLower());
        if (mismatches.showIntended)
            what += tr(", with those marked intended");
        return what + tr(", with both records");
    }
    case Kind::Everything:
        break;
    }
    return tr("everything");
}

} // namespace accord
