#include "mismatchesview.h"

#include "readonly.h"

#include "bulkmatchdialog.h"
#include "fielderrors.h"
#include "listview.h"
#include "markintendeddialog.h"
#include "models/mismatchlistquery.h"
#include "recordsession.h"
#include "services/matchservice.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableView>
#include <QThread>
#include <QVBoxLayout>

#include <algorithm>

namespace accord::ui {

namespace {
// A push button that stands for an action: same text (with its mnemonic), same state.
QPushButton* buttonFor(QAction* action, QWidget* parent)
{
    auto* button = new QPushButton(action->text(), parent);
    button->setObjectName(action->objectName() + QStringLiteral("Button"));
    button->setToolTip(action->toolTip());
    button->setEnabled(action->isEnabled());
    button->setAutoDefault(false);
    QObject::connect(button, &QPushButton::clicked, action, &QAction::trigger);
    QObject::connect(action, &QAction::changed, button, [button, action] {
        button->setEnabled(action->isEnabled());
        button->setToolTip(action->toolTip());
    });
    return button;
}
} // namespace

MismatchesView::MismatchesView(DatabasePtr db, QWidget* parent)
    : QWidget(parent), m_session(new RecordSession(db, this)), m_db(std::move(db)),
      m_maintained(m_db->hasDifferenceTable()),
      m_model(new LazyListModel(m_db, std::make_shared<MismatchListQuery>(m_maintained), this)),
      m_list(new ListView(m_model, QString(), this)), m_allLinks(new QCheckBox(this)),
      m_showIntended(new QCheckBox(this)), m_field(new QComboBox(this)),
      m_kind(new QComboBox(this)), m_countsLabel(new QLabel(this)), m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("mismatchesView"));
    m_list->setObjectName(QStringLiteral("mismatchesList"));
    // The filter controls set the model's search (there is no text to search for), and the
    // counts line below them says how many rows there are.
    m_list->hideSearchRow();

    m_allLinks->setText(tr("&All links"));
    m_allLinks->setObjectName(QStringLiteral("allLinks"));
    m_allLinks->setToolTip(tr("Also links of users who are not the owner (staff, accountants), "
                              "whose details naturally differ from the account's"));
    m_showIntended->setText(tr("&Show marked as intended"));
    m_showIntended->setObjectName(QStringLiteral("showIntended"));
    m_showIntended->setToolTip(tr("Also differences marked as intended, labelled \"(intended)\""));
    m_field->setObjectName(QStringLiteral("fieldFilter"));
    m_field->addItem(tr("Any field"), QString());
    for (const auto& f : comparedFields())
        m_field->addItem(comparedFieldLabel(QLatin1String(f.userColumn)),
                         QString(QLatin1String(f.userColumn)));
    m_kind->setObjectName(QStringLiteral("kindFilter"));
    m_kind->addItem(tr("Any kind"), 0);
    for (const auto kind : {FieldDifference::Kind::CaseOrSpace, FieldDifference::Kind::EmptySide,
                            FieldDifference::Kind::Differs})
        m_kind->addItem(FieldDifference::kindLabel(kind), differenceCode(kind));
    for (QCheckBox* box : {m_allLinks, m_showIntended})
        connect(box, &QCheckBox::toggled, this, &MismatchesView::applyFilter);
    for (QComboBox* combo : {m_field, m_kind})
        connect(combo, &QComboBox::currentIndexChanged, this, &MismatchesView::applyFilter);

    // Above and below the list, in widgets of their own so they take the list's margins.
    auto* top = new QWidget(this);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(m_allLinks);
    filterRow->addSpacing(12);
    filterRow->addWidget(m_showIntended);
    filterRow->addSpacing(12);
    filterRow->addWidget(buddyLabel(tr("Fiel&d:"), m_field, top));
    filterRow->addWidget(m_field);
    filterRow->addSpacing(12);
    filterRow->addWidget(buddyLabel(tr("&Kind:"), m_kind, top));
    filterRow->addWidget(m_kind);
    filterRow->addStretch(1);

    m_countsLabel->setObjectName(QStringLiteral("fieldCounts"));
    m_countsLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    QTableView* table = m_list->table();
    table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setColumnWidth(MismatchListQuery::UserIdColumn, 70);
    table->setColumnWidth(MismatchListQuery::ClientIdColumn, 70);
    table->setAccessibleName(tr("Links whose details differ"));

    m_openUser = addRowAction(tr("Open Us&er"), QStringLiteral("openUser"),
                              &MismatchesView::openUserActionTriggered);
    m_openUser->setToolTip(tr("Open the Manage User dialog of the row's user"));
    m_openClient = addRowAction(tr("Open Clie&nt"), QStringLiteral("openClient"),
                                &MismatchesView::openClientActionTriggered);
    m_openClient->setToolTip(tr("Open the profile of the row's client account"));
    m_match = addRowAction(tr("Matc&h Selected…"), QStringLiteral("matchSelected"),
                           &MismatchesView::matchSelected);
    m_match->setToolTip(tr("Copy details across on every selected row in one step"));
    m_markIntended = addRowAction(tr("Mark as &Intended…"), QStringLiteral("markIntended"),
                                  &MismatchesView::markIntended);
    m_clearIntended = addRowAction(tr("Remo&ve Intended Mark"), QStringLiteral("clearIntended"),
                                   &MismatchesView::clearIntended);
    guardWrites(*m_db, {m_match, m_markIntended, m_clearIntended});
    m_export = new QAction(tr("E&xport CSV…"), this);
    m_export->setObjectName(QStringLiteral("exportCsv"));
    m_export->setToolTip(tr("Write the rows shown (every row of this filter) to a CSV file"));
    connect(m_export, &QAction::triggered, this, &MismatchesView::exportRows);
    table->addAction(m_export);

    auto* bottom = new QWidget(this);
    auto* buttons = new QHBoxLayout(bottom);
    buttons->setContentsMargins(buttons->contentsMargins().left(), 0,
                                buttons->contentsMargins().right(),
                                buttons->contentsMargins().bottom());
    for (QAction* a : {m_openUser, m_openClient})
        buttons->addWidget(buttonFor(a, this));
    buttons->addSpacing(12);
    for (QAction* a : {m_match, m_markIntended, m_clearIntended})
        buttons->addWidget(buttonFor(a, this));
    buttons->addStretch(1);
    buttons->addWidget(buttonFor(m_export, this));

    auto* topLayout = new QVBoxLayout(top);
    topLayout->setContentsMargins(topLayout->contentsMargins().left(),
                                  topLayout->contentsMargins().top(),
                                  topLayout->contentsMargins().right(), 0);
    topLayout->addLayout(filterRow);
    topLayout->addWidget(m_countsLabel);
    topLayout->addWidget(m_message);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(top);
    layout->addWidget(m_list, 1);
    layout->addWidget(bottom);
    setFocusProxy(table);

    connect(m_list, &ListView::activated, this, [this] {
        if (const auto link = currentLink())
            emit compareRequested(link->userId, link->clientId);
    });
    connect(table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MismatchesView::updateActions);
    connect(table->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &MismatchesView::updateActions);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MismatchesView::updateActions);
    connect(m_model, &LazyListModel::pageLoaded, this, &MismatchesView::updateActions);
    connect(m_model, &LazyListModel::countChanged, this, &MismatchesView::showCounts);
    connect(m_model, &LazyListModel::loadFailed, this, &MismatchesView::showMessage);
    // A save of a user, a client, a link or a mark may add or remove mismatches.
    connect(m_session, &RecordSession::changedElsewhere, this, [this](const ChangeNotice& n) {
        if (n.table != ChangeNotice::Table::Invites)
            refresh();
    });

    updateActions();
    recount();
}

MismatchesView::~MismatchesView()
{
    // The count thread posts its answer here and uses the database: let it finish first.
    if (m_counter)
        m_counter->wait();
}

QAction* MismatchesView::addRowAction(const QString& text, const QString& objectName,
                                      void (MismatchesView::*slot)())
{
    auto* action = new QAction(text, this);
    action->setObjectName(objectName);
    connect(action, &QAction::triggered, this, slot);
    m_list->table()->addAction(action); // the table's context menu
    return action;
}

void MismatchesView::openUserActionTriggered()
{
    if (const auto link = currentLink())
        emit openUserRequested(link->userId);
}

void MismatchesView::openClientActionTriggered()
{
    if (const auto link = currentLink())
        emit openClientRequested(link->clientId);
}

MismatchFilter MismatchesView::filter() const
{
    MismatchFilter f;
    f.allLinks = m_allLinks->isChecked();
    f.showIntended = m_showIntended->isChecked();
    f.field = m_field->currentData().toString();
    f.kind = differenceKindOf(m_kind->currentData().toInt());
    return f;
}

void MismatchesView::applyFilter()
{
    showMessage({});
    m_model->setSearch(filter().toText());
    recount();
}

void MismatchesView::refresh()
{
    m_model->refresh();
    recount();
}

std::optional<MismatchesView::Link> MismatchesView::linkAt(int row) const
{
    if (row < 0 || row >= m_model->rowCount() || !m_model->isRowLoaded(row))
        return std::nullopt;
    const QModelIndex index = m_model->index(row, 0);
    const Link link{index.data(MismatchListQuery::UserIdRole).toLongLong(),
                    index.data(MismatchListQuery::ClientIdRole).toLongLong()};
    if (!link.userId || !link.clientId)
        return std::nullopt;
    return link;
}

int MismatchesView::currentRow() const
{
    const QModelIndex current = m_list->table()->currentIndex();
    if (current.isValid())
        return current.row();
    // A row selected without moving the cursor (as assistive technologies do).
    const QModelIndexList rows = m_list->table()->selectionModel()->selectedRows();
    return rows.size() == 1 ? rows.first().row() : -1;
}

std::optional<MismatchesView::Link> MismatchesView::currentLink() const
{
    return linkAt(currentRow());
}

QList<MismatchesView::Link> MismatchesView::selectedLinks() const
{
    QModelIndexList rows = m_list->table()->selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end(),
              [](const QModelIndex& a, const QModelIndex& b) { return a.row() < b.row(); });
    QList<Link> links;
    for (const QModelIndex& index : rows)
        if (const auto link = linkAt(index.row()))
            links << *link;
    return links;
}

void MismatchesView::updateActions()
{
    const auto current = currentLink();
    const bool selected = !m_list->table()->selectionModel()->selectedRows().isEmpty();
    m_openUser->setEnabled(current.has_value());
    m_openClient->setEnabled(current.has_value());
    m_match->setEnabled(selected || current.has_value());
    const bool marks = m_db->hasDifferenceTable();
    const QString noMarks = tr("Marks are kept in Accord's own tables, which this database does "
                               "not have.");
    const int intended =
        current ? m_model->index(currentRow(), 0).data(MismatchListQuery::IntendedRole).toInt() : 0;
    m_markIntended->setEnabled(marks && current.has_value());
    m_markIntended->setToolTip(marks ? tr("Hide this link's difference from the report until "
                                          "either side changes")
                                     : noMarks);
    m_clearIntended->setEnabled(marks && current.has_value() && intended != 0);
    m_clearIntended->setToolTip(marks ? tr("Show this link in the report again (removes every "
                                           "intended mark of the link)")
                                      : noMarks);
}

void MismatchesView::recount()
{
    m_counts.reset();
    m_countError.clear();
    showCounts();
    if (m_counting) {
        m_recountWanted = true; // when the running count ends, for the filter then
        return;
    }
    m_counting = true;
    m_recountWanted = false;
    const MismatchFilter wanted = filter();
    // On a thread of its own with its own connection: the GUI thread never queries a list.
    m_counter = QThread::create([this, db = m_db, wanted] {
        const auto counts = MatchService(db).mismatchCounts(wanted);
        db->releaseThreadConnection();
        QMetaObject::invokeMethod(
            this, [this, wanted, counts] { onCounted(wanted, counts); }, Qt::QueuedConnection);
    });
    m_counter->setObjectName(QStringLiteral("accord-mismatch-counter"));
    connect(m_counter, &QThread::finished, m_counter, &QObject::deleteLater);
    m_counter->start();
}

void MismatchesView::onCounted(const MismatchFilter& counted,
                               const Result<std::array<qint64, 4>>& counts)
{
    m_counting = false;
    if (m_recountWanted || counted != filter()) {
        recount();
        return;
    }
    if (counts)
        m_counts = *counts;
    else
        m_countError = counts.error().message;
    showCounts();
    emit fieldCountsChanged();
}

void MismatchesView::showCounts()
{
    const QString total =
        m_model->isCountExact()
            ? tr("Links that differ: %1").arg(QLocale().toString(m_model->matchCount()))
            : tr("Counting links…");
    QString fields;
    if (!m_countError.isEmpty()) {
        fields = tr("counts per field failed: %1").arg(m_countError);
    } else if (m_counts) {
        QStringList parts;
        std::size_t i = 0;
        for (const auto& f : comparedFields())
            parts << tr("%1 %2").arg(comparedFieldLabel(QLatin1String(f.userColumn)),
                                     QLocale().toString((*m_counts)[i++]));
        fields = tr("by field: %1").arg(parts.join(QStringLiteral(" · ")));
    } else {
        fields = tr("counting per field…");
    }
    m_countsLabel->setText(tr("%1 — %2").arg(total, fields));
}

void MismatchesView::showMessage(const QString& text)
{
    m_message->setText(text.isEmpty() ? QString() : tr("⚠ %1").arg(text));
    m_message->setVisible(!text.isEmpty());
}

void MismatchesView::matchSelected()
{
    QList<Link> links = selectedLinks();
    if (links.isEmpty())
        if (const auto link = currentLink())
            links << *link;
    if (links.isEmpty())
        return;
    QList<std::pair<qint64, qint64>> pairs;
    for (const Link& l : links)
        pairs.append({l.userId, l.clientId});
    auto* dialog = new BulkMatchDialog(m_db, pairs, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    // The dialog tells every view of this database; the rows it matched are gone.
    connect(dialog, &BulkMatchDialog::applied, this, [this] {
        showMessage({});
        m_list->table()->clearSelection();
    });
    dialog->open();
}

void MismatchesView::markIntended()
{
    const auto link = currentLink();
    if (!link)
        return;
    const QModelIndex index = m_model->index(currentRow(), 0);
    auto* dialog = new MarkIntendedDialog(
        m_db, link->userId, link->clientId, index.data(MismatchListQuery::KindsRole).toList(),
        index.data(MismatchListQuery::IntendedRole).toInt(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose); // its mark reaches this view as a notice
    dialog->open();
}

void MismatchesView::clearIntended()
{
    const auto link = currentLink();
    if (!link)
        return;
    m_session->save(
        [u = link->userId, c = link->clientId](const DatabasePtr& db) {
            return MatchService(db).clearIntended(u, c, QString());
        },
        {ChangeNotice::marks(link->userId, link->clientId)},
        [this](const Result<void>& r) {
            if (!r) {
                showMessage(r.error().message);
                return;
            }
            showMessage({});
            refresh();
        });
}

void MismatchesView::exportRows()
{
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export to CSV"), {}, tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QString error;
    if (!m_list->exportCsv(path, &error))
        QMessageBox::warning(this, tr("Export failed"), error);
}

} // namespace accord::ui
