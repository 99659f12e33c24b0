#pragma once

#include <QWidget>

class QFrame;
class QLabel;
class QPushButton;
class QStandardItemModel;
class QTableView;

namespace accord::ui {

class RecordSession;

// The client accounts a user can access, as Manage User lists them (id, client name,
// company, owner ✓), with Open Client Profile, Compare and Verification Sheet; and, after a
// save that changed a compared field, the notice that client details are separate, with a
// Compare button per client.
class UserAccountsPanel : public QWidget
{
    Q_OBJECT
public:
    UserAccountsPanel(RecordSession* session, qint64 userId, QWidget* parent = nullptr);

    QStandardItemModel* model() const { return m_model; }
    int count() const;
    bool shows(qint64 clientId) const;
    qint64 currentClient() const; // 0 when none is selected

    void reload();                      // the links and their clients
    void reloadClient(qint64 clientId); // one client's row
    // "Saved. Client details are separate…", with a Compare button per client.
    void showSeparateDetailsNotice();
    void setSheetEnabled(bool enabled); // while the user is loaded

signals:
    void openClientRequested(qint64 clientId);
    void compareRequested(qint64 clientId);
    void sheetRequested();
    void messageChanged(const QString& text);
    void rowsChanged();

private:
    void fillNoticeCompare();
    void updateButtons();

    RecordSession* m_session;
    qint64 m_userId;
    QStandardItemModel* m_model;
    QTableView* m_table;
    QPushButton* m_openClient;
    QPushButton* m_compare;
    QPushButton* m_sheet;
    QFrame* m_notice;
    QLabel* m_noticeText;
    QWidget* m_noticeCompare;
};

} // namespace accord::ui
