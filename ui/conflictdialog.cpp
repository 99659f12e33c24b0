#include "conflictdialog.h"

#include <QDialogButtonBox>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace accord::ui {

namespace {
QString shown(const QVariant& value)
{
    return value.isNull() ? QString() : value.toString();
}
} // namespace

ConflictDialog::ConflictDialog(const Error& conflict, const QList<Field>& fields,
                               const QVariantMap& edits, QWidget* parent)
    : QDialog(parent), m_table(new QTableWidget(int(fields.size()), 5, this))
{
    setObjectName(QStringLiteral("conflictDialog"));
    setWindowTitle(tr("Changed by Another Session"));
    auto* intro = new QLabel(conflict.message + QLatin1Char('\n') +
                                 tr("Reload shows what is stored now and drops your changes. "
                                    "Re-apply puts your changes on top of the stored version."),
                             this);
    intro->setWordWrap(true);

    m_table->setObjectName(QStringLiteral("conflictTable"));
    m_table->setHorizontalHeaderLabels({tr("Field"), tr("When You Loaded"), tr("Your Change"),
                                        tr("Stored Now"), tr("What Changed")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto* tableLabel = new QLabel(tr("&Fields:"), this);
    tableLabel->setBuddy(m_table);
    int row = 0;
    for (const Field& f : fields) {
        const QString loaded = shown(conflict.mine.value(f.column));
        const QString stored = shown(conflict.theirs.value(f.column));
        const bool mineChanged = edits.contains(f.column);
        const QString wanted = mineChanged ? shown(edits.value(f.column)) : loaded;
        const bool theirsChanged = loaded != stored;
        QString what;
        if (mineChanged && theirsChanged)
            what = wanted == stored ? tr("Both made the same change") : tr("Both changed it");
        else if (theirsChanged)
            what = tr("Changed by the other session");
        else if (mineChanged)
            what = tr("Your change");
        const QStringList cells{f.label, loaded, mineChanged ? wanted : tr("(unchanged)"), stored,
                                what};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = new QTableWidgetItem(cells.at(c));
            if (!what.isEmpty()) {
                QFont bold = item->font();
                bold.setBold(true);
                item->setFont(bold);
            }
            m_table->setItem(row, c, item);
        }
        ++row;
    }
    m_table->resizeColumnsToContents();

    auto* buttons = new QDialogButtonBox(this);
    QPushButton* reload = buttons->addButton(tr("&Reload"), QDialogButtonBox::ResetRole);
    reload->setObjectName(QStringLiteral("reloadButton"));
    QPushButton* reapply =
        buttons->addButton(tr("Re-&apply My Changes"), QDialogButtonBox::AcceptRole);
    reapply->setObjectName(QStringLiteral("reapplyButton"));
    QPushButton* cancel = buttons->addButton(QDialogButtonBox::Cancel);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    connect(reload, &QPushButton::clicked, this, [this] { done(Reload); });
    connect(reapply, &QPushButton::clicked, this, [this] { done(Reapply); });
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(tableLabel);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);
    resize(760, 320);
}

} // namespace accord::ui
