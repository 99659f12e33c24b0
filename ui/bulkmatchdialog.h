#pragma once

#include "services/matchservice.h"
#include "storage/database.h"

#include <QDialog>
#include <QList>

#include <optional>
#include <utility>

class QCheckBox;
class QLabel;
class QListWidget;
class QPushButton;
class QRadioButton;

namespace accord::ui {

class RecordSession;

// Bulk match from the Mismatches view: for the selected links, copy the chosen fields from
// the user to the client or the other way round. The preview lists every change that will
// be written; Apply writes all of them in one transaction or, if any row is refused (an
// email another user has, a record changed meanwhile), nothing, naming the row.
class BulkMatchDialog : public QDialog
{
    Q_OBJECT
public:
    // links: (user id, client id) pairs.
    BulkMatchDialog(DatabasePtr db, QList<std::pair<qint64, qint64>> links,
                    QWidget* parent = nullptr);

    QRadioButton* fromUserButton() const { return m_fromUser; }
    QRadioButton* fromClientButton() const { return m_fromClient; }
    QCheckBox* fieldBox(const QString& field) const; // first_name, last_name, email, language
    QListWidget* preview() const { return m_preview; }
    QStringList previewLines() const;
    QLabel* summary() const { return m_summary; }
    QLabel* message() const { return m_message; }
    QPushButton* applyButton() const { return m_apply; }
    const MatchPlan& plan() const { return m_plan; }

    // Writes the previewed plan; true when written (the dialog then closes).
    bool apply();

signals:
    void applied(int records);

private:
    void replan();
    void showPlan(const MatchPlan& planned);
    void showRefusedPlan(const Error& error);
    QList<MatchRequest> requests() const;
    void showMessage(const QString& text);

    RecordSession* m_session;
    QList<std::pair<qint64, qint64>> m_links;
    MatchPlan m_plan;
    bool m_planned = false;
    QRadioButton* m_fromUser;
    QRadioButton* m_fromClient;
    QList<QCheckBox*> m_fields;
    QListWidget* m_preview;
    QLabel* m_summary;
    QLabel* m_message;
    QPushButton* m_apply;
};

} // namespace accord::ui
