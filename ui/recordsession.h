#pragma once

#include "models/changenotifier.h"
#include "storage/database.h"

#include <QList>
#include <QObject>

namespace accord::ui {

// The one seam through which a window (or a part of one) loads and saves records: it runs
// the service call with the window's database and hands the Result back, and after a save
// tells the other views of that database what changed. Notices from elsewhere arrive as
// changedElsewhere(); this session's own saves are left out (the caller re-reads what it
// saved when the result comes back).
//
// Today the call runs at once on the calling (GUI) thread and `done` runs before load() or
// save() returns. Calls take the database as their argument and hold no widget, so team
// mode moves them to a worker thread, and `done` back to the GUI thread, here alone.
class RecordSession : public QObject
{
    Q_OBJECT
public:
    RecordSession(DatabasePtr database, QObject* parent);

    const DatabasePtr& database() const { return m_db; }
    // The database as a window title names it ("demo.sqlite", or a server's URL).
    QString databaseName() const;
    // "text — demo.sqlite": every window says which database it shows.
    QString windowTitle(const QString& text) const;

    // call: (const DatabasePtr&) -> Result<T>; done: (const Result<T>&) -> void.
    template <typename Call, typename Done>
    void load(Call call, Done done) const
    {
        done(call(m_db));
    }
    // The same for a write; when it succeeds, `changed` goes to this database's other views
    // (after `done`, so this window shows what it stored first).
    template <typename Call, typename Done>
    void save(Call call, const QList<ChangeNotice>& changed, Done done)
    {
        const auto result = call(m_db);
        done(result);
        if (result)
            announce(changed);
    }
    // Tells the other views of changes a save made that only its result names (a new id).
    void announce(const QList<ChangeNotice>& changed);

signals:
    void changedElsewhere(const accord::ChangeNotice& notice);

private:
    DatabasePtr m_db;
    ChangeNotifier* m_notifier;
};

} // namespace accord::ui
