#include "comparewindow.h"

#include "readonly.h"

#include "comparisongrid.h"
#include "conflictdialog.h"
#include "palettestyle.h"
#include "recordsession.h"
#include "sheetoutput.h"

#include <QAction>
#include <QCoreApplication>
#include <QFrame>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

namespace accord::ui {

namespace {
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
    : QWidget(parent, Qt::Window), m_session(new RecordSession(std::move(db), this)),
      m_sheetOutput(new SheetOutput(m_session, this)), m_userId(userId), m_clientId(clientId),
      m_message(new QLabel(this)), m_userHeader(new QLabel(this)), m_clientHeader(new QLabel(this)),
      m_summary(new QLabel(this)), m_linkMark(new QLabel(this)), m_grid(new ComparisonGrid(this))
{
    setObjectName(QStringLiteral("compareWindow"));
    setWindowTitle(
        m_session->windowTitle(tr("Compare — User #%1 and Client #%2").arg(userId).arg(clientId)));

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
    connect(m_markLink, &QPushButton::clicked, this, [this] { toggleMark(QString()); });
    connect(m_grid, &ComparisonGrid::copyRequested, this,
            [this](const QString& field, MatchFrom from) {
                match({FieldChoice{field, from}});
            });
    connect(m_grid, &ComparisonGrid::markToggled, this, &CompareWindow::toggleMark);
    connect(m_sheetOutput, &SheetOutput::reported, this, &CompareWindow::showMessage);

    auto* headers = new QHBoxLayout;
    headers->addWidget(m_userHeader, 1);
    headers->addWidget(m_clientHeader, 1);
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
    guardWrites(*m_session->database(),
                QList<QObject*>{m_allFromUser, m_allFromClient, m_markLink} +
                    m_grid->writingControls());
    auto* matchButtons = new QHBoxLayout;
    matchButtons->addStretch(1);
    matchButtons->addWidget(m_allFromUser);
    matchButtons->addWidget(m_allFromClient);
    matchButtons->addStretch(1);

    auto* openUser = new QPushButton(tr("Open U&ser…"), this);
    openUser->setObjectName(QStringLiteral("openUserButton"));
    openUser->setToolTip(tr("Open the Manage User dialog of user #%1").arg(userId));
    auto* openClient = new QPushButton(tr("Open Clie&nt…"), this);
    openClient->setObjectName(QStringLiteral("openClientButton"));
    openClient->setToolTip(tr("Open the profile of client #%1").arg(clientId));
    m_sheet = new QPushButton(tr("Save &Verification Sheet…"), this);
    m_sheet->setObjectName(QStringLiteral("saveSheetButton"));
    m_sheet->setToolTip(tr("Save both records side by side as a PDF, with the database, the "
                           "time and your name"));
    m_print = new QPushButton(tr("&Print…"), this);
    m_print->setObjectName(QStringLiteral("printButton"));
    m_print->setToolTip(tr("Print the verification sheet (Ctrl+P)"));
    auto* reloadButton = new QPushButton(tr("&Reload"), this);
    reloadButton->setObjectName(QStringLiteral("reloadButton"));
    reloadButton->setToolTip(tr("Read both records from the database again (F5)"));
    auto* closeButton = new QPushButton(tr("Close"), this);
    closeButton->setObjectName(QStringLiteral("closeButton"));
    closeButton->setToolTip(tr("Close this window (Esc)"));
    connect(openUser, &QPushButton::clicked, this, [this] { emit openUserRequested(m_userId); });
    connect(openClient, &QPushButton::clicked, this,
            [this] { emit openClientRequested(m_clientId); });
    connect(m_sheet, &QPushButton::clicked, this,
            [this] { m_sheetOutput->saveAs(m_userId, m_clientId); });
    connect(m_print, &QPushButton::clicked, this, [this] {
        if (m_loaded)
            m_sheetOutput->print(m_userId, m_clientId);
    });
    connect(reloadButton, &QPushButton::clicked, this, [this] {
        m_message->hide();
        reload();
    });
    connect(closeButton, &QPushButton::clicked, this, &QWidget::close);
    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {openUser, openClient})
        buttons->addWidget(b);
    buttons->addStretch(1);
    for (QPushButton* b : {m_sheet, m_print, reloadButton, closeButton})
        buttons->addWidget(b);

    auto* scroll = new QScrollArea(this);
    scroll->setObjectName(QStringLiteral("comparedFieldsScroll"));
    scroll->setWidget(m_grid);
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
    shortcut(QKeySequence::Print, [this] {
        if (m_loaded)
            m_sheetOutput->print(m_userId, m_clientId);
    });

    // Another window's save, or a match or mark made elsewhere, shows here at once.
    connect(m_session, &RecordSession::changedElsewhere, this, [this](const ChangeNotice& n) {
        if (n.mayChangeUser(m_userId) || n.mayChangeClient(m_clientId) ||
            n.mayChangeLink(m_userId, m_clientId) ||
            (n.table == ChangeNotice::Table::Marks && n.userId == m_userId &&
             n.clientId == m_clientId))
            reload();
    });

    resize(1080, 560);
    reload();
}

CompareWindow::~CompareWindow() = default;

void CompareWindow::reload()
{
    m_session->load([u = m_userId, c = m_clientId](
                        const DatabasePtr& db) { return MatchService(db).compare(u, c); },
                    [this](const Result<Comparison>& found) {
                        m_loaded = found.ok();
                        if (found)
                            m_comparison = *found;
                        else
                            showMessage(found.error().message, true);
                        fill();
                    });
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
        setWindowTitle(m_session->windowTitle(
            tr("Compare — User #%1 %2 and Client #%3 %4")
                .arg(QString::number(u.id), u.fullName(), QString::number(c.id), c.fullName())));
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

    const bool marksKept = m_session->database()->hasDifferenceTable();
    m_grid->setComparison(m_loaded ? &m_comparison : nullptr, marksKept);
    const IntendedMark* linkMark = m_grid->markOf(QString());
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

    m_allFromUser->setEnabled(differing > 0);
    m_allFromClient->setEnabled(differing > 0);
    m_allFromUser->setToolTip(
        tr("Copy every differing field from user #%1 to client #%2").arg(m_userId).arg(m_clientId));
    m_allFromClient->setToolTip(
        tr("Copy every differing field from client #%1 to user #%2").arg(m_clientId).arg(m_userId));
    m_sheet->setEnabled(m_loaded);
    m_print->setEnabled(m_loaded);
}

void CompareWindow::showMessage(const QString& text, bool problem)
{
    m_message->setText(problem ? tr("⚠ %1").arg(text) : tr("✓ %1").arg(text));
    QPalette colours = palette();
    if (problem)
        colours.setColor(QPalette::WindowText, problemText(palette()));
    m_message->setPalette(colours);
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
    if (!m_loaded)
        return;
    m_session->load([loaded = m_comparison, choices](
                        const DatabasePtr& db) { return MatchService(db).plan(loaded, choices); },
                    [this, choices](const Result<MatchPlan>& plan) {
                        if (!plan) {
                            reload();
                            showMessage(tr("Not applied: %1").arg(plan.error().message), true);
                        } else if (plan->isEmpty()) {
                            showMessage(tr("Nothing to change: these fields are already the same."),
                                        false);
                        } else {
                            confirmAndApply(*plan, choices);
                        }
                    });
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
    m_session->save(
        [plan](const DatabasePtr& db) { return MatchService(db).apply(plan); },
        {ChangeNotice::user(m_userId), ChangeNotice::client(m_clientId)},
        [this, plan, choices](const Result<int>& written) {
            reload(); // show what is stored, whatever was refused
            if (!written) {
                showMessage(tr("Not applied, nothing was changed: %1").arg(written.error().message),
                            true);
                if (written.error().kind == Error::Kind::Conflict)
                    showConflict(written.error(), plan, choices);
                return;
            }
            showMessage(tr("Applied: %n record(s) written. Both records were "
                           "read again from the database.",
                           nullptr, *written),
                        false);
        });
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

void CompareWindow::toggleMark(const QString& field)
{
    if (!m_loaded)
        return;
    if (!m_grid->markOf(field)) {
        markIntended(field);
        return;
    }
    m_session->save(
        [u = m_userId, c = m_clientId, field](const DatabasePtr& db) {
            return MatchService(db).clearIntended(u, c, field);
        },
        {ChangeNotice::marks(m_userId, m_clientId)},
        [this, field](const Result<void>& r) {
            markChanged(
                r, field.isEmpty()
                       ? tr("The link's intended mark is cleared.")
                       : tr("The intended mark on %1 is cleared.").arg(comparedFieldLabel(field)));
        });
}

void CompareWindow::markIntended(const QString& field)
{
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
        m_session->save(
            [u = m_userId, c = m_clientId, field, note = note.trimmed(),
             seen = m_comparison](const DatabasePtr& db) {
                return MatchService(db).markIntended(u, c, field, note, &seen);
            },
            {ChangeNotice::marks(m_userId, m_clientId)},
            [this, field](const Result<void>& r) {
                markChanged(r,
                            field.isEmpty()
                                ? tr("The link is marked as intended.")
                                : tr("%1 is marked as intended.").arg(comparedFieldLabel(field)));
            });
    });
    ask->open();
}

void CompareWindow::markChanged(const Result<void>& result, const QString& done)
{
    reload();
    if (!result)
        showMessage(result.error().message, true);
    else
        showMessage(done, false);
}

bool CompareWindow::saveVerificationSheetTo(const QString& pdfPath)
{
    return m_sheetOutput->saveTo(pdfPath, m_userId, m_clientId);
}

} // namespace accord::ui
