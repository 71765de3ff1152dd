#include "csvtransfer.h"

#include "catalog/csvimport.h"
#include "db/whendone.h"
#include "errortext.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QLocale>
#include <QMessageBox>
#include <QProgressDialog>
#include <QStandardPaths>

namespace sp::views {

namespace {

sp::catalog::CsvKind toDataKind(CsvTransfer::Kind kind)
{
    switch (kind) {
    case CsvTransfer::Kind::Products:
        return sp::catalog::CsvKind::Products;
    case CsvTransfer::Kind::StockCounts:
        return sp::catalog::CsvKind::StockCounts;
    case CsvTransfer::Kind::Suppliers:
        return sp::catalog::CsvKind::Suppliers;
    case CsvTransfer::Kind::Locations:
        return sp::catalog::CsvKind::Locations;
    case CsvTransfer::Kind::Policies:
        break;
    }
    return sp::catalog::CsvKind::Policies;
}

QString kindName(CsvTransfer::Kind kind)
{
    switch (kind) {
    case CsvTransfer::Kind::Products:
        return CsvTransfer::tr("products");
    case CsvTransfer::Kind::StockCounts:
        return CsvTransfer::tr("stock counts");
    case CsvTransfer::Kind::Suppliers:
        return CsvTransfer::tr("suppliers");
    case CsvTransfer::Kind::Locations:
        return CsvTransfer::tr("locations");
    case CsvTransfer::Kind::Policies:
        break;
    }
    return CsvTransfer::tr("reorder policies");
}

// An import failure for people: a bad row with its line number, else the database's words.
QString importErrorText(const sp::db::DbError& error)
{
    return errorText(error, CsvTransfer::tr("Importing needs a manager."));
}

} // namespace

CsvTransfer::CsvTransfer(QWidget* parent, const QString& title)
    : QObject(parent)
    , m_parent(parent)
    , m_cancel(std::make_shared<sp::catalog::CsvCancel>())
{
    m_progress = new QProgressDialog(title, tr("Cancel"), 0, 0, parent);
    m_progress->setObjectName(QStringLiteral("csvProgress"));
    m_progress->setWindowTitle(title);
    m_progress->setWindowModality(Qt::WindowModal);
    m_progress->setMinimumDuration(300);
    m_progress->setAutoClose(false);
    m_progress->setAutoReset(false);
    connect(m_progress, &QProgressDialog::canceled, this, &CsvTransfer::cancel);
}

void CsvTransfer::report(qint64 done, qint64 total)
{
    if (!m_progress)
        return;
    if (total > 0) {
        // Scale to per-mille so files beyond 2 GB still fit an int progress bar.
        m_progress->setMaximum(1000);
        m_progress->setValue(int(qBound<qint64>(0, done * 1000 / total, qint64(1000))));
    } else {
        m_progress->setMaximum(0);
        m_progress->setLabelText(tr("%1 rows written…").arg(QLocale().toString(done)));
    }
}

void CsvTransfer::cancel()
{
    m_cancel->cancel();
}

void CsvTransfer::done(bool ok, const QString& message, bool quiet)
{
    if (m_progress) {
        m_progress->reset();
        m_progress->hide();
        m_progress->deleteLater();
        m_progress = nullptr;
    }
    emit finished(ok, message);
    if (!quiet && m_parent && !(m_cancel->isCancelled() && !ok)) {
        // open(), not exec(): no nested event loop while the rest of the program goes on.
        auto* box = new QMessageBox(ok ? QMessageBox::Information : QMessageBox::Warning,
                                    tr("StockPilot"), message, QMessageBox::Ok, m_parent);
        box->setObjectName(QStringLiteral("csvResult"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    }
    deleteLater();
}

bool CsvTransfer::detectKind(const QString& path, Kind* kind, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot open %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    QString header = QString::fromUtf8(file.readLine(4096)).trimmed();
    if (header.startsWith(QChar(0xFEFF)))
        header.remove(0, 1);
    const QStringList columns = header.toLower().remove(QLatin1Char('"')).split(QLatin1Char(','));
    const auto startsWith = [&columns](std::initializer_list<const char*> names) {
        qsizetype i = 0;
        for (const char* n : names)
            if (columns.value(i++).trimmed() != QLatin1String(n))
                return false;
        return true;
    };
    if (startsWith({"sku", "location", "min"})) {
        *kind = Kind::Policies;
        return true;
    }
    if (startsWith({"sku", "location"})) {
        *kind = Kind::StockCounts;
        return true;
    }
    if (startsWith({"sku", "name"})) {
        *kind = Kind::Products;
        return true;
    }
    if (startsWith({"name", "lead_time_days"})) {
        *kind = Kind::Suppliers;
        return true;
    }
    if (startsWith({"code", "name"})) {
        *kind = Kind::Locations;
        return true;
    }
    *error = tr("Line 1: this is not a file StockPilot imports. Its first line names the "
                "columns: products (sku,name,category,…), stock counts (sku,location,on_hand), "
                "suppliers (name,lead_time_days,…), locations (code,name,kind,…) or reorder "
                "policies (sku,location,min,max).");
    return false;
}

CsvTransfer* CsvTransfer::startImport(sp::db::Database* database, QWidget* parent,
                                      std::optional<Kind> expected)
{
    const QString path = QFileDialog::getOpenFileName(
        parent, tr("Import CSV"),
        QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation),
        tr("CSV files (*.csv);;All files (*)"));
    return path.isEmpty() ? nullptr : importFile(database, path, parent, expected);
}

CsvTransfer* CsvTransfer::startExport(sp::db::Database* database, Kind kind, QWidget* parent)
{
    const QString suggested =
        QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) + QLatin1Char('/') +
        (kind == Kind::StockCounts ? QStringLiteral("stock-counts")
                                   : sp::catalog::csvKindName(toDataKind(kind))) +
        QStringLiteral(".csv");
    const QString path =
        QFileDialog::getSaveFileName(parent, tr("Export %1").arg(kindName(kind)), suggested,
                                     tr("CSV files (*.csv);;All files (*)"));
    return path.isEmpty() ? nullptr : exportFile(database, kind, path, parent);
}

CsvTransfer* CsvTransfer::importFile(sp::db::Database* database, const QString& path,
                                     QWidget* parent, std::optional<Kind> expected)
{
    Kind kind = Kind::Products;
    QString error;
    auto* transfer = new CsvTransfer(parent, tr("Importing %1").arg(QFileInfo(path).fileName()));
    const bool known = detectKind(path, &kind, &error);
    if (known && expected && kind != *expected)
        error = tr("%1 is a file of %2, not of %3; nothing was imported. Its first line names "
                   "the columns, for %3: %4.")
                    .arg(QFileInfo(path).fileName(), kindName(kind), kindName(*expected),
                         sp::catalog::csvColumns(toDataKind(*expected)).join(QLatin1Char(',')));
    if (!known || (expected && kind != *expected)) {
        QMetaObject::invokeMethod(
            transfer, [transfer, error] { transfer->done(false, error, false); },
            Qt::QueuedConnection);
        return transfer;
    }
    transfer->m_progress->setLabelText(
        tr("Importing %1 from %2…").arg(kindName(kind), QFileInfo(path).fileName()));
    QPointer<CsvTransfer> self(transfer);
    auto progress = [self](qint64 done, qint64 total) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, done, total] {
                if (self)
                    self->report(done, total);
            },
            Qt::QueuedConnection);
    };
    sp::db::whenDone(
        transfer,
        sp::catalog::importCsv(*database, toDataKind(kind), path, transfer->m_cancel, progress),
        [transfer, kind](const sp::catalog::CsvImportOutcome& outcome) {
            if (outcome.rejected) {
                transfer->done(false, importErrorText(*outcome.rejected), false);
                return;
            }
            transfer->done(true,
                           tr("Imported %1 rows of %2; %3 changed.")
                               .arg(QLocale().toString(outcome.summary.rows), kindName(kind),
                                    QLocale().toString(outcome.summary.changed)),
                           false);
        },
        [transfer](const sp::db::DbError& e) {
            transfer->done(false,
                           transfer->m_cancel->isCancelled()
                               ? tr("Import cancelled; nothing was changed.")
                               : errorText(e, tr("Importing needs a manager.")),
                           false);
        });
    return transfer;
}

CsvTransfer* CsvTransfer::exportFile(sp::db::Database* database, Kind kind, const QString& path,
                                     QWidget* parent)
{
    auto* transfer = new CsvTransfer(parent, tr("Exporting %1").arg(kindName(kind)));
    transfer->m_progress->setLabelText(tr("Exporting %1…").arg(kindName(kind)));
    QPointer<CsvTransfer> self(transfer);
    auto progress = [self](qint64 rows) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, rows] {
                if (self)
                    self->report(rows, 0);
            },
            Qt::QueuedConnection);
    };
    sp::db::whenDone(
        transfer,
        sp::catalog::exportCsv(*database, toDataKind(kind), path, transfer->m_cancel, progress),
        [transfer, path, kind](qint64 rows) {
            if (transfer->m_cancel->isCancelled()) {
                transfer->done(false, tr("Export cancelled."), false);
                return;
            }
            transfer->done(
                true,
                tr("Exported %1 rows of %2 to %3.")
                    .arg(QLocale().toString(rows), kindName(kind), QDir::toNativeSeparators(path)),
                false);
        },
        [transfer](const sp::db::DbError& e) {
            transfer->done(
                false, transfer->m_cancel->isCancelled() ? tr("Export cancelled.") : errorText(e),
                false);
        });
    return transfer;
}

} // namespace sp::views
