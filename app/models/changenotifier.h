#pragma once

#include <QObject>

namespace accord {

// Tells every open view and window that stored data changed, so each re-reads what it
// shows ("after any save the views refresh from the database"). Saves emit; lists and
// windows listen.
class ChangeNotifier : public QObject
{
    Q_OBJECT
public:
    enum class Record { User, Client, Access, Any };
    static ChangeNotifier* instance();

    void notify(Record record, qint64 id) { emit changed(record, id); }

signals:
    void changed(accord::ChangeNotifier::Record record, qint64 id);
};

} // namespace accord
