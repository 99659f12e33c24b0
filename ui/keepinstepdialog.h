#pragma once

#include "services/matchservice.h"

#include <QDialog>

#include <optional>

class QListWidget;
class QPushButton;

namespace accord::ui {

class RecordSession;

// Keep in step: saving a user who owns client accounts, or an owned client's profile, with
// the option on asks whether the other side takes the same change. Lists exactly what
// would also change; "Save Both" writes both in one transaction, "Save Only This" the
// record alone, Cancel nothing.
class KeepInStepDialog : public QDialog
{
    Q_OBJECT
public:
    enum Choice { Cancelled = QDialog::Rejected, SaveBoth = 2, SaveOnlyThis = 3 };

    KeepInStepDialog(const QString& intro, const StepPlan& plan, QWidget* parent = nullptr);

    QStringList lines() const;
    QPushButton* saveBothButton() const { return m_saveBoth; }
    QPushButton* saveOnlyThisButton() const { return m_saveOnlyThis; }

    // What a save does about the other side: SaveOnlyThis without asking when the option is
    // off or nothing else would change; `error` when working it out failed.
    struct Decision {
        Choice choice = SaveOnlyThis;
        StepPlan plan;
        std::optional<Error> error;
    };
    // Changes the save would refuse come back as `error`, every problem at once.
    static Decision askForUser(RecordSession* session, const User& loaded,
                               const UserChanges& changes, QWidget* parent);
    static Decision askForClient(RecordSession* session, const ClientAccount& loaded,
                                 const QMap<QString, QString>& changes, QWidget* parent);
    // The same for a plan worked out elsewhere (the Client Area's pages, whose service
    // plans what the signed-in user may change).
    static Decision ask(const Result<StepPlan>& planned, const QString& intro, QWidget* parent);

private:
    QListWidget* m_lines;
    QPushButton* m_saveBoth;
    QPushButton* m_saveOnlyThis;
};

} // namespace accord::ui
