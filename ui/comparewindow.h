#pragma once

#include "services/matchservice.h"
#include "storage/database.h"

#include <QList>
#include <QWidget>

class QLabel;
class QPushButton;

namespace accord::ui {

class ComparisonGrid;
class RecordSession;
class SheetOutput;

// Compare: a user (left) and one client account they can access (right), field by field
// (ComparisonGrid). Per field the admin copies one side's value to the other, or matches
// every field from one side; a match is previewed, then written by MatchService in one
// transaction, and afterwards (and after any refusal) both records are re-read, so what is
// shown is what is stored. A difference may be marked as intended. Callers usually set
// Qt::WA_DeleteOnClose.
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
    void fill();
    void showMessage(const QString& text, bool problem);
    void confirmAndApply(const MatchPlan& plan, const QList<FieldChoice>& choices);
    void apply(const MatchPlan& plan, const QList<FieldChoice>& choices);
    void showConflict(const Error& error, const MatchPlan& plan, const QList<FieldChoice>& choices);
    void toggleMark(const QString& field);
    void markIntended(const QString& field);
    // After a mark is made or cleared: shows the stored state, then what happened (`done`)
    // or why it was refused.
    void markChanged(const Result<void>& result, const QString& done);

    RecordSession* m_session;
    SheetOutput* m_sheetOutput;
    qint64 m_userId;
    qint64 m_clientId;
    Comparison m_comparison;
    bool m_loaded = false;

    QLabel* m_message;
    QLabel* m_userHeader;
    QLabel* m_clientHeader;
    QLabel* m_summary;
    QLabel* m_linkMark;
    QPushButton* m_markLink;
    ComparisonGrid* m_grid;
    QPushButton* m_allFromUser;
    QPushButton* m_allFromClient;
    QPushButton* m_sheet;
    QPushButton* m_print;
};

} // namespace accord::ui
