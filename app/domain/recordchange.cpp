#include "recordchange.h"

#include <QCoreApplication>

namespace accord {

QString RecordChange::changeName(Change change)
{
    switch (change) {
    case Change::Added:
        return QStringLiteral("added");
    case Change::Removed:
        return QStringLiteral("removed");
    case Change::Changed:
        break;
    }
    return QStringLiteral("changed");
}

QString RecordChange::recordName(RecordRef::Kind kind)
{
    switch (kind) {
    case RecordRef::Kind::User:
        return QStringLiteral("user");
    case RecordRef::Kind::Client:
        return QStringLiteral("client");
    case RecordRef::Kind::Link:
        return QStringLiteral("link");
    case RecordRef::Kind::None:
        break;
    }
    return {};
}

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("RecordChange", text);
}
} // namespace

QString RecordChange::changeText(Change change)
{
    switch (change) {
    case Change::Added:
        return tr("added");
    case Change::Removed:
        return tr("removed");
    case Change::Changed:
        break;
    }
    return tr("changed");
}

QString RecordChange::targetText() const
{
    switch (record.kind) {
    case RecordRef::Kind::User:
        return tr("user %1").arg(record.userId);
    case RecordRef::Kind::Client:
        return tr("client %1").arg(record.clientId);
    case RecordRef::Kind::Link:
        return tr("link user %1 / client %2").arg(record.userId).arg(record.clientId);
    case RecordRef::Kind::None:
        break;
    }
    return {};
}

QString RecordChange::shownValue(const QString& value)
{
    if (value.isNull())
        return tr("(null)");
    if (value.isEmpty())
        return tr("(empty)");
    return QLatin1Char('"') + value + QLatin1Char('"');
}

} // namespace accord
