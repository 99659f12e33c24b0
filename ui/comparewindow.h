#pragma once

#include "services/matchservice.h"
#include "storage/database.h"

#include <QList>
#include <QWidget>

#include <memory>

class QFrame;
class QGridLayout;
class QLabel;
class QPrinter;
class QPushButton;

namespace accord::ui {

// Compare: a user (left) and one client account they can access (right), field by field.
// Differing fields are marked by colour, an icon and the kind in words; per field the admin
// copies one side's value to the other, or matches every field from one side. A match is
// previewed, then written by MatchService in one transaction; afterwards (and after any
// refusal) both records are re-read, so what is shown is what is stored. Callers usually
// set Qt::WA_DeleteOnClose.
class CompareWindow : public QWidget
{
    Q_OBJECT
public:
    CompareWindow(DatabasePtr db, qint64 userId, qint64 clientId, QWidget* parent = nullptr);
    ~CompareWindow() override;

    qint64 userId() const { return m_userId; }
    qint64 clientId() const { return m_clientId; }
    // The comparison as last read (valid when loaded() is true).
    const Comparison& comparison() const { return m_comparison; }
    bool loaded() const { return m_loaded; }

    // Re-reads both records and their marks.
    void reload();
    // Previews these choices and, once confirmed, applies them.
    void match(const QList<FieldChoice>& choices);
    void matchAll(MatchFrom from);
    // Writes the verification sheet of this user and client; false (with the reason shown)
    // when it could not be written.
    bool saveVerificationSheetTo(const QString& pdfPath);

signals:
    void openUserRequested(qint64 userId);
    void openClientRequested(qint64 clientId);

private:
    struct Row {
        QString field;
        QFrame* background = nullptr;
        QLabel* label = nullptr;
        QLabel* userValue = nullptr;
        QLabel* clientValue = nullptr;
        QLabel* icon = nullptr;
        QLabel* kind = nullptr;
        QLabel* note = nullptr;
        QPushButton* toClient = nullptr;
        QPushButton* toUser = nullptr;
        QPushButton* mark = nullptr;
    };

    void buildRows(QGridLayout* grid);
    void fill();
    void fillRow(Row& row);
    void showMessage(const QString& text, bool problem);
    void confirmAndApply(const MatchPlan& plan, const QList<FieldChoice>& choices);
    void apply(const MatchPlan& plan, const QList<FieldChoice>& choices);
    void showConflict(const Error& error, const MatchPlan& plan, const QList<FieldChoice>& choices);
    void markIntended(const QString& field);
    void clearIntended(const QString& field);
    // After a mark is made or cleared: shows the stored state, then what happened (`done`)
    // or why it was refused; the other windows hear of it only when it was made.
    void markChanged(const Result<void>& result, const QString& done);
    const IntendedMark* markOf(const QString& field) const;
    void saveVerificationSheet();
    void print();
    void notifyOthers(bool recordsChanged);

    DatabasePtr m_db;
    qint64 m_userId;
    qint64 m_clientId;
    Comparison m_comparison;
    bool m_loaded = false;
    bool m_applying = false;

    QLabel* m_message;
    QLabel* m_userHeader;
    QLabel* m_clientHeader;
    QLabel* m_summary;
    QLabel* m_userColumn;
    QLabel* m_clientColumn;
    QLabel* m_linkMark;
    QPushButton* m_markLink;
    QList<Row> m_rows;
    QPushButton* m_allFromUser;
    QPushButton* m_allFromClient;
    QPushButton* m_openUser;
    QPushButton* m_openClient;
    QPushButton* m_sheet;
    QPushButton* m_print;
    QPushButton* m_reload;
    QPushButton* m_close;
    std::unique_ptr<QPrinter> m_printer;
};

} // namespace accord::ui
