#pragma once

#include "models/activitylistquery.h"
#include "models/lazylistmodel.h"

#include <QWidget>

class QLineEdit;

namespace accord::ui {

class ListView;

// The Activity Log: newest first, filtered by user id, client id and text (the list's
// search box). Copy and CSV export come from the ListView inside.
class ActivityLogView : public QWidget
{
    Q_OBJECT
public:
    ActivityLogView(LazyListModel* model, QWidget* parent = nullptr);

    ListView* list() const { return m_list; }
    LazyListModel* model() const;
    QLineEdit* userIdFilter() const { return m_userId; }
    QLineEdit* clientIdFilter() const { return m_clientId; }
    QLineEdit* textFilter() const;
    ActivityFilter filter() const;
    void setFilter(const ActivityFilter& filter); // fills the fields and applies

private:
    void apply();
    ListView* m_list;
    QLineEdit* m_userId;
    QLineEdit* m_clientId;
};

} // namespace accord::ui
