#pragma once

#include "models/lazylistmodel.h"
#include "services/matchservice.h" // MismatchFilter

#include <QPointer>
#include <QWidget>

#include <array>
#include <optional>

class QAction;
class QCheckBox;
class QComboBox;
class QLabel;
class QThread;

namespace accord::ui {

class ListView;
class RecordSession;

// The Mismatches report: linked users and client accounts whose details differ (owner
// links unless "All links" is ticked), filtered by field and kind, with how many links
// differ in each field. From the rows: open either side, Compare (Enter), match the
// selected rows in one step, mark a difference as intended. Lazy like every list: the
// rows and the counts are read on worker threads.
class MismatchesView : public QWidget
{
    Q_OBJECT
public:
    struct Link {
        qint64 userId = 0;
        qint64 clientId = 0;
        friend bool operator==(const Link&, const Link&) = default;
    };

    explicit MismatchesView(DatabasePtr db, QWidget* parent = nullptr);
    ~MismatchesView() override;

    ListView* list() const { return m_list; }
    LazyListModel* model() const { return m_model; }
    QCheckBox* allLinksBox() const { return m_allLinks; }
    QCheckBox* showIntendedBox() const { return m_showIntended; }
    QComboBox* fieldCombo() const { return m_field; }
    QComboBox* kindCombo() const { return m_kind; }
    QLabel* countsLabel() const { return m_countsLabel; }
    MismatchFilter filter() const;
    // Links differing in each compared field under the current filter; nullopt while the
    // worker counts.
    std::optional<std::array<qint64, 4>> fieldCounts() const { return m_counts; }

    // The link of a row, when the row is loaded.
    std::optional<Link> linkAt(int row) const;
    std::optional<Link> currentLink() const;
    // The selected rows' links, in the shown order (rows still loading are left out).
    QList<Link> selectedLinks() const;

    QAction* openUserAction() const { return m_openUser; }
    QAction* openClientAction() const { return m_openClient; }
    QAction* matchAction() const { return m_match; }
    QAction* markIntendedAction() const { return m_markIntended; }
    QAction* clearIntendedAction() const { return m_clearIntended; }
    QAction* exportAction() const { return m_export; }

    // Re-reads the rows and the counts, keeping the filter, order and selection's place.
    void refresh();
    void matchSelected(); // opens the bulk match dialog
    void markIntended();  // opens the mark-as-intended dialog for the current row
    void clearIntended(); // removes every intended mark of the current row's link
    void exportRows();    // asks for a file and writes the rows shown to CSV

signals:
    void compareRequested(qint64 userId, qint64 clientId); // Enter or double-click
    void openUserRequested(qint64 userId);
    void openClientRequested(qint64 clientId);
    void fieldCountsChanged(); // new counts arrived from the worker

private:
    int currentRow() const; // -1 when none
    void openUserActionTriggered();
    void openClientActionTriggered();
    void applyFilter();
    void recount();
    void onCounted(const MismatchFilter& filter, const Result<std::array<qint64, 4>>& counts);
    void showCounts();
    void updateActions();
    void showMessage(const QString& text);
    QAction* addRowAction(const QString& text, const QString& objectName,
                          void (MismatchesView::*slot)());

    RecordSession* m_session;
    DatabasePtr m_db; // the count thread's
    bool m_maintained;
    LazyListModel* m_model;
    ListView* m_list;
    QCheckBox* m_allLinks;
    QCheckBox* m_showIntended;
    QComboBox* m_field;
    QComboBox* m_kind;
    QLabel* m_countsLabel;
    QLabel* m_message;
    QAction* m_openUser = nullptr;
    QAction* m_openClient = nullptr;
    QAction* m_match = nullptr;
    QAction* m_markIntended = nullptr;
    QAction* m_clearIntended = nullptr;
    QAction* m_export = nullptr;

    std::optional<std::array<qint64, 4>> m_counts;
    QString m_countError;
    QPointer<QThread> m_counter; // the last count's thread, until it is deleted
    bool m_counting = false;     // one count at a time; its answer is still to come
    bool m_recountWanted = false;
};

} // namespace accord::ui
