#pragma once

#include "services/matchservice.h"

#include <QList>
#include <QWidget>

#include <optional>

class QFrame;
class QGridLayout;
class QLabel;
class QPushButton;

namespace accord::ui {

// Compare's table: a row per compared field — the label, the user's value, the two copy
// buttons, the client's value, the difference (a badge and words) and the intended mark
// with its note. A differing row is tinted by its kind from the palette; the words and
// the badge say the same, so nothing relies on colour.
class ComparisonGrid : public QWidget
{
    Q_OBJECT
public:
    explicit ComparisonGrid(QWidget* parent = nullptr);

    // Shows a comparison as loaded, or empty rows (nullptr: not loaded). `marksKept`:
    // whether this database keeps intended marks.
    void setComparison(const Comparison* comparison, bool marksKept);
    // The mark on a field ('' for the whole link) in what is shown, or nullptr.
    const IntendedMark* markOf(const QString& field) const;
    // The buttons that write (copy and mark), for a read-only database to keep disabled.
    QList<QObject*> writingControls() const;

signals:
    void copyRequested(const QString& field, accord::MatchFrom from);
    void markToggled(const QString& field); // make a mark, or clear the one there is

protected:
    void changeEvent(QEvent* event) override; // a new palette: new tints

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
    void addRow(QGridLayout* grid, const QString& field, int gridRow);
    void fillRow(Row& row);

    QList<Row> m_rows;
    QLabel* m_userHeading;
    QLabel* m_clientHeading;
    std::optional<Comparison> m_comparison;
    bool m_marksKept = false;
};

} // namespace accord::ui
