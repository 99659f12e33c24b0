#pragma once

#include "recordref.h"

#include <QList>
#include <QString>

namespace accord {

// One changed column of a record between two databases (`diff`). A NULL is a null
// QString. A secret column says that it changed, never what it holds.
struct FieldChange {
    QString field; // the column name
    QString oldValue;
    QString newValue;
    bool secret = false; // the values are left empty
    friend bool operator==(const FieldChange&, const FieldChange&) = default;
};

// A user, client or link added, removed or changed between two databases or snapshots,
// keyed as DESIGN has it: users and clients by id, links by (user id, client id).
struct RecordChange {
    enum class Change { Added, Removed, Changed };
    RecordRef record;
    Change change = Change::Changed;
    QString label;             // who it is, in a few words ("Ada Lovelace <ada@x.com>")
    QList<FieldChange> fields; // Changed: the columns that differ, in the table's order

    static QString changeName(Change change);        // added, removed, changed
    static QString recordName(RecordRef::Kind kind); // user, client, link
    // For people, in the interface's language: "added", ...; "user 5", "client 7",
    // "link user 5 / client 7"; a value quoted, or "(empty)" / "(null)".
    static QString changeText(Change change);
    QString targetText() const;
    static QString shownValue(const QString& value);
    friend bool operator==(const RecordChange&, const RecordChange&) = default;
};

// How many records of each kind were added, removed and changed.
struct ChangeCounts {
    qint64 added = 0;
    qint64 removed = 0;
    qint64 changed = 0;
    qint64 total() const { return added + removed + changed; }
    void count(RecordChange::Change change)
    {
        ++(change == RecordChange::Change::Added     ? added
           : change == RecordChange::Change::Removed ? removed
                                                     : changed);
    }
};

} // namespace accord
