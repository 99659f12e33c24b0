#include "useraccountspanel.h"

#include "fielderrors.h"
#include "recordsession.h"
#include "services/clientservice.h"
#include "services/userservice.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QPushButton>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>

#include <algorithm>
#include <functional>

namespace accord::ui {

namespace {
enum AccountColumn { AccountId, ClientName, CompanyName, Owner, AccountColumnCount };
constexpr int clientIdRole = Qt::UserRole + 1;

// Enter on the accounts table opens the client instead of pressing a dialog button.
class EnterOpens : public QObject
{
public:
    EnterOpens(QObject* parent, std::function<void()> open)
        : QObject(parent), m_open(std::move(open))
    {
    }
    bool eventFilter(QObject*, QEvent* e) override
    {
        if (e->type() == QEvent::KeyPress) {
            const int key = static_cast<QKeyEvent*>(e)->key();
            if (key == Qt::Key_Return || key == Qt::Key_Enter) {
                m_open();
                return true;
            }
        }
        return false;
    }

private:
    std::function<void()> m_open;
};

QList<QStandardItem*> rowFor(const Access& link, const std::optional<ClientAccount>& client)
{
    QList<QStandardItem*> row;
    auto* id = new QStandardItem(QString::number(link.clientId));
    id->setData(QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter), Qt::TextAlignmentRole);
    row << id;
    row << new QStandardItem(client ? client->fullName()
                                    : UserAccountsPanel::tr("(client not found)"));
    row << new QStandardItem(client ? client->companyName() : QString());
    row << new QStandardItem(link.owner ? UserAccountsPanel::tr("✓ Owner") : QString());
    for (QStandardItem* item : row)
        item->setData(link.clientId, clientIdRole);
    return row;
}
} // namespace

UserAccountsPanel::UserAccountsPanel(RecordSession* session, qint64 userId, QWidget* parent)
    : QWidget(parent), m_session(session), m_userId(userId),
      m_model(new QStandardItemModel(0, AccountColumnCount, this)), m_table(new QTableView(this))
{
    m_notice = new QFrame(this);
    m_notice->setObjectName(QStringLiteral("comparedNotice"));
    m_notice->setFrameShape(QFrame::StyledPanel);
    m_noticeText = new QLabel(m_notice);
    m_noticeText->setObjectName(QStringLiteral("comparedNoticeText"));
    m_noticeText->setWordWrap(true);
    auto* dismiss = new QPushButton(tr("D&ismiss"), m_notice);
    dismiss->setObjectName(QStringLiteral("dismissNoticeButton"));
    dismiss->setAutoDefault(false);
    // One Compare button per linked client (fillNoticeCompare()).
    m_noticeCompare = new QWidget(m_notice);
    m_noticeCompare->setObjectName(QStringLiteral("comparedNoticeCompare"));
    auto* noticeText = new QVBoxLayout;
    noticeText->addWidget(m_noticeText);
    noticeText->addWidget(m_noticeCompare);
    auto* noticeLayout = new QHBoxLayout(m_notice);
    noticeLayout->addLayout(noticeText, 1);
    noticeLayout->addWidget(dismiss, 0, Qt::AlignTop);
    m_notice->hide();
    connect(dismiss, &QPushButton::clicked, m_notice, &QWidget::hide);

    m_model->setHorizontalHeaderLabels(
        {tr("ID"), tr("Client Name"), tr("Company Name"), tr("Owner")});
    m_table->setObjectName(QStringLiteral("accounts"));
    m_table->setModel(m_model);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setTabKeyNavigation(false);
    auto open = [this] {
        if (const qint64 id = currentClient())
            emit openClientRequested(id);
    };
    m_table->installEventFilter(new EnterOpens(this, open));
    connect(m_table, &QTableView::doubleClicked, this, open);
    auto* label = buddyLabel(tr("Client &Accounts:"), m_table, this);
    m_openClient = new QPushButton(tr("&Open Client Profile"), this);
    m_openClient->setObjectName(QStringLiteral("openClientButton"));
    connect(m_openClient, &QPushButton::clicked, this, open);
    m_compare = new QPushButton(tr("Co&mpare…"), this);
    m_compare->setObjectName(QStringLiteral("compareButton"));
    m_compare->setToolTip(tr("Compare this user's details with the selected client account's"));
    connect(m_compare, &QPushButton::clicked, this, [this] {
        if (const qint64 id = currentClient())
            emit compareRequested(id);
    });
    m_sheet = new QPushButton(tr("Verification S&heet…"), this);
    m_sheet->setObjectName(QStringLiteral("verificationSheetButton"));
    m_sheet->setToolTip(tr("Save this user and every client account they can access side by "
                           "side as a PDF"));
    connect(m_sheet, &QPushButton::clicked, this, &UserAccountsPanel::sheetRequested);
    for (QPushButton* b : {m_openClient, m_compare, m_sheet})
        b->setAutoDefault(false);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this,
            &UserAccountsPanel::updateButtons);

    auto* header = new QHBoxLayout;
    header->addWidget(label);
    header->addStretch(1);
    header->addWidget(m_sheet);
    header->addWidget(m_compare);
    header->addWidget(m_openClient);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_notice);
    layout->addLayout(header);
    layout->addWidget(m_table, 1);
    updateButtons();
}

int UserAccountsPanel::count() const
{
    return m_model->rowCount();
}

bool UserAccountsPanel::shows(qint64 clientId) const
{
    for (int r = 0; r < m_model->rowCount(); ++r)
        if (m_model->index(r, AccountId).data(clientIdRole).toLongLong() == clientId)
            return true;
    return false;
}

qint64 UserAccountsPanel::currentClient() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? current.data(clientIdRole).toLongLong() : 0;
}

void UserAccountsPanel::reload()
{
    m_session->load([u = m_userId](const DatabasePtr& db) { return UserService(db).clientsOf(u); },
                    [this](const Result<QList<LinkedClient>>& linked) {
                        m_model->removeRows(0, m_model->rowCount());
                        if (!linked) {
                            emit messageChanged(linked.error().message);
                        } else {
                            for (const LinkedClient& l : *linked)
                                m_model->appendRow(rowFor(l.link, l.client));
                            m_table->resizeColumnsToContents();
                            if (m_model->rowCount() > 0)
                                m_table->setCurrentIndex(m_model->index(0, 0));
                        }
                        fillNoticeCompare();
                        updateButtons();
                        emit rowsChanged();
                    });
}

void UserAccountsPanel::reloadClient(qint64 clientId)
{
    m_session->load(
        [clientId](const DatabasePtr& db) { return ClientService(db).find(clientId); },
        [this, clientId](const Result<ClientAccount>& client) {
            for (int r = 0; r < m_model->rowCount(); ++r) {
                if (m_model->index(r, AccountId).data(clientIdRole).toLongLong() != clientId)
                    continue;
                m_model->item(r, ClientName)
                    ->setText(client ? client->fullName() : tr("(client not found)"));
                m_model->item(r, CompanyName)->setText(client ? client->companyName() : QString());
            }
            fillNoticeCompare();
        });
}

void UserAccountsPanel::updateButtons()
{
    const bool selected = m_table->currentIndex().isValid();
    m_openClient->setEnabled(selected);
    m_compare->setEnabled(selected);
}

void UserAccountsPanel::setSheetEnabled(bool enabled)
{
    m_sheet->setEnabled(enabled);
}

void UserAccountsPanel::showSeparateDetailsNotice()
{
    const int links = m_model->rowCount();
    m_noticeText->setText(
        links > 0 ? tr("Saved. Client details are separate: the %n client account(s) this user can "
                       "access keep their own name, email and language. Update each client's "
                       "Profile if they should match (double-click an account below to open it).",
                       nullptr, links)
                  : tr("Saved. Client details are separate from the user's and are not changed."));
    m_notice->show();
}

void UserAccountsPanel::fillNoticeCompare()
{
    delete m_noticeCompare->layout();
    qDeleteAll(m_noticeCompare->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly));
    auto* layout = new QHBoxLayout(m_noticeCompare);
    layout->setContentsMargins(0, 0, 0, 0);
    // A few buttons at most; with more accounts, Compare works on the selected one.
    const int shown = std::min(m_model->rowCount(), 4);
    for (int row = 0; row < shown; ++row) {
        const qint64 clientId = m_model->index(row, AccountId).data(clientIdRole).toLongLong();
        const QString name = m_model->index(row, ClientName).data().toString();
        auto* button = new QPushButton(tr("Compare #%1…").arg(clientId), m_noticeCompare);
        button->setObjectName(QStringLiteral("compareClient%1Button").arg(clientId));
        button->setAutoDefault(false);
        button->setAccessibleName(tr("Compare with client #%1 %2").arg(clientId).arg(name));
        button->setToolTip(tr("Compare this user's details with client #%1 (%2), side by side")
                               .arg(clientId)
                               .arg(name));
        connect(button, &QPushButton::clicked, this,
                [this, clientId] { emit compareRequested(clientId); });
        layout->addWidget(button);
    }
    if (m_model->rowCount() > shown) {
        auto* more = new QLabel(tr("and %n more: select an account below and press Compare.",
                                   nullptr, m_model->rowCount() - shown),
                                m_noticeCompare);
        more->setWordWrap(true);
        layout->addWidget(more, 1);
    }
    layout->addStretch(1);
    m_noticeCompare->setVisible(shown > 0);
}

} // namespace accord::ui
