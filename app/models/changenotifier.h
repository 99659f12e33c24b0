#pragma once

#include "storage/database.h"

#include <QMetaType>
#include <QObject>

namespace accord {

// What one save changed in a database: which table, and which record of it, so that each
// view re-reads only what it shows of that. An id of 0 means "some record of that table"
// (a new owner user made with a client; every link of a client when its owner changes).
struct ChangeNotice {
    enum class Table {
        Users,
        Clients,
        Links,   // tblusers_clients (and the counts of links per user and client)
        Invites, // tbluser_invites of a client
        Marks,   // intended marks of a link (Accord's own table)
        Everything,
    };
    Table table = Table::Everything;
    qint64 userId = 0;   // Users, Links, Marks
    qint64 clientId = 0; // Clients, Links, Invites, Marks

    static ChangeNotice user(qint64 id) { return {Table::Users, id, 0}; }
    static ChangeNotice client(qint64 id) { return {Table::Clients, 0, id}; }
    static ChangeNotice link(qint64 userId, qint64 clientId)
    {
        return {Table::Links, userId, clientId};
    }
    static ChangeNotice invites(qint64 clientId) { return {Table::Invites, 0, clientId}; }
    static ChangeNotice marks(qint64 userId, qint64 clientId)
    {
        return {Table::Marks, userId, clientId};
    }
    static ChangeNotice everything() { return {}; }

    // Whether the notice may concern this user's row or that client's row (its own table,
    // or everything; an id of 0 matches any).
    bool mayChangeUser(qint64 id) const;
    bool mayChangeClient(qint64 id) const;
    // Whether it may concern a link of this user (0: any) and this client (0: any).
    bool mayChangeLink(qint64 userId, qint64 clientId) const;
    friend bool operator==(const ChangeNotice&, const ChangeNotice&) = default;
};

// The notices of one open database: its saves emit, its views and windows listen, and
// nothing crosses to another database open beside it ("after any save the views refresh
// from the database"). One per Database, made on first use and gone with it.
class ChangeNotifier : public QObject
{
    Q_OBJECT
public:
    // The notifier of this database. GUI thread.
    static ChangeNotifier* of(const DatabasePtr& database);
    const Database* database() const { return m_database; }

    // `from`: who saved (a window's session), so it can leave its own notices out.
    void notify(const ChangeNotice& notice, const QObject* from = nullptr)
    {
        emit changed(notice, from);
    }

signals:
    void changed(const accord::ChangeNotice& notice, const QObject* from);

private:
    explicit ChangeNotifier(const Database* database) : m_database(database) {}
    const Database* m_database;
};

} // namespace accord

Q_DECLARE_METATYPE(accord::ChangeNotice)
