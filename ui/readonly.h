#pragma once

#include "storage/database.h"

#include <QFrame>

#include <QList>

class QAction;
class QLabel;

namespace accord::ui {

// The banner every main window shows over its lists when its database refuses writes,
// saying why ("read-only: your database role may not change data"); nothing when it does
// not. The replica and snapshot windows reuse it.
class ReadOnlyBanner : public QFrame
{
    Q_OBJECT
public:
    explicit ReadOnlyBanner(const QString& reason, QWidget* parent = nullptr);
    // A snapshot's banner: the reason, then its manifest (source, time, operator, filter,
    // rows and whether the secrets are in) on the lines below.
    ReadOnlyBanner(const SnapshotManifest& manifest, QWidget* parent = nullptr);
    // A banner for the database, or null when it may be written.
    static ReadOnlyBanner* forDatabase(const Database& database, QWidget* parent);

private:
    QLabel* m_details = nullptr;
};

// Keeps a window's editing controls disabled on a database that refuses writes, whatever
// the window's own enabling says later, with the reason as their tooltip. Does nothing on
// a writable database.
void guardWrites(const Database& database, const QList<QObject*>& controls);

} // namespace accord::ui
