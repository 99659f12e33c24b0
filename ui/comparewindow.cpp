#include "comparewindow.h"

#include "comparedvalue.h"
#include "conflictdialog.h"
#include "models/changenotifier.h"
#include "verificationsheet.h"

#include <QAction>
#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPainter>
#include <QPainterPath>
#include <QPrintDialog>
#include <QPrinter>
#include <QPushButton>
#include <QScrollArea>
#include <QStandardPaths>
#include <QVBoxLayout>

namespace accord::ui {

namespace {
using Kind = FieldDifference::Kind;

enum Column {
    FieldColumn,
    UserColumn,
    ToClientColumn,
    ToUserColumn,
    ClientColumn,
    IconColumn,
    KindColumn,
    MarkColumn,
    ColumnCount
};

const QColor darkText(0x1a, 0x1a, 0x1a);

// Row backgrounds: light enough for dark text, distinct per kind. The kind is also an icon
// and words, so nothing relies on colour alone.
QColor rowColor(Kind kind)
{
    switch (kind) {
    case Kind::CaseOrSpace:
        return QColor(0xff, 0xf6, 0xc2);
    case Kind::EmptySide:
        return QColor(0xff, 0xe6, 0xc4);
    case Kind::Differs:
        break;
    }
    return QColor(0xfd, 0xdc, 0xd8);
}

// A small round badge: a green tick for the same value, else a coloured sign per kind
// (drawn, so it looks the same under every style and icon theme).
QPixmap kindIcon(const FieldDifference* difference, qreal ratio)
{
    const bool same = !difference; // equal values: a tick
    const Kind kind = difference ? difference->kind : Kind::Differs;
    const int size = 16;
    QPixmap pixmap(QSize(size, size) * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QPainter p(&pixmap);
    p.setRenderHint(QPainter::Antialiasing);
    QColor fill(0x2e, 0x7d, 0x32);
    if (!same && kind == Kind::Differs)
        fill = QColor(0xc6, 0x28, 0x28);
    else if (!same && kind == Kind::EmptySide)
        fill = QColor(0xd8, 0x4a, 0x00);
    else if (!same && kind == Kind::CaseOrSpace)
        fill = QColor(0x8a, 0x6a, 0x00);
    p.setPen(Qt::NoPen);
    p.setBrush(fill);
    p.drawEllipse(QRectF(0.5, 0.5, size - 1, size - 1));
    QPen pen(Qt::white, 2.0, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p.setPen(pen);
    p.setBrush(Qt::NoBrush);
    if (same) { // a tick
        QPainterPath tick;
        tick.moveTo(4.5, 8.5);
        tick.lineTo(7, 11);
        tick.lineTo(11.5, 5.5);
        p.drawPath(tick);
    } else if (kind == Kind::Differs) { // "≠"
        p.drawLine(QPointF(4.5, 6.5), QPointF(11.5, 6.5));
        p.drawLine(QPointF(4.5, 9.5), QPointF(11.5, 9.5));
        p.setPen(QPen(Qt::white, 1.6, Qt::SolidLine, Qt::RoundCap));
        p.drawLine(QPointF(10, 3.5), QPointF(6, 12.5));
    } else if (kind == Kind::EmptySide) { // "–": nothing on one side
        p.drawLine(QPointF(4.5, 8), QPointF(11.5, 8));
    } else { // "~": case or spacing
        QPainterPath wave;
        wave.moveTo(4, 9);
        wave.cubicTo(6, 5, 8, 11, 12, 7);
        p.drawPath(wave);
    }
    return pixmap;
}

QString html(const QString& s)
{
    return s.toHtmlEscaped();
}

QString localDate(const QDateTime& utc)
{
    return utc.isValid() ? QLocale().toString(utc.toLocalTime(), QLocale::ShortFormat)
                         : CompareWindow::tr("never");
}

} // namespace

CompareWindow::CompareWindow(DatabasePtr db, qint64 userId, qint64 clientId, QWidget* parent)
    : QWidget(parent, Qt::Window), m_db(std::move(db)), m_userId(userId), m_clientId(clientId),
      m_message(new QLabel(this)), m_userHeader(new QLabel(this)), m_clientHeader(new QLabel(this)),
      m_summary(new QLabel(this)), m_userColumn(new QLabel(this)), m_clientColumn(new QLabel(this)),
      m_linkMark(new QLabel(this))
{
    setObjectName(QStringLiteral("compareWindow"));
    setWindowTitle(tr("Compare — User #%1 and Client #%2").arg(userId).arg(clientId));

    m_message->setObjectName(QStringLiteral("message"));
    m_message->setWordWrap(true);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_message->setFrameShape(QFrame::StyledPanel);
    m_message->setMargin(6);
    m_message->hide();

    for (QLabel* header : {m_userHeader, m_clientHeader}) {
        header->setTextFormat(Qt::RichText);
        header->setWordWrap(true);
        header->setTextInteractionFlags(Qt::TextSelectableByMouse);
        header->setFrameShape(QFrame::StyledPanel);
        header->setMargin(8);
        header->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    }
    m_userHeader->setObjectName(QStringLiteral("userHeader"));
    m_clientHeader->setObjectName(QStringLiteral("clientHeader"));
    m_summary->setObjectName(QStringLiteral("summary"));
    m_summary->setWordWrap(true);
    m_linkMark->setObjectName(QStringLiteral("linkMark"));
    m_linkMark->setWordWrap(true);
    m_linkMark->setTextFormat(Qt::PlainText);
    m_markLink = new QPushButton(this);
    m_markLink->setObjectName(QStringLiteral("markLinkButton"));
    connect(m_markLink, &QPushButton::clicked, this, [this] {
        if (markOf(QString()))
            clearIntended(QString());
        else
            markIntended(QString());
    });

    auto* headers = new QHBoxLayout;
    headers->addWidget(m_userHeader, 1);
    headers->addWidget(m_clientHeader, 1);

    auto* table = new QWidget(this);
    table->setObjectName(QStringLiteral("comparedFields"));
    auto* grid = new QGridLayout(table);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(2);
    buildRows(grid);

    auto* markRow = new QHBoxLayout;
    markRow->addWidget(m_summary, 1);
    markRow->addWidget(m_markLink);

    m_allFromUser = new QPushButton(tr("Match All from &User →"), this);
    m_allFromUser->setObjectName(QStringLiteral("matchAllFromUserButton"));
    m_allFromClient = new QPushButton(tr("← Match All from &Client"), this);
    m_allFromClient->setObjectName(QStringLiteral("matchAllFromClientButton"));
    m_allFromUser->setAccessibleName(tr("Match all from user"));
    m_allFromClient->setAccessibleName(tr("Match all from client"));
    connect(m_allFromUser, &QPushButton::clicked, this, [this] { matchAll(MatchFrom::User); });
    connect(m_allFromClient, &QPushButton::clicked, this, [this] { matchAll(MatchFrom::Client); });
    auto* matchButtons = new QHBoxLayout;
    matchButtons->addStretch(1);
    matchButtons->addWidget(m_allFromUser);
    matchButtons->addWidget(m_allFromClient);
    matchButtons->addStretch(1);

    m_openUser = new QPushButton(tr("Open U&ser…"), this);
    m_openUser->setObjectName(QStringLiteral("openUserButton"));
    m_openUser->setToolTip(tr("Open the Manage User dialog of user #%1").arg(userId));
    m_openClient = new QPushButton(tr("Open Clie&nt…"), this);
    m_openClient->setObjectName(QStringLiteral("openClientButton"));
    m_openClient->setToolTip(tr("Open the profile of client #%1").arg(clientId));
    m_sheet = new QPushButton(tr("Save &Verification Sheet…"), this);
    m_sheet->setObjectName(QStringLiteral("saveSheetButton"));
    m_sheet->setToolTip(tr("Save both records side by side as a PDF, with the database, the "
                           "time and your name"));
    m_print = new QPushButton(tr("&Print…"), this);
    m_print->setObjectName(QStringLiteral("printButton"));
    m_print->setToolTip(tr("Print the verification sheet (Ctrl+P)"));
    m_reload = new QPushButton(tr("&Reload"), this);
    m_reload->setObjectName(QStringLiteral("reloadButton"));
    m_reload->setToolTip(tr("Read both records from the database again (F5)"));
    m_close = new QPushButton(tr("Close"), this);
    m_close->setObjectName(QStringLiteral("closeButton"));
    m_close->setToolTip(tr("Close this window (Esc)"));
    connect(m_openUser, &QPushButton::clicked, this, [this] { emit openUserRequested(m_userId); });
    connect(m_openClient, &QPushButton::clicked, this,
            [this] { emit openClientRequested(m_clientId); });
    connect(m_sheet, &QPushButton::clicked, this, &CompareWindow::saveVerificationSheet);
    connect(m_print, &QPushButton::clicked, this, &CompareWindow::print);
    connect(m_reload, &QPushButton::clicked, this, [this] {
        m_message->hide();
        reload();
    });
    connect(m_close, &QPushButton::clicked, this, &QWidget::close);
    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {m_openUser, m_openClient})
        buttons->addWidget(b);
    buttons->addStretch(1);
    for (QPushButton* b : {m_sheet, m_print, m_reload, m_close})
        buttons->addWidget(b);

    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("comparedFieldsScroll"));
    scroll->setWidget(table);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_message);
    layout->addLayout(headers);
    layout->addLayout(markRow);
    layout->addWidget(m_linkMark);
    layout->addWidget(scroll, 1);
    layout->addLayout(matchButtons);
    layout->addSpacing(4);
    layout->addLayout(buttons);

    auto shortcut = [this](const QKeySequence& keys, auto slot) {
        auto* action = new QAction(this);
        action->setShortcut(keys);
        action->setShortcutContext(Qt::WindowShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
    };
    shortcut(QKeySequence(Qt::Key_Escape), [this] { close(); });
    shortcut(QKeySequence::Close, [this] { close(); });
    shortcut(QKeySequence::Refresh, [this] { reload(); });
    shortcut(QKeySequence::Print, [this] { print(); });

    // Another window's save, or a match made elsewhere, shows here at once.
    connect(ChangeNotifier::instance(), &ChangeNotifier::changed, this,
            [this](ChangeNotifier::Record record, qint64 id) {
                if (m_applying)
                    return;
                if ((record == ChangeNotifier::Record::User && id != m_userId && id != 0) ||
                    (record == ChangeNotifier::Record::Client && id != m_clientId && id != 0))
                    return;
                reload();
            });

    resize(1080, 560);
    reload();
}

CompareWindow::~CompareWindow() = default;

void CompareWindow::buildRows(QGridLayout* grid)
{
    auto heading = [this](QLabel* label, const QString& text) {
        if (!label)
            label = new QLabel(this);
        label->setText(text);
        QFont bold = label->font();
        bold.setBold(true);
        label->setFont(bold);
        return label;
    };
    grid->addWidget(heading(nullptr, tr("Field")), 0, FieldColumn);
    grid->addWidget(heading(m_userColumn, tr("User")), 0, UserColumn);
    grid->addWidget(heading(nullptr, tr("Copy")), 0, ToClientColumn, 1, 2, Qt::AlignHCenter);
    grid->addWidget(heading(m_clientColumn, tr("Client")), 0, ClientColumn);
    grid->addWidget(heading(nullptr, tr("Difference")), 0, IconColumn, 1, 2);
    m_userColumn->setObjectName(QStringLiteral("userColumnHeading"));
    m_clientColumn->setObjectName(QStringLiteral("clientColumnHeading"));

    int gridRow = 1;
    for (const auto& f : comparedFields()) {
        Row row;
        row.field = QLatin1String(f.userColumn);
        const QString name = row.field;
        const QString label = comparedFieldLabel(row.field);
        // The row's background sits under its cells (added first, so painted first).
        row.background = new QFrame(this);
        row.background->setObjectName(name + QStringLiteral("Row"));
        row.background->setFrameShape(QFrame::NoFrame);
        grid->addWidget(row.background, gridRow, 0, 2, ColumnCount);

        row.label = new QLabel(label, this);
        row.label->setObjectName(name + QStringLiteral("Label"));
        QFont bold = row.label->font();
        bold.setBold(true);
        row.label->setFont(bold);
        row.userValue = new QLabel(this);
        row.clientValue = new QLabel(this);
        for (QLabel* value : {row.userValue, row.clientValue}) {
            value->setTextFormat(Qt::PlainText);
            value->setWordWrap(true);
            value->setMinimumWidth(160);
            value->setTextInteractionFlags(Qt::TextSelectableByMouse |
                                           Qt::TextSelectableByKeyboard);
        }
        row.userValue->setObjectName(name + QStringLiteral("UserValue"));
        row.userValue->setAccessibleName(tr("User's %1").arg(label));
        row.clientValue->setObjectName(name + QStringLiteral("ClientValue"));
        row.clientValue->setAccessibleName(tr("Client's %1").arg(label));

        row.toClient = new QPushButton(tr("Use user's →"), this);
        row.toClient->setObjectName(name + QStringLiteral("ToClientButton"));
        row.toClient->setAccessibleName(tr("Use the user's %1 for the client").arg(label));
        row.toUser = new QPushButton(tr("← Use client's"), this);
        row.toUser->setObjectName(name + QStringLiteral("ToUserButton"));
        row.toUser->setAccessibleName(tr("Use the client's %1 for the user").arg(label));
        const QString field = row.field;
        connect(row.toClient, &QPushButton::clicked, this, [this, field] {
            match({FieldChoice{field, MatchFrom::User}});
        });
        connect(row.toUser, &QPushButton::clicked, this, [this, field] {
            match({FieldChoice{field, MatchFrom::Client}});
        });

        row.icon = new QLabel(this);
        row.icon->setObjectName(name + QStringLiteral("Icon"));
        row.icon->setFixedSize(18, 18);
        row.icon->setAlignment(Qt::AlignCenter);
        row.kind = new QLabel(this);
        row.kind->setObjectName(name + QStringLiteral("Kind"));
        row.kind->setMinimumWidth(120);
        row.mark = new QPushButton(this);
        row.mark->setObjectName(name + QStringLiteral("MarkButton"));
        connect(row.mark, &QPushButton::clicked, this, [this, field] {
            if (markOf(field))
                clearIntended(field);
            else
                markIntended(field);
        });
        row.note = new QLabel(this);
        row.note->setObjectName(name + QStringLiteral("Note"));
        row.note->setTextFormat(Qt::PlainText);
        row.note->setWordWrap(true);
        row.note->hide();

        const int m = 6; // the cells' inset inside the row's background
        row.label->setContentsMargins(m, m, 0, m);
        grid->addWidget(row.label, gridRow, FieldColumn);
        grid->addWidget(row.userValue, gridRow, UserColumn);
        grid->addWidget(row.toClient, gridRow, ToClientColumn);
        grid->addWidget(row.toUser, gridRow, ToUserColumn);
        grid->addWidget(row.clientValue, gridRow, ClientColumn);
        grid->addWidget(row.icon, gridRow, IconColumn);
        grid->addWidget(row.kind, gridRow, KindColumn);
        grid->addWidget(row.mark, gridRow, MarkColumn);
        row.note->setContentsMargins(0, 0, m, m);
        grid->addWidget(row.note, gridRow + 1, UserColumn, 1, ColumnCount - UserColumn);
        // Tab follows the row as it reads: user's value, the two copies, client's value, mark.
        setTabOrder(row.userValue, row.toClient);
        setTabOrder(row.toClient, row.toUser);
        setTabOrder(row.toUser, row.clientValue);
        setTabOrder(row.clientValue, row.mark);
        m_rows << row;
        gridRow += 2;
    }
    grid->setColumnStretch(UserColumn, 1);
    grid->setColumnStretch(ClientColumn, 1);
    grid->setRowStretch(gridRow, 1);
}

const IntendedMark* CompareWindow::markOf(const QString& field) const
{
    if (!m_loaded)
        return nullptr;
    for (const IntendedMark& m : m_comparison.marks)
        if (m.field == field)
            return &m;
    return nullptr;
}

void CompareWindow::reload()
{
    auto found = MatchService(m_db).compare(m_userId, m_clientId);
    if (!found) {
        m_loaded = false;
        showMessage(found.error().message, true);
    } else {
        m_comparison = *found;
        m_loaded = true;
    }
    fill();
}

void CompareWindow::fill()
{
    const User& u = m_comparison.user;
    const ClientAccount& c = m_comparison.client;
    if (m_loaded) {
        QStringList state;
        state << (u.emailVerifiedAt.isValid() ? tr("email verified") : tr("email not verified"));
        state << (u.twoFactorEnabled ? tr("two-factor on") : tr("two-factor off"));
        state << tr("last login %1").arg(localDate(u.lastLogin));
        m_userHeader->setText(
            tr("<b>User #%1</b> (login)<br>%2<br>%3<br><small>%4</small>")
                .arg(u.id)
                .arg(html(u.fullName()), html(u.email), html(state.join(QStringLiteral(" · ")))));
        QString client = html(c.fullName());
        if (!c.companyName().isEmpty())
            client += QStringLiteral(" · ") + html(c.companyName());
        const QString role = m_comparison.owner ? tr("this user is the owner")
                                                : tr("this user has access (not the owner)");
        m_clientHeader->setText(
            tr("<b>Client #%1</b> (account)<br>%2<br>%3<br><small>%4 · status %5</small>")
                .arg(c.id)
                .arg(client, html(c.email()), html(role), html(c.value(QStringLiteral("status")))));
        m_userColumn->setText(tr("User #%1").arg(u.id));
        m_clientColumn->setText(tr("Client #%1").arg(c.id));
        setWindowTitle(
            tr("Compare — User #%1 %2 and Client #%3 %4")
                .arg(QString::number(u.id), u.fullName(), QString::number(c.id), c.fullName()));
    } else {
        m_userHeader->setText(tr("<b>User #%1</b>").arg(m_userId));
        m_clientHeader->setText(tr("<b>Client #%1</b>").arg(m_clientId));
    }
    m_userHeader->setAccessibleName(tr("User #%1").arg(m_userId));
    m_clientHeader->setAccessibleName(tr("Client #%1").arg(m_clientId));

    const int total = int(comparedFields().size());
    const int differing = m_loaded ? int(m_comparison.differences.size()) : 0;
    QString summary;
    if (!m_loaded)
        summary = tr("Not compared.");
    else if (differing == 0)
        summary = tr("✓ All %1 compared fields are the same.").arg(total);
    else
        summary = tr("%1 of %2 compared fields differ.").arg(differing).arg(total);
    m_summary->setText(summary);

    const bool marksKept = m_db->hasDifferenceTable();
    const IntendedMark* linkMark = markOf(QString());
    if (linkMark) {
        QString text = linkMark->note.isEmpty()
                           ? tr("This link is marked as intended")
                           : tr("This link is marked as intended: “%1”").arg(linkMark->note);
        text += tr(" — %1, %2. It is left out of the Mismatches report until either side "
                   "changes.")
                    .arg(linkMark->markedBy, localDate(linkMark->markedAt));
        m_linkMark->setText(text);
    }
    m_linkMark->setVisible(linkMark != nullptr);
    m_markLink->setText(linkMark ? tr("Clear Link &Mark") : tr("&Mark Link as Intended…"));
    m_markLink->setEnabled(m_loaded && marksKept && (linkMark || differing > 0));
    m_markLink->setToolTip(!marksKept ? tr("This database has no Accord tables to keep marks in.")
                           : linkMark ? tr("Show this link in the Mismatches report again")
                                      : tr("Record that this user and client are meant to "
                                           "differ, with a note"));

    for (Row& row : m_rows)
        fillRow(row);
    m_allFromUser->setEnabled(differing > 0);
    m_allFromClient->setEnabled(differing > 0);
    m_allFromUser->setToolTip(
        tr("Copy every differing field from user #%1 to client #%2").arg(m_userId).arg(m_clientId));
    m_allFromClient->setToolTip(
        tr("Copy every differing field from client #%1 to user #%2").arg(m_clientId).arg(m_userId));
    m_sheet->setEnabled(m_loaded);
    m_print->setEnabled(m_loaded);
}

void CompareWindow::fillRow(Row& row)
{
    const FieldDifference* d = m_loaded ? m_comparison.difference(row.field) : nullptr;
    const QString label = comparedFieldLabel(row.field);
    const bool spaces = d && d->kind == Kind::CaseOrSpace;
    const QString userValue =
        m_loaded ? comparedUserValue(m_comparison.user, row.field) : QString();
    const QString clientValue =
        m_loaded ? comparedClientValue(m_comparison.client, row.field) : QString();
    row.userValue->setText(m_loaded ? comparedValueText(row.field, userValue, spaces) : QString());
    row.clientValue->setText(m_loaded ? comparedValueText(row.field, clientValue, spaces)
                                      : QString());
    const QString spacesNote =
        spaces ? tr("Spaces at either end or doubled are shown as ·.") : QString();
    row.userValue->setToolTip(spacesNote);
    row.clientValue->setToolTip(spacesNote);

    const QString kindText = !m_loaded ? QString()
                             : d       ? FieldDifference::kindLabel(d->kind)
                                       : tr("Same");
    const IntendedMark* mark = markOf(row.field);
    row.kind->setText(mark ? tr("%1 (intended)").arg(kindText) : kindText);
    row.icon->setPixmap(m_loaded ? kindIcon(d, devicePixelRatioF()) : QPixmap());
    row.icon->setAccessibleName(kindText);
    row.icon->setToolTip(kindText);

    // Colour, with dark text on it whatever the desktop's colours are.
    row.background->setAutoFillBackground(d != nullptr);
    QPalette background;
    if (d)
        background.setColor(QPalette::Window, rowColor(d->kind));
    row.background->setPalette(background);
    QPalette text;
    if (d)
        for (auto group : {QPalette::Active, QPalette::Inactive, QPalette::Disabled}) {
            text.setColor(group, QPalette::WindowText, darkText);
            text.setColor(group, QPalette::Text, darkText);
        }
    for (QLabel* l : {row.label, row.userValue, row.clientValue, row.kind, row.note})
        l->setPalette(text);
    QFont kindFont = row.kind->font();
    kindFont.setBold(d != nullptr);
    row.kind->setFont(kindFont);

    const QString description =
        d ? tr("%1 differs (%2): user %3, client %4")
                .arg(label, kindText, comparedValueText(row.field, userValue, spaces),
                     comparedValueText(row.field, clientValue, spaces))
          : tr("%1 is the same on both sides").arg(label);
    row.toClient->setEnabled(d != nullptr);
    row.toUser->setEnabled(d != nullptr);
    row.toClient->setAccessibleDescription(description);
    row.toUser->setAccessibleDescription(description);
    row.toClient->setToolTip(d ? tr("Copy the user's %1 (%2) to client #%3")
                                     .arg(label, comparedValueText(row.field, userValue, spaces),
                                          QString::number(m_clientId))
                               : tr("%1 is already the same").arg(label));
    row.toUser->setToolTip(d ? tr("Copy the client's %1 (%2) to user #%3")
                                   .arg(label, comparedValueText(row.field, clientValue, spaces),
                                        QString::number(m_userId))
                             : tr("%1 is already the same").arg(label));

    const bool marksKept = m_db->hasDifferenceTable();
    row.mark->setText(mark ? tr("Clear Mark") : tr("Mark as Intended…"));
    row.mark->setAccessibleName(mark ? tr("Clear the intended mark on %1").arg(label)
                                     : tr("Mark the %1 difference as intended").arg(label));
    row.mark->setEnabled(marksKept && (mark || d));
    row.mark->setToolTip(!marksKept ? tr("This database has no Accord tables to keep marks in.")
                         : mark     ? tr("Show this difference in the Mismatches report again")
                         : d        ? tr("Record that this difference is meant, with a note")
                                    : tr("%1 is the same on both sides").arg(label));
    if (mark) {
        QString note = mark->note.isEmpty() ? tr("Marked as intended")
                                            : tr("Marked as intended: “%1”").arg(mark->note);
        note += tr(" — %1, %2").arg(mark->markedBy, localDate(mark->markedAt));
        row.note->setText(note);
    }
    row.note->setVisible(mark != nullptr);
}

void CompareWindow::showMessage(const QString& text, bool problem)
{
    m_message->setText(problem ? tr("⚠ %1").arg(text) : tr("✓ %1").arg(text));
    m_message->setStyleSheet(problem ? QStringLiteral("QLabel { color: #8b0000; }") : QString());
    m_message->setAccessibleName(problem ? tr("Problem") : tr("Result"));
    m_message->show();
}

void CompareWindow::matchAll(MatchFrom from)
{
    QList<FieldChoice> choices;
    for (const auto& f : comparedFields())
        choices << FieldChoice{QLatin1String(f.userColumn), from};
    match(choices);
}

void CompareWindow::match(const QList<FieldChoice>& choices)
{
    if (!m_loaded || m_applying)
        return;
    auto plan = MatchService(m_db).plan(m_comparison, choices);
    if (!plan) {
        reload();
        showMessage(tr("Not applied: %1").arg(plan.error().message), true);
        return;
    }
    if (plan->isEmpty()) {
        showMessage(tr("Nothing to change: these fields are already the same."), false);
        return;
    }
    confirmAndApply(*plan, choices);
}

void CompareWindow::confirmAndApply(const MatchPlan& plan, const QList<FieldChoice>& choices)
{
    QStringList lines;
    for (const PlannedChange& change : plan.changes)
        lines << QStringLiteral("• ") + change.describe();
    auto* box =
        new QMessageBox(QMessageBox::Question, tr("Match Details"),
                        tr("Apply %n change(s) in one step?", nullptr, int(plan.changes.size())),
                        QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("confirmMatchBox"));
    box->setInformativeText(lines.join(QLatin1Char('\n')) + QStringLiteral("\n\n") +
                            tr("Each record changed gets a line in the activity log. If another "
                               "session changed either record since this window read it, "
                               "nothing is written."));
    QPushButton* yes = box->addButton(tr("&Apply"), QMessageBox::AcceptRole);
    yes->setObjectName(QStringLiteral("confirmButton"));
    QPushButton* no = box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(yes);
    box->setEscapeButton(no);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::finished, this, [this, box, yes, plan, choices] {
        if (box->clickedButton() == yes)
            apply(plan, choices);
    });
    box->open();
}

void CompareWindow::apply(const MatchPlan& plan, const QList<FieldChoice>& choices)
{
    m_applying = true;
    const auto written = MatchService(m_db).apply(plan);
    m_applying = false;
    if (!written) {
        const Error error = written.error();
        reload(); // show what is stored, whatever was refused
        showMessage(tr("Not applied, nothing was changed: %1").arg(error.message), true);
        if (error.kind == Error::Kind::Conflict)
            showConflict(error, plan, choices);
        return;
    }
    m_applying = true; // this window reads once, below
    notifyOthers(true);
    m_applying = false;
    reload();
    showMessage(tr("Applied: %n record(s) written. Both records were read again from the "
                   "database.",
                   nullptr, *written),
                false);
}

void CompareWindow::showConflict(const Error& error, const MatchPlan& plan,
                                 const QList<FieldChoice>& choices)
{
    // Which record changed meanwhile: the error says.
    const bool client = error.record.kind == RecordRef::Kind::Client;
    QList<ConflictDialog::Field> fields;
    QVariantMap edits;
    if (client) {
        for (const ClientField& f : clientProfileFields())
            fields << ConflictDialog::Field{QLatin1String(f.column),
                                            QCoreApplication::translate("ClientField", f.label)};
        for (const PlannedChange& c : plan.changes)
            if (!c.onUser)
                edits.insert(QLatin1String(comparedField(c.field)->clientColumn), c.after);
    } else {
        for (const auto& f : comparedFields())
            fields << ConflictDialog::Field{QLatin1String(f.userColumn),
                                            comparedFieldLabel(QLatin1String(f.userColumn))};
        for (const PlannedChange& c : plan.changes)
            if (c.onUser)
                edits.insert(c.field, c.after);
    }
    auto* dialog = new ConflictDialog(error, fields, edits, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::finished, this, [this, choices](int choice) {
        reload();
        if (choice == ConflictDialog::Reapply)
            match(choices); // previewed again against the stored values
    });
    dialog->open();
}

void CompareWindow::markIntended(const QString& field)
{
    if (!m_loaded)
        return;
    auto* ask = new QInputDialog(this);
    ask->setObjectName(QStringLiteral("intendedNoteDialog"));
    ask->setWindowTitle(tr("Mark as Intended"));
    ask->setLabelText(
        field.isEmpty()
            ? tr("Why may user #%1 and client #%2 differ? (a note, optional)\nThe link is left "
                 "out of the Mismatches report until either side changes.")
                  .arg(m_userId)
                  .arg(m_clientId)
            : tr("Why may the %1 differ? (a note, optional)\nIt is left out of the Mismatches "
                 "report until either side changes.")
                  .arg(comparedFieldLabel(field)));
    ask->setOkButtonText(tr("&Mark as Intended"));
    ask->setAttribute(Qt::WA_DeleteOnClose);
    connect(ask, &QInputDialog::textValueSelected, this, [this, field](const QString& note) {
        markChanged(MatchService(m_db).markIntended(m_userId, m_clientId, field, note.trimmed(),
                                                    &m_comparison),
                    field.isEmpty()
                        ? tr("The link is marked as intended.")
                        : tr("%1 is marked as intended.").arg(comparedFieldLabel(field)));
    });
    ask->open();
}

void CompareWindow::clearIntended(const QString& field)
{
    markChanged(MatchService(m_db).clearIntended(m_userId, m_clientId, field),
                field.isEmpty()
                    ? tr("The link's intended mark is cleared.")
                    : tr("The intended mark on %1 is cleared.").arg(comparedFieldLabel(field)));
}

void CompareWindow::markChanged(const Result<void>& result, const QString& done)
{
    if (!result) {
        reload();
        showMessage(result.error().message, true);
        return;
    }
    notifyOthers(false);
    reload();
    showMessage(done, false);
}

void CompareWindow::notifyOthers(bool recordsChanged)
{
    ChangeNotifier* notifier = ChangeNotifier::instance();
    if (recordsChanged) {
        notifier->notify(ChangeNotifier::Record::User, m_userId);
        notifier->notify(ChangeNotifier::Record::Client, m_clientId);
    } else {
        notifier->notify(ChangeNotifier::Record::Access, m_clientId);
    }
}

bool CompareWindow::saveVerificationSheetTo(const QString& pdfPath)
{
    auto sheet = loadVerificationSheet(m_db, m_userId, m_clientId);
    if (!sheet) {
        showMessage(sheet.error().message, true);
        return false;
    }
    if (auto r = writeVerificationSheet(pdfPath, *sheet); !r) {
        showMessage(r.error().message, true);
        return false;
    }
    showMessage(tr("Verification sheet saved to %1.").arg(QDir::toNativeSeparators(pdfPath)),
                false);
    return true;
}

void CompareWindow::saveVerificationSheet()
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString suggested = QDir(folder).filePath(
        QStringLiteral("verification-user%1-client%2.pdf").arg(m_userId).arg(m_clientId));
    QString path = QFileDialog::getSaveFileName(this, tr("Save Verification Sheet"), suggested,
                                                tr("PDF files (*.pdf)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".pdf");
    saveVerificationSheetTo(path);
}

void CompareWindow::print()
{
    if (!m_loaded)
        return;
    if (!m_printer) {
        m_printer = std::make_unique<QPrinter>(QPrinter::HighResolution);
        m_printer->setPageSize(QPageSize(QPageSize::A4));
        m_printer->setDocName(
            tr("Verification sheet — user %1, client %2").arg(m_userId).arg(m_clientId));
    }
    auto* dialog = new QPrintDialog(m_printer.get(), this);
    dialog->setObjectName(QStringLiteral("printDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this] {
        auto sheet = loadVerificationSheet(m_db, m_userId, m_clientId);
        if (!sheet) {
            showMessage(sheet.error().message, true);
            return;
        }
        if (auto r = paintVerificationSheet(*m_printer, *sheet); !r)
            showMessage(r.error().message, true);
        else
            showMessage(tr("The verification sheet was sent to the printer."), false);
    });
    dialog->open();
}

} // namespace accord::ui
