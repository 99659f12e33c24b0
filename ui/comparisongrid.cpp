#include "comparisongrid.h"

#include "comparedvalue.h"
#include "palettestyle.h"

#include <QEvent>
#include <QFrame>
#include <QGridLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>

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

QLabel* bold(QLabel* label)
{
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

QString localDate(const QDateTime& utc)
{
    return utc.isValid() ? QLocale().toString(utc.toLocalTime(), QLocale::ShortFormat)
                         : ComparisonGrid::tr("never");
}
} // namespace

ComparisonGrid::ComparisonGrid(QWidget* parent)
    : QWidget(parent), m_userHeading(new QLabel(tr("User"), this)),
      m_clientHeading(new QLabel(tr("Client"), this))
{
    setObjectName(QStringLiteral("comparedFields"));
    auto* grid = new QGridLayout(this);
    grid->setHorizontalSpacing(8);
    grid->setVerticalSpacing(2);
    grid->addWidget(bold(new QLabel(tr("Field"), this)), 0, FieldColumn);
    grid->addWidget(bold(m_userHeading), 0, UserColumn);
    grid->addWidget(bold(new QLabel(tr("Copy"), this)), 0, ToClientColumn, 1, 2, Qt::AlignHCenter);
    grid->addWidget(bold(m_clientHeading), 0, ClientColumn);
    grid->addWidget(bold(new QLabel(tr("Difference"), this)), 0, IconColumn, 1, 2);
    m_userHeading->setObjectName(QStringLiteral("userColumnHeading"));
    m_clientHeading->setObjectName(QStringLiteral("clientColumnHeading"));
    int gridRow = 1;
    for (const auto& f : comparedFields()) {
        addRow(grid, QLatin1String(f.userColumn), gridRow);
        gridRow += 2;
    }
    grid->setColumnStretch(UserColumn, 1);
    grid->setColumnStretch(ClientColumn, 1);
    grid->setRowStretch(gridRow, 1);
}

void ComparisonGrid::addRow(QGridLayout* grid, const QString& field, int gridRow)
{
    Row row;
    row.field = field;
    const QString label = comparedFieldLabel(field);
    // The row's background sits under its cells (added first, so painted first).
    row.background = new QFrame(this);
    row.background->setObjectName(field + QStringLiteral("Row"));
    row.background->setFrameShape(QFrame::NoFrame);
    grid->addWidget(row.background, gridRow, 0, 2, ColumnCount);

    row.label = bold(new QLabel(label, this));
    row.label->setObjectName(field + QStringLiteral("Label"));
    row.userValue = new QLabel(this);
    row.clientValue = new QLabel(this);
    for (QLabel* value : {row.userValue, row.clientValue}) {
        value->setTextFormat(Qt::PlainText);
        value->setWordWrap(true);
        value->setMinimumWidth(160);
        value->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    }
    row.userValue->setObjectName(field + QStringLiteral("UserValue"));
    row.userValue->setAccessibleName(tr("User's %1").arg(label));
    row.clientValue->setObjectName(field + QStringLiteral("ClientValue"));
    row.clientValue->setAccessibleName(tr("Client's %1").arg(label));

    row.toClient = new QPushButton(tr("Use user's →"), this);
    row.toClient->setObjectName(field + QStringLiteral("ToClientButton"));
    row.toClient->setAccessibleName(tr("Use the user's %1 for the client").arg(label));
    row.toUser = new QPushButton(tr("← Use client's"), this);
    row.toUser->setObjectName(field + QStringLiteral("ToUserButton"));
    row.toUser->setAccessibleName(tr("Use the client's %1 for the user").arg(label));
    connect(row.toClient, &QPushButton::clicked, this,
            [this, field] { emit copyRequested(field, MatchFrom::User); });
    connect(row.toUser, &QPushButton::clicked, this,
            [this, field] { emit copyRequested(field, MatchFrom::Client); });

    row.icon = new QLabel(this);
    row.icon->setObjectName(field + QStringLiteral("Icon"));
    row.icon->setFixedSize(18, 18);
    row.icon->setAlignment(Qt::AlignCenter);
    row.kind = new QLabel(this);
    row.kind->setObjectName(field + QStringLiteral("Kind"));
    row.kind->setMinimumWidth(120);
    row.mark = new QPushButton(this);
    row.mark->setObjectName(field + QStringLiteral("MarkButton"));
    connect(row.mark, &QPushButton::clicked, this, [this, field] { emit markToggled(field); });
    row.note = new QLabel(this);
    row.note->setObjectName(field + QStringLiteral("Note"));
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
}

QList<QObject*> ComparisonGrid::writingControls() const
{
    QList<QObject*> out;
    for (const Row& row : m_rows)
        out << row.toClient << row.toUser << row.mark;
    return out;
}

const IntendedMark* ComparisonGrid::markOf(const QString& field) const
{
    if (!m_comparison)
        return nullptr;
    for (const IntendedMark& m : m_comparison->marks)
        if (m.field == field)
            return &m;
    return nullptr;
}

void ComparisonGrid::setComparison(const Comparison* comparison, bool marksKept)
{
    if (comparison)
        m_comparison = *comparison;
    else
        m_comparison.reset();
    m_marksKept = marksKept;
    m_userHeading->setText(comparison ? tr("User #%1").arg(comparison->user.id) : tr("User"));
    m_clientHeading->setText(comparison ? tr("Client #%1").arg(comparison->client.id)
                                        : tr("Client"));
    for (Row& row : m_rows)
        fillRow(row);
}

void ComparisonGrid::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange)
        for (Row& row : m_rows)
            fillRow(row);
}

void ComparisonGrid::fillRow(Row& row)
{
    const bool loaded = m_comparison.has_value();
    const FieldDifference* d = loaded ? m_comparison->difference(row.field) : nullptr;
    const QString label = comparedFieldLabel(row.field);
    const bool spaces = d && d->kind == Kind::CaseOrSpace;
    const QString userValue = loaded ? comparedUserValue(m_comparison->user, row.field) : QString();
    const QString clientValue =
        loaded ? comparedClientValue(m_comparison->client, row.field) : QString();
    row.userValue->setText(loaded ? comparedValueText(row.field, userValue, spaces) : QString());
    row.clientValue->setText(loaded ? comparedValueText(row.field, clientValue, spaces)
                                    : QString());
    const QString spacesNote =
        spaces ? tr("Spaces at either end or doubled are shown as ·.") : QString();
    row.userValue->setToolTip(spacesNote);
    row.clientValue->setToolTip(spacesNote);

    const QString kindText = !loaded ? QString()
                             : d     ? FieldDifference::kindLabel(d->kind)
                                     : tr("Same");
    const IntendedMark* mark = markOf(row.field);
    row.kind->setText(mark ? tr("%1 (intended)").arg(kindText) : kindText);
    row.icon->setPixmap(loaded ? differenceBadge(d, devicePixelRatioF()) : QPixmap());
    row.icon->setAccessibleName(kindText);
    row.icon->setToolTip(kindText);

    // A tint of the palette's own window colour: its text stays readable, light or dark.
    row.background->setAutoFillBackground(d != nullptr);
    QPalette background = palette();
    if (d)
        background.setColor(QPalette::Window, differenceBackground(palette(), d->kind));
    row.background->setPalette(background);
    QFont kindFont = row.kind->font();
    kindFont.setBold(d != nullptr);
    row.kind->setFont(kindFont);

    const qint64 userId = loaded ? m_comparison->user.id : 0;
    const qint64 clientId = loaded ? m_comparison->client.id : 0;
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
                                          QString::number(clientId))
                               : tr("%1 is already the same").arg(label));
    row.toUser->setToolTip(d ? tr("Copy the client's %1 (%2) to user #%3")
                                   .arg(label, comparedValueText(row.field, clientValue, spaces),
                                        QString::number(userId))
                             : tr("%1 is already the same").arg(label));

    row.mark->setText(mark ? tr("Clear Mark") : tr("Mark as Intended…"));
    row.mark->setAccessibleName(mark ? tr("Clear the intended mark on %1").arg(label)
                                     : tr("Mark the %1 difference as intended").arg(label));
    row.mark->setEnabled(m_marksKept && (mark || d));
    row.mark->setToolTip(!m_marksKept ? tr("This database has no Accord tables to keep marks in.")
                         : mark       ? tr("Show this difference in the Mismatches report again")
                         : d          ? tr("Record that this difference is meant, with a note")
                                      : tr("%1 is the same on both sides").arg(label));
    if (mark) {
        QString note = mark->note.isEmpty() ? tr("Marked as intended")
                                            : tr("Marked as intended: “%1”").arg(mark->note);
        note += tr(" — %1, %2").arg(mark->markedBy, localDate(mark->markedAt));
        row.note->setText(note);
    }
    row.note->setVisible(mark != nullptr);
}

} // namespace accord::ui
