#pragma once

#include "domain/recordref.h"
#include "storage/database.h"

#include <QList>
#include <QObject>
#include <QPointer>

namespace accord::ui {

class MainWindow;

// The main windows of the open databases, one each: File > Open puts a database in place
// of a window's, Open in New Window beside it, and a snapshot always opens beside the
// window it was asked from, read-only, once its integrity and checksum are verified.
class WindowSet : public QObject
{
    Q_OBJECT
public:
    explicit WindowSet(QObject* parent = nullptr) : QObject(parent) {}
    ~WindowSet() override;

    // Opens a database as the application does (a missing file is created only when
    // `create`, with sample users when `withSample`); a snapshot is verified first.
    // Null when refused (refused() says why).
    DatabasePtr openDatabase(const QString& path, bool create = false, bool withSample = false);
    // A main window on the database, deleted when it closes.
    MainWindow* show(DatabasePtr database);
    // The window showing this file or URL, or null.
    MainWindow* windowOf(const QString& path) const;
    QList<MainWindow*> windows() const;
    // The database in a window of its own (the one showing it raised), or null.
    MainWindow* openBeside(const QString& path);
    // The database in place of `window`'s; a snapshot still opens beside it.
    MainWindow* openInstead(MainWindow* window, const QString& path);
    // A record in the window of this database (opened if need be).
    void openRecord(const QString& path, RecordRef record);

signals:
    void refused(const QString& message); // the GUI shows it in a message box

private:
    QList<QPointer<MainWindow>> m_windows;
};

} // namespace accord::ui
