#include "activitylogview.h"

#include "fielderrors.h"
#include "listview.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QTableView>
#include <QVBoxLayout>

namespace accord::ui {

ActivityLogView::ActivityLogView(LazyListModel* model, QWidget* parent)
    : QWidget(parent),
      m_list(new ListView(model, tr("Text in the description or who acted"), this)),
      m_userId(new QLineEdit(this)), m_clientId(new QLineEdit(this))
{
    setObjectName(QStringLiteral("activityLogView"));
    m_list->setObjectName(QStringLiteral("activityList"));
    // The list's search box is the text filter; this view combines it with the ids.
    QLineEdit* text = m_list->searchBox();
    disconnect(text, &QLineEdit::textChanged, model, &LazyListModel::setSearch);
    connect(text, &QLineEdit::textChanged, this, &ActivityLogView::apply);

    auto* digits =
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{0,18}")), this);
    m_userId->setObjectName(QStringLiteral("userIdFilter"));
    m_userId->setValidator(digits);
    m_userId->setPlaceholderText(tr("any"));
    m_userId->setClearButtonEnabled(true);
    m_userId->setMaximumWidth(120);
    m_clientId->setObjectName(QStringLiteral("clientIdFilter"));
    m_clientId->setValidator(digits);
    m_clientId->setPlaceholderText(tr("any"));
    m_clientId->setClearButtonEnabled(true);
    m_clientId->setMaximumWidth(120);
    connect(m_userId, &QLineEdit::textChanged, this, &ActivityLogView::apply);
    connect(m_clientId, &QLineEdit::textChanged, this, &ActivityLogView::apply);

    // In a widget of its own so the row takes the same margins as the list below it.
    auto* filterRow = new QWidget(this);
    auto* filters = new QHBoxLayout(filterRow);
    filters->setContentsMargins(filters->contentsMargins().left(), filters->contentsMargins().top(),
                                filters->contentsMargins().right(), 0);
    filters->addWidget(buddyLabel(tr("User &ID:"), m_userId, filterRow));
    filters->addWidget(m_userId);
    filters->addSpacing(12);
    filters->addWidget(buddyLabel(tr("Client I&D:"), m_clientId, filterRow));
    filters->addWidget(m_clientId);
    filters->addStretch(1);

    QTableView* table = m_list->table();
    table->setSortingEnabled(true);
    table->horizontalHeader()->setStretchLastSection(false);
    table->horizontalHeader()->setSectionResizeMode(ActivityListQuery::Description,
                                                    QHeaderView::Stretch);
    table->setColumnWidth(ActivityListQuery::Date, 150);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(filterRow);
    layout->addWidget(m_list, 1);
    setFocusProxy(text);
}

LazyListModel* ActivityLogView::model() const
{
    return m_list->model();
}

QLineEdit* ActivityLogView::textFilter() const
{
    return m_list->searchBox();
}

ActivityFilter ActivityLogView::filter() const
{
    return {m_userId->text().toLongLong(), m_clientId->text().toLongLong(),
            m_list->searchBox()->text()};
}

void ActivityLogView::setFilter(const ActivityFilter& filter)
{
    m_userId->setText(filter.userId ? QString::number(filter.userId) : QString());
    m_clientId->setText(filter.clientId ? QString::number(filter.clientId) : QString());
    m_list->searchBox()->setText(filter.text);
    apply();
}

void ActivityLogView::apply()
{
    model()->setSearch(filter().toSearch());
}

} // namespace accord::ui
