#include "sheetoutput.h"

#include "recordsession.h"
#include "verificationsheet.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QPrintDialog>
#include <QPrinter>
#include <QStandardPaths>

namespace accord::ui {

SheetOutput::SheetOutput(RecordSession* session, QWidget* window)
    : QObject(window), m_session(session), m_window(window)
{
}

SheetOutput::~SheetOutput() = default;

void SheetOutput::saveAs(qint64 userId, qint64 clientId)
{
    const QString folder = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    const QString name =
        clientId ? QStringLiteral("verification-user%1-client%2.pdf").arg(userId).arg(clientId)
                 : QStringLiteral("verification-user%1.pdf").arg(userId);
    QString path =
        QFileDialog::getSaveFileName(m_window, tr("Save Verification Sheet"),
                                     QDir(folder).filePath(name), tr("PDF files (*.pdf)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".pdf");
    saveTo(path, userId, clientId);
}

bool SheetOutput::saveTo(const QString& pdfPath, qint64 userId, qint64 clientId)
{
    bool saved = false;
    m_session->load(
        [userId, clientId](const DatabasePtr& db) {
            return VerificationService(db).load(userId, clientId);
        },
        [&](const Result<VerificationSheet>& sheet) {
            if (!sheet) {
                emit reported(sheet.error().message, true);
                return;
            }
            if (auto r = writeVerificationSheet(pdfPath, *sheet); !r) {
                emit reported(r.error().message, true);
                return;
            }
            saved = true;
            emit reported(
                tr("Verification sheet saved to %1.").arg(QDir::toNativeSeparators(pdfPath)),
                false);
        });
    return saved;
}

void SheetOutput::print(qint64 userId, qint64 clientId)
{
    if (!m_printer) {
        m_printer = std::make_unique<QPrinter>(QPrinter::HighResolution);
        m_printer->setPageSize(QPageSize(QPageSize::A4));
    }
    m_printer->setDocName(
        clientId ? tr("Verification sheet — user %1, client %2").arg(userId).arg(clientId)
                 : tr("Verification sheet — user %1").arg(userId));
    auto* dialog = new QPrintDialog(m_printer.get(), m_window);
    dialog->setObjectName(QStringLiteral("printDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, userId, clientId] {
        m_session->load(
            [userId, clientId](const DatabasePtr& db) {
                return VerificationService(db).load(userId, clientId);
            },
            [this](const Result<VerificationSheet>& sheet) {
                if (!sheet)
                    emit reported(sheet.error().message, true);
                else if (auto r = paintVerificationSheet(*m_printer, *sheet); !r)
                    emit reported(r.error().message, true);
                else
                    emit reported(tr("The verification sheet was sent to the printer."), false);
            });
    });
    dialog->open();
}

} // namespace accord::ui
