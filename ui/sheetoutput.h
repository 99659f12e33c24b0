#pragma once

#include <QObject>
#include <QString>

#include <memory>

class QPrinter;
class QWidget;

namespace accord::ui {

class RecordSession;

// A window's verification sheet, to a PDF file or a printer: asks where, reads the sheet
// through the window's session (what is stored now), writes it and reports the outcome.
class SheetOutput : public QObject
{
    Q_OBJECT
public:
    SheetOutput(RecordSession* session, QWidget* window);
    ~SheetOutput() override;

    // The sheet of a user and one client account, or all of them (clientId 0).
    void saveAs(qint64 userId, qint64 clientId); // asks for the file
    bool saveTo(const QString& pdfPath, qint64 userId, qint64 clientId);
    void print(qint64 userId, qint64 clientId); // asks for the printer

signals:
    void reported(const QString& text, bool problem);

private:
    RecordSession* m_session;
    QWidget* m_window;
    std::unique_ptr<QPrinter> m_printer;
};

} // namespace accord::ui
