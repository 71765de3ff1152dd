#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

#include <memory>
#include <optional>

class QProgressDialog;
class QWidget;

namespace sp::catalog {
class CsvCancel;
}
namespace sp::db {
class Database;
}

namespace sp::views {

// File > Import / Export of the products, stock-count and master data (suppliers, locations,
// reorder policies) CSV files: the work runs on a pool
// thread, a progress dialog shows how far it is, and Cancel stops it (the import then changes
// nothing). Errors name the line of the file.
class CsvTransfer final : public QObject
{
    Q_OBJECT

public:
    enum class Kind { Products, StockCounts, Suppliers, Locations, Policies };

    // Ask for a file and import it; the kind is taken from the file's header line. With
    // expected (a page's Import… for its own kind), a file of another kind is refused unread.
    // nullptr when no file was chosen.
    static CsvTransfer* startImport(sp::db::Database* database, QWidget* parent,
                                    std::optional<Kind> expected = std::nullopt);
    // Ask for a file name and export into it (nullptr when none was chosen).
    static CsvTransfer* startExport(sp::db::Database* database, Kind kind, QWidget* parent);

    // The same without the file dialogs (and for tests). Returns the running transfer, which
    // deletes itself when done.
    static CsvTransfer* importFile(sp::db::Database* database, const QString& path, QWidget* parent,
                                   std::optional<Kind> expected = std::nullopt);
    static CsvTransfer* exportFile(sp::db::Database* database, Kind kind, const QString& path,
                                   QWidget* parent);

    // The kind of a CSV file from its header, or an error for people in *error.
    static bool detectKind(const QString& path, Kind* kind, QString* error);

    QProgressDialog* progressDialog() const { return m_progress; }

signals:
    // ok false: message says why (or "Cancelled.").
    void finished(bool ok, const QString& message);

private:
    CsvTransfer(QWidget* parent, const QString& title);
    void report(qint64 done, qint64 total);
    void cancel();
    void done(bool ok, const QString& message, bool quiet);

    QPointer<QWidget> m_parent;
    QProgressDialog* m_progress = nullptr;
    std::shared_ptr<sp::catalog::CsvCancel> m_cancel;
};

} // namespace sp::views
