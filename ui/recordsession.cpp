#include "recordsession.h"

#include <QFileInfo>

namespace accord::ui {

RecordSession::RecordSession(DatabasePtr database, QObject* parent)
    : QObject(parent), m_db(std::move(database)), m_notifier(ChangeNotifier::of(m_db))
{
    connect(m_notifier, &ChangeNotifier::changed, this,
            [this](const ChangeNotice& notice, const QObject* from) {
                if (from != this)
                    emit changedElsewhere(notice);
            });
}

QString RecordSession::databaseName() const
{
    const DatabaseLocation& where = m_db->location();
    return where.engine == Engine::SQLite ? QFileInfo(where.path).fileName() : where.display();
}

QString RecordSession::windowTitle(const QString& text) const
{
    return tr("%1 — %2").arg(text, databaseName());
}

void RecordSession::announce(const QList<ChangeNotice>& changed)
{
    for (const ChangeNotice& notice : changed)
        m_notifier->notify(notice, this);
}

} // namespace accord::ui
