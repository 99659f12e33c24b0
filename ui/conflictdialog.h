#pragma once

#include "domain/result.h"

#include <QDialog>
#include <QList>
#include <QVariantMap>

class QTableWidget;

namespace accord::ui {

// A save refused because another session changed the record: shows, field by field, the
// version this window loaded, the admin's change and what is stored now. The admin either
// reloads (drops their changes) or re-applies their changes on top of the stored version.
// Nothing is overwritten silently.
class ConflictDialog : public QDialog
{
    Q_OBJECT
public:
    enum Choice { Cancelled = QDialog::Rejected, Reload = 2, Reapply = 3 };
    struct Field {
        QString column; // as in Error::mine / Error::theirs
        QString label;
    };

    // `edits`: column -> the value this admin wanted to save (only changed columns).
    ConflictDialog(const Error& conflict, const QList<Field>& fields, const QVariantMap& edits,
                   QWidget* parent = nullptr);

    QTableWidget* table() const { return m_table; }

private:
    QTableWidget* m_table;
};

} // namespace accord::ui
