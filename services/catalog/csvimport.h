#pragma once

#include "db/pgconnection.h"

#include <QCoreApplication>
#include <QFuture>
#include <QMutex>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <optional>

class QIODevice;

namespace sp::db {
class Database;
}

namespace sp::catalog {

// Sales: counter sales, which lower on_hand and are demand; SalesHistory: a store's past sales,
// demand only (needs the manager role).
// Suppliers, Locations and Policies (reorder policies) are master data.
enum class CsvKind { Products, StockCounts, Sales, SalesHistory, Suppliers, Locations, Policies };

// A file that cannot be imported is a DbError: ImportRowRejected for bad rows or a bad header
// (DETAIL is the 1-based physical line, or for sales every bad line as JSON), ImportFailed when
// the file itself cannot be read or written. Nothing was applied.
bool isImportError(const sp::db::DbError& error);
// The first line an import error names, 0 for none.
qint64 importErrorLine(const sp::db::DbError& error);

struct ImportProblem
{
    qint64 line = 0;
    QString message;
};
// Every bad line an import error names (sales and master data list them all, up to 100).
QList<ImportProblem> importProblems(const sp::db::DbError& error);

struct ImportSummary
{
    qint64 rows = 0;    // data rows in the file
    qint64 changed = 0; // products inserted or changed; stock levels whose on_hand changed;
                        // for sales, the units recorded
};

// The columns of each kind, in export order. Products: sku, name, category, attributes (a JSON
// object), price, cost, supplier, pack_size, lead_time_days, gtin; attributes, supplier,
// pack_size, lead_time_days and gtin may be left out (existing products keep theirs), and an
// empty gtin means none (a GTIN is 8, 12, 13 or 14 digits, one product's). Stock counts: sku,
// location, on_hand. Sales: sku, location, day (YYYY-MM-DD), units. Suppliers: name,
// lead_time_days, email and minimum_order (both may be empty or left out). Locations: code,
// name, kind (warehouse, store, online), latitude, longitude. Policies: sku, location, min,
// max. Sales and master data list every bad line.
QStringList csvColumns(CsvKind kind);
QString csvKindName(CsvKind kind);

class CsvImporter final
{
    Q_DECLARE_TR_FUNCTIONS(sp::catalog::CsvImporter)

public:
    // Reads the file, checks the columns and the types, streams it with COPY into a staging
    // table, validates it in SQL and applies it in one transaction (ledger rows and one summary
    // event). A bad row -> ImportRowRejected naming its line; nothing is applied.
    // progress(bytesDone, bytesTotal) returning false cancels, and so does Connection::cancel()
    // from another thread: both throw DbError with SQLSTATE 57014 and apply nothing. Needs the
    // manager role.
    static ImportSummary importFile(sp::db::Connection& c, CsvKind kind, const QString& path,
                                    const std::function<bool(qint64, qint64)>& progress = {});
};

class CsvExporter final
{
    Q_DECLARE_TR_FUNCTIONS(sp::catalog::CsvExporter)

public:
    // Writes the kind's columns with a header line, as the importer reads them. The file is
    // replaced only when the export completes. progress(rows) returning false cancels (DbError
    // 57014). Returns the number of data rows.
    static qint64 exportFile(sp::db::Connection& c, CsvKind kind, const QString& path,
                             const std::function<bool(qint64 rows)>& progress = {});
    // The same into an open device (standard output, a buffer).
    static qint64 exportTo(sp::db::Connection& c, CsvKind kind, QIODevice* out,
                           const std::function<bool(qint64 rows)>& progress = {});
};

// Stops an import or export started with importCsv() or exportCsv(), from any thread: the next
// progress report ends the work, and a statement the server is running for it is cancelled.
// The work then fails with DbError 57014; an import applies nothing.
class CsvCancel final
{
public:
    void cancel();
    bool isCancelled() const { return m_cancelled; }

    // The connection the work runs on while it runs (nullptr when done), for cancel().
    void attach(sp::db::Connection* connection);

private:
    std::atomic<bool> m_cancelled{false};
    QMutex m_mutex;
    sp::db::Connection* m_connection = nullptr;
};

// How an import ended: its summary, or the file's first bad row (nothing was applied then).
// A database failure or a cancel fails the future with DbError instead.
struct CsvImportOutcome
{
    ImportSummary summary;
    std::optional<sp::db::DbError> rejected;
};

// CsvImporter::importFile and CsvExporter::exportFile on a worker of the pool. progress is
// called from the worker; cancel may be null.
QFuture<CsvImportOutcome>
importCsv(sp::db::Database& db, CsvKind kind, const QString& path,
          std::shared_ptr<CsvCancel> cancel,
          std::function<void(qint64 bytesDone, qint64 bytesTotal)> progress);
QFuture<qint64> exportCsv(sp::db::Database& db, CsvKind kind, const QString& path,
                          std::shared_ptr<CsvCancel> cancel,
                          std::function<void(qint64 rows)> progress);

} // namespace sp::catalog
